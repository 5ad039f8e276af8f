// toString(radix): fractions, negatives, large values, every radix, and bad radixes.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const values = [0, -0, 1, -1, 255, -255, 0.5, 0.1, 0.000001, 1e-7, 1 / 3, -0.75, 3.14159, 2 ** 53, 2 ** 53 + 2, 2 ** 60 + 2 ** 8, 1e21, 1e300, Number.MAX_VALUE, 5e-324, NaN, Infinity, -Infinity];
    for (const r of [2, 3, 7, 8, 16, 32, 36]) log.info(`r${r}: ${values.map((x) => x.toString(r)).join(" ")}`);
    const all: string[] = [];
    for (let r = 2; r <= 36; r++) all.push((123456789.123).toString(r));
    log.info(`all: ${all.join(" ")}`);
    const ints: string[] = [];
    for (let r = 2; r <= 36; r += 5) ints.push((-(2 ** 31)).toString(r) + "/" + (2 ** 32 - 1).toString(r));
    log.info(`ints: ${ints.join(" ")}`);
    log.info(`10: ${(0.1).toString(10)} ${(1e21).toString(10)} ${(-0).toString(10)} ${(255).toString(16.9)} ${(255).toString(2.1)}`);
    log.info(`len: ${(0.000001).toString(2).length} ${(Number.MAX_VALUE).toString(2).length} ${(5e-324).toString(2).length} ${(1e-300).toString(36)}`);
    for (const r of [0, 1, 37, -16, Infinity, NaN]) {
      try {
        log.info(`radix ${r}: ${(10).toString(r)}`);
      } catch (e) {
        if (e instanceof RangeError) log.info(`radix ${r}: RangeError ${e.message}`);
      }
    }
    const hex: string[] = [];
    for (let i = 0; i < 20; i++) hex.push((i * 0.1).toString(16));
    log.info(`hex tenths: ${hex.join(" ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
