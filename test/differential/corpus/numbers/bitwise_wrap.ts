// Bitwise operators: ToInt32/ToUint32 wraparound of large, fractional, negative and non-finite operands.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const inputs = [0, -0, 1, -1, 3.7, -3.7, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32, 2 ** 32 + 5, 2 ** 53, 2 ** 53 + 2, 1e21, -1e21, 4294967295.9, NaN, Infinity, -Infinity, 1e-9];
    for (const x of inputs) log.info(`${x}: |0=${x | 0} >>>0=${x >>> 0} ~=${~x} ~~=${~~x} &255=${x & 255} >>1=${x >> 1} ^-1=${x ^ -1}`);
    const shifts = [0, 1, 31, 32, 33, -1, 63, 64, 1.9, -31];
    log.info(shifts.map((s) => `${1 << s}/${-8 >> s}/${-8 >>> s}`).join(" "));
    log.info(`${0xdeadbeef | 0} ${0xdeadbeef >>> 0} ${0xdeadbeef >> 16} ${0xdeadbeef >>> 16} ${(0xdeadbeef & 0xffff) >>> 0}`);
    log.info(`${0x80000000 | 0} ${0x7fffffff + 1 | 0} ${(0x7fffffff + 1) | 0} ${0xffffffff & 0xffffffff}`);
    let h = 0;
    for (const ch of "hello, world") {
      const code = ch === "," ? 44 : ch === " " ? 32 : ch === "h" ? 104 : ch === "e" ? 101 : ch === "l" ? 108 : ch === "o" ? 111 : ch === "w" ? 119 : ch === "r" ? 114 : 100;
      h = (h * 31 + code) | 0;
    }
    log.info(`hash=${h} unsigned=${h >>> 0}`);
    let fnv = 2166136261;
    for (let i = 0; i < 10; i++) {
      fnv ^= i * 7;
      fnv = (fnv * 16777619) >>> 0;
    }
    log.info(`fnv-ish=${fnv}`);
    let bits = 0;
    for (let i = 0; i < 32; i += 3) bits |= 1 << i;
    log.info(`bits=${bits} ${bits >>> 0}`);
    let pop = 0;
    let w = bits >>> 0;
    while (w !== 0) {
      pop += w & 1;
      w >>>= 1;
    }
    log.info(`popcount=${pop}`);
    log.info(`${5 & 3} ${5 | 3} ${5 ^ 3} ${~5} ${-5 >> 1} ${-5 >>> 1} ${5 << 29} ${5 << 30}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
