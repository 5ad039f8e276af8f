// Object.assign into a Record: arguments evaluated first, sources copied in order (integer-like keys first, later writes win), undefined sources skipped, the target returned, a frozen target throws V8's TypeError.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function noted(order: string[], note: string, entries: Record<string, number | string>): Record<string, number | string> {
  order.push(note);
  return entries;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const order: string[] = [];
    const target: Record<string, number | string> = { b: 1, 7: "seven" };
    const extra: Record<string, number> | undefined = Math.random() > 2 ? { z: 0 } : undefined;
    const same: Record<string, number | string> = Object.assign(target, noted(order, "first", { a: 2, 3: 3 }), extra, noted(order, `second ${Object.keys(target).length}`, { b: "bee", c: 4 }));
    log.info(`assign: ${JSON.stringify(target)} ${same === target} ${order.join(",")}`);
    const counts: Record<string, number> = {};
    for (const part of ["x", "yy"]) Object.assign(counts, { [part]: part.length });
    Object.assign(counts);
    log.info(`loop: ${JSON.stringify(counts)} ${Object.keys(Object.assign(counts, { 10: 10 })).join(",")}`);
    const frozen: Record<string, number> = { k: 1 };
    Object.freeze(frozen);
    Object.assign(frozen, {});
    try {
      Object.assign(frozen, { n: 2 });
    } catch (e) {
      log.info(`frozen new: ${e instanceof Error ? e.message : "?"}`);
    }
    try {
      Object.assign(frozen, { k: 2 });
    } catch (e) {
      log.info(`frozen existing: ${e instanceof Error ? e.message : "?"}`);
    }
    log.info(`after: ${JSON.stringify(frozen)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
