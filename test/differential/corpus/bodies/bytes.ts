// Bodies as bytes: received and buffered views (one chunk, several chunks), the chunk lists, scanning, subarray; append/prepend/replace with bytes (a view of the body itself included); views kept past their hook call or a body change read as detached (length 0, undefined, TypeError).
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, ResponseBodyStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

function hex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i]! < 16 ? "0" : "") + bytes[i]!.toString(16);
  return out;
}

function describe(what: string, view: Uint8Array): string {
  let shown = `${what}: length=${view.length} [0]=${view[0]}`;
  try {
    shown += ` slice=${hex(view.slice(0, 2))}`;
  } catch (error) {
    shown += ` slice threw ${error instanceof TypeError} ${error instanceof Error ? error.message : ""}`;
  }
  try {
    shown += ` sub=${view.subarray(1).length}`;
  } catch (error) {
    shown += ` subarray threw ${error instanceof TypeError}`;
  }
  return `${shown} text=${new TextDecoder().decode(view)}`;
}

class T implements HttpFilter {
  private kept: Uint8Array = new Uint8Array(0);
  private keptSub: Uint8Array = new Uint8Array(0);
  private copy: Uint8Array = new Uint8Array(0);
  private keptChunks: Uint8Array[] = [];
  private op = "";

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    this.op = envoy.getRequestHeaderValue("x-op") ?? "";
    log.info(describe("no body yet", envoy.getReceivedRequestBody()));
    return RequestHeadersStatus.Continue;
  }

  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    log.info(describe("kept from the last call", this.kept));
    log.info(describe("kept subarray", this.keptSub));
    log.info(`copy kept: ${hex(this.copy)}`);
    log.info(`chunks kept: ${this.keptChunks.map((c) => c.length).join(",")}`);
    const chunks = envoy.getBufferedRequestBodyChunks();
    let shown = "";
    for (const chunk of chunks) shown += `[${hex(chunk)}]`;
    log.info(`buffered chunks: ${chunks.length} ${shown} received chunks: ${envoy.getReceivedRequestBodyChunks().length}`);
    this.keptChunks = chunks;
    const received = envoy.getReceivedRequestBody();
    const buffered = envoy.getBufferedRequestBody();
    let zeros = 0;
    for (let i = 0; i < received.length; i++) if (received[i] === 0x7a) zeros++;
    log.info(`received=${hex(received)} buffered=${hex(buffered)} z=${zeros} indexOf=${received.indexOf(0x62)} size=${envoy.getReceivedRequestBodySize()}`);
    this.kept = received;
    this.keptSub = received.subarray(1, 3);
    this.copy = received.slice();
    if (this.op === "self" && end) {
      // The body's own view as the new bytes: copied before the body changes.
      log.info(`append self=${envoy.appendReceivedRequestBody(received)} now=${envoy.getReceivedRequestBodyText()}`);
      log.info(describe("after append", received));
      const again = envoy.getReceivedRequestBody();
      log.info(`prepend=${envoy.prependReceivedRequestBody(again.subarray(0, 2))} now=${envoy.getReceivedRequestBodyText()}`);
      try {
        envoy.appendReceivedRequestBody(again);
      } catch (error) {
        log.info(`append detached threw ${error instanceof TypeError} ${error instanceof Error ? error.message : ""}`);
      }
      log.info(`replace=${envoy.replaceBufferedRequestBody(new TextEncoder().encode("B\u00e9"))} buffered=${hex(envoy.getBufferedRequestBody())}`);
      log.info(`drain=${envoy.drainReceivedRequestBody(1)} now=${hex(envoy.getReceivedRequestBody())}`);
    }
    return end ? RequestBodyStatus.Continue : RequestBodyStatus.StopIterationAndBuffer;
  }

  onResponseBody(envoy: EnvoyHttpFilter, end: boolean): ResponseBodyStatus {
    log.info(describe("request view in the response", this.kept));
    const body = envoy.getReceivedResponseBody();
    log.info(`response=${hex(body)} buffered=${envoy.getBufferedResponseBody().length} request=${envoy.getBufferedRequestBody().length}`);
    if (end) log.info(`replace=${envoy.replaceReceivedResponseBody(new Uint8Array([0x6f, 0x6b]))} prepend=${envoy.prependBufferedResponseBody(new Uint8Array([1]))}`);
    return ResponseBodyStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","POST"]],"endOfStream":false},{"hook":"request_body","data":"abz","endOfStream":false},{"hook":"request_body","data":{"hex":"7a00ff62"},"endOfStream":false},{"hook":"request_body","data":"zzcd","endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"hé","endOfStream":false},{"hook":"response_body","data":"x","endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","POST"],["x-op","self"]],"endOfStream":false},{"hook":"request_body","data":"ab","endOfStream":false},{"hook":"request_body","data":"xyz","endOfStream":true},{"hook":"stream_complete"}]}]}
