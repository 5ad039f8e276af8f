// Counters sharing one captured cell: several closures over the same variable, reset, independent instances.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface CounterApi {
  inc: () => number;
  dec: () => number;
  reset: (to?: number) => void;
  peek: () => number;
}

function makeCounter(start: number, step = 1): CounterApi {
  let value = start;
  let changes = 0;
  return {
    inc: () => {
      changes++;
      return (value += step);
    },
    dec: () => {
      changes++;
      value -= step;
      return value;
    },
    reset: (to = start) => {
      value = to;
      log.info(`reset after ${changes} changes`);
      changes = 0;
    },
    peek: () => value,
  };
}

function idGenerator(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const a = makeCounter(0);
    const b = makeCounter(100, 10);
    log.info(`${a.inc()} ${a.inc()} ${b.inc()} ${a.dec()} ${b.dec()} ${b.dec()} ${a.peek()} ${b.peek()}`);
    a.reset();
    b.reset(-5);
    log.info(`${a.peek()} ${b.peek()} ${b.inc()} ${a.inc()}`);
    const ids = idGenerator("req");
    const other = idGenerator("job");
    log.info([ids(), ids(), other(), ids(), other()].join(" "));
    const incs = [a.inc, a.inc, b.inc];
    log.info(incs.map((f) => f()).join(","));
    let shared = 0;
    const add = (n: number) => (shared += n);
    const read = () => shared;
    add(3);
    shared *= 10;
    add(1);
    log.info(`shared=${read()} ${add(0.5)}`);
    let fib1 = 0;
    let fib2 = 1;
    const nextFib = () => {
      const r = fib1;
      const t = fib1 + fib2;
      fib1 = fib2;
      fib2 = t;
      return r;
    };
    const seq: number[] = [];
    for (let i = 0; i < 15; i++) seq.push(nextFib());
    log.info(seq.join(" "));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
