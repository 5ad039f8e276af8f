// for...in over objects: own keys in property order (integer-like keys first), optional properties once set, class fields but not methods, keys taken when the loop starts.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Limits {
  rps: number;
  burst?: number;
  note?: string;
}

interface Shape {
  kind: string;
  area(): number;
}

class Square implements Shape {
  kind = "square";
  constructor(readonly side: number) {}
  area(): number {
    return this.side * this.side;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const limits: Limits = { rps: 10 };
    const seen: string[] = [];
    for (const key in limits) seen.push(key);
    limits.note = undefined;
    limits.burst = 5;
    for (const key in limits) seen.push(key);
    log.info(`keys: ${seen.join(",")}`);
    const codes = { z: 1, 503: "x", 200: "y", a: 2 };
    let order = "";
    for (const k in codes) order += `${k};`;
    log.info(`order: ${order}`);
    const square = new Square(3);
    for (const k in square) log.info(`class key ${k}`);
    const shapes: Shape[] = [square, { kind: "blob", area: () => 1 }];
    for (const s of shapes) {
      const ks: string[] = [];
      for (const k in s) ks.push(k);
      log.info(`${s.kind}: ${ks.join(",")}`);
    }
    let k = "";
    const grow: Limits = { rps: 1 };
    let visits = 0;
    for (k in grow) {
      visits++;
      grow.burst = 2;
    }
    log.info(`assigned target: ${k} visits=${visits} now ${Object.keys(grow).join(",")}`);
    outer: for (const a in codes) {
      for (const b in limits) {
        if (b === "burst") continue outer;
        if (a === "a") break outer;
        log.info(`${a}/${b}`);
      }
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
