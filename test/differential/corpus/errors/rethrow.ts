// Rethrowing, wrapping, catch without a binding, errors thrown from finally replacing earlier ones, deep propagation.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function level3(n: number): number {
  if (n % 3 === 0) throw new RangeError(`n=${n} divisible by 3`);
  return n;
}

function level2(n: number): number {
  try {
    return level3(n) * 2;
  } catch (e) {
    if (e instanceof RangeError && n > 5) throw new TypeError(`wrapped(${e.message})`);
    throw e;
  }
}

function level1(n: number): string {
  try {
    return `ok ${level2(n)}`;
  } catch (e) {
    return e instanceof TypeError ? `type: ${e.message}` : e instanceof Error ? `${e.name}: ${e.message}` : "?";
  }
}

function finallyThrows(): string {
  try {
    try {
      throw new Error("original");
    } finally {
      throw new RangeError("from finally");
    }
  } catch (e) {
    return e instanceof Error ? `${e.name} ${e.message}` : "?";
  }
}

function catchWithoutBinding(s: string): string {
  try {
    const parsed: number[] = JSON.parse(s);
    return `parsed ${parsed.length}`;
  } catch {
    return "could not parse";
  }
}

function retry(times: number, work: (attempt: number) => string): string {
  let last = "";
  for (let i = 1; i <= times; i++) {
    try {
      return work(i);
    } catch (e) {
      last = e instanceof Error ? e.message : "";
      log.info(`attempt ${i} failed: ${last}`);
    }
  }
  return `gave up after ${times}: ${last}`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    for (const n of [1, 3, 4, 9, 10]) log.info(`${n}: ${level1(n)}`);
    log.info(finallyThrows());
    log.info(`${catchWithoutBinding("[1,2]")} ${catchWithoutBinding("[1,")} ${catchWithoutBinding('"str"')}`);
    log.info(retry(3, (a) => {
      if (a < 3) throw new Error(`not yet (${a})`);
      return `succeeded on ${a}`;
    }));
    log.info(retry(2, (a) => {
      throw new Error(`always ${a}`);
    }));
    let caught = 0;
    for (let i = 0; i < 5; i++) {
      try {
        if (i % 2 === 1) throw new Error(String(i));
      } catch (e) {
        caught += e instanceof Error ? Number(e.message) : 0;
        continue;
      }
      log.info(`no error at ${i}`);
    }
    log.info(`caught sum ${caught}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
