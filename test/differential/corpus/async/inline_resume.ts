// A hook resets (or ends) the streamed callout that another, suspended hook awaits: Envoy calls the
// module back inline, inside the running hook, and the suspended hook resumes only after it, from
// the scheduler (runtime-c/async_stream.c, http_stream_calling). "watermark: done" must come before
// the awaiting hook's "read:" and "resumed" lines; resumed inside, it would come after them.
import { EnvoyHttpFilter, HttpFilter, HttpStream, log, registerHttpFilter, RequestHeadersStatus } from "tsc2envoy";

class InlineResume implements HttpFilter {
  side: HttpStream | undefined = undefined;

  async onRequestHeaders(envoy: EnvoyHttpFilter): Promise<RequestHeadersStatus> {
    const s = envoy.startHttpStream("side", { method: "POST", path: "/slow", body: "x" });
    this.side = s;
    try {
      const chunk = await envoy.readHttpStream(s);
      log.info(`read: ${chunk ?? "end"}`);
    } catch (e) {
      log.info(`read: ${(e as Error).name}: ${(e as Error).message}`);
    }
    log.info("resumed");
    envoy.setRequestHeader("x-resumed", "yes");
    return RequestHeadersStatus.Continue;
  }

  onDownstreamAboveWriteBufferHighWatermark(envoy: EnvoyHttpFilter): void {
    const s = this.side;
    if (s === undefined) return;
    log.info("watermark: resetting the side stream");
    envoy.resetHttpStream(s);
    log.info("watermark: done");
  }

  onDownstreamBelowWriteBufferLowWatermark(envoy: EnvoyHttpFilter): void {
    const s = this.side;
    if (s === undefined) return;
    log.info(`below: send ${envoy.sendHttpStreamData(s, "end", true)}`);
    log.info("below: done");
  }
}

registerHttpFilter("test", () => new InlineResume());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-a","1"]],"endOfStream":true},{"hook":"watermark","above":true},{"hook":"wait","ms":20},{"hook":"watermark","above":false},{"hook":"stream_complete"}]}]}
