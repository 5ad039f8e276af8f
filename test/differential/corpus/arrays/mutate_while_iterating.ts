// Mutating an array while forEach/for-of/filter/some iterate it: appended elements, removals, writes ahead.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const a = [1, 2, 3];
    const seenA: string[] = [];
    a.forEach((x, i) => {
      seenA.push(`${i}:${x}`);
      if (a.length < 6) a.push(x * 10);
    });
    log.info(`forEach+push ${seenA.join(" ")} final=${a.join(",")}`);
    const b = [1, 2, 3, 4, 5];
    const seenB: string[] = [];
    b.forEach((x, i) => {
      seenB.push(`${i}:${x}`);
      if (i === 1) b.pop();
      if (i === 2) b[3] = 99;
    });
    log.info(`forEach+pop ${seenB.join(" ")} final=${b.join(",")}`);
    const c = [1, 2, 3];
    const seenC: number[] = [];
    for (const x of c) {
      seenC.push(x);
      if (c.length < 6) c.push(x + 100);
    }
    log.info(`for-of+push ${seenC.join(",")}`);
    const d = [1, 2, 3, 4, 5, 6];
    const seenD: number[] = [];
    for (const x of d) {
      seenD.push(x);
      if (x === 2) d.shift();
    }
    log.info(`for-of+shift ${seenD.join(",")} final=${d.join(",")}`);
    const e = [5, 6, 7];
    const kept = e.filter((x, i) => {
      if (i === 0) e[2] = 70;
      return x > 5;
    });
    log.info(`filter+write ${kept.join(",")}`);
    const f = [1, 2, 3];
    const any = f.some((x) => {
      f.push(x);
      return x > 2;
    });
    log.info(`some+push ${any} ${f.join(",")}`);
    const g = [3, 2, 1];
    const sum = g.reduce((acc, x) => {
      if (g.length < 5) g.push(100);
      return acc + x;
    }, 0);
    log.info(`reduce+push ${sum} ${g.join(",")}`);
    const h = [1, 2, 3, 4];
    for (let i = 0; i < h.length; i++) {
      if (h[i]! % 2 === 0) h.splice(i--, 1);
    }
    log.info(`index loop removal ${h.join(",")}`);
    const k = ["x", "y"];
    k.forEach((v, i, arr) => {
      arr[i] = v + v;
    });
    log.info(`in-place ${k.join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
