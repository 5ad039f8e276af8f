// Interfaces with methods and data properties implemented by several classes and by object literals
// (methods using `this`, arrow functions, function-valued properties): values of the interface
// type in arrays, Maps and fields, passed and returned; calls and reads dispatch to the right
// implementation, writes through the interface are seen through the class reference and back
// (no copies: ===, instanceof), JSON.stringify and Object.keys see the object itself.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Shape {
  name: string;
  area(): number;
  scale(k: number): void;
  describe(prefix?: string): string;
}

class Square implements Shape {
  constructor(
    public name: string,
    public side: number,
  ) {}
  area(): number {
    return this.side * this.side;
  }
  scale(k: number): void {
    this.side *= k;
  }
  describe(prefix = "square"): string {
    return `${prefix} ${this.name} ${this.side}`;
  }
}

class Circle implements Shape {
  readonly kind = "circle";
  constructor(
    public name: string,
    public radius: number,
  ) {}
  area(): number {
    return Math.round(Math.PI * this.radius * this.radius * 100) / 100;
  }
  scale(k: number): void {
    this.radius = this.radius * k;
  }
  describe(prefix?: string): string {
    return `${prefix ?? "circle"} ${this.name} r=${this.radius}`;
  }
}

interface Rule {
  readonly id: string;
  hits: number;
  matches(path: string): boolean;
}

class PrefixRule implements Rule {
  hits = 0;
  constructor(
    readonly id: string,
    private readonly prefix: string,
  ) {}
  matches(path: string): boolean {
    return path.startsWith(this.prefix);
  }
}

class HeaderRule implements Rule {
  hits = 0;
  readonly id: string;
  constructor(private readonly header: string) {
    this.id = `header:${header}`;
  }
  matches(path: string): boolean {
    return path.includes(this.header);
  }
}

function totalArea(shapes: Shape[]): number {
  let total = 0;
  for (const s of shapes) total += s.area();
  return total;
}

function biggest(shapes: Shape[]): Shape | undefined {
  let best: Shape | undefined;
  for (const s of shapes) if (best === undefined || s.area() > best.area()) best = s;
  return best;
}

function grow(shape: Shape, k: number): Shape {
  shape.scale(k);
  return shape;
}

class Router {
  private readonly byId = new Map<string, Rule>();
  fallback: Rule;
  constructor(readonly rules: Rule[]) {
    for (const r of rules) this.byId.set(r.id, r);
    this.fallback = { id: "fallback", hits: 0, matches: () => true };
  }
  route(path: string): Rule {
    const rule = this.rules.find((r) => r.matches(path)) ?? this.fallback;
    rule.hits++;
    return rule;
  }
  get(id: string): Rule | undefined {
    return this.byId.get(id);
  }
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const sq = new Square("s", 2);
    const ci = new Circle("c", 1);
    let counter = 0;
    const tri: Shape = {
      name: "tri",
      area() {
        return this.name.length * 10;
      },
      scale: (k) => {
        counter += k;
      },
      describe(prefix) {
        return `${prefix ?? "literal"} ${this.name} ${counter}`;
      },
    };
    const shapes: Shape[] = [sq, ci, tri];
    log.info(`${shapes.map((s) => s.area()).join(",")} total=${totalArea(shapes)} ${shapes.map((s) => s.describe()).join(" | ")}`);
    log.info(shapes.map((s) => s.describe(">")).join(" | "));
    for (const s of shapes) s.scale(3);
    log.info(`${sq.side} ${ci.radius} ${counter} ${shapes.map((s) => s.area()).join(",")} biggest=${biggest(shapes)?.name}`);

    const asShape: Shape = sq;
    asShape.name = "renamed";
    sq.side = 10;
    log.info(`${sq.name} ${asShape.area()} ${asShape === sq} ${shapes[0] === asShape} ${asShape instanceof Square} ${asShape instanceof Circle}`);
    const g = grow(ci, 2);
    log.info(`${g === ci} ${ci.radius} ${g.describe()} ${g instanceof Circle ? g.kind : "?"}`);
    for (const s of shapes) {
      if (s instanceof Square) log.info(`square side ${s.side}`);
      else if (s instanceof Circle) log.info(`circle radius ${s.radius} ${s.kind}`);
      else log.info(`other ${s.name}`);
    }
    log.info(`${JSON.stringify(shapes)} ${shapes.map((s) => Object.keys(s).join("+")).join(" ")}`);
    // New arrays of class instances (a filter, a copy, a spread) typed with the interface.
    const squares = [new Square("p", 1), new Square("q", 2), sq];
    const large: Shape[] = squares.filter((q) => q.side > 1);
    const copied: Shape[] = squares.slice(1);
    const spread: Shape[] = [...squares, tri];
    spread.push(...squares.toReversed());
    large.push(tri);
    const unique = new Set<Shape>(spread);
    log.info(`${large.map((s) => s.name).join("")} ${copied.length} ${spread.map((s) => s.area()).join(",")} ${unique.size} ${squares.length} ${large[0] === squares[1]}`);

    const router = new Router([new PrefixRule("api", "/api"), new HeaderRule("admin"), { id: "long", hits: 0, matches: (p) => p.length > 12 }]);
    const paths = ["/api/x", "/admin", "/very/long/path/here", "/", "/api/admin", "/x"];
    log.info(paths.map((p) => router.route(p).id).join(" "));
    log.info(router.rules.map((r) => `${r.id}=${r.hits}`).join(" ") + ` fallback=${router.fallback.hits}`);
    const api = router.get("api");
    if (api instanceof PrefixRule) log.info(`api is a PrefixRule with ${api.hits} hits ${api.matches("/apix")}`);
    const picked = router.route(envoy.getRequestHeaderValue(":path") ?? "/api/default");
    log.info(`${picked.id} ${picked === api} ${router.get("missing") === undefined} ${JSON.stringify(router.rules)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
