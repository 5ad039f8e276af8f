// tsc2envoy/testing (test/testing/harness.test.ts): bodies and trailers driven from a unit test.
// POST: the request body is buffered, upper-cased as bytes and sent on with its new length; the
// request trailers get x-body-size; response chunks are prefixed (the first) and counted; the
// response trailers get x-chunks; x-kept says what a body view kept from the previous call read
// (its length, then the new chunk's size). /stream answers in parts. x-op: scan counts the "a"
// bytes of each chunk as it passes (getReceivedRequestBodyChunks: no copy).
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, RequestTrailersStatus, ResponseBodyStatus, ResponseHeadersStatus, ResponseTrailersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class BodyRewrite implements HttpFilter {
  private size = 0;
  private chunks = 0;
  private view: Uint8Array = new Uint8Array(0);
  private kept: string[] = [];
  private scan = false;
  private found = 0;
  private mostChunks = 0;

  onRequestHeaders(envoy: EnvoyHttpFilter, end: boolean): RequestHeadersStatus {
    if (envoy.getRequestHeaderValue(":path") === "/stream") {
      envoy.sendResponseHeaders(200, [["content-type", "text/plain"]], false);
      envoy.sendResponseDataText("part 1;", false);
      envoy.sendResponseData(new TextEncoder().encode("part 2"), false);
      envoy.sendResponseTrailers([["x-done", "yes"]]);
      return RequestHeadersStatus.StopIteration;
    }
    this.scan = envoy.getRequestHeaderValue("x-op") === "scan";
    return end || this.scan ? RequestHeadersStatus.Continue : RequestHeadersStatus.StopIteration;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    // onResponseBody adds two bytes: the length is no longer the upstream's.
    envoy.removeResponseHeader("content-length");
    return ResponseHeadersStatus.Continue;
  }

  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    if (this.scan) return this.scanChunks(envoy, end);
    // A view kept from the last call reads as detached (length 0), never as freed memory.
    this.kept.push(`${this.view.length}/${envoy.getReceivedRequestBodySize()}`);
    this.view = envoy.getReceivedRequestBody();
    if (!end) return RequestBodyStatus.StopIterationAndBuffer;
    return this.rewrite(envoy, true) ? RequestBodyStatus.Continue : RequestBodyStatus.StopIterationNoBuffer;
  }

  onRequestTrailers(envoy: EnvoyHttpFilter): RequestTrailersStatus {
    // With trailers, the body never ends in onRequestBody: the whole of it is buffered now.
    if (!this.rewrite(envoy, false)) return RequestTrailersStatus.StopIteration;
    envoy.setRequestTrailer("x-body-size", String(this.size));
    return RequestTrailersStatus.Continue;
  }

  /** Counts the "a" bytes of each chunk as it passes, over Envoy's own memory (x-op: scan). */
  private scanChunks(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    const chunks = envoy.getReceivedRequestBodyChunks();
    for (const chunk of chunks) {
      this.size += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x61) this.found++;
    }
    if (chunks.length > this.mostChunks) this.mostChunks = chunks.length;
    if (end) log.info(`scanned ${this.size} bytes, ${this.found} a, at most ${this.mostChunks} chunks in one call`);
    return RequestBodyStatus.Continue;
  }

  /** Upper-cases the body (buffered, and the received chunk in the body hook); false after refusing it. */
  private rewrite(envoy: EnvoyHttpFilter, inBodyHook: boolean): boolean {
    const buffered = envoy.getBufferedRequestBody().slice();
    const received = inBodyHook ? envoy.getReceivedRequestBody() : new Uint8Array(0);
    const whole = new Uint8Array(buffered.length + received.length);
    whole.set(buffered, 0);
    whole.set(received, buffered.length);
    if (whole.indexOf(0) >= 0) {
      envoy.sendResponse(400, [], "no NUL bytes\n");
      return false;
    }
    for (let i = 0; i < whole.length; i++) if (whole[i]! >= 0x61 && whole[i]! <= 0x7a) whole[i] = whole[i]! - 32;
    if (inBodyHook) {
      envoy.drainBufferedRequestBody(envoy.getBufferedRequestBodySize());
      envoy.replaceReceivedRequestBody(whole);
    } else {
      envoy.replaceBufferedRequestBody(whole);
    }
    this.size = whole.length;
    envoy.setRequestHeader("content-length", String(whole.length));
    envoy.setRequestHeader("x-kept", this.kept.join(","));
    log.info(`request body: ${whole.length} bytes`);
    return true;
  }

  onResponseBody(envoy: EnvoyHttpFilter, _end: boolean): ResponseBodyStatus {
    if (this.chunks++ === 0) envoy.prependReceivedResponseBodyText("<<");
    return ResponseBodyStatus.Continue;
  }

  onResponseTrailers(envoy: EnvoyHttpFilter): ResponseTrailersStatus {
    envoy.addResponseTrailer("x-chunks", String(this.chunks));
    return ResponseTrailersStatus.Continue;
  }
}

registerHttpFilter("body_rewrite", () => new BodyRewrite());
