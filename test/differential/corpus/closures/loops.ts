// Loop variables captured by closures: fresh let per for iteration (even when mutated), const in for-of, shared outer let.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function callAll(fns: (() => string)[]): string {
  return fns.map((f) => f()).join(",");
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const a: (() => string)[] = [];
    for (let i = 0; i < 4; i++) a.push(() => `i${i}`);
    log.info(callAll(a));
    const b: (() => string)[] = [];
    for (let i = 0; i < 6; i++) {
      b.push(() => `j${i}`);
      i++;
    }
    log.info(callAll(b));
    const c: (() => string)[] = [];
    for (let i = 0; i < 3; i++) {
      c.push(() => `k${i}`);
      if (i === 1) c.push(() => `late${i * 100}`);
    }
    log.info(callAll(c));
    const d: (() => string)[] = [];
    let shared = 0;
    while (shared < 3) {
      d.push(() => `s${shared}`);
      shared++;
    }
    log.info(callAll(d));
    const e: (() => string)[] = [];
    for (const w of ["x", "y", "z"]) e.push(() => w + w);
    log.info(callAll(e));
    const f: (() => string)[] = [];
    for (const [k, v] of new Map([["p", 1], ["q", 2]])) f.push(() => `${k}=${v}`);
    log.info(callAll(f));
    const g: (() => string)[] = [];
    for (let i = 0; i < 3; i++) {
      let local = i * 10;
      g.push(() => `${local++}`);
    }
    log.info(`${callAll(g)} ${callAll(g)}`);
    const h: (() => number)[] = [];
    for (let i = 0, j = 10; i < 3; i++, j--) h.push(() => i * j);
    log.info(h.map((fn) => fn()).join(","));
    const incrementers: (() => number)[] = [];
    for (let i = 0; i < 3; i++) incrementers.push(() => ++i);
    log.info(`${incrementers.map((fn) => fn()).join(",")} ${incrementers.map((fn) => fn()).join(",")}`);
    const byLabel = new Map<string, () => string>();
    for (const label of ["one", "two"]) {
      const upper = label + "!";
      byLabel.set(label, () => upper);
    }
    log.info(`${byLabel.get("one")?.()} ${byLabel.get("two")?.()} ${byLabel.get("three")?.()}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
