// Higher-order functions: curry, compose/pipe, partial application, functions returning functions returning functions.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

type Fn = (x: number) => number;

function pipe(...fns: Fn[]): Fn {
  return (x) => fns.reduce((acc, f) => f(acc), x);
}

function compose(...fns: Fn[]): Fn {
  return (x) => fns.reduceRight((acc, f) => f(acc), x);
}

function curry3(f: (a: number, b: number, c: number) => number): (a: number) => (b: number) => (c: number) => number {
  return (a) => (b) => (c) => f(a, b, c);
}

function times(n: number, f: (i: number) => void): void {
  for (let i = 0; i < n; i++) f(i);
}

function once(f: () => string): () => string {
  let done = false;
  let result = "";
  return () => {
    if (!done) {
      done = true;
      result = f();
    }
    return result;
  };
}

function twice(f: Fn): Fn {
  return (x) => f(f(x));
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const inc: Fn = (x) => x + 1;
    const dbl: Fn = (x) => x * 2;
    const sq: Fn = (x) => x * x;
    log.info(`${pipe(inc, dbl, sq)(3)} ${compose(inc, dbl, sq)(3)} ${pipe()(7)} ${compose(sq)(-4)}`);
    const vol = curry3((a, b, c) => a * b * c);
    const base = vol(2);
    log.info(`${vol(1)(2)(3)} ${base(3)(4)} ${base(5)(0.5)}`);
    const out: string[] = [];
    times(4, (i) => out.push(`t${i}`));
    log.info(out.join(""));
    let calls = 0;
    const init = once(() => {
      calls++;
      return `init#${calls}`;
    });
    log.info(`${init()} ${init()} calls=${calls}`);
    log.info(`${twice(twice(inc))(0)} ${twice(twice(twice(dbl)))(1)} ${twice(sq)(3)}`);
    const adders = [1, 10, 100].map((n) => (x: number) => x + n);
    log.info(adders.map((f) => f(5)).join(","));
    const applyN = (f: Fn, n: number): Fn => (n === 0 ? (x) => x : (x) => applyN(f, n - 1)(f(x)));
    log.info(`${applyN(dbl, 10)(1)} ${applyN(inc, 0)(9)}`);
    const flip = (f: (a: string, b: string) => string) => (a: string, b: string) => f(b, a);
    const concat = (a: string, b: string) => a + b;
    log.info(`${concat("x", "y")} ${flip(concat)("x", "y")} ${flip(flip(concat))("x", "y")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
