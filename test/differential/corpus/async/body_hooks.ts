// Async body hooks: a chunk's hook awaits (a sleep, a callout). Chunks and trailers that arrive
// while it waits are held (Envoy buffers the chunks, the hook is not called for them); once it
// settles the hook runs once more for them (no received chunk: their bytes are in the buffered
// body, end_of_stream if the last one ended the stream), then the trailers hook; the last call's
// status decides, and Continue sends the buffered body on. A throw after a wait fails the stream
// closed; a stream destroyed while its body hook waits runs nothing more.
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestBodyStatus, RequestTrailersStatus, ResponseBodyStatus, sleep } from "tsc2envoy";

class Bodies implements HttpFilter {
  calls = 0;

  async onRequestBody(envoy: EnvoyHttpFilter, endOfStream: boolean): Promise<RequestBodyStatus> {
    const n = ++this.calls;
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    log.info(`body ${n} eos=${endOfStream} received=${envoy.getReceivedRequestBodyText()} buffered=${envoy.getBufferedRequestBodyText()}`);
    if (mode === "callout") {
      const check = await envoy.httpCallout("auth", { method: "POST", path: "/scan", body: envoy.getReceivedRequestBodyText() });
      log.info(`body ${n} scanned ${check.status} ${check.body}`);
      if (check.status !== 200) {
        envoy.sendResponse(403, [], "rejected body\n");
        return RequestBodyStatus.StopIterationNoBuffer;
      }
      return RequestBodyStatus.Continue;
    }
    await sleep(5);
    log.info(`body ${n} woke`);
    if (mode === "throw" && n === 2) throw new Error(`bad chunk ${n}`);
    if (!endOfStream) return RequestBodyStatus.StopIterationAndBuffer;
    envoy.appendBufferedRequestBodyText("!");
    return RequestBodyStatus.Continue;
  }

  onRequestTrailers(envoy: EnvoyHttpFilter): RequestTrailersStatus {
    log.info(`trailers after ${this.calls} body calls, buffered=${envoy.getBufferedRequestBodyText()}`);
    return RequestTrailersStatus.Continue;
  }

  async onResponseBody(envoy: EnvoyHttpFilter, endOfStream: boolean): Promise<ResponseBodyStatus> {
    if (!endOfStream) return ResponseBodyStatus.StopIterationAndBuffer;
    await sleep(2);
    envoy.appendBufferedResponseBodyText(` (${envoy.getBufferedResponseBodySize()} bytes)`);
    return ResponseBodyStatus.Continue;
  }
}

registerHttpFilter("test", () => new Bodies());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","sleep"]],"endOfStream":false},{"hook":"request_body","data":"a","endOfStream":false},{"hook":"request_body","data":"b","endOfStream":false},{"hook":"request_body","data":"c","endOfStream":true},{"hook":"wait","ms":40},{"hook":"wait","ms":40},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"ok","endOfStream":false},{"hook":"response_body","data":"!","endOfStream":true},{"hook":"wait","ms":30},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","sleep"]],"endOfStream":false},{"hook":"request_body","data":"one","endOfStream":true},{"hook":"wait","ms":30},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","callout"]],"endOfStream":false},{"hook":"request_body","data":"hello","endOfStream":false},{"hook":"request_trailers","trailers":[["x-sum","1"]]},{"hook":"callout_done","id":1,"result":0,"headers":[[":status","200"]],"body":"clean"},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","callout"]],"endOfStream":false},{"hook":"request_body","data":"virus","endOfStream":false},{"hook":"request_body","data":"more","endOfStream":true},{"hook":"callout_done","id":2,"result":0,"headers":[[":status","451"]],"body":"infected"},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","throw"]],"endOfStream":false},{"hook":"request_body","data":"a","endOfStream":false},{"hook":"request_body","data":"b","endOfStream":true},{"hook":"wait","ms":40},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","sleep"]],"endOfStream":false},{"hook":"request_body","data":"gone","endOfStream":false},{"hook":"request_body","data":"too","endOfStream":true}]},{"events":[{"hook":"request_headers","headers":[["x-mode","callout"]],"endOfStream":false},{"hook":"request_body","data":"x","endOfStream":false},{"hook":"request_trailers","trailers":[["x-sum","2"]]}]}]}
