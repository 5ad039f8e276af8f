// Higher-order generic functions: compose, memoize (a T | undefined narrowed to T), closures returned
// from generic functions keeping state, ReadonlyArray and readonly T[] parameters, `as const` tuples.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function compose<A, B, C>(f: (a: A) => B, g: (b: B) => C): (a: A) => C {
  return (a) => g(f(a));
}
function memoize<T>(f: (n: number) => T): (n: number) => T {
  const cache = new Map<number, T>();
  return (n) => {
    const hit = cache.get(n);
    if (hit !== undefined) return hit;
    const v = f(n);
    cache.set(n, v);
    return v;
  };
}
function first<T>(xs: ReadonlyArray<T>): T | undefined {
  return xs[0];
}
function lastOf<T>(xs: readonly T[]): T | undefined {
  return xs[xs.length - 1];
}
function counterFactory<T>(label: T): () => [T, number] {
  let n = 0;
  return () => [label, ++n];
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const len = compose((s: string) => s.length, (n: number) => n * 2);
    const show = compose(len, (n) => `#${n}`);
    log.info(`${len("abc")} ${show("hello")}`);
    let calls = 0;
    const sq = memoize((n) => {
      calls++;
      return n * n;
    });
    log.info(`${sq(4)} ${sq(4)} ${sq(5)} calls=${calls}`);
    const arr: Array<number> = [3, 4];
    const ro: ReadonlyArray<string> = ["r"];
    log.info(`${first(arr)} ${first(ro)} ${lastOf(arr)} ${lastOf<string>([])}`);
    const c = counterFactory("x");
    c();
    log.info(JSON.stringify(c()));
    const point = [1, 2] as const;
    const dirs = ["n", "s"] as const;
    log.info(`${point[0] + point[1]} ${dirs.join("")} ${dirs.length}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
