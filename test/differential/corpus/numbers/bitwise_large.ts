// Bitwise operators on large, negative, fractional and special operands (ToInt32 / ToUint32).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [0, -0, 1.9, -1.9, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 32, 2 ** 32 + 3.7, -(2 ** 32) - 1, 2 ** 53 + 2, 2 ** 64 + 2 ** 40, 1e21, -1e21, 1e300, 5e-324, Infinity, -Infinity, NaN, 0xdeadbeef, -0x80000001];
    log.info(`|0: ${xs.map((x) => x | 0).join(" ")}`);
    log.info(`>>>0: ${xs.map((x) => x >>> 0).join(" ")}`);
    log.info(`~: ${xs.map((x) => ~x).join(" ")}`);
    log.info(`&ff: ${xs.map((x) => x & 0xff).join(" ")}`);
    log.info(`^-1: ${xs.map((x) => x ^ -1).join(" ")}`);
    const shifts = [0, 1, 31, 32, 33, -1, 63, 64.5, -31.5, 2 ** 32 + 2, NaN];
    log.info(`1<<: ${shifts.map((s) => 1 << s).join(" ")}`);
    log.info(`-1>>: ${shifts.map((s) => -1 >> s).join(" ")}`);
    log.info(`-1>>>: ${shifts.map((s) => -1 >>> s).join(" ")}`);
    log.info(`big<<: ${shifts.map((s) => 0x7fffffff << s).join(" ")}`);
    log.info(`min>>: ${shifts.map((s) => -2147483648 >> s).join(" ")}`);
    log.info(`frac>>>: ${shifts.map((s) => -5.5 >>> s).join(" ")}`);
    let h = 0;
    for (const c of "hello, wörld 😀") h = (Math.imul(h, 31) + (c.codePointAt(0) ?? 0)) | 0;
    log.info(`hash: ${h} ${h >>> 0} ${(h >>> 0).toString(16)}`);
    let fnv = 0x811c9dc5;
    for (let i = 0; i < 20; i++) {
      fnv ^= i * 7;
      fnv = Math.imul(fnv, 0x01000193) >>> 0;
    }
    log.info(`fnv: ${fnv}`);
    let c = 0xffffffff;
    c &= 0xf0f0f0f0;
    const a1 = c;
    c |= 1;
    const a2 = c;
    c ^= 0xffffffff;
    const a3 = c;
    c <<= 4;
    const a4 = c;
    c >>= 2;
    const a5 = c;
    c >>>= 1;
    log.info(`compound: ${a1} ${a2} ${a3} ${a4} ${a5} ${c}`);
    const bits: number[] = [];
    for (let i = 0; i < 33; i++) bits.push((0xa5a5a5a5 >>> i) & 1);
    log.info(`bits: ${bits.join("")}`);
    log.info(`precedence: ${1 + 2 << 3} ${1 | 2 ^ 3 & 4} ${-1 >>> 28 >> 1} ${~-1 | ~0} ${(5 & 3) === 1 ? 1 : 0}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
