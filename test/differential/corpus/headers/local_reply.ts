// Local replies carrying non-ASCII and lone-surrogate text in headers, body and details; header names in mixed case; repeated names.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const kind = envoy.getRequestHeaderValue("x-kind") ?? "";
    const echo = envoy.getRequestHeaderValue("x-echo") ?? "";
    log.info(`kind=${kind} echo=${echo} (${echo.length})`);
    if (kind === "unicode") {
      envoy.sendResponse(403, [["X-Reason", "zugriff verweigert: ü"], ["x-emoji", "😀"], ["x-echo", echo], ["X-Reason", "zweite"]], `verboten — ${echo} ✓\n`, "forbidden_ü");
      return RequestHeadersStatus.StopIteration;
    }
    if (kind === "lone") {
      envoy.sendResponse(400, [["x-lone", "a\ud800b"], ["x-low", "\udc00"]], "body \ud83d end", "bad\udfff");
      return RequestHeadersStatus.StopIteration;
    }
    if (kind === "empty") {
      envoy.sendResponse(204, [], "", "");
      return RequestHeadersStatus.StopIteration;
    }
    envoy.sendResponse(200, [["content-type", "text/plain; charset=utf-8"]], echo.repeat(3));
    return RequestHeadersStatus.StopIteration;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-kind","unicode"],["x-echo","caf\u00e9 \u65e5\u672c"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-kind","lone"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-kind","empty"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-kind","plain"],["x-echo",{"hex":"41ff42"}]],"endOfStream":true},{"hook":"stream_complete"}]}]}
