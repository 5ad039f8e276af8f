// sendResponse statuses: a local reply is a final response (200 to 599, integers); 204 and 304 only without a body. RangeError as Node's ERR_HTTP_INVALID_STATUS_CODE, caught and uncaught.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

function cases(): [number, string | undefined][] {
  return [
  [99, undefined], [100, undefined], [101, ""], [103, undefined], [199, "x"], [200, "ok"], [204, undefined], [204, ""], [204, "body"],
  [205, "x"], [304, undefined], [304, "not modified"], [404, "missing"], [599, undefined], [600, undefined], [200.5, undefined],
  [NaN, undefined], [Infinity, undefined], [-0, undefined], [-200, undefined], [1e21, undefined], [2 ** 32 + 200, undefined],
  ];
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const which = envoy.getRequestHeaderValue("x-case") ?? "all";
    if (which === "all") {
      for (const [status, body] of cases()) {
        try {
          envoy.sendResponse(status, [], body);
          log.info(`${status} ${body ?? "(none)"}: sent`);
        } catch (e) {
          if (e instanceof RangeError) log.info(`${status} ${body ?? "(none)"}: RangeError ${e.message}`);
        }
      }
      return RequestHeadersStatus.StopIteration;
    }
    const [status, body] = cases()[Number(which)] ?? [0, undefined];
    envoy.sendResponse(status, [["x-case", which]], body, "case");
    return RequestHeadersStatus.StopIteration;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-case","all"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-case","2"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","8"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","7"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","16"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
