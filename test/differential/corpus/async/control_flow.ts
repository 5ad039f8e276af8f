// Async hooks (docs/async.md): awaits in sequence, inside if/else and for/while loops, with locals
// and parameters that live across them; the stream waits (StopIteration) and continues when the
// hook settles with Continue. The response hook awaits too (continue_encoding).
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, sleep } from "tsc2envoy";

class Steps implements HttpFilter {
  count = 0;

  async onRequestHeaders(envoy: EnvoyHttpFilter, endOfStream: boolean): Promise<RequestHeadersStatus> {
    const name = envoy.getRequestHeaderValue("x-name") ?? "none";
    const rounds = Number(envoy.getRequestHeaderValue("x-rounds") ?? "3");
    log.info(`start ${name} ${endOfStream}`);
    await sleep(5);
    let total = 0;
    for (let i = 0; i < rounds; i++) {
      const label = `step ${i}`;
      if (i % 2 === 0) {
        await sleep(1);
        log.info(`${label} even ${name}`);
      } else {
        log.info(`${label} odd`);
      }
      total += i;
      this.count++;
    }
    let left = 2;
    while (left > 0) {
      const before = left;
      await sleep(2);
      left--;
      log.info(`while ${before} -> ${left}`);
    }
    envoy.setRequestHeader("x-total", String(total));
    if (name === "stop") {
      envoy.sendResponse(403, [["x-why", "name"]], "stopped after waiting");
      return RequestHeadersStatus.StopIteration;
    }
    return RequestHeadersStatus.Continue;
  }

  async onResponseHeaders(envoy: EnvoyHttpFilter): Promise<ResponseHeadersStatus> {
    const seen = this.count;
    await sleep(3);
    envoy.setResponseHeader("x-count", String(seen));
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Steps());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],["x-name","ann"]],"endOfStream":false},{"hook":"wait","ms":150},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"wait","ms":60},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-name","stop"],["x-rounds","1"]],"endOfStream":true},{"hook":"wait","ms":120},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-rounds","0"]],"endOfStream":true},{"hook":"wait","ms":5},{"hook":"wait","ms":120},{"hook":"stream_complete"}]}]}
