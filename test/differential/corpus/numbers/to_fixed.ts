// toFixed: halfway cases on the exact binary value, negatives, -0, large values, every digit count.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const halves = [1.005, 1.015, 1.025, 1.045, 2.675, 1.45, 1.55, 0.125, 0.375, 8.345, 10.235, 1.0049999999999999, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5];
    log.info(`d2: ${halves.map((x) => x.toFixed(2)).join(" ")}`);
    log.info(`d1: ${halves.map((x) => x.toFixed(1)).join(" ")}`);
    log.info(`d0: ${halves.map((x) => x.toFixed(0)).join(" ")}`);
    const values = [0, -0, 1, -1, 0.1, -0.1, 123.456, -123.456, 1e-10, -1e-10, 0.000001, 1e20, 1e21, 1.5e21, -1e21, 123456789012345680000, 2 ** 70, Number.MAX_VALUE, 5e-324, Infinity, -Infinity, NaN];
    for (const d of [0, 1, 3, 7, 20]) log.info(`fixed(${d}): ${values.map((x) => x.toFixed(d)).join(" ")}`);
    log.info(`long: ${(0.1).toFixed(30)} ${(1 / 3).toFixed(50)} ${(2 ** -20).toFixed(100)}`);
    log.info(`mv: ${(1e-7).toFixed(7)} ${(5e-8).toFixed(7)} ${(4.9e-8).toFixed(7)} ${(0.00000095).toFixed(6)} ${(999.995).toFixed(2)} ${(9.995).toFixed(2)} ${(99.5).toFixed(0)} ${(-99.5).toFixed(0)}`);
    log.info(`fractional digits: ${(1.23456).toFixed(2.9)} ${(1.23456).toFixed(-0.5)} ${(1.5).toFixed(NaN)} ${(2.5).toFixed()}`);
    const bad = [-1, 101, Infinity, -Infinity, 100.5];
    for (const d of bad) {
      try {
        log.info(`ok ${d}: ${(1.5).toFixed(d)}`);
      } catch (e) {
        if (e instanceof RangeError) log.info(`toFixed(${d}): ${e.name}: ${e.message}`);
      }
    }
    try {
      log.info(NaN.toFixed(101));
    } catch (e) {
      if (e instanceof Error) log.info(`NaN.toFixed(101): ${e.message}`);
    }
    log.info(`100 digits: ${(123.456).toFixed(100).length} ${(-1e20).toFixed(100).length}`);
    const money = [19.99 * 3, 0.1 + 0.2, 1.1 * 1.1, 100 / 3, 4.35 * 100, 1.15 * 100];
    log.info(`money: ${money.map((m) => m.toFixed(2)).join(" ")} ${money.map((m) => String(m)).join(" ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
