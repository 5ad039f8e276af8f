// Golden case: bodies as bytes (a zero-copy view scanned in place, a replacement), a reply in parts, a watermark hook.
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class BodyBytes implements HttpFilter {
  private slow = 0;

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    if (envoy.getRequestHeaderValue(":path") !== "/hello") return RequestHeadersStatus.Continue;
    envoy.sendResponseHeaders(200, [["content-type", "text/plain"]], false);
    envoy.sendResponseDataText("hello ", false);
    envoy.sendResponseData(new TextEncoder().encode("world"), false);
    envoy.sendResponseTrailers([["x-done", "1"]]);
    return RequestHeadersStatus.StopIteration;
  }

  onRequestBody(envoy: EnvoyHttpFilter, _end: boolean): RequestBodyStatus {
    const chunk = envoy.getReceivedRequestBody();
    let nul = 0;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0) nul++;
    if (nul > 0) envoy.replaceReceivedRequestBody(chunk.slice(0, chunk.indexOf(0)));
    return RequestBodyStatus.Continue;
  }

  onDownstreamAboveWriteBufferHighWatermark(_envoy: EnvoyHttpFilter): void {
    this.slow++;
    log.info(`slow client #${this.slow}`);
  }
}

registerHttpFilter("body_bytes", () => new BodyBytes());
