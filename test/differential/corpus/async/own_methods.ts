// The filter's own async methods and module-level async functions, awaited from a hook and from
// each other: the caller waits while the callee waits (frames chained), resumes with its return
// value (`const v = await`, `x = await`, `this.f = await`, `return await`); a rejection (a throw
// after the callee's wait, before it, or a failed callout inside it) reaches the caller's
// try/catch/finally, or fails the stream closed at the callee's line; a callee that returns without
// waiting lets the hook settle at once; recursion and loops of awaited calls.
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestHeadersStatus, sleep } from "tsc2envoy";

async function pause(label: string, ms: number): Promise<number> {
  log.info(`pause ${label} ${ms}`);
  await sleep(ms);
  log.info(`paused ${label}`);
  return ms * 2;
}

async function countdown(n: number): Promise<string> {
  if (n === 0) return "done";
  await sleep(1);
  const rest = await countdown(n - 1);
  return `${n} ${rest}`;
}

async function failing(mode: string): Promise<number> {
  if (mode === "early") throw new RangeError("before any wait");
  await sleep(1);
  if (mode === "late") throw new TypeError("after a wait");
  return 7;
}

async function echoLater<T>(value: T, ms = 1): Promise<T> {
  await sleep(ms);
  return value;
}

class Clock {
  static async tick(n: number): Promise<number> {
    await sleep(1);
    return n + 1;
  }
}

class Own implements HttpFilter {
  private total = 0;
  private note = "";

  async check(envoy: EnvoyHttpFilter, token: string): Promise<boolean> {
    const reply = await envoy.httpCallout("auth", { method: "GET", path: `/check/${token}` });
    log.info(`check ${token}: ${reply.status}`);
    this.total += reply.status;
    return reply.status === 200;
  }

  async nested(): Promise<number> {
    let sum = 0;
    for (let i = 1; i <= 3; i++) {
      const got = await pause(`loop${i}`, i);
      sum += got;
    }
    return await pause("last", sum);
  }

  async quick(flag: boolean): Promise<string> {
    if (flag) return "quick";
    await sleep(1);
    return "slow";
  }

  async guarded(mode: string): Promise<string> {
    try {
      const got = await failing(mode);
      return `ok ${got}`;
    } catch (e) {
      return `caught ${(e as Error).name}: ${(e as Error).message}`;
    } finally {
      log.info(`guarded finally (${mode})`);
    }
  }

  async onRequestHeaders(envoy: EnvoyHttpFilter): Promise<RequestHeadersStatus> {
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    if (mode === "quick") {
      const said = await this.quick(true);
      log.info(said);
      return RequestHeadersStatus.Continue;
    }
    if (mode === "auth") {
      const ok = await this.check(envoy, "a");
      if (!ok) {
        envoy.sendResponse(403, [], "denied\n");
        return RequestHeadersStatus.StopIteration;
      }
      try {
        await this.check(envoy, "b");
      } catch (e) {
        log.info(`check b rejected: ${(e as Error).message}`);
      }
      log.info(`total ${this.total}`);
      return RequestHeadersStatus.Continue;
    }
    if (mode === "uncaught") {
      await failing("late");
      return RequestHeadersStatus.Continue;
    }
    let value = 0;
    value = await this.nested();
    log.info(`nested ${value}`);
    this.note = await countdown(3);
    log.info(`countdown ${this.note}`);
    for (const mode of ["early", "late", "none"]) log.info(`guarded ${mode}`);
    let said = await this.guarded("early");
    log.info(said);
    said = await this.guarded("late");
    log.info(said);
    said = await this.guarded("none");
    log.info(said);
    said = await this.quick(false);
    log.info(said);
    const echoed = await echoLater<string>("generic");
    const ticked = await Clock.tick(41);
    log.info(`${echoed} ${ticked}`);
    envoy.setRequestHeader("x-value", String(value));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Own());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","all"]],"endOfStream":true},{"hook":"wait","ms":200},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","quick"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","uncaught"]],"endOfStream":true},{"hook":"wait","ms":40},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","auth"]],"endOfStream":true},{"hook":"callout_done","id":1,"result":0,"headers":[[":status","200"]]},{"hook":"callout_done","id":2,"result":1,"headers":[]},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","auth"]],"endOfStream":true},{"hook":"callout_done","id":3,"result":0,"headers":[[":status","401"]]},{"hook":"stream_complete"}]}]}
