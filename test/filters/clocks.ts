// Logs the clocks' readings (test/native/clocks.test.ts compares them with the test's own clock).
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type HttpFilter } from "tsc2envoy";

class Clocks implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`clock date=${Date.now()} perf=${performance.now()}`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(): ResponseHeadersStatus {
    let spin = 0;
    for (let i = 0; i < 100000; i++) spin += i;
    log.info(`clock date=${Date.now()} perf=${performance.now()} spin=${spin > 0}`);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Clocks());
