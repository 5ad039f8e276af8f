// Destructuring assignment to existing targets: swaps, object patterns with defaults, rest elements,
// element and field targets evaluated in order, nested patterns, the expression's value, for...of.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Point { x: number; y: number; label?: string }

class T implements HttpFilter {
  private pos: [number, number] = [0, 0];
  private best = 0;

  onRequestHeaders(): RequestHeadersStatus {
    let a = 1;
    let b = 2;
    [a, b] = [b, a];
    log.info(`${a} ${b}`);
    let x = 0;
    let y = 0;
    let label = "";
    const p: Point = { x: 3, y: 4 };
    ({ x, y, label = "none" } = p);
    log.info(`${x} ${y} ${label}`);
    let first = "";
    let rest: string[] = [];
    [first, ...rest] = ["q", "r", "s"];
    log.info(`${first} ${rest.join("")}`);
    const xs = [10, 20, 30];
    let i = 0;
    [xs[i++], xs[i++]] = [xs[1]!, xs[0]!];
    log.info(`${xs.join(",")} i=${i}`);
    [this.pos[0], this.best] = [7, 8];
    ({ x: this.pos[1], y: a } = { x: 5, y: 6 });
    log.info(`${this.pos.join(",")} ${this.best} ${a}`);
    let m = 0;
    let n = 0;
    [m, [n]] = [1, [2]];
    const result = ([m, n] = [n, m]);
    log.info(`${m} ${n} ${JSON.stringify(result)}`);
    let c = 0;
    let d = 0;
    for ([c, d] of [[1, 2], [3, 4]] as [number, number][]) log.info(`${c + d}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
