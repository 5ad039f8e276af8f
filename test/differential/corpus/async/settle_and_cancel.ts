// An async hook that settles without waiting gives Envoy its status directly; one that throws before
// its first await fails closed at once. A stream destroyed while its hook waits never runs the rest
// of the hook (the timer is cancelled), and the next stream is unaffected.
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestHeadersStatus, sleep } from "tsc2envoy";

class Quick implements HttpFilter {
  async onRequestHeaders(envoy: EnvoyHttpFilter): Promise<RequestHeadersStatus> {
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    if (mode === "now") {
      log.info("settled without waiting");
      return RequestHeadersStatus.Continue;
    }
    if (mode === "throw") throw new Error("before any await");
    log.info(`waiting (${mode})`);
    await sleep(mode === "long" ? 40 : 2);
    log.info(`resumed (${mode})`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Quick());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","now"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","throw"]],"endOfStream":true},{"hook":"wait","ms":20},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","long"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"wait","ms":100},{"hook":"request_headers","headers":[["x-mode","short"]],"endOfStream":true},{"hook":"wait","ms":80},{"hook":"stream_complete"}]}]}
