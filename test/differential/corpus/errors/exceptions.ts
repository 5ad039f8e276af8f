// throw, try/catch/finally: control flow through finally, rethrow, errors from the runtime.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function risky(n: number): number {
  if (n < 0) throw new RangeError(`negative: ${n}`);
  if (n === 0) throw new Error("zero");
  return 100 / n;
}

function withFinally(n: number, out: string[]): string {
  try {
    out.push("try");
    if (n === 1) return "returned from try";
    risky(n - 2);
    out.push("after risky");
  } catch (e) {
    out.push(`caught ${e instanceof RangeError ? "range" : "other"}`);
    if (n === 2) return "returned from catch";
  } finally {
    out.push("finally");
  }
  return "fell through";
}

function nested(): string {
  const trail: string[] = [];
  for (let i = 0; i < 4; i++) {
    try {
      try {
        if (i === 1) continue;
        if (i === 3) break;
        if (i === 2) throw new TypeError("inner");
        trail.push(`ok${i}`);
      } finally {
        trail.push(`f${i}`);
      }
    } catch (e) {
      if (e instanceof Error) trail.push(`${e.name}:${e.message}`);
    }
  }
  return trail.join(" ");
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    for (const n of [1, 2, 3, 5]) {
      const out: string[] = [];
      const result = withFinally(n, out);
      log.info(`${n}: ${result} [${out.join(",")}]`);
    }
    log.info(nested());
    try {
      risky(-3);
    } catch (e) {
      log.info(`caught ${String(e)}`);
    }
    try {
      risky(0);
    } catch (e) {
      if (e instanceof Error) log.info(`error ${e.message}`);
    }
    try {
      const big: number[] = [];
      big.reduce((a, b) => a + b);
    } catch (e) {
      if (e instanceof TypeError) log.info(`reduce: ${e.message}`);
    }
    try {
      try {
        throw new Error("first");
      } catch (e) {
        throw new Error(`wrapped ${e instanceof Error ? e.message : ""}`);
      }
    } catch (outer) {
      log.info(String(outer));
    }
    const e = new Error("kept");
    log.info(`${e.name} ${e.message} ${String(e)} ${e instanceof TypeError}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
