// Recursion: mutually recursive top-level functions, recursion over recursive data (trees, nested
// arrays, linked lists), recursive generic functions, a recursive method, and deep recursion that
// overflows and is caught as RangeError.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface TreeNode {
  value: number;
  children: TreeNode[];
}

interface List<T> {
  head: T;
  tail: List<T> | null;
}

type Nested = (string | Nested)[];

function isEven(n: number): boolean {
  return n === 0 ? true : isOdd(n - 1);
}

function isOdd(n: number): boolean {
  return n === 0 ? false : isEven(n - 1);
}

function depth(t: TreeNode): number {
  return 1 + t.children.reduce((m, c) => Math.max(m, depth(c)), 0);
}

function total(t: TreeNode): number {
  let sum = t.value;
  for (const c of t.children) sum += total(c);
  return sum;
}

function build(levels: number, fanout: number, start: number): TreeNode {
  if (levels === 0) return { value: start, children: [] };
  const children: TreeNode[] = [];
  for (let i = 0; i < fanout; i++) children.push(build(levels - 1, fanout, start * fanout + i));
  return { value: start, children };
}

function fromArray<T>(items: T[]): List<T> | null {
  return items.length === 0 ? null : { head: items[0]!, tail: fromArray(items.slice(1)) };
}

function toArray<T>(list: List<T> | null): T[] {
  return list === null ? [] : [list.head, ...toArray(list.tail)];
}

function reverse<T>(list: List<T> | null, acc: List<T> | null = null): List<T> | null {
  return list === null ? acc : reverse(list.tail, { head: list.head, tail: acc });
}

function flatten(n: Nested): string[] {
  const out: string[] = [];
  for (const item of n) {
    if (typeof item === "string") out.push(item);
    else out.push(...flatten(item));
  }
  return out;
}

function render(n: Nested): string {
  return `[${n.map((item) => (typeof item === "string" ? item : render(item))).join(" ")}]`;
}

function count(n: number): number {
  return n === 0 ? 0 : 1 + count(n - 1);
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  // expr := term (('+'|'-') term)* ; term := digit | '(' expr ')'
  expr(): number {
    let value = this.term();
    while (this.pos < this.text.length && (this.text[this.pos] === "+" || this.text[this.pos] === "-")) {
      const op = this.text[this.pos++];
      const rhs = this.term();
      value = op === "+" ? value + rhs : value - rhs;
    }
    return value;
  }

  private term(): number {
    if (this.text[this.pos] === "(") {
      this.pos++;
      const v = this.expr();
      this.pos++;
      return v;
    }
    return Number(this.text[this.pos++]);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`${isEven(10)} ${isOdd(7)} ${isEven(3)}`);
    const tree = build(3, 2, 1);
    log.info(`depth=${depth(tree)} total=${total(tree)} leaves=${JSON.stringify(tree.children[1]!.children[0])}`);
    const list = fromArray(["a", "b", "c"]);
    log.info(`${toArray(list).join("")} ${toArray(reverse(list)).join("")} ${toArray(fromArray<number>([])).length}`);
    const nested: Nested = ["a", ["b", ["c", []], "d"], [["e"]]];
    log.info(`${flatten(nested).join("")} ${render(nested)}`);
    log.info(`${new Parser("1+(2-3)+(4+(5-1))").expr()} ${new Parser("9").expr()}`);
    log.info(`count=${count(1000)}`);
    try {
      log.info(`count=${count(1e7)}`);
    } catch (e) {
      log.info(`overflow: ${e instanceof RangeError} ${e instanceof Error ? e.message : ""}`);
    }
    log.info(`after overflow: ${count(10)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
