// map/filter/reduce/reduceRight/forEach with index and array arguments, initial values and chaining.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6];
    log.info(xs.map((x, i, arr) => `${x}@${i}/${arr.length}`).join(" "));
    log.info(xs.filter((x, i) => x > 2 && i % 2 === 0).join(","));
    log.info(`${xs.reduce((a, b) => a + b)} ${xs.reduce((a, b) => a + b, 100)} ${xs.reduce((acc, x, i) => acc + x * i, 0)}`);
    log.info(`${xs.reduce((acc, x) => acc + String(x), "")} ${xs.reduceRight((acc, x) => acc + String(x), "")}`);
    log.info(`${xs.reduce((a, b) => (a > b ? a : b))} ${xs.reduceRight((a, b) => a - b)} ${xs.reduce((a, b) => a - b)}`);
    const trace: string[] = [];
    xs.reduceRight((acc, x, i) => {
      trace.push(`${i}:${acc}`);
      return acc + x;
    }, 0);
    log.info(trace.join(" "));
    const counts = xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<number, number>());
    log.info([...counts].map(([k, v]) => `${k}x${v}`).join(" "));
    const seen: string[] = [];
    xs.forEach((x, i) => {
      if (i < 3) seen.push(`${i}=${x}`);
    });
    log.info(seen.join(","));
    const chained = xs.map((x) => x * 2).filter((x) => x % 3 !== 0).map((x) => -x).reduce((a, b) => a + b, 0);
    log.info(`chained=${chained}`);
    const pairs = xs.map((x, i) => [i, x] as [number, number]).filter(([i]) => i > 4);
    log.info(JSON.stringify(pairs));
    const objs = xs.map((x) => ({ v: x, sq: x * x }));
    log.info(JSON.stringify(objs.filter((o) => o.sq > 20)));
    const lengths = ["a", "bb", "", "ccc"].map((s) => s.length);
    log.info(`${lengths.join()} ${lengths.slice(4).map((x: number) => x * 2).length} ${[7].reduce((a: number, b: number) => a * b)}`);
    const flat = [[1, 2], [3], [], [4, 5, 6]].reduce((acc: number[], arr) => acc.concat(arr), []);
    log.info(`flat=${flat.join("")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
