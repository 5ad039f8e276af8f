// Object.is (SameValue: NaN is NaN, 0 is not -0) and Object.hasOwn (own properties as Object.keys lists them: optional ones once set, even to undefined).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Limits {
  rps: number;
  burst?: number;
  label?: string;
}

class Point {
  constructor(readonly x: number, readonly y: number) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const numbers = [0, -0, NaN, 1, -1, Infinity, 0.1 + 0.2, 0.3];
    for (const a of numbers) log.info(`${a}: ${numbers.map((b) => (Object.is(a, b) ? "1" : "0")).join("")}`);
    const s = "x";
    const p = new Point(1, 2);
    const q = new Point(1, 2);
    const nothing: string | undefined = undefined;
    log.info(`strings ${Object.is(s, "x")} ${Object.is("a", "b")} objects ${Object.is(p, p)} ${Object.is(p, q)} undefined ${Object.is(nothing, undefined)} null ${Object.is(null, null)} booleans ${Object.is(true, !false)}`);
    const limits: Limits = { rps: 10 };
    log.info(`hasOwn: rps=${Object.hasOwn(limits, "rps")} burst=${Object.hasOwn(limits, "burst")} other=${Object.hasOwn(limits, "other")}`);
    limits.burst = 5;
    limits.label = undefined;
    log.info(`after set: burst=${Object.hasOwn(limits, "burst")} label=${Object.hasOwn(limits, "label")} keys=${Object.keys(limits).join(",")}`);
    log.info(`class instance: x=${Object.hasOwn(p, "x")} norm=${Object.hasOwn(p, "norm")} toString=${Object.hasOwn(p, "toString")}`);
    const numbered = { 200: "ok", 404: "missing" };
    const key = 200;
    log.info(`numeric keys: ${Object.hasOwn(numbered, key)} ${Object.hasOwn(numbered, "404")} ${Object.hasOwn(numbered, 500)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
