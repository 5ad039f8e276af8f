// Relational operators on numbers (NaN, ±0, ±Infinity) and on strings (UTF-16 code units), mixed in conditions.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const vals = [NaN, -Infinity, -1, -0, 0, 5e-324, 1, Infinity];
    for (const a of vals) {
      const row: string[] = [];
      for (const b of vals) row.push(`${a < b ? "<" : ""}${a <= b ? "l" : ""}${a > b ? ">" : ""}${a >= b ? "g" : ""}${a === b ? "=" : ""}${a !== b ? "!" : ""}`);
      log.info(`${a}: ${row.join(" ")}`);
    }
    const strs = ["", "a", "A", "ab", "b", "Z", "é", "e\u0301", "\u00ff", "\u0100", "\ud83d\ude00", "\uffff", "\ud800", "10", "9", "a\u0000"];
    for (const a of strs) {
      const row: string[] = [];
      for (const b of strs) row.push(a < b ? "<" : a > b ? ">" : a === b ? "=" : "?");
      log.info(`${JSON.stringify(a)}: ${row.join("")}`);
    }
    const sorted = [...strs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    log.info(`sorted: ${JSON.stringify(sorted)}`);
    let max = -Infinity;
    let min = Infinity;
    for (const v of [3, NaN, -2, 7]) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    log.info(`scan: ${max} ${min} ${Math.max(3, NaN, -2)} ${!(NaN > 0) && !(NaN <= 0)}`);
    const clamp = (x: number): number => (x < 0 ? 0 : x > 10 ? 10 : x);
    log.info(`clamp: ${[NaN, -5, 5, 15, -0, Infinity].map(clamp).join(" ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
