// e2e (test/e2e/streaming-watermarks.test.ts): a local reply in parts on /stream (headers, a text
// chunk, a bytes chunk, trailers), and log lines from the watermark hooks on every other request.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class StreamingWatermarks implements HttpFilter {
  private above = 0;
  private below = 0;

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    if (envoy.getRequestHeaderValue(":path") !== "/stream") return RequestHeadersStatus.Continue;
    envoy.sendResponseHeaders(200, [["content-type", "text/plain"], ["x-streamed", "yes"]], false);
    envoy.sendResponseDataText("one\n", false);
    envoy.sendResponseData(new TextEncoder().encode("two\n"), false);
    envoy.sendResponseTrailers([["x-trailer", "done"]]);
    return RequestHeadersStatus.StopIteration;
  }

  onDownstreamAboveWriteBufferHighWatermark(envoy: EnvoyHttpFilter): void {
    this.above++;
    log.info(`watermark above #${this.above} path=${envoy.getRequestHeaderValue(":path")}`);
  }

  onDownstreamBelowWriteBufferLowWatermark(envoy: EnvoyHttpFilter): void {
    this.below++;
    log.info(`watermark below #${this.below} path=${envoy.getRequestHeaderValue(":path")}`);
  }
}

registerHttpFilter("streaming_watermarks", () => new StreamingWatermarks());
