// Methods in object types written as object literals: method syntax with `this` (the receiver,
// also after a spread copies the method to another object), arrow functions and function values
// in method slots, methods replaced by assignment, optional methods (called with ?.(), tested with
// if, &&, typeof and !== undefined, absent or present), generic interfaces, methods in type
// aliases and inline object types, JSON.stringify and Object.keys of objects holding methods.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Counter {
  count: number;
  step: number;
  bump(): number;
  reset?(): void;
  label(prefix: string, suffix?: string): string;
}

interface Matcher<T> {
  match(x: T): boolean;
  readonly name: string;
}

type Transform = {
  apply(s: string): string;
  then?(next: Transform): Transform;
};

interface Plugin {
  id: string;
  init?(config: string): string;
  stop?(): void;
}

function twice(s: string): string {
  return s + s;
}

function makeCounter(step: number): Counter {
  return {
    count: 0,
    step,
    bump() {
      this.count += this.step;
      return this.count;
    },
    label(prefix, suffix = "!") {
      return `${prefix}${this.count}${suffix}`;
    },
  };
}

function firstMatch<T>(matchers: Matcher<T>[], x: T): string {
  return matchers.find((m) => m.match(x))?.name ?? "none";
}

function chain(a: Transform, b: Transform): Transform {
  return { apply: (s) => b.apply(a.apply(s)) };
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const a = makeCounter(2);
    a.bump();
    a.bump();
    const b: Counter = { ...a, step: 10 };
    b.bump();
    log.info(`${a.count} ${b.count} ${a.label("a=")} ${b.label("b=", "?")} ${JSON.stringify(a)} ${Object.keys(b).join(",")}`);
    let resets = 0;
    a.reset = () => {
      resets++;
      a.count = 0;
    };
    a.reset?.();
    b.reset?.();
    log.info(`${a.count} ${b.count} resets=${resets} ${a.reset !== undefined} ${b.reset === undefined} ${typeof a.reset} ${typeof b.reset} ${Object.keys(a).join(",")}`);
    b.label = function (prefix) {
      return `${prefix}[${this.count}/${this.step}]`;
    };
    b.bump = () => -1;
    log.info(`${b.label("B")} ${b.bump()} ${b.count}`);

    const even: Matcher<number> = { name: "even", match: (x) => x % 2 === 0 };
    const big: Matcher<number> = {
      name: "big",
      match(x) {
        return x > 100 && this.name.length > 0;
      },
    };
    const short: Matcher<string> = { name: "short", match: (s) => s.length < 3 };
    log.info(`${[3, 4, 101, 7].map((n) => firstMatch([big, even], n)).join(",")} ${firstMatch([short], "ab")} ${firstMatch([short], "abcd")}`);

    const upper: Transform = { apply: (s) => s.toUpperCase() };
    const doubled: Transform = { apply: twice, then: (next) => chain(doubled, next) };
    const both = doubled.then?.(upper);
    log.info(`${upper.apply("x")} ${doubled.apply("y")} ${both?.apply("z")} ${upper.then?.(doubled)?.apply("w") ?? "no then"} ${chain(upper, doubled).apply("q")}`);

    const plugins: Plugin[] = [
      { id: "plain" },
      {
        id: "full",
        init(config) {
          return `${this.id}:${config}`;
        },
        stop() {
          log.info(`stop ${this.id}`);
        },
      },
      { id: "half", init: (c) => c.toUpperCase() },
    ];
    for (const p of plugins) {
      const started = p.init?.("cfg") ?? "-";
      if (p.stop) p.stop();
      const hasInit = p.init && p.init("again");
      log.info(`${p.id} ${started} ${hasInit ?? "no init"} ${!p.stop} ${p.init === undefined ? "absent" : "present"} ${JSON.stringify(p)} ${Object.keys(p).join("+")}`);
    }

    const inline: { n: number; get(): number; add(k: number): { n: number; get(): number } } = {
      n: 1,
      get() {
        return this.n;
      },
      add(k) {
        const base = this.n;
        return { n: base + k, get: () => base + k };
      },
    };
    log.info(`${inline.get()} ${inline.add(5).get()} ${inline.add(2).n}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
