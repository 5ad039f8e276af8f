// Number to string conversion: shortest round-trip digits and ECMAScript exponent rules.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function show(values: number[]): void {
  for (const v of values) log.info(`${v} | ${String(v)} | ${v + ""} | ${-v}`);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    show([0, -0, 1, -1, 0.1, 0.2 + 0.1, 1 / 3, 2 / 3, 100, 1e21, 1e20, 123456789012345680000, 1e-7, 1.5e-7, 0.000001, 5e-324]);
    show([1.7976931348623157e308, NaN, Infinity, -Infinity, 9007199254740993, 2 ** 53, 2 ** 53 + 1, 2 ** 64, 1.25e-5, 255, 3.14159, 1e300 * 10]);
    show([0.1 * 3, 4.35 * 100, 1.005 * 1000, 123e-20, 5e-7, 123456789, 0.5, -1e-7, 1e100, 12345678901234567890]);
    log.info(String(0 / 0) + String(1 / 0) + String(-1 / 0) + String(1 / -0));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
