// Array.from({ length: n }, f), new Array(n).fill(x), Array.of: lengths converted as JS does, RangeError for invalid ones, shared fill values.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function attempt<T>(what: string, f: () => T[]): void {
  try {
    log.info(`${what} -> ${JSON.stringify(f())}`);
  } catch (e) {
    log.info(`${what} threw ${e instanceof RangeError} ${String(e)}`);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`from length: ${JSON.stringify(Array.from({ length: 4 }, (_, i) => i * i))} ${JSON.stringify(Array.from({ length: 2 }, () => "k"))}`);
    for (const n of [0, -1, 2.7, NaN, -0.5, 3]) {
      attempt(`Array.from({ length: ${n} })`, () => Array.from({ length: n }, (_, i) => `#${i}`));
      attempt(`new Array(${n}).fill`, () => new Array<number>(n).fill(n));
    }
    attempt("Array.from length 2**32", () => Array.from({ length: 2 ** 32 }, () => 1));
    attempt("new Array(2**32)", () => new Array<string>(2 ** 32).fill("x"));
    attempt("new Array(Infinity)", () => new Array<string>(Infinity).fill("x"));
    let calls = 0;
    const squares = Array.from({ length: 3 }, (_, i) => {
      calls++;
      return { i, square: i * i };
    });
    log.info(`objects: ${JSON.stringify(squares)} calls=${calls}`);
    const grid = Array.from({ length: 2 }, () => new Array<number>(3).fill(0));
    grid[0]![1] = 5;
    log.info(`grid rows are distinct: ${JSON.stringify(grid)}`);
    const shared = new Array<number[]>(2).fill([]);
    shared[0]!.push(1);
    log.info(`fill shares one value: ${JSON.stringify(shared)} ${shared[0] === shared[1]}`);
    const typed: string[] = new Array(3).fill("-");
    log.info(`contextual: ${typed.join("")} ${typed.length}`);
    const n = 2;
    const counters: Map<string, number>[] = Array.from({ length: n }, () => new Map<string, number>());
    counters[1]!.set("a", 1);
    log.info(`maps: ${counters.map((m) => m.size).join(",")}`);
    const xs = [4, 5];
    log.info(`Array.of: ${JSON.stringify(Array.of(7))} ${JSON.stringify(Array.of(1, 2, 3))} ${JSON.stringify(Array.of(...xs, 6))} ${Array.of<string>().length} ${JSON.stringify(Array.of("a", "b"))}`);
    log.info(`padded: ${Array.from({ length: 5 }, (_, i) => String(i).padStart(2, "0")).join(" ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
