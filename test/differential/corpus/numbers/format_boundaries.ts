// Number::toString at the switch points: 1e21 and 1e-7, shortest digits, and neighbours of powers.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const near21 = [999999999999999900000, 1e21, 1.0000000000000001e21, 1e21 - 65536, 1e21 + 131072, 9.999999999999999e20, 123e20, 1e22, -1e21, -999999999999999900000];
    log.info(`21: ${near21.join(" ")}`);
    const near7 = [1e-7, 1.1e-7, 9.9e-8, 1e-6, 0.000001, 0.0000011, 0.00000099, 1.5e-7, -1e-7, -0.000001, 0.0000012345];
    log.info(`7: ${near7.join(" ")}`);
    const shortest = [0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 4.35, 0.000123456789, 123456789.123, 1.005, 100, 1e100, 1.23e-100];
    log.info(`shortest: ${shortest.join(" ")}`);
    const pows: string[] = [];
    for (let e = -12; e <= 25; e += 1) pows.push(String(10 ** e));
    log.info(`pow10: ${pows.join(" ")}`);
    const halves: string[] = [];
    let h = 1;
    for (let i = 0; i < 30; i++) {
      h /= 2;
      if (i % 3 === 0) halves.push(String(h));
    }
    log.info(`halves: ${halves.join(" ")}`);
    const thirds: string[] = [];
    for (let e = -9; e <= 22; e += 3) thirds.push(String(10 ** e / 3));
    log.info(`thirds: ${thirds.join(" ")}`);
    const neighbours = [0.1 - 2 ** -56, 0.1 + 2 ** -56, 1 - 2 ** -53, 1 + 2 ** -52, 2 - 2 ** -52, 1e23, 8.41e21, 5e-7, 2 ** -1074, 2 ** -1022, 2 ** 1023];
    log.info(`neighbours: ${neighbours.join(" ")}`);
    log.info(`template: ${1e21}|${1e-7}|${-1e-7}|${123e-20}|${1e300 * 10}|${-1e300 * 1e10}|${0.1 * 0.1}|${9.95}|${2 ** 0.5}`);
    log.info(`String: ${String(1e21)} ${String(1e-7)} ${(1e21).toString()} ${(1e-7).toString()} ${[1e21, 1e-7].join()} ${JSON.stringify({ a: 1e21, b: 1e-7, c: 1e-6 })}`);
    const sums: string[] = [];
    let s = 0;
    for (let i = 0; i < 10; i++) {
      s += 0.1;
      sums.push(String(s));
    }
    log.info(`sums: ${sums.join(" ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
