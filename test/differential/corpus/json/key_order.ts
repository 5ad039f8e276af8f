// Property order: object literals keep literal order; class instances follow field/constructor order.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Rec {
  a: number;
  b: string;
  c?: boolean;
  d?: number[];
}

class Ordered {
  z = 1;
  m: string;
  a?: number;
  constructor(public first: string, m: string) {
    this.m = m;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const r1: Rec = { b: "x", a: 1 };
    const r2: Rec = { d: [1], c: true, b: "y", a: 2 };
    const r3: Rec = { a: 3, b: "z", c: true };
    for (const r of [r1, r2, r3]) log.info(`${JSON.stringify(r)} keys=${Object.keys(r).join(",")}`);
    r1.c = false;
    r1.d = [];
    log.info(`${JSON.stringify(r1)} ${Object.keys(r1).join(",")}`);
    r2.c = false;
    log.info(`${JSON.stringify(r2)} ${Object.keys(r2).join(",")}`);
    const o = new Ordered("f", "mm");
    log.info(JSON.stringify(o));
    o.a = 5;
    log.info(`${JSON.stringify(o)} ${Object.keys(o).join(",")}`);
    const spread = { ...r2, a: 100, extra: "e" };
    log.info(`${JSON.stringify(spread)} ${Object.keys(spread).join(",")}`);
    const spread2 = { extra: "first", ...r1 };
    log.info(JSON.stringify(spread2));
    const nested = { outer: { y: 2, x: 1 }, list: [{ q: 1, p: 2 }], when: "now" };
    log.info(JSON.stringify(nested));
    log.info(Object.keys(nested.outer).join("") + Object.keys(nested.list[0]!).join(""));
    const counts = Object.keys({ one: 1, two: 2, three: 3 }).map((k) => k.length);
    log.info(counts.join(","));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
