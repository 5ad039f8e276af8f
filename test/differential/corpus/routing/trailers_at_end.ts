// Trailers written at the end of a message that has none (the last body event): the ABI has no
// callback that adds a trailer map, so set/add/remove return false and change nothing. The e2e
// test/e2e/trailers-at-end.test.ts runs this program in Envoy 1.40, which does the same.
import { log, registerHttpFilter, RequestBodyStatus, ResponseBodyStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class TrailersAtEnd implements HttpFilter {
  private request = "none";

  onRequestBody(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestBodyStatus {
    if (endOfStream) {
      this.request = `set=${String(envoy.setRequestTrailer("x-added", "1"))} add=${String(envoy.addRequestTrailer("x-added", "2"))} remove=${String(envoy.removeRequestTrailer("x-added"))} n=${envoy.getRequestTrailers().length}`;
      log.info(`request end: ${this.request}`);
    }
    return RequestBodyStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, endOfStream: boolean): ResponseHeadersStatus {
    envoy.setResponseHeader("x-request-trailers", this.request);
    // Hold the headers so the body's end can still report on them.
    return endOfStream ? ResponseHeadersStatus.Continue : ResponseHeadersStatus.StopIteration;
  }

  onResponseBody(envoy: EnvoyHttpFilter, endOfStream: boolean): ResponseBodyStatus {
    if (!endOfStream) return ResponseBodyStatus.StopIterationAndBuffer;
    const response = `set=${String(envoy.setResponseTrailer("x-added", "1"))} add=${String(envoy.addResponseTrailer("x-added", "2"))} remove=${String(envoy.removeResponseTrailer("x-added"))} n=${envoy.getResponseTrailers().length}`;
    log.info(`response end: ${response}`);
    envoy.setResponseHeader("x-response-trailers", response);
    return ResponseBodyStatus.Continue;
  }
}

registerHttpFilter("trailers_at_end", () => new TrailersAtEnd());
// vector: {"filter":"trailers_at_end","logLevel":0,"streams":[{"events":[{"hook":"request_headers","headers":[[":method","POST"]],"endOfStream":false},{"hook":"request_body","data":"ab","endOfStream":false},{"hook":"request_body","data":"cd","endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"ef","endOfStream":false},{"hook":"response_body","data":"gh","endOfStream":true},{"hook":"stream_complete"}]}]}
