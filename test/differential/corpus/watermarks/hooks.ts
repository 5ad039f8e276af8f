// The client's write buffer crossing its watermarks: both hooks, with a counter and the stream's state; a throw in one resets the stream (failure logged once, nothing more runs).
import { log, registerHttpFilter, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private above = 0;
  private below = 0;
  private fail = false;

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    this.fail = envoy.getResponseHeaderValue("x-fail") === "1";
    return ResponseHeadersStatus.Continue;
  }

  onDownstreamAboveWriteBufferHighWatermark(envoy: EnvoyHttpFilter): void {
    this.above++;
    log.info(`above #${this.above} (below ${this.below}) status=${envoy.getResponseHeaderValue(":status")}`);
    if (this.fail) throw new Error("slow client");
  }

  onDownstreamBelowWriteBufferLowWatermark(_envoy: EnvoyHttpFilter): void {
    this.below++;
    log.info(`below #${this.below} (above ${this.above})`);
  }

  onStreamComplete(_envoy: EnvoyHttpFilter): void {
    log.info(`complete: above=${this.above} below=${this.below}`);
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"watermark","above":true},{"hook":"watermark","above":false},{"hook":"watermark","above":true},{"hook":"watermark","above":false},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"],["x-fail","1"]],"endOfStream":false},{"hook":"watermark","above":true},{"hook":"watermark","above":false},{"hook":"stream_complete"}]}]}
