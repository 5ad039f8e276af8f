// finally runs on every way out of a try: return, break, continue (labeled too), throw; it can override.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function overrides(): string {
  try {
    return "try";
  } finally {
    log.info("finally before return");
  }
}

function overriddenByFinally(): number {
  for (let i = 0; i < 3; i++) {
    try {
      if (i === 1) return i * 100;
    } finally {
      if (i === 1) log.info("finally runs before the return leaves the loop");
    }
  }
  return -1;
}

function nestedFinally(trace: string[]): string {
  try {
    try {
      throw new Error("deep");
    } finally {
      trace.push("inner finally");
    }
  } catch (e) {
    trace.push(`caught ${e instanceof Error ? e.message : ""}`);
    return "from catch";
  } finally {
    trace.push("outer finally");
  }
}

function loops(trace: string[]): void {
  outer: for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      try {
        if (j === 1) continue;
        if (i === 1 && j === 2) continue outer;
        if (i === 2 && j === 2) break outer;
        trace.push(`${i}${j}`);
      } finally {
        trace.push("f");
      }
    }
  }
}

function rethrow(): string {
  try {
    try {
      throw new TypeError("original");
    } catch (e) {
      throw e;
    } finally {
      log.info("finally during rethrow");
    }
  } catch (e) {
    return e instanceof TypeError ? `rethrown ${e.message}` : "lost";
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(overrides());
    log.info(String(overriddenByFinally()));
    const trace: string[] = [];
    log.info(`${nestedFinally(trace)} ${trace.join(",")}`);
    const loopTrace: string[] = [];
    loops(loopTrace);
    log.info(loopTrace.join(" "));
    log.info(rethrow());
    let counter = 0;
    while (counter < 5) {
      try {
        counter++;
        if (counter === 2) continue;
        if (counter === 4) break;
      } finally {
        log.info(`iteration ${counter}`);
      }
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
