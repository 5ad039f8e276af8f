// Destructuring in parameters: defaults (applied to undefined only, evaluated left to right and
// lazily), nested object and array patterns, renaming, rest elements, arrow callbacks.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Endpoint {
  host: string;
  port?: number;
  tls?: { verify?: boolean; sni?: string };
  tags?: string[];
}

const unusedCounter = 0;

function connect({ host, port = 443, tls: { verify = true, sni = host } = {}, tags: [first = "none", ...others] = [] }: Endpoint): string {
  return `${host}:${port} verify=${verify} sni=${sni} first=${first} others=${others.length}`;
}

function point([x = 0, y = x * 2]: number[], { scale = 1, label: name = "p" }: { scale?: number; label?: string } = {}): string {
  return `${name}(${x * scale},${y * scale})`;
}

function pairs(...[head, ...tail]: number[]): string {
  return `${head} [${tail.join(",")}]`;
}

class T implements HttpFilter {
  private calls: string[] = [];

  private fallback(tag: string): number {
    this.calls.push(tag);
    return 7;
  }

  private ranged({ from = this.fallback("from"), to = from + this.fallback("to") }: { from?: number; to?: number }): string {
    return `${from}..${to}`;
  }

  onRequestHeaders(): RequestHeadersStatus {
    log.info(connect({ host: "a.example" }));
    log.info(connect({ host: "b", port: 80, tls: { verify: false }, tags: ["x", "y", "z"] }));
    log.info(connect({ host: "c", port: undefined, tls: { sni: "other" }, tags: [] }));
    log.info(`${point([3])} ${point([3, 4], { scale: 10 })} ${point([1, 1], { label: "q" })}`);
    log.info(`${pairs(1, 2, 3)} ${pairs(9)} ${pairs()}`);
    log.info(`${this.ranged({})} ${this.ranged({ from: 1 })} ${this.ranged({ to: 2 })} calls=${this.calls.join(",")}`);
    const entries: [string, { n: number; tags?: string[] }][] = [["a", { n: 1 }], ["b", { n: 2, tags: ["t"] }]];
    log.info(entries.map(([key, { n, tags = [] }]) => `${key}${n}${tags.length}`).join(" "));
    const swap = ([a, b]: [string, number]): [number, string] => [b, a];
    log.info(JSON.stringify(swap(["s", 5])));
    const { length } = "hello";
    const [, second, , fourth = "dflt"] = ["a", "b", "c"];
    log.info(`${length} ${second} ${fourth} ${unusedCounter}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
