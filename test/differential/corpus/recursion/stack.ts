// Deep recursion throws a catchable RangeError instead of crashing; ordinary recursion works.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function depth(n: number): number {
  return n === 0 ? 0 : 1 + depth(n - 1);
}

function forever(n: number): number {
  return forever(n + 1) + 1;
}

function ackermann(m: number, n: number): number {
  if (m === 0) return n + 1;
  if (n === 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`depth ${depth(1000)} ackermann ${ackermann(2, 3)}`);
    try {
      forever(0);
      log.info("not reached");
    } catch (e) {
      log.info(`caught ${e instanceof RangeError} ${e instanceof Error ? e.name : "?"}`);
    }
    const isEven = (n: number): boolean => (n === 0 ? true : !isEven(n - 1));
    log.info(`even ${isEven(200)} ${isEven(201)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
