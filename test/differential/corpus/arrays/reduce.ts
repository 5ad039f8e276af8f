// reduce and reduceRight with and without initial values, index arguments, type-changing accumulators, and the empty-array TypeError.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [1, 2, 3, 4, 5];
    log.info(`sum: ${xs.reduce((a, b) => a + b)} ${xs.reduce((a, b) => a + b, 10)} ${xs.reduceRight((a, b) => a + b)} ${xs.reduceRight((a, b) => a - b)} ${xs.reduce((a, b) => a - b)}`);
    log.info(`trace: ${xs.reduce((acc, v, i) => `${acc}[${i}:${v}]`, "")} ${xs.reduceRight((acc, v, i) => `${acc}[${i}:${v}]`, "")}`);
    log.info(`no init trace: ${["a", "b", "c"].reduce((acc, v, i) => `${acc}${i}${v}`)} ${["a", "b", "c"].reduceRight((acc, v, i) => `${acc}${i}${v}`)}`);
    const one = [42];
    log.info(`single: ${one.reduce((a, b) => a * b)} ${one.reduceRight((a, b) => a * b)} ${one.reduce((a, b) => a + b, 1)}`);
    const empty: number[] = [];
    log.info(`empty with init: ${empty.reduce((a, b) => a + b, 7)} ${empty.reduceRight((a, b) => a + b, 8)}`);
    for (const right of [false, true]) {
      try {
        log.info(`${right ? empty.reduceRight((a, b) => a + b) : empty.reduce((a, b) => a + b)}`);
      } catch (e) {
        if (e instanceof TypeError) log.info(`${right ? "reduceRight" : "reduce"}: ${e.name}: ${e.message}`);
      }
    }
    const counts = ["a", "b", "a", "c", "b", "a"].reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
    log.info(`counts: ${[...counts].map(([k, v]) => `${k}=${v}`).join(" ")}`);
    const flat = [[1, 2], [3], [], [4, [5, 6].length]].reduce((acc: number[], part) => acc.concat(part), []);
    log.info(`flat: ${flat.join(",")}`);
    const maxIdx = [3, 9, 2, 9, 1].reduce((best, v, i, arr) => (v > arr[best]! ? i : best), 0);
    log.info(`argmax: ${maxIdx}`);
    const nanSum = [1, NaN, 2].reduce((a, b) => a + b, 0);
    const floatSum = [0.1, 0.2, 0.3].reduce((a, b) => a + b);
    const floatSumR = [0.1, 0.2, 0.3].reduceRight((a, b) => a + b);
    log.info(`floats: ${nanSum} ${floatSum} ${floatSumR} ${floatSum === floatSumR}`);
    const objs = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const total = objs.reduce((acc, o) => ({ n: acc.n + o.n }));
    log.info(`objects: ${total.n} ${JSON.stringify(objs.reduce((acc, o) => acc + o.n, 0))}`);
    const mutated = [1, 2, 3];
    const seen: number[] = [];
    mutated.reduce((acc, v) => {
      seen.push(v);
      if (mutated.length < 6) mutated.push(v * 10);
      return acc + v;
    }, 0);
    log.info(`mutating: seen=${seen.join(",")} now=${mutated.join(",")}`);
    const shrinking = [1, 2, 3, 4, 5];
    const visited: number[] = [];
    const r = shrinking.reduce((acc, v) => {
      visited.push(v);
      shrinking.pop();
      return acc + v;
    }, 0);
    log.info(`shrinking: ${r} visited=${visited.join(",")} left=${shrinking.join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
