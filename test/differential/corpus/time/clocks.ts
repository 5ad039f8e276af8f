// Date.now() and performance.now(): their values differ between runs, so their properties are compared
// (integer milliseconds near now; monotonic, non-negative, fractional milliseconds). Dates: dates.ts, date_parse.ts.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const wall = Date.now();
    log.info(`Date.now integer=${Number.isInteger(wall)} after 2024=${wall > 1704067200000} before 2100=${wall < 4102444800000} ${typeof wall}`);
    let previous = performance.now();
    let monotonic = previous >= 0;
    for (let i = 0; i < 1000; i++) {
      const now = performance.now();
      if (now < previous) monotonic = false;
      previous = now;
    }
    const again = Date.now();
    log.info(`performance.now monotonic=${monotonic} wall clock forward=${again >= wall} close=${again - wall < 60000}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
