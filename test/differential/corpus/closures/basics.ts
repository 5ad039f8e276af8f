// Closures capture variables, not values: shared mutation, counters, per-iteration let bindings.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function makeCounter(start: number): () => number {
  let count = start;
  return () => {
    count += 1;
    return count;
  };
}

function compose(f: (x: number) => number, g: (x: number) => number): (x: number) => number {
  return (x) => g(f(x));
}

class T implements HttpFilter {
  private total = 0;

  onRequestHeaders(): RequestHeadersStatus {
    const counter = makeCounter(10);
    const other = makeCounter(100);
    log.info(`${counter()} ${counter()} ${other()} ${counter()}`);

    const fns: (() => number)[] = [];
    for (let i = 0; i < 3; i++) fns.push(() => i * 10);
    log.info(fns.map((f) => f()).join(","));

    let shared = 1;
    const bump = () => {
      shared *= 3;
    };
    bump();
    bump();
    log.info(`shared=${shared}`);

    const add = (n: number) => {
      this.total += n;
      return this.total;
    };
    add(5);
    log.info(`total=${add(7)}`);

    const inc = (x: number) => x + 1;
    const double = (x: number) => x * 2;
    log.info(`${compose(inc, double)(5)} ${compose(double, inc)(5)}`);

    function fib(n: number): number {
      return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
    log.info(`fib=${fib(15)}`);

    const names = ["b", "a", "c"];
    const greet = (prefix: string) => names.map((n) => `${prefix}${n}`);
    log.info(greet("hi-").join(" "));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
