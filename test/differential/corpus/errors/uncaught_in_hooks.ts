// Uncaught errors in each hook fail the stream closed; other streams of the same vector keep working.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

function parseLimit(text: string | undefined): number {
  const n = Number(text ?? "");
  if (text === undefined) throw new TypeError("missing x-limit");
  if (!Number.isInteger(n)) throw new RangeError(`bad limit ${JSON.stringify(text)}`);
  return n;
}

class Failing implements HttpFilter {
  private step = "new";
  private limit = 0;

  onRequestHeaders(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestHeadersStatus {
    this.step = envoy.getRequestHeaderValue("x-step") ?? "none";
    log.info(`request step=${this.step} eos=${endOfStream}`);
    if (this.step === "request") this.limit = parseLimit(envoy.getRequestHeaderValue("x-limit"));
    envoy.setRequestHeader("x-seen-step", this.step);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    log.info(`response step=${this.step} limit=${this.limit}`);
    if (this.step === "response") {
      const xs: number[] = [];
      xs.reduce((a, b) => a + b);
    }
    envoy.setResponseHeader("x-limit", String(this.limit));
    return ResponseHeadersStatus.Continue;
  }

  onStreamComplete(_envoy: EnvoyHttpFilter): void {
    log.info(`complete step=${this.step}`);
    if (this.step === "complete") throw new Error(`failing at completion with limit ${this.limit}`);
  }
}

registerHttpFilter("test", () => new Failing());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-step","request"],["x-limit","12"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-step","request"],["x-limit","1.5"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","500"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-step","request"]],"endOfStream":false},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-step","response"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-step","complete"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","204"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
