// tsc2envoy/testing (test/testing/harness.test.ts): bodies and trailers driven from a unit test.
// POST: the request body is buffered, upper-cased as bytes and sent on with its new length; the
// request trailers get x-body-size; response chunks are prefixed (the first) and counted; the
// response trailers get x-chunks. /stream answers in parts.
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, RequestTrailersStatus, ResponseBodyStatus, ResponseTrailersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class BodyRewrite implements HttpFilter {
  private size = 0;
  private chunks = 0;

  onRequestHeaders(envoy: EnvoyHttpFilter, end: boolean): RequestHeadersStatus {
    if (envoy.getRequestHeaderValue(":path") === "/stream") {
      envoy.sendResponseHeaders(200, [["content-type", "text/plain"]], false);
      envoy.sendResponseDataText("part 1;", false);
      envoy.sendResponseData(new TextEncoder().encode("part 2"), false);
      envoy.sendResponseTrailers([["x-done", "yes"]]);
      return RequestHeadersStatus.StopIteration;
    }
    return end ? RequestHeadersStatus.Continue : RequestHeadersStatus.StopIteration;
  }

  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    if (!end) return RequestBodyStatus.StopIterationAndBuffer;
    return this.rewrite(envoy, true) ? RequestBodyStatus.Continue : RequestBodyStatus.StopIterationNoBuffer;
  }

  onRequestTrailers(envoy: EnvoyHttpFilter): RequestTrailersStatus {
    // With trailers, the body never ends in onRequestBody: the whole of it is buffered now.
    if (!this.rewrite(envoy, false)) return RequestTrailersStatus.StopIteration;
    envoy.setRequestTrailer("x-body-size", String(this.size));
    return RequestTrailersStatus.Continue;
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
