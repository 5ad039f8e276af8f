// typeof narrowing of wide unions, null vs undefined, discriminated unions with switch, instanceof narrowing.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

type Shape =
  | { kind: "circle"; r: number }
  | { kind: "rect"; w: number; h: number }
  | { kind: "tri"; a: number; b: number; c: number };

type Value = string | number | boolean | null | undefined | number[];

function area(s: Shape): number {
  switch (s.kind) {
    case "circle":
      return 3 * s.r * s.r;
    case "rect":
      return s.w * s.h;
    case "tri": {
      const p = (s.a + s.b + s.c) / 2;
      return Math.sqrt(p * (p - s.a) * (p - s.b) * (p - s.c));
    }
  }
}

function show(v: Value): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return `str(${v.length}:${v})`;
  if (typeof v === "number") return Number.isInteger(v) ? `int(${v})` : `num(${v})`;
  if (typeof v === "boolean") return v ? "yes" : "no";
  return `arr(${v.length}:${v.join("+")})`;
}

class Cat {
  constructor(readonly name: string) {}
  meow(): string {
    return `${this.name} meows`;
  }
}

class Dog {
  constructor(readonly name: string, readonly good: boolean) {}
  bark(): string {
    return `${this.name} barks${this.good ? " nicely" : ""}`;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const shapes: Shape[] = [{ kind: "circle", r: 2 }, { kind: "rect", w: 3, h: 4.5 }, { kind: "tri", a: 3, b: 4, c: 5 }];
    log.info(shapes.map((s) => `${s.kind}=${area(s)}`).join(" "));
    log.info(JSON.stringify(shapes.filter((s) => s.kind !== "rect")));
    const vals: Value[] = ["", "abc", 0, -2.5, 7, true, false, null, undefined, [], [1, 2]];
    log.info(vals.map(show).join(" "));
    log.info(vals.map((v) => typeof v).join(","));
    log.info(vals.map((v) => (v == null ? "nullish" : "value")).join(","));
    const pets: (Cat | Dog)[] = [new Cat("tom"), new Dog("rex", true), new Dog("max", false)];
    for (const p of pets) log.info(p instanceof Cat ? p.meow() : p.bark());
    log.info(`${pets.filter((p) => p instanceof Dog).length} ${pets[0] instanceof Dog}`);
    const input: string | number = vals.length > 3 ? "42" : 42;
    const asNum = typeof input === "string" ? Number(input) : input;
    log.info(`${asNum + 1} ${typeof input}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
