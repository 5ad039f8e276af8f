// Drives every body method from request header x-op, for test/e2e/bodies.test.ts.
import { registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, ResponseBodyStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class BodySurface implements HttpFilter {
  private op = "";

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    this.op = envoy.getRequestHeaderValue("x-op") ?? "";
    // Outside onRequestBody there is no received body: the ABI answers empty and false.
    const phase = [envoy.getReceivedRequestBodyText() === "", envoy.getReceivedRequestBodySize(), envoy.appendReceivedRequestBodyText("x"), envoy.drainReceivedRequestBody(1), envoy.replaceReceivedRequestBodyText("y"), envoy.prependReceivedRequestBodyText("z")];
    envoy.setRequestHeader("x-headers-phase", phase.join(","));
    // The body's length changes below: the upstream gets it chunked.
    envoy.removeRequestHeader("content-length");
    return RequestHeadersStatus.Continue;
  }

  onRequestBody(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestBodyStatus {
    if (this.op === "" || this.op.endsWith("-response")) return RequestBodyStatus.Continue;
    if (!endOfStream) return RequestBodyStatus.StopIterationAndBuffer;
    const buffered = envoy.getBufferedRequestBodySize();
    const all = envoy.getBufferedRequestBodyText() + envoy.getReceivedRequestBodyText();
    if (this.op === "wrap") {
      const drained = envoy.drainBufferedRequestBody(buffered);
      const replaced = envoy.replaceReceivedRequestBodyText(all);
      envoy.prependReceivedRequestBodyText("«");
      envoy.appendReceivedRequestBodyText("»");
      envoy.appendReceivedRequestBodyText(`|${drained},${replaced},${envoy.getBufferedRequestBodySize()},${envoy.getReceivedRequestBodySize()}`);
    } else if (this.op === "drain") {
      if (buffered >= 3) envoy.drainBufferedRequestBody(3);
      else envoy.drainReceivedRequestBody(3);
    } else if (this.op === "bad-drain") {
      try {
        envoy.drainReceivedRequestBody(-1);
      } catch (error) {
        envoy.appendReceivedRequestBodyText(`|${error instanceof RangeError ? "RangeError" : "?"}: ${error instanceof Error ? error.message : ""}`);
      }
    } else if (this.op === "throw") {
      throw new Error("request body boom");
    }
    return RequestBodyStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    if (this.op.endsWith("-response")) envoy.removeResponseHeader("content-length");
    return ResponseHeadersStatus.Continue;
  }

  onResponseBody(envoy: EnvoyHttpFilter, endOfStream: boolean): ResponseBodyStatus {
    if (!this.op.endsWith("-response")) return ResponseBodyStatus.Continue;
    if (this.op === "throw-response") throw new Error("response body boom");
    if (!endOfStream) return ResponseBodyStatus.StopIterationAndBuffer;
    const all = envoy.getBufferedResponseBodyText() + envoy.getReceivedResponseBodyText();
    envoy.drainBufferedResponseBody(envoy.getBufferedResponseBodySize());
    envoy.replaceReceivedResponseBodyText(all.toUpperCase());
    // The request's received body is gone by now.
    envoy.appendReceivedResponseBodyText(`|${envoy.getReceivedRequestBodyText() === ""},${envoy.appendReceivedRequestBodyText("x")}`);
    return ResponseBodyStatus.Continue;
  }
}

registerHttpFilter("body_surface", () => new BodySurface());
