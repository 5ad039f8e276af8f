// Streams destroyed at each suspension point of a chain of awaited async functions: while the
// innermost one sleeps, after it resumed and sleeps again, while a callout inside a method is
// pending, in the hook after the callee returned, and while a Promise.all of timers and callouts is
// partly done. None of the chain runs again (no log line from a destroyed stream after its
// destruction, no timer of it fires) and the next stream runs whole. The corpus runs under ASan and
// UBSan too (TSE_SANITIZE=1).
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestHeadersStatus, sleep } from "tsc2envoy";

async function inner(mode: string, first: number): Promise<string> {
  log.info(`inner ${mode} sleeps ${first}`);
  await sleep(first);
  log.info(`inner ${mode} woke`);
  if (mode === "second") {
    await sleep(30);
    log.info(`inner ${mode} woke again`);
  }
  return `${mode}!`;
}

class Chain implements HttpFilter {
  private seen: string[] = [];

  async outer(mode: string): Promise<string> {
    const got = await inner(mode, mode === "sleep" ? 30 : 1);
    this.seen.push(got);
    return got.toUpperCase();
  }

  async check(envoy: EnvoyHttpFilter): Promise<number> {
    const reply = await envoy.httpCallout("auth", { method: "GET", path: "/check" });
    log.info(`check ${reply.status}`);
    return reply.status;
  }

  async onRequestHeaders(envoy: EnvoyHttpFilter): Promise<RequestHeadersStatus> {
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    log.info(`hook ${mode}`);
    if (mode === "group") {
      await Promise.all([sleep(30), envoy.httpCallout("auth", { method: "GET", path: "/g1" }), sleep(40), envoy.httpCallout("auth", { method: "GET", path: "/g2" })]);
      log.info("group resumed");
      return RequestHeadersStatus.Continue;
    }
    if (mode === "callout" || mode === "after-callout") {
      const status = await this.check(envoy);
      log.info(`hook ${mode} got ${status}`);
      await sleep(30);
      log.info(`hook ${mode} resumed`);
      return RequestHeadersStatus.Continue;
    }
    const said = await this.outer(mode);
    log.info(`hook ${mode}: ${said} ${this.seen.join(",")}`);
    return RequestHeadersStatus.Continue;
  }

  onStreamComplete(): void {
    log.info(`complete ${this.seen.length}`);
  }
}

registerHttpFilter("test", () => new Chain());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","sleep"]],"endOfStream":true}]},{"events":[{"hook":"request_headers","headers":[["x-mode","second"]],"endOfStream":true},{"hook":"wait","ms":15}]},{"events":[{"hook":"request_headers","headers":[["x-mode","callout"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","after-callout"]],"endOfStream":true},{"hook":"callout_done","id":2,"result":0,"headers":[[":status","200"]]},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","group"]],"endOfStream":true},{"hook":"callout_done","id":3,"result":0,"headers":[[":status","200"]]},{"hook":"stream_complete"}]},{"events":[{"hook":"wait","ms":80},{"hook":"request_headers","headers":[["x-mode","whole"]],"endOfStream":true},{"hook":"wait","ms":80},{"hook":"stream_complete"}]}]}
