// Subclasses: super(...) and field order (base fields, base constructor, then the subclass's
// fields), overriding with dispatch through a base-typed reference, super.method(), instanceof
// along the chain, abstract classes and methods, override, inherited methods and toString.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

abstract class Shape {
  readonly kind: string;
  created = 0;
  constructor(kind: string, readonly id: number) {
    this.kind = kind;
    this.created = id * 10;
  }
  abstract area(): number;
  describe(): string {
    return `${this.kind}#${this.id} area=${this.area().toFixed(2)} scaled=${this.scaled(2)}`;
  }
  scaled(factor: number): number {
    return this.area() * factor;
  }
  toString(): string {
    return `<${this.kind}>`;
  }
}

class Circle extends Shape {
  radius = 1;
  constructor(id: number, radius: number) {
    super("circle", id);
    this.radius = radius;
  }
  area(): number {
    return Math.PI * this.radius * this.radius;
  }
}

class Rect extends Shape {
  constructor(id: number, readonly w: number, readonly h: number) {
    super("rect", id);
  }
  area(): number {
    return this.w * this.h;
  }
  override describe(): string {
    return `[${super.describe()}] ${this.w}x${this.h}`;
  }
}

class Square extends Rect {
  label = `sq${this.w}`;
  constructor(id: number, side: number) {
    super(id, side, side);
  }
  override scaled(factor: number): number {
    return super.scaled(factor) + 0.5;
  }
  override toString(): string {
    return `<square ${this.label}>`;
  }
}

class Base {
  name = "base";
  hello(): string {
    return `hello from ${this.name}`;
  }
}

class Derived extends Base {
  extra = 7;
}

function total(shapes: Shape[]): number {
  let sum = 0;
  for (const s of shapes) sum += s.area();
  return sum;
}

function kindOf(s: Shape): string {
  if (s instanceof Square) return `square ${s.label}`;
  if (s instanceof Rect) return `rect ${s.w}`;
  if (s instanceof Circle) return `circle ${s.radius}`;
  return "shape";
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const shapes: Shape[] = [new Circle(1, 2), new Rect(2, 3, 4), new Square(3, 5)];
    for (const s of shapes) {
      log.info(s.describe());
      log.info(`${s} ${kindOf(s)} ${s instanceof Shape} ${s instanceof Rect} ${s instanceof Square} created=${s.created}`);
      log.info(JSON.stringify(s));
      log.info(Object.keys(s).join(","));
    }
    log.info(total(shapes).toFixed(3));
    const sq = new Square(9, 2);
    const asRect: Rect = sq;
    log.info(`${asRect.area()} ${asRect.scaled(3)} ${asRect.w} ${sq.label}`);
    const d = new Derived();
    const b: Base = d;
    b.name = "changed";
    log.info(`${d.hello()} ${b.hello()} ${d.extra} ${b instanceof Derived} ${new Base().hello()}`);
    envoy.setRequestHeader("x-total", total(shapes).toFixed(1));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
