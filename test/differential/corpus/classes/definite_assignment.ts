// Constructors reading fields that are already assigned (TSE2010 only for unassigned reads and for
// `this` escaping early): parameter properties read in the body, fields read after assignment on
// every if/else path, in loops, in conditional expressions, compound updates of assigned fields,
// arrow callbacks run during construction reading assigned fields, initializers reading earlier
// fields, and methods called once every field is assigned.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Config {
  names: string[];
  limit: number;
}

class Holder {
  private readonly mine: string[];
  readonly upper: string[];
  readonly count: number;
  constructor(private readonly config: Config) {
    this.mine = this.config.names.slice();
    this.mine.push("extra");
    this.upper = this.mine.map((n) => n.toUpperCase());
    this.count = this.mine.length + this.config.limit;
  }
  describe(): string {
    return `${this.mine.join(",")} ${this.upper.join(",")} ${this.count}`;
  }
}

class Branches {
  readonly kind: string;
  readonly size: number;
  readonly label: string;
  constructor(n: number) {
    if (n > 10) {
      this.kind = "big";
      this.size = n;
    } else if (n > 0) {
      this.kind = "small";
      this.size = n * 2;
    } else {
      this.size = 0;
      this.kind = n === 0 ? "zero" : "negative";
    }
    this.label = `${this.kind}:${this.size}`;
  }
}

class Loops {
  total: number;
  readonly parts: number[];
  readonly summary: string;
  constructor(values: number[]) {
    this.total = 0;
    this.parts = [];
    for (const v of values) {
      this.total += v;
      this.parts.push(this.total);
    }
    let i = 0;
    while (i < 2) {
      this.total = this.total * 2;
      i++;
    }
    values.forEach((v) => {
      this.parts.push(v * this.total);
    });
    this.summary = `${this.total}/${this.parts.join(",")}`;
  }
}

class Initializers {
  readonly base = 3;
  readonly doubled = this.base * 2;
  readonly names: string[] = [];
  readonly first: string;
  readonly flag: boolean;
  constructor(first: string) {
    this.first = first.length > 0 ? first : "none";
    this.names.push(this.first, String(this.doubled));
    this.flag = this.names.length > 1 && this.first !== "none";
    this.report();
  }
  report(): void {
    log.info(`init ${this.base} ${this.doubled} ${this.names.join("+")} ${this.first} ${this.flag}`);
  }
}

class Ternary {
  readonly a: number;
  readonly b: number;
  constructor(x: number) {
    x > 1 ? (this.a = x) : (this.a = -x);
    this.b = this.a * 10;
  }
}

class Early {
  readonly value: string;
  readonly note: string;
  constructor(input: string | undefined) {
    if (input === undefined) {
      this.value = "default";
      this.note = `from ${this.value}`;
      return;
    }
    this.value = input;
    this.note = `given ${this.value.length}`;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const h = new Holder({ names: ["a", "b"], limit: 4 });
    log.info(h.describe());
    for (const n of [20, 5, 0, -3]) log.info(new Branches(n).label);
    log.info(new Loops([1, 2, 3]).summary);
    log.info(new Loops([]).summary);
    const init = new Initializers("x");
    const none = new Initializers("");
    log.info(`${init.flag} ${none.flag} ${JSON.stringify(init)}`);
    log.info(`${new Ternary(5).b} ${new Ternary(-2).b} ${JSON.stringify(new Ternary(1))}`);
    log.info(`${new Early(undefined).note} ${new Early("abc").note} ${Object.keys(new Early("q")).join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
