// Every Math function on the special values: NaN, ±0, ±Infinity, ±1, tiny and huge.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { signedZero } from "../lib/units";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const specials = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -0.5, 5e-324, 1.7976931348623157e308, 2 ** 53 + 2, -2.5, 3.5];
    const unary: [string, (x: number) => number][] = [
      ["abs", (x) => Math.abs(x)], ["floor", (x) => Math.floor(x)], ["ceil", (x) => Math.ceil(x)], ["round", (x) => Math.round(x)], ["trunc", (x) => Math.trunc(x)], ["sign", (x) => Math.sign(x)],
      ["sqrt", (x) => Math.sqrt(x)], ["cbrt", (x) => Math.cbrt(x)], ["exp", (x) => Math.exp(x)], ["expm1", (x) => Math.expm1(x)], ["log", (x) => Math.log(x)], ["log2", (x) => Math.log2(x)],
      ["log10", (x) => Math.log10(x)], ["log1p", (x) => Math.log1p(x)], ["sin", (x) => Math.sin(x)], ["cos", (x) => Math.cos(x)], ["tan", (x) => Math.tan(x)], ["asin", (x) => Math.asin(x)],
      ["acos", (x) => Math.acos(x)], ["atan", (x) => Math.atan(x)], ["sinh", (x) => Math.sinh(x)], ["cosh", (x) => Math.cosh(x)], ["tanh", (x) => Math.tanh(x)], ["asinh", (x) => Math.asinh(x)],
      ["acosh", (x) => Math.acosh(x)], ["atanh", (x) => Math.atanh(x)], ["fround", (x) => Math.fround(x)], ["clz32", (x) => Math.clz32(x)],
    ];
    for (const [name, fn] of unary) {
      log.info(`${name}: ${specials.map((x) => signedZero(fn(x))).join(" ")}`);
    }
    const pairs: [number, number][] = [[NaN, 0], [0, NaN], [1, NaN], [NaN, 1], [-1, Infinity], [-1, -Infinity], [0.5, Infinity], [2, -Infinity], [-0, -1], [-0, -3], [0, -3], [-Infinity, 3], [-Infinity, -3], [-Infinity, 2], [-8, 1 / 3], [Infinity, 0], [-2, 0.5], [10, 308], [10, 309], [2, -1074], [2, -1075]];
    log.info(`pow: ${pairs.map(([a, b]) => signedZero(a ** b)).join(" ")}`);
    log.info(`Math.pow: ${pairs.map(([a, b]) => signedZero(Math.pow(a, b))).join(" ")}`);
    log.info(`atan2: ${pairs.map(([a, b]) => signedZero(Math.atan2(a, b))).join(" ")}`);
    log.info(`hypot: ${pairs.map(([a, b]) => signedZero(Math.hypot(a, b))).join(" ")} ${Math.hypot()} ${Math.hypot(-0)} ${signedZero(Math.hypot(-0, -0))} ${Math.hypot(3, 4, 12)} ${Math.hypot(1e200, 1e200)} ${Math.hypot(1e-200, 1e-200)}`);
    log.info(`imul: ${pairs.map(([a, b]) => signedZero(Math.imul(a, b))).join(" ")} ${Math.imul(0xffffffff, 5)} ${Math.imul(0x7fffffff, 0x7fffffff)} ${Math.imul(-5, 12)}`);
    log.info(`max: ${pairs.map(([a, b]) => signedZero(Math.max(a, b))).join(" ")}`);
    log.info(`min: ${pairs.map(([a, b]) => signedZero(Math.min(a, b))).join(" ")}`);
    log.info(`max3: ${signedZero(Math.max(-0, 0, -0))} ${signedZero(Math.min(0, -0, 0))} ${Math.max(1, 2, NaN, 3)} ${Math.min(Infinity, 5, 3)} ${Math.max(-Infinity)}`);
    const rounds = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, -0.49999999999999994, 4503599627370495.5, -4503599627370495.5, 4503599627370497, 1e300, -1e-300];
    log.info(`round: ${rounds.map((x) => signedZero(Math.round(x))).join(" ")}`);
    log.info(`fround: ${[0.1, 1e40, -1e40, 1e-46, -1e-46, 3.4028235677973366e38, 16777217, 1.00000005960464477539].map((x) => signedZero(Math.fround(x))).join(" ")}`);
    log.info(`clz32: ${[1, 2 ** 31, 2 ** 32, 2 ** 32 + 1, -1, 0.9, -0.9, 4294967295.5, 1e20].map((x) => Math.clz32(x)).join(" ")}`);
    log.info(`consts: ${Math.PI} ${Math.E} ${Math.LN2} ${Math.LN10} ${Math.LOG2E} ${Math.LOG10E} ${Math.SQRT2} ${Math.SQRT1_2}`);
    log.info(`trig: ${Math.sin(Math.PI)} ${Math.cos(Math.PI / 2)} ${Math.tan(Math.PI / 4)} ${Math.sin(1e22)} ${Math.cos(1e300)} ${Math.tan(-1e10)} ${Math.atan(1e308)}`);
    const r = Math.random();
    log.info(`random in range: ${r >= 0 && r < 1}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
