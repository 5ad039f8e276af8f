// Construction order across a chain (base field initializers, base constructor, then the
// subclass's parameter properties and fields), implicit constructors passing their arguments on,
// a generic base class, a field a subclass declares again, hooks inherited from a base filter
// class, an interface implemented through inherited methods, and a subclass method that throws.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],[":path","/"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],["x-strict","1"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class Trace {
  steps: string[] = [];
}

function note(trace: Trace, step: string): number {
  trace.steps.push(step);
  return trace.steps.length;
}

class A {
  a1 = 41;
  constructor(readonly trace: Trace, readonly tag: string) {
    note(trace, `A(${tag}) a1=${this.a1}`);
  }
}

class B extends A {
  b1 = note(this.trace, `B.b1 tag=${this.tag}`);
  constructor(trace: Trace, tag: string, readonly n: number) {
    const upper = tag.toUpperCase();
    super(trace, upper);
    note(trace, `B body n=${this.n} b1=${this.b1}`);
  }
}

class C extends B {
  c1 = note(this.trace, "C.c1");
  level = "c";
}

class Box<T> {
  constructor(readonly value: T) {}
  get2(): T[] {
    return [this.value, this.value];
  }
}

class NamedBox extends Box<string> {
  describe(): string {
    return `${this.value}:${this.get2().join("+")}`;
  }
}

class Animal {
  sound = "...";
  speak(): string {
    return `${this.constructorName()} says ${this.sound}`;
  }
  constructorName(): string {
    return "animal";
  }
}

class Dog extends Animal {
  override sound = "woof";
  override constructorName(): string {
    return "dog";
  }
}

interface Speaker {
  speak(): string;
}

class Strict extends Animal {
  override speak(): string {
    if (this.sound === "...") throw new Error("strict animals must have a sound");
    return "never";
  }
}

abstract class BaseFilter implements HttpFilter {
  protected count = 0;
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    this.count++;
    envoy.setRequestHeader("x-handler", this.name());
    this.extra(envoy);
    return RequestHeadersStatus.Continue;
  }
  abstract name(): string;
  extra(envoy: EnvoyHttpFilter): void {
    envoy.setRequestHeader("x-extra", "base");
  }
}

class TestFilter extends BaseFilter {
  name(): string {
    return `test-${this.count}`;
  }
  override onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const status = super.onRequestHeaders(envoy);
    const trace = new Trace();
    const c = new C(trace, "x", 3);
    log.info(`${trace.steps.join(" | ")} level=${c.level} tag=${c.tag} n=${c.n}`);
    log.info(JSON.stringify(c));
    const box = new NamedBox("v");
    log.info(box.describe());
    const speakers: Speaker[] = [new Dog(), new Animal()];
    log.info(speakers.map((s) => s.speak()).join("; "));
    const animal: Animal = new Dog();
    log.info(`${animal.sound} ${animal.speak()} ${animal instanceof Dog}`);
    return status;
  }
  onResponseHeaders(envoy: EnvoyHttpFilter): ResponseHeadersStatus {
    const a: Animal = envoy.getRequestHeaderValue("x-strict") === "1" ? new Strict() : new Dog();
    envoy.setResponseHeader("x-speak", a.speak());
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new TestFilter());
