// Every way a filter fails closed, on every hook.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class FailPaths implements HttpFilter {
  private mode: string;

  constructor() {
    this.mode = "";
  }

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    this.mode = envoy.getRequestHeaderValue("x-fail") ?? "";
    log.info(`mode=${this.mode}`);
    if (this.mode === "request") throw new Error("request path");
    if (this.mode === "type") throw new TypeError("typed");
    if (this.mode === "status") return 7 as RequestHeadersStatus;
    if (this.mode === "reply") {
      envoy.sendResponse(418, [["x-tea", "pot"]], "short and stout", "teapot");
      return RequestHeadersStatus.StopIteration;
    }
    if (this.mode === "bad-status") envoy.sendResponse(99);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    if (this.mode === "response") throw new RangeError("response path");
    envoy.setResponseHeader("x-mode", this.mode);
    return ResponseHeadersStatus.Continue;
  }

  onStreamComplete(_envoy: EnvoyHttpFilter): void {
    if (this.mode === "complete") throw new Error("at the end");
    log.debug("complete");
  }
}

registerHttpFilter("test", () => new FailPaths());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-fail","request"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","500"]],"endOfStream":false},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-fail","type"]],"endOfStream":true}]},{"events":[{"hook":"request_headers","headers":[["x-fail","status"]],"endOfStream":true}]},{"events":[{"hook":"request_headers","headers":[["x-fail","reply"]],"endOfStream":false},{"hook":"response_headers","headers":[[":status","418"]],"endOfStream":false}]},{"events":[{"hook":"request_headers","headers":[["x-fail","response"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-fail","complete"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-fail","bad-status"]],"endOfStream":true}]}]}
// vector: {"filter":"test","logLevel":0,"streams":[{"events":[{"hook":"request_headers","headers":[],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"nope","streams":[]}
