// Objects of structurally identical object types (an inline return type, a type alias, an
// interface) used as each other beside class instances implementing the interface: reads, writes,
// spreads and instanceof on values that may be any of them; arrays of the identical types shared.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface XY {
  x: number;
  y: number;
}

type Pair = { x: number; y: number };

class Pin implements XY {
  constructor(
    public x: number,
    public y: number,
  ) {}
  sum(): number {
    return this.x + this.y;
  }
}

function inline(x: number): { x: number; y: number } {
  return { y: x * 2, x };
}

function move(p: XY, dx: number): XY {
  p.x += dx;
  return p;
}

function show(p: XY): string {
  return `${p.x},${p.y}${p instanceof Pin ? `=${p.sum()}` : ""}`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const raw = inline(1);
    const pair: Pair = { x: 7, y: 8 };
    const pin = new Pin(3, 4);
    const points: XY[] = [raw, pin, pair, { x: 5, y: 6 }];
    log.info(points.map(show).join(" "));
    for (const p of points) move(p, 100);
    log.info(`${raw.x} ${pin.x} ${pair.x} ${points.map(show).join(" ")}`);
    const pairs: Pair[] = [inline(2), pair];
    const same: XY[] = pairs;
    same.push({ x: -1, y: -2 });
    log.info(`${pairs.length} ${pairs.map((p) => p.x).join(",")} ${same[0] === pairs[0]} ${JSON.stringify(pairs)}`);
    const copies = pairs.map((p) => ({ ...p, y: 0 }));
    log.info(`${JSON.stringify(copies)} ${JSON.stringify({ ...raw })} ${Object.keys(inline(3)).join(",")}`);
    const held: XY = pin;
    const { x, ...rest } = held;
    log.info(`${JSON.stringify({ ...held, tag: 1 })} ${x} ${JSON.stringify(rest)} ${JSON.stringify(points.map((p) => ({ ...p })))}`);
    const maybe: XY | undefined = points.find((p) => p.y > 7);
    log.info(`${maybe === pair} ${maybe?.x} ${show(maybe ?? pin)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
