// Named groups read by name: m.groups?.year, m.groups!.year, m.groups?.["year"], m?.groups?.x; undefined without named groups or for a group that did not take part.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function parseDate(s: string): string {
  const m = /^(?<year>\d{4})-(?<month>\d{2})(?:-(?<day>\d{2}))?$/.exec(s);
  if (!m) return `${s}: no match`;
  return `${s}: ${m.groups!.year}/${m.groups?.month}/${m.groups?.["day"] ?? "(none)"} day undefined=${m.groups?.day === undefined}`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    for (const s of ["2024-05-17", "2024-05", "24-05"]) log.info(parseDate(s));
    const auth = "Bearer abc.def";
    const bearer = /^(?<scheme>\w+) (?<token>.+)$/.exec(auth);
    log.info(`optional match: ${bearer?.groups?.scheme} ${bearer?.groups?.token?.length} ${/(?<x>z)/.exec("a")?.groups?.x}`);
    const unnamed = /(\d+)/.exec("n=42");
    log.info(`no named groups: ${unnamed?.groups?.id} ${unnamed?.[1]}`);
    try {
      if (unnamed) log.info(`${unnamed.groups!.id}`);
    } catch (e) {
      log.info(`asserted: ${e instanceof TypeError} ${String(e)}`);
    }
    log.info(`unknown name: ${bearer?.groups?.other}`);
    const global = "k1=v1".match(/(?<k>\w+)=(?<v>\w+)/g);
    log.info(`global match has no groups: ${global?.groups?.k}`);
    for (const m of "a=1;b=2".matchAll(/(?<key>\w)=(?<value>\d)/g)) log.info(`matchAll: ${m.groups?.key} -> ${m.groups?.value}`);
    const u = /(?<first>.)(?<rest>.*)/u.exec("😀ab");
    log.info(`unicode: ${u?.groups?.first} ${u?.groups?.rest}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
