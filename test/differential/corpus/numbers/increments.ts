// ++/-- in prefix and postfix position on locals, fields and array elements; every compound assignment.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Counter {
  n = 0;
  hits: number[] = [0, 0, 0];
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    let i = 5;
    const a = i++;
    const b = ++i;
    const c = i--;
    const d = --i;
    log.info(`i=${i} a=${a} b=${b} c=${c} d=${d} expr=${i++ + ++i} i=${i} ${i-- - --i} i=${i}`);
    const ctr = new Counter();
    const r1 = ctr.n++;
    const r2 = ++ctr.n;
    ctr.hits[1]!++;
    ++ctr.hits[2]!;
    ctr.hits[2]! += 10;
    log.info(`n=${ctr.n} r1=${r1} r2=${r2} hits=${ctr.hits.join(",")}`);
    const xs = [1, 2, 3];
    let k = 0;
    xs[k++] = xs[k]! * 10;
    log.info(`xs=${xs.join(",")} k=${k}`);
    let f = 0.5;
    f++;
    f++;
    let big = 2 ** 53;
    big++;
    let neg = -0.5;
    neg++;
    log.info(`f=${f} big=${big} neg=${neg}`);
    let v = 10;
    const trace: string[] = [];
    v += 5; trace.push(String(v));
    v -= 20; trace.push(String(v));
    v *= -3; trace.push(String(v));
    v /= 4; trace.push(String(v));
    v %= 5; trace.push(String(v));
    v **= 2; trace.push(String(v));
    v <<= 3; trace.push(String(v));
    v >>= 1; trace.push(String(v));
    v = -v; trace.push(String(v));
    v >>>= 28; trace.push(String(v));
    v &= 6; trace.push(String(v));
    v |= 9; trace.push(String(v));
    v ^= 255; trace.push(String(v));
    log.info(trace.join(" "));
    let s = "a";
    s += 1;
    s += true;
    s += "z";
    log.info(s);
    let x = 1;
    x += x++ + ++x;
    log.info(`x=${x}`);
    let y = 2;
    y *= y += 3;
    log.info(`y=${y}`);
    const pickName = (i: number): string | undefined => (i > 0 ? "n" + i : undefined);
    const pickCount = (i: number): number | null => (i > 0 ? i - 1 : null);
    let flag: boolean = i > 100;
    let name = pickName(0);
    let count = pickCount(0);
    flag = flag || true;
    name = name ?? "def";
    name = name && name + "!";
    count = count ?? 7;
    count = count || 99;
    log.info(`${flag} ${name} ${count}`);
    let name2 = pickName(2);
    let count2 = pickCount(1);
    name2 = name2 ?? "def";
    count2 = count2 ?? 7;
    count2 = count2 || 99;
    log.info(`${name2} ${count2}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
