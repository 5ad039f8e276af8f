// toPrecision and toExponential: switch to exponent notation, rounding, negatives, errors.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const values = [0, -0, 1, -1, 0.5, 123.456, -123.456, 0.000123, 1e-7, 1e21, 123456789, 9.995, 99.95, 0.00001, 1.25, 1.35, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2, Infinity, -Infinity, NaN];
    for (const p of [1, 2, 3, 6, 10, 21]) log.info(`prec(${p}): ${values.map((x) => x.toPrecision(p)).join(" ")}`);
    log.info(`prec(): ${values.map((x) => x.toPrecision()).join(" ")}`);
    log.info(`exp(): ${values.map((x) => x.toExponential()).join(" ")}`);
    for (const d of [0, 1, 2, 5, 16, 20]) log.info(`exp(${d}): ${values.map((x) => x.toExponential(d)).join(" ")}`);
    log.info(`long: ${(1 / 3).toPrecision(100).length} ${(0.1).toPrecision(30)} ${(0.1).toExponential(40)} ${(2 ** 100).toPrecision(40)}`);
    log.info(`switch: ${(123456).toPrecision(5)} ${(123456).toPrecision(6)} ${(123456).toPrecision(7)} ${(0.000001).toPrecision(1)} ${(0.0000001).toPrecision(1)} ${(1e-6).toPrecision(2)} ${(999999).toPrecision(3)} ${(1e21).toPrecision(22)}`);
    log.info(`round: ${(1.45).toPrecision(2)} ${(1.55).toPrecision(2)} ${(2.5).toPrecision(1)} ${(3.5).toPrecision(1)} ${(-2.5).toPrecision(1)} ${(1.5).toExponential(0)} ${(2.5).toExponential(0)} ${(12.5).toExponential(1)} ${(1.0000000000000002).toExponential(15)}`);
    log.info(`fractional: ${(123.456).toPrecision(2.9)} ${(123.456).toExponential(1.9)} ${(5).toExponential(NaN)}`);
    const bad: [string, number][] = [["p", 0], ["p", 101], ["p", -1], ["p", Infinity], ["e", -1], ["e", 101], ["e", Infinity]];
    for (const [kind, arg] of bad) {
      try {
        log.info(kind === "p" ? (1.5).toPrecision(arg) : (1.5).toExponential(arg));
      } catch (e) {
        if (e instanceof RangeError) log.info(`${kind}(${arg}): ${e.message}`);
      }
    }
    log.info(`special first: ${NaN.toPrecision(0)} ${Infinity.toPrecision(200)} ${(-Infinity).toExponential(-5)} ${NaN.toExponential(1000)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
