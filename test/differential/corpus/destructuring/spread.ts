// Destructuring with defaults and rest, spread in arrays, objects and calls, default and rest parameters.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Options {
  host: string;
  port?: number;
  secure?: boolean;
}

function connect({ host, port = 80, secure = false }: Options): string {
  return `${secure ? "https" : "http"}://${host}:${port}`;
}

function sum(first: number, ...rest: number[]): number {
  return rest.reduce((a, b) => a + b, first);
}

function greet(name: string, greeting = "hello", punctuation?: string): string {
  return `${greeting}, ${name}${punctuation ?? "."}`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const [a, b = 20, ...others] = [1, undefined, 3, 4, 5];
    log.info(`${a} ${b} ${others.join("|")}`);
    const [x, , z] = [7, 8, 9];
    log.info(`${x} ${z}`);
    const base: Options = { host: "example.com", port: 8080 };
    const { host, ...rest } = base;
    log.info(`${host} ${rest.port} ${rest.secure}`);
    const merged: Options = { ...base, secure: true };
    const overridden: Options = { secure: false, ...merged, host: "other" };
    log.info(`${connect(base)} ${connect(merged)} ${connect(overridden)} ${connect({ host: "h" })}`);
    const numbers = [3, 4];
    log.info(`${sum(1)} ${sum(1, 2)} ${sum(1, ...numbers, 10)}`);
    log.info(`${greet("ann")} ${greet("bob", "hi")} ${greet("cy", undefined, "!")}`);
    const all = [0, ...numbers, ...numbers.map((n) => n * 10), 99];
    log.info(all.join(","));
    const chars = [..."héllo"];
    log.info(`${chars.length} ${chars.join("/")}`);
    const pairs: [string, number][] = [["a", 1], ["b", 2]];
    for (const [key, value] of pairs) log.info(`${key}->${value}`);
    const swap = ([p, q]: [number, number]): [number, number] => [q, p];
    log.info(swap([1, 2]).join());
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
