// Body text over several chunks: buffered and received text, sizes in bytes, a multi-byte character split across chunks, invalid UTF-8, the response side.
import { log, registerHttpFilter, RequestBodyStatus, ResponseBodyStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    const buffered = envoy.getBufferedRequestBodyText();
    const received = envoy.getReceivedRequestBodyText();
    log.info(`request end=${end} buffered=${buffered} (${envoy.getBufferedRequestBodySize()}) received=${received} (${envoy.getReceivedRequestBodySize()}, ${received.length} units)`);
    if (end) log.info(`whole=${buffered + received}`);
    return end ? RequestBodyStatus.Continue : RequestBodyStatus.StopIterationAndBuffer;
  }

  onResponseBody(envoy: EnvoyHttpFilter, end: boolean): ResponseBodyStatus {
    log.info(`response end=${end} buffered=${envoy.getBufferedResponseBodyText()} received=${envoy.getReceivedResponseBodyText()} request=${envoy.getBufferedRequestBodyText()}|${envoy.getReceivedRequestBodyText()}`);
    return end ? ResponseBodyStatus.Continue : ResponseBodyStatus.StopIterationAndWatermark;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","POST"]],"endOfStream":false},{"hook":"request_body","data":"caf","endOfStream":false},{"hook":"request_body","data":{"hex":"c3"},"endOfStream":false},{"hook":"request_body","data":{"hex":"a920f09f9880"},"endOfStream":false},{"hook":"request_body","data":{"hex":"41ff42c3"},"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"日本","endOfStream":false},{"hook":"response_body","data":"","endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","POST"]],"endOfStream":false},{"hook":"request_body","data":"","endOfStream":true},{"hook":"stream_complete"}]}]}
