// A local reply in parts: headers, two data chunks (text and bytes), trailers; a reply with headers only; bad statuses and headers throw as sendResponse does.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "parts";
    if (mode === "bad") {
      for (const status of [199, 600, 200.5, NaN]) {
        try {
          envoy.sendResponseHeaders(status, [], false);
        } catch (error) {
          log.info(`${status}: ${error instanceof RangeError} ${error instanceof Error ? error.message : ""}`);
        }
      }
      try {
        envoy.sendResponseHeaders(200, [["x-bad", "a\nb"]], false);
      } catch (error) {
        log.info(`header: ${error instanceof TypeError} ${error instanceof Error ? error.message : ""}`);
      }
      try {
        envoy.sendResponseTrailers([[":path", "/"]]);
      } catch (error) {
        log.info(`trailer: ${error instanceof TypeError} ${error instanceof Error ? error.message : ""}`);
      }
      return RequestHeadersStatus.Continue;
    }
    if (mode === "empty") {
      envoy.sendResponseHeaders(204, [["x-empty", "yes"]], true);
      return RequestHeadersStatus.StopIteration;
    }
    envoy.sendResponseHeaders(200, [["content-type", "text/plain"], ["x-streamed", "ü"]], false);
    envoy.sendResponseDataText("first chunk é\n", false);
    envoy.sendResponseData(new TextEncoder().encode("second chunk\n"), false);
    envoy.sendResponseTrailers([["x-checksum", "42"], ["grpc-status", "0"]]);
    return RequestHeadersStatus.StopIteration;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],[":path","/"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],["x-mode","empty"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],["x-mode","bad"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
