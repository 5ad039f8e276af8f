// Every bytes body method on each of the four bodies: get, chunks, append, prepend, replace (and what each leaves), inside and outside the body hooks.
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, ResponseBodyStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

function show(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function lengths(chunks: Uint8Array[]): string {
  return chunks.map((c) => c.length).join("+");
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const b = new TextEncoder().encode("h");
    log.info(`headers: ${envoy.getReceivedRequestBody().length} ${envoy.getBufferedRequestBody().length} ${lengths(envoy.getReceivedRequestBodyChunks())}|${lengths(envoy.getBufferedRequestBodyChunks())} ${envoy.appendReceivedRequestBody(b)} ${envoy.prependReceivedRequestBody(b)} ${envoy.replaceReceivedRequestBody(b)} ${envoy.replaceBufferedRequestBody(b)} ${envoy.prependBufferedRequestBody(b)}`);
    return RequestHeadersStatus.StopIteration;
  }

  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    const e = new TextEncoder();
    if (!end) {
      log.info(`append buffered=${envoy.appendBufferedRequestBody(e.encode("[B]"))} now=${show(envoy.getBufferedRequestBody())} chunks=${lengths(envoy.getBufferedRequestBodyChunks())}`);
      return RequestBodyStatus.StopIterationAndBuffer;
    }
    log.info(`prepend buffered=${envoy.prependBufferedRequestBody(e.encode("<"))} replace received=${envoy.replaceReceivedRequestBody(e.encode("R"))} append received=${envoy.appendReceivedRequestBody(e.encode("!"))}`);
    log.info(`request now: ${show(envoy.getBufferedRequestBody())}|${show(envoy.getReceivedRequestBody())} chunks ${lengths(envoy.getBufferedRequestBodyChunks())}|${lengths(envoy.getReceivedRequestBodyChunks())}`);
    return RequestBodyStatus.Continue;
  }

  onResponseBody(envoy: EnvoyHttpFilter, end: boolean): ResponseBodyStatus {
    const e = new TextEncoder();
    if (!end) {
      log.info(`response chunk ${show(envoy.getReceivedResponseBody())} chunks=${lengths(envoy.getReceivedResponseBodyChunks())} prepend=${envoy.prependReceivedResponseBody(e.encode(">"))}`);
      return ResponseBodyStatus.StopIterationAndBuffer;
    }
    log.info(`append buffered=${envoy.appendBufferedResponseBody(e.encode("+"))} replace buffered=${envoy.replaceBufferedResponseBody(e.encode("all:"))} append received=${envoy.appendReceivedResponseBody(e.encode("."))}`);
    log.info(`response now: ${show(envoy.getBufferedResponseBody())}|${show(envoy.getReceivedResponseBody())} chunks ${lengths(envoy.getBufferedResponseBodyChunks())}|${lengths(envoy.getReceivedResponseBodyChunks())}`);
    return ResponseBodyStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","POST"]],"endOfStream":false},{"hook":"request_body","data":"one","endOfStream":false},{"hook":"request_body","data":"two","endOfStream":false},{"hook":"request_body","data":"end","endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"r1","endOfStream":false},{"hook":"response_body","data":"r2","endOfStream":true},{"hook":"stream_complete"}]}]}
