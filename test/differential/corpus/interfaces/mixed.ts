// Interface values from many sources: wider records used as narrower interfaces, interfaces
// extending others, a class implementing several interfaces, nested interface-typed properties,
// an arrow-function field implementing a method, optional methods some classes lack, a generic
// class behind a generic interface, unions of classes sharing a method, and the frozen config
// written through an interface-typed reference (V8's TypeError).
// vector: {"filter":"test","config":"{\"name\":\"cfg\",\"limit\":3,\"limits\":{\"rps\":9}}","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/x"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Config {
  name: string;
  limit: number;
  limits: { rps: number };
}

type Rate = { rps: number };

interface Named {
  name: string;
}

interface Sized extends Named {
  size(): number;
}

interface Closable {
  close?(): string;
  readonly open: boolean;
}

interface Box<T> {
  get(): T;
  put(value: T): void;
}

interface Node {
  label: string;
  child?: Node;
  visit(depth: number): string;
}

class Buffer implements Sized, Closable {
  open = true;
  private readonly items: string[] = [];
  constructor(public name: string) {}
  size(): number {
    return this.items.length;
  }
  add(item: string): this {
    this.items.push(item);
    return this;
  }
  close(): string {
    this.open = false;
    return `${this.name} closed with ${this.items.length}`;
  }
}

class Pipe implements Closable {
  readonly open = true;
}

class Cell<T> implements Box<T> {
  constructor(private value: T) {}
  get(): T {
    return this.value;
  }
  put(value: T): void {
    this.value = value;
  }
}

class Leaf implements Node {
  constructor(public label: string) {}
  visit(depth: number): string {
    return `${"-".repeat(depth)}${this.label}`;
  }
}

class Branch implements Node {
  child?: Node;
  constructor(
    public label: string,
    child: Node,
  ) {
    this.child = child;
  }
  visit = (depth: number): string => `${"-".repeat(depth)}${this.label}>${this.child?.visit(depth + 1) ?? ""}`;
}

class Dog {
  constructor(readonly name: string) {}
  speak(times: number): string {
    return "woof".repeat(times);
  }
}

class Cat {
  constructor(readonly name: string) {}
  speak(times: number): string {
    return `${this.name} meows ${times}x`;
  }
}

function names(items: Named[]): string {
  return items.map((n) => n.name).join(",");
}

function describe(item: Sized): string {
  return `${item.name}/${item.size()}`;
}

function shutdown(c: Closable): string {
  return `${c.open} ${c.close?.() ?? "nothing to close"} ${c.open}`;
}

function swap<T>(box: Box<T>, value: T): T {
  const old = box.get();
  box.put(value);
  return old;
}

function attempt(what: string, run: () => string): void {
  try {
    log.info(`${what}: ${run()}`);
  } catch (e) {
    if (e instanceof TypeError) log.info(`${what}: ${e.name}: ${e.message}`);
    else throw e;
  }
}

class T implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(): RequestHeadersStatus {
    const buffer = new Buffer("buf").add("a").add("b");
    const plain: Sized = { name: "lit", size: () => 42 };
    const wide = { name: "wide", extra: true, size: 7 };
    log.info(`${names([buffer, plain, wide, this.config])} ${describe(buffer)} ${describe(plain)}`);
    const asNamed: Named = wide;
    asNamed.name = "renamed";
    log.info(`${wide.name} ${JSON.stringify(asNamed)} ${Object.keys(asNamed).join(",")} ${asNamed === wide}`);

    log.info(shutdown(buffer));
    log.info(shutdown(new Pipe()));
    log.info(shutdown({ open: false, close: () => "literal closed" }));
    log.info(shutdown({ open: true }));

    const numbers = new Cell(1);
    const words: Box<string> = new Cell("a");
    const literal: Box<number> = {
      get() {
        return 99;
      },
      put(v) {
        log.info(`literal put ${v}`);
      },
    };
    log.info(`${swap(numbers, 5)} ${numbers.get()} ${swap(words, "b")} ${words.get()} ${swap(literal, 3)}`);

    const tree: Node = new Branch("root", new Branch("mid", new Leaf("leaf")));
    const custom: Node = { label: "custom", child: tree, visit: (d) => `custom@${d}` };
    log.info(`${tree.visit(0)} | ${custom.visit(2)} | ${custom.child?.visit(1)} | ${tree.child?.child?.label}`);
    if (tree instanceof Branch && tree.child) tree.child.label = "MID";
    log.info(tree.visit(1));

    const pets: (Dog | Cat)[] = [new Dog("rex"), new Cat("tom")];
    log.info(pets.map((p) => `${p.name}: ${p.speak(2)}`).join("; "));

    const cfg: Named = this.config;
    attempt("write through interface", () => {
      cfg.name = "changed";
      return cfg.name;
    });
    log.info(`${this.config.name} ${cfg === this.config} ${JSON.stringify(cfg)}`);
    const rate: Rate = this.config.limits;
    attempt("write through an identical type", () => {
      rate.rps = 1;
      return String(rate.rps);
    });
    const fresh: Rate = { ...rate };
    fresh.rps = 2;
    log.info(`${rate.rps} ${fresh.rps} ${rate === this.config.limits}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new T(config));
