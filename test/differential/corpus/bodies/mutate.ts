// Drain, append, prepend and replace on received and buffered bodies; calls outside the body hooks answering empty and false; RangeError from drain; failures in body hooks (500, reset).
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, ResponseBodyStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private op = "";

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    this.op = envoy.getRequestHeaderValue("x-op") ?? "";
    log.info(`headers: ${[envoy.getReceivedRequestBodyText(), envoy.getReceivedRequestBodySize(), envoy.appendReceivedRequestBodyText("x"), envoy.drainReceivedRequestBody(1), envoy.prependReceivedRequestBodyText("p"), envoy.replaceReceivedRequestBodyText("r"), envoy.drainBufferedRequestBody(1), envoy.getBufferedRequestBodySize()].join(",")}`);
    return RequestHeadersStatus.Continue;
  }

  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    if (this.op === "throw") throw new TypeError("body ✗");
    if (this.op === "range") {
      for (const bad of [-1, 0.5, NaN, Infinity]) {
        try {
          envoy.drainReceivedRequestBody(bad);
        } catch (error) {
          log.info(`${error instanceof RangeError} ${error instanceof Error ? error.message : ""}`);
        }
      }
      log.info(`huge: ${envoy.drainReceivedRequestBody(1e300)} ${envoy.getReceivedRequestBodySize()}`);
      return RequestBodyStatus.Continue;
    }
    log.info(`prepend=${envoy.prependReceivedRequestBodyText("«")} append=${envoy.appendReceivedRequestBodyText("» é")}`);
    if (!end) return RequestBodyStatus.StopIterationAndBuffer;
    log.info(`drain=${envoy.drainBufferedRequestBody(2)} buffered=${envoy.getBufferedRequestBodyText()}`);
    log.info(`replace=${envoy.replaceBufferedRequestBodyText("ßuffered\ud800")} append=${envoy.appendBufferedRequestBodyText("+")} now=${envoy.getBufferedRequestBodyText()} (${envoy.getBufferedRequestBodySize()})`);
    log.info(`drain received=${envoy.drainReceivedRequestBody(3)} received=${envoy.getReceivedRequestBodyText()}`);
    return RequestBodyStatus.Continue;
  }

  onResponseBody(envoy: EnvoyHttpFilter, end: boolean): ResponseBodyStatus {
    if (this.op === "throw-response") throw new Error("response body ✗");
    // No buffered response body yet: appending creates it, as Envoy's addEncodedData does.
    log.info(`response: drain=${envoy.drainBufferedResponseBody(1)} append=${envoy.appendBufferedResponseBodyText("[")} buffered=${envoy.getBufferedResponseBodyText()}`);
    envoy.replaceReceivedResponseBodyText(envoy.getReceivedResponseBodyText().toUpperCase());
    return end ? ResponseBodyStatus.Continue : ResponseBodyStatus.StopIterationNoBuffer;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-op","mutate"]],"endOfStream":false},{"hook":"request_body","data":"one","endOfStream":false},{"hook":"request_body","data":"two","endOfStream":false},{"hook":"request_body","data":"three","endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"abc","endOfStream":false},{"hook":"response_body","data":"def","endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-op","range"]],"endOfStream":false},{"hook":"request_body","data":"abc","endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-op","throw"]],"endOfStream":false},{"hook":"request_body","data":"abc","endOfStream":true},{"hook":"response_headers","headers":[[":status","500"]],"endOfStream":false},{"hook":"response_body","data":"x","endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-op","throw-response"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"x","endOfStream":true},{"hook":"stream_complete"}]}]}
