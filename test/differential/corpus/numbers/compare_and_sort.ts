// Relational operators on numbers and strings, and sorting/min/max built by hand from them.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function cmp(a: number, b: number): string {
  return `${a < b ? "<" : ""}${a <= b ? "<=" : ""}${a > b ? ">" : ""}${a >= b ? ">=" : ""}${a === b ? "==" : ""}${a !== b ? "!=" : ""}`;
}

function scmp(a: string, b: string): string {
  return a < b ? "<" : a > b ? ">" : a === b ? "=" : "?";
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const pairs: [number, number][] = [[1, 2], [2, 1], [1, 1], [0, -0], [NaN, 1], [1, NaN], [NaN, NaN], [Infinity, 1e308], [-Infinity, -1e308], [0.1 + 0.2, 0.3], [2 ** 53, 2 ** 53 + 1], [-1, -2]];
    for (const [a, b] of pairs) log.info(`${a} ? ${b}: ${cmp(a, b)}`);
    const strs: [string, string][] = [["10", "9"], ["a", "B"], ["Z", "a"], ["", "a"], ["ab", "a"], ["é", "z"], ["\uffff", "\ud83d\ude00"], ["abc", "abd"], ["A", "A"], ["a\u0000", "a"]];
    log.info(strs.map(([a, b]) => `${JSON.stringify(a)}${scmp(a, b)}${JSON.stringify(b)}`).join(" "));
    const data = [5, -2, NaN, 9, 0, -0, 3.5];
    let lo = Infinity;
    let hi = -Infinity;
    for (const d of data) {
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    log.info(`lo=${lo} hi=${hi}`);
    const sorted = [...data].filter((d) => d === d);
    for (let i = 1; i < sorted.length; i++) {
      for (let j = i; j > 0 && sorted[j - 1]! > sorted[j]!; j--) {
        const t = sorted[j]!;
        sorted[j] = sorted[j - 1]!;
        sorted[j - 1] = t;
      }
    }
    log.info(sorted.map((v) => (v === 0 && 1 / v < 0 ? "-0" : String(v))).join(","));
    log.info(`${1 < 2 === true} ${3 > 2 && 2 > 1} ${!(1 > 2)} ${(1 < 2) === (2 < 3)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
