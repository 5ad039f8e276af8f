// A waiting hook holds only its own path (runtime-c/http_filter.c waiting_hook): while onRequestBody
// sleeps, a response that comes early (the upstream answers before the body is all sent) goes on
// through the module's idle response body and trailer hooks (0: Continue); while onResponseHeaders
// sleeps, the response's body and trailers are held (1) and the request path is not.
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestBodyStatus, ResponseHeadersStatus, sleep } from "tsc2envoy";

class PathsApart implements HttpFilter {
  async onRequestBody(envoy: EnvoyHttpFilter, endOfStream: boolean): Promise<RequestBodyStatus> {
    if (envoy.getRequestHeaderValue("x-mode") !== "body") return RequestBodyStatus.Continue;
    await sleep(5);
    log.info(`request body woke eos=${endOfStream}`);
    return RequestBodyStatus.Continue;
  }

  async onResponseHeaders(envoy: EnvoyHttpFilter): Promise<ResponseHeadersStatus> {
    if (envoy.getRequestHeaderValue("x-mode") !== "response") return ResponseHeadersStatus.Continue;
    await sleep(5);
    log.info("response headers woke");
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new PathsApart());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","body"]],"endOfStream":false},{"hook":"request_body","data":"a","endOfStream":false},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"early","endOfStream":false},{"hook":"response_trailers","trailers":[["x-t","1"]]},{"hook":"wait","ms":30},{"hook":"request_body","data":"b","endOfStream":true},{"hook":"wait","ms":30},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","response"]],"endOfStream":false},{"hook":"request_body","data":"a","endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"held","endOfStream":false},{"hook":"request_trailers","trailers":[["x-r","1"]]},{"hook":"response_trailers","trailers":[["x-t","1"]]},{"hook":"wait","ms":30},{"hook":"stream_complete"}]}]}
