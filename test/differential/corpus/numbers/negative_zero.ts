// Negative zero through operators, Math, conversions and collections, detected with 1/x (no Object.is).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function z(x: number): string {
  if (x === 0) return 1 / x < 0 ? "-0" : "+0";
  return String(x);
}

function row(label: string, values: number[]): void {
  log.info(`${label}: ${values.map(z).join(" ")}`);
}

class T implements HttpFilter {
  private field = -0;
  onRequestHeaders(): RequestHeadersStatus {
    const n = -0;
    const p = 0;
    row("add", [n + n, n + p, p + n, n - p, n - n, p - p, p - n, -p, -n, n * 1, -1 * p, n / 1, p / -1, n * n]);
    row("mod", [n % 1, n % -1, -1 % 1, -5 % 5, 5 % -5, -4.5 % 1.5, n % Infinity, -3 % Infinity]);
    row("round", [Math.round(-0.4), Math.round(-0.5), Math.round(-0.50000001), Math.round(0.4), Math.round(n), Math.ceil(-0.9), Math.floor(n), Math.trunc(-0.1), Math.trunc(0.1)]);
    row("math", [Math.abs(n), Math.sign(n), Math.sign(-3), Math.sqrt(n), Math.cbrt(n), Math.sin(n), Math.tan(n), Math.atan(n), Math.asin(n), Math.sinh(n), Math.tanh(n), Math.expm1(n), Math.log1p(n), Math.fround(n)]);
    row("minmax", [Math.max(n, p), Math.max(p, n), Math.min(n, p), Math.min(p, n), Math.max(n), Math.min(n, n), Math.max(n, -1), Math.min(n, 1)]);
    row("pow", [n ** 1, n ** 2, n ** 3, n ** -1, n ** -2, n ** 0.5, Math.pow(n, 3), (-1e-200) ** 3, (-1e-200) * 1e-200, 1e-200 * -1e-200]);
    row("atan2", [Math.atan2(n, p), Math.atan2(n, n), Math.atan2(p, n), Math.atan2(n, 1), Math.atan2(n, -1)]);
    row("bitwise", [n | 0, n & 1, n >>> 0, n >> 0, ~~n, n << 0]);
    row("parse", [Number("-0"), Number(" -0 "), parseFloat("-0"), parseFloat("-0.0e5"), parseInt("-0"), parseInt("-0", 16), Number("-0x0") , +"-0", Number("-")]);
    row("literal", [-0, -0.0, 0 * -7, -0e10, -(0), 1 / -Infinity, -1 / Infinity, -Number.MIN_VALUE / 2, Number.MIN_VALUE * -0.4]);
    log.info(`format: ${n} ${String(n)} ${n.toString()} ${n.toFixed(2)} ${n.toPrecision(3)} ${n.toExponential(2)} ${n.toString(2)} ${[n, p].join(",")} ${JSON.stringify({ n })} ${`${-0}`}`);
    log.info(`compare: ${n === p} ${n < p} ${n > p} ${n <= p} ${n >= p} ${n !== 0} ${!n} ${n ? "t" : "f"} ${1 / n === -Infinity} ${1 / p === Infinity}`);
    const xs = [1, n, 2, p];
    log.info(`array: indexOf(0)=${xs.indexOf(0)} indexOf(-0)=${xs.indexOf(-0)} lastIndexOf(0)=${xs.lastIndexOf(0)} includes=${xs.includes(p)} ${xs.map(z).join(",")}`);
    const sorted = [p, n, p, n, -1, 1].sort((a, b) => a - b);
    log.info(`sorted: ${sorted.map(z).join(",")}`);
    const m = new Map<number, string>();
    m.set(n, "negative");
    m.set(p, "positive");
    const keys: string[] = [];
    for (const k of m.keys()) keys.push(z(k));
    log.info(`map: size=${m.size} get(0)=${m.get(0)} get(-0)=${m.get(-0)} keys=${keys.join(",")}`);
    const s = new Set<number>([n, p, n]);
    const svals: string[] = [];
    s.forEach((v) => svals.push(z(v)));
    log.info(`set: size=${s.size} has(0)=${s.has(0)} values=${svals.join(",")}`);
    row("field", [this.field, -this.field, this.field + 0, this.field - 0, this.field * -1]);
    this.field -= 0;
    const f1 = this.field;
    this.field += 0;
    row("field2", [f1, this.field]);
    let k = 1;
    k--;
    const afterDec = k;
    k = -1;
    k++;
    row("incdec", [afterDec, k, -k]);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
