// A body filter that only returns statuses (and reads sizes) copies no body out of Envoy: no read_body line in the transcript (test/differential/bodies-copy.test.ts).
import { log, registerHttpFilter, RequestBodyStatus, ResponseBodyStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    log.info(`sizes ${envoy.getReceivedRequestBodySize()} ${envoy.getBufferedRequestBodySize()}`);
    return end ? RequestBodyStatus.Continue : RequestBodyStatus.StopIterationAndBuffer;
  }

  onResponseBody(_envoy: EnvoyHttpFilter, _end: boolean): ResponseBodyStatus {
    return ResponseBodyStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","POST"]],"endOfStream":false},{"hook":"request_body","data":"abc","endOfStream":false},{"hook":"request_body","data":"def","endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"xyz","endOfStream":true},{"hook":"stream_complete"}]}]}
