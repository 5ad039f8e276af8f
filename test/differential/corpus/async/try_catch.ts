// try/catch/finally around an await: the handlers are installed again when the hook resumes, so a
// throw after the wait is caught; an uncaught one fails the stream closed (500) at the line that
// threw, after the wait.
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestHeadersStatus, sleep } from "tsc2envoy";

class Guarded implements HttpFilter {
  async onRequestHeaders(envoy: EnvoyHttpFilter): Promise<RequestHeadersStatus> {
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "catch";
    try {
      log.info("before");
      await sleep(2);
      if (mode !== "ok") throw new Error(`thrown after waiting (${mode})`);
      log.info("no throw");
    } catch (e) {
      log.info(`caught: ${(e as Error).message}`);
    } finally {
      log.info("finally");
    }
    try {
      try {
        await sleep(1);
        if (mode === "inner") throw new RangeError("inner");
      } finally {
        log.info("inner finally");
      }
    } catch (e) {
      log.info(`outer caught ${(e as Error).name}`);
    }
    await sleep(1);
    if (mode === "uncaught") throw new TypeError("nobody catches this");
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Guarded());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","catch"]],"endOfStream":true},{"hook":"wait","ms":120},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","ok"]],"endOfStream":true},{"hook":"wait","ms":120}]},{"events":[{"hook":"request_headers","headers":[["x-mode","inner"]],"endOfStream":true},{"hook":"wait","ms":120}]},{"events":[{"hook":"request_headers","headers":[["x-mode","uncaught"]],"endOfStream":true},{"hook":"wait","ms":120},{"hook":"stream_complete"}]}]}
