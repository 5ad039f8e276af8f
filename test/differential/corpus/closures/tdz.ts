// Closures over bindings declared later: mutually recursive arrow functions, hoisted function
// declarations reading a later `let`, and the temporal dead zone (ReferenceError when a closure
// runs before the declaration), including inside loops and in a declaration's own initializer.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const ping = (n: number): string => (n <= 0 ? "done" : `ping ${pong(n - 1)}`);
    const pong = (n: number): string => (n <= 0 ? "done" : `pong ${ping(n - 1)}`);
    log.info(ping(3));

    try {
      log.info(describe());
    } catch (e) {
      log.info(`hoisted: ${e instanceof Error ? e.message : ""}`);
    }
    function describe(): string {
      return `limit is ${limit}`;
    }
    let limit = 10;
    limit++;
    log.info(describe());

    const early = (): number => later * 2;
    try {
      log.info(`early=${early()}`);
    } catch (e) {
      log.info(`${e instanceof ReferenceError} ${e instanceof Error ? e.message : ""}`);
    }
    const later = 21;
    log.info(`now=${early()}`);

    const results: string[] = [];
    for (let i = 0; i < 3; i++) {
      const read = (): string => `${i}:${value}`;
      if (i === 1) {
        try {
          results.push(read());
        } catch (e) {
          results.push(e instanceof ReferenceError ? "tdz" : "other");
        }
      }
      const value = i * 100;
      results.push(read());
    }
    log.info(results.join(" "));

    const setter = (v: string): void => {
      label = v;
    };
    try {
      setter("too early");
    } catch (e) {
      log.info(`write: ${e instanceof Error ? `${e.name}: ${e.message}` : ""}`);
    }
    let label = "initial";
    setter("set");
    log.info(label);

    const memo: Map<number, number> = new Map();
    const fib = (n: number): number => {
      const hit = memo.get(n);
      if (hit !== undefined) return hit;
      const v = n < 2 ? n : fib(n - 1) + fib(n - 2);
      memo.set(n, v);
      return v;
    };
    log.info(`fib(60)=${fib(60)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
