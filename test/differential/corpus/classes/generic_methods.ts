// Classes whose methods call each other (and themselves), generic classes instantiated with several
// type arguments, generic methods, methods returning `this` for chaining, instances in collections.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Stack<T> {
  private items: T[] = [];

  push(item: T): this {
    this.items.push(item);
    return this;
  }

  pop(): T | undefined {
    return this.items.pop();
  }

  peek(): T | undefined {
    return this.items.at(-1);
  }

  size(): number {
    return this.items.reduce((n) => n + 1, 0);
  }

  isEmpty(): boolean {
    return this.size() === 0;
  }

  drain(): T[] {
    const out: T[] = [];
    while (!this.isEmpty()) out.push(this.pop()!);
    return out;
  }

  map<U>(f: (item: T) => U): Stack<U> {
    const result = new Stack<U>();
    for (const item of this.items) result.push(f(item));
    return result;
  }
}

class Pair<A, B> {
  constructor(
    readonly first: A,
    readonly second: B,
  ) {}

  swap(): Pair<B, A> {
    return new Pair(this.second, this.first);
  }

  describe(show: (a: A, b: B) => string): string {
    return `<${show(this.first, this.second)}>`;
  }
}

class Expr {
  constructor(
    readonly op: string,
    readonly value: number,
    readonly left: Expr | null = null,
    readonly right: Expr | null = null,
  ) {}

  evaluate(): number {
    if (this.left === null || this.right === null) return this.value;
    const l = this.left.evaluate();
    const r = this.right.evaluate();
    return this.apply(l, r);
  }

  private apply(l: number, r: number): number {
    switch (this.op) {
      case "+":
        return l + r;
      case "*":
        return l * r;
      default:
        return l - r;
    }
  }

  render(): string {
    return this.left && this.right ? `(${this.left.render()} ${this.op} ${this.right.render()})` : String(this.value);
  }
}

class Counter {
  private count = 0;
  private readonly log: string[] = [];

  inc(by = 1): this {
    this.count += by;
    return this.note(`+${by}`);
  }

  dec(): this {
    this.count--;
    return this.note("-1");
  }

  private note(what: string): this {
    this.log.push(`${what}=${this.count}`);
    return this;
  }

  report(): string {
    return this.log.join(" ");
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const s = new Stack<number>().push(1).push(2).push(3);
    log.info(`${s.size()} ${s.peek()} ${s.isEmpty()}`);
    const labels = s.map((n) => `#${n}`);
    log.info(`${labels.drain().join(",")} ${labels.isEmpty()} ${s.drain().join(",")} ${s.pop()}`);
    const words = new Stack<string>();
    words.push("a").push("bb");
    const lengths = words.map((w) => w.length).map((n) => n * 10);
    log.info(`${lengths.drain().join("+")} ${words.peek()}`);

    const p = new Pair("x", 1);
    const q = p.swap();
    log.info(`${p.describe((a, b) => a + b)} ${q.describe((a, b) => `${a * 2}${b}`)} ${q.swap().first}`);
    const nested = new Pair(new Pair(1, true), [new Pair("k", "v")]);
    log.info(`${nested.first.second} ${nested.second[0]!.swap().first} ${JSON.stringify(nested)}`);

    const tree = new Expr("+", 0, new Expr("*", 0, new Expr("n", 3), new Expr("n", 4)), new Expr("-", 0, new Expr("n", 10), new Expr("n", 2.5)));
    log.info(`${tree.render()} = ${tree.evaluate()}`);

    const c = new Counter().inc().inc(5).dec().inc(0.5);
    log.info(c.report());
    const counters = [new Counter(), new Counter()];
    counters.forEach((k, i) => k.inc(i + 1).inc(i + 1));
    log.info(counters.map((k) => k.report()).join(" | "));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
