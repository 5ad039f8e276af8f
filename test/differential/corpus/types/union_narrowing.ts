// Discriminated unions: switch with exhaustiveness (never), narrowing through type-predicate
// functions, `in`-free checks on the tag, unions of classes with instanceof, nested unions.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Circle {
  kind: "circle";
  r: number;
}
interface Rect {
  kind: "rect";
  w: number;
  h: number;
}
interface Tri {
  kind: "tri";
  a: number;
  b: number;
  c: number;
}
type Shape = Circle | Rect | Tri;

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}

function area(s: Shape): number {
  switch (s.kind) {
    case "rect":
      return s.w * s.h;
    case "circle":
      return Math.PI * s.r ** 2;
    case "tri": {
      const p = (s.a + s.b + s.c) / 2;
      return Math.sqrt(p * (p - s.a) * (p - s.b) * (p - s.c));
    }
    default:
      return assertNever(s);
  }
}

function isRound(s: Shape): s is Circle {
  return s.kind === "circle";
}

function sides(s: Shape): number {
  if (isRound(s)) return 0;
  return s.kind === "rect" ? 4 : 3;
}

function describe(s: Shape): string {
  if (s.kind === "circle") return `circle r=${s.r}`;
  if (s.kind === "rect") return s.w === s.h ? `square ${s.w}` : `rect ${s.w}x${s.h}`;
  return `tri ${s.a},${s.b},${s.c}`;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

function parsePort(text: string): Result<number> {
  const n = Number(text);
  if (!Number.isInteger(n)) return { ok: false, error: `not an integer: ${text}` };
  if (n < 1 || n > 65535) return { ok: false, error: `out of range: ${n}` };
  return { ok: true, value: n };
}

class Leaf {
  constructor(readonly value: number) {}
}
class Node2 {
  constructor(
    readonly left: Leaf | Node2,
    readonly right: Leaf | Node2,
  ) {}
}

function sum(t: Leaf | Node2): number {
  return t instanceof Leaf ? t.value : sum(t.left) + sum(t.right);
}

type Token = { t: "num"; v: number } | { t: "op"; v: "+" | "-" } | { t: "end" };

function evalTokens(tokens: Token[]): number {
  let total = 0;
  let sign = 1;
  for (const tok of tokens) {
    switch (tok.t) {
      case "num":
        total += sign * tok.v;
        break;
      case "op":
        sign = tok.v === "+" ? 1 : -1;
        break;
      case "end":
        return total;
    }
  }
  return total;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const shapes: Shape[] = [
      { kind: "circle", r: 1 },
      { kind: "rect", w: 2, h: 3 },
      { kind: "rect", w: 2, h: 2 },
      { kind: "tri", a: 3, b: 4, c: 5 },
    ];
    for (const s of shapes) log.info(`${describe(s)} area=${area(s).toFixed(4)} sides=${sides(s)} round=${isRound(s)}`);
    const round = shapes.filter(isRound);
    log.info(`round: ${round.map((c) => c.r).join(",")} total=${shapes.reduce((a, s) => a + area(s), 0).toFixed(3)}`);
    for (const text of ["80", "0", "8.5", "abc", "65535"]) {
      const r = parsePort(text);
      log.info(r.ok ? `port ${r.value}` : `error ${r.error}`);
    }
    const tree = new Node2(new Leaf(1), new Node2(new Node2(new Leaf(2), new Leaf(3)), new Leaf(4)));
    log.info(`sum=${sum(tree)} ${tree.left instanceof Leaf} ${tree.right instanceof Leaf}`);
    const tokens: Token[] = [{ t: "num", v: 5 }, { t: "op", v: "-" }, { t: "num", v: 2 }, { t: "op", v: "+" }, { t: "num", v: 10 }, { t: "end" }, { t: "num", v: 1000 }];
    log.info(`tokens=${evalTokens(tokens)} ${JSON.stringify(tokens.slice(0, 2))}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
