// Optional properties: absent vs undefined, defaults with ?? and ||, spread overriding, nested optionals.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Limits {
  rps?: number;
  burst?: number;
}

interface Settings {
  name: string;
  retries?: number;
  verbose?: boolean;
  limits?: Limits;
  tags?: string[];
}

function effective(s: Settings): string {
  const retries = s.retries ?? 3;
  const verbose = s.verbose === true;
  const rps = s.limits?.rps ?? -1;
  const burst = s.limits?.burst ?? rps * 2;
  const tags = s.tags?.join("|") ?? "(none)";
  return `${s.name}: retries=${retries} verbose=${verbose} rps=${rps} burst=${burst} tags=${tags} firstTag=${s.tags?.[0] ?? "-"}`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const all: Settings[] = [
      { name: "bare" },
      { name: "zeroes", retries: 0, verbose: false, limits: {}, tags: [] },
      { name: "full", retries: 5, verbose: true, limits: { rps: 10, burst: 0 }, tags: ["a", "b"] },
      { name: "undef", limits: { rps: undefined } },
    ];
    for (const s of all) {
      log.info(effective(s));
      log.info(`  json=${JSON.stringify(s)} keys=${Object.keys(s).join(",")}`);
    }
    const base: Settings = { name: "base", retries: 1, tags: ["x"] };
    const over: Settings = { ...base, retries: undefined, verbose: true };
    log.info(`${JSON.stringify(over)} ${over.retries ?? "dflt"}`);
    const merged: Settings = { ...base, ...{ name: "merged" } };
    log.info(JSON.stringify(merged));
    base.tags?.push("y");
    log.info(`shared tags: ${merged.tags?.join()} ${over.tags?.join()}`);
    const s = all[0]!;
    s.retries = 7;
    s.limits = { burst: 4 };
    log.info(effective(s));
    s.retries = undefined;
    log.info(`${JSON.stringify(s)} ${s.retries === undefined}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
