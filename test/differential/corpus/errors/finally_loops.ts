// try/finally inside loops: break/continue/return through finally, return overridden by finally, nesting order.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function loopWithFinally(trail: string[]): number {
  let i = 0;
  while (true) {
    try {
      i++;
      if (i === 2) continue;
      if (i === 4) break;
      if (i > 10) return -1;
      trail.push(`body${i}`);
    } finally {
      trail.push(`fin${i}`);
    }
  }
  return i;
}

function overriding(n: number): string {
  for (let k = 0; k < 3; k++) {
    try {
      if (n === k) return `try-return ${k}`;
    } finally {
      if (n === 1) return `finally overrides at ${k}`;
    }
  }
  return "end";
}

function swallow(): string {
  try {
    throw new Error("lost");
  } finally {
    // eslint-disable-next-line no-unsafe-finally
    return "finally swallowed the error";
  }
}

function nested(trail: string[]): void {
  try {
    try {
      try {
        trail.push("t3");
        throw new RangeError("deep");
      } finally {
        trail.push("f3");
      }
    } catch (e) {
      trail.push(`c2:${e instanceof RangeError ? "range" : "?"}`);
      throw new TypeError("rethrown");
    } finally {
      trail.push("f2");
    }
  } catch (e) {
    trail.push(`c1:${e instanceof Error ? e.message : ""}`);
  } finally {
    trail.push("f1");
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const t1: string[] = [];
    log.info(`${loopWithFinally(t1)} ${t1.join(" ")}`);
    log.info([0, 1, 2, 5].map(overriding).join(" | "));
    log.info(swallow());
    const t2: string[] = [];
    nested(t2);
    log.info(t2.join(" "));
    const t3: string[] = [];
    outer: for (const a of [1, 2, 3]) {
      for (const b of [1, 2, 3]) {
        try {
          if (b === 2) continue outer;
          if (a === 3) break outer;
          t3.push(`${a}${b}`);
        } finally {
          t3.push(`f${a}${b}`);
        }
      }
    }
    log.info(t3.join(" "));
    let counter = 0;
    const bump = (): number => {
      try {
        return counter;
      } finally {
        counter += 10;
      }
    };
    log.info(`${bump()} ${bump()} ${counter}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
