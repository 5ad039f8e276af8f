// NaN through every arithmetic, bitwise, comparison and compound operator, and through Math.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function show(label: string, values: number[]): void {
  log.info(`${label}: ${values.map((v) => String(v)).join(" ")}`);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const nan = Number("not a number");
    const one = 1;
    show("arith", [nan + one, one + nan, nan - one, one - nan, nan * 0, 0 * nan, nan / 0, 0 / nan, nan % one, one % nan, nan ** 0, nan ** 1, one ** nan, 0 ** nan]);
    show("unary", [-nan, +nan, -(-nan), nan + -0, Infinity * nan, -Infinity - nan]);
    show("bitwise", [nan | 0, nan & -1, nan ^ 5, ~nan, nan << 3, nan >> 1, nan >>> 0, 7 | nan, 1 << nan, -1 >>> nan, ~~nan]);
    log.info(`compare: ${nan < 1} ${nan > 1} ${nan <= 1} ${nan >= 1} ${nan === nan} ${nan !== nan} ${1 < nan} ${nan < Infinity} ${-Infinity < nan}`);
    log.info(`not: ${!(nan < 0)} ${!(nan >= 0)} ${!nan} ${nan ? "t" : "f"} ${nan || "fallback"} ${nan && "never"} ${nan ?? "kept"}`);
    let x = nan;
    x += 1;
    const a = x;
    x = 5;
    x *= nan;
    const b = x;
    x = 5;
    x -= nan;
    const c = x;
    x = 5;
    x /= nan;
    const d = x;
    x = 5;
    x %= nan;
    const e = x;
    x = 5;
    x **= nan;
    const f = x;
    x = nan;
    x |= 0;
    const g = x;
    x = nan;
    x++;
    const h = x;
    x = nan;
    const i = x--;
    show("compound", [a, b, c, d, e, f, g, h, i, x]);
    show("math1", [Math.abs(nan), Math.floor(nan), Math.ceil(nan), Math.round(nan), Math.trunc(nan), Math.sign(nan), Math.sqrt(nan), Math.cbrt(nan), Math.exp(nan), Math.log(nan)]);
    show("math2", [Math.sin(nan), Math.cos(nan), Math.tan(nan), Math.atan(nan), Math.sinh(nan), Math.tanh(nan), Math.fround(nan), Math.clz32(nan), Math.log2(nan), Math.expm1(nan)]);
    show("math3", [Math.max(1, nan), Math.max(nan, 1), Math.min(nan, -Infinity), Math.max(), Math.min(), Math.hypot(nan, Infinity), Math.hypot(nan, 1), Math.atan2(nan, 1), Math.atan2(1, nan), Math.imul(nan, 3)]);
    show("math4", [Math.pow(nan, 0), Math.pow(1, nan), Math.pow(nan, -0), Math.pow(-1, Infinity), Math.pow(1, -Infinity), Math.sqrt(-1), Math.log(-1), Math.acos(2), Math.asin(-1.5), Math.acosh(0.5), Math.atanh(2), Math.log1p(-2)]);
    show("produce", [Infinity - Infinity, Infinity * 0, 0 / 0, Infinity / -Infinity, Infinity % 1, -Infinity % 2, 0 % 0, Math.sqrt(-0.0001)]);
    const values = [nan, 1, nan, 2];
    log.info(`indexOf=${values.indexOf(nan)} includes=${values.includes(nan)} findIndex=${values.findIndex((v) => v !== v)} filter=${values.filter((v) => v === v).length}`);
    log.info(`isNaN: ${isNaN(nan)} ${Number.isNaN(nan)} ${isNaN(Number("x"))} ${Number.isNaN(0 / 0)} ${isFinite(nan)} ${Number.isFinite(nan)} ${Number.isInteger(nan)} ${Number.isSafeInteger(nan)}`);
    log.info(`strings: ${nan.toFixed(2)} ${nan.toPrecision(3)} ${nan.toExponential(1)} ${nan.toString(2)} ${nan.toString(36)} ${JSON.stringify(nan)} ${JSON.stringify([nan, -nan])}`);
    log.info(`concat: ${"x" + nan} ${nan + "y"} ${[nan, nan].join("|")} ${String([nan])}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
