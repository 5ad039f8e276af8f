// try/catch/finally: finally overriding return and throw, finally throwing over a pending error, loops through finally, errors in callbacks caught outside.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function overrideReturn(): string {
  try {
    return "try";
  } finally {
    return "finally";
  }
}

function overrideThrow(): string {
  try {
    throw new Error("lost");
  } finally {
    return "swallowed";
  }
}

function finallyThrows(): string {
  try {
    throw new TypeError("first");
  } finally {
    throw new RangeError("second");
  }
}

function catchThenFinally(trace: string[]): number {
  let n = 0;
  try {
    n = 1;
    throw new Error("x");
  } catch (e) {
    n = 2;
    trace.push(`caught ${e instanceof Error ? e.message : "?"}`);
    return n;
  } finally {
    n = 3;
    trace.push(`finally n=${n}`);
  }
}

function nested(trace: string[]): string {
  try {
    try {
      throw new SyntaxError("inner");
    } finally {
      trace.push("inner finally");
    }
  } catch (e) {
    if (e instanceof SyntaxError) {
      trace.push(`outer caught ${e.name}`);
      try {
        throw new Error(`wrapped: ${e.message}`);
      } catch (e2) {
        if (e2 instanceof Error) return e2.message;
      }
    }
    throw e;
  } finally {
    trace.push("outer finally");
  }
}

function loopFinally(trace: string[]): number {
  let sum = 0;
  outer: for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 5; j++) {
      try {
        if (j === 1) continue;
        if (j === 3) continue outer;
        if (i === 3) break outer;
        sum += i * 10 + j;
      } finally {
        trace.push(`${i}${j}`);
      }
    }
  }
  return sum;
}

function rethrowAfterUse(): string {
  const seen: Error[] = [];
  try {
    try {
      throw new RangeError("kept");
    } catch (e) {
      if (e instanceof Error) seen.push(e);
      throw e;
    }
  } catch (again) {
    return `${again instanceof RangeError} ${seen.length} ${again === seen[0]} ${String(again)}`;
  }
}

function thrower(kind: number): never {
  if (kind === 0) throw new Error("plain");
  if (kind === 1) throw new TypeError("typed");
  if (kind === 2) throw new RangeError("ranged");
  throw new SyntaxError(`kind ${kind}`);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`overrideReturn=${overrideReturn()} overrideThrow=${overrideThrow()}`);
    try {
      finallyThrows();
    } catch (e) {
      if (e instanceof Error) log.info(`finallyThrows: ${e.name} ${e.message}`);
    }
    const trace: string[] = [];
    log.info(`catchThenFinally=${catchThenFinally(trace)} nested=${nested(trace)} trace=${trace.join("; ")}`);
    const loopTrace: string[] = [];
    log.info(`loopFinally=${loopFinally(loopTrace)} trace=${loopTrace.join(",")}`);
    log.info(`rethrow: ${rethrowAfterUse()}`);
    const kinds: string[] = [];
    for (let k = 0; k < 5; k++) {
      try {
        thrower(k);
      } catch (e) {
        if (e instanceof TypeError) kinds.push(`T:${e.message}`);
        else if (e instanceof RangeError) kinds.push(`R:${e.message}`);
        else if (e instanceof SyntaxError) kinds.push(`S:${e.message}`);
        else if (e instanceof Error) kinds.push(`E:${e.message}`);
      }
    }
    log.info(`kinds: ${kinds.join(" ")}`);
    const results = [0, 1, 2, 3].map((k) => {
      try {
        if (k % 2 === 1) thrower(k);
        return `ok${k}`;
      } catch (e) {
        return e instanceof Error ? `err${k}:${e.name}` : "?";
      } finally {
        kinds.length = 0;
      }
    });
    log.info(`map with try: ${results.join(",")} kinds now ${kinds.length}`);
    let count = 0;
    try {
      [3, 1, 2].sort((a, b) => {
        count++;
        if (count === 2) throw new Error(`comparator call ${count}`);
        return a - b;
      });
    } catch (e) {
      if (e instanceof Error) log.info(`sort threw: ${e.message} after ${count}`);
    }
    const errors = [new Error("a"), new TypeError("b"), new RangeError("")];
    log.info(`as values: ${errors.map((e) => `${e.name}|${e.message}|${String(e)}`).join(" ")} ${errors[2] instanceof Error} ${errors[1] instanceof RangeError}`);
    const empty = new Error();
    log.info(`empty: [${empty.message}] [${String(empty)}] ${empty.name}`);
    const unicode = new Error("ünïcødé 😀 \ud800");
    log.info(`unicode message: ${unicode.message.length} ${JSON.stringify(unicode.message)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
