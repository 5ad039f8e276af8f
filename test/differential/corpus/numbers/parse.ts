// Number(), parseInt, parseFloat, toFixed, toString(radix), toPrecision, toExponential.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const texts = ["42", "  42  ", "4.2e1", "0x1F", "0b101", "0o17", "-0", "", " ", "abc", "12abc", "Infinity", "-Infinity", "1e1000", ".5", "5.", "+7", "--1", "0.1e-5", "١٢"];
    for (const t of texts) log.info(`${JSON.stringify(t)}: Number=${Number(t)} parseInt=${parseInt(t)} parseFloat=${parseFloat(t)} radix16=${parseInt(t, 16)} +=${+t}`);
    log.info(`${parseInt("ff", 16)} ${parseInt("z", 36)} ${parseInt("10", 2)} ${parseInt("10", 1)} ${parseInt("10", 37)} ${parseInt("0x10")} ${parseInt("0x10", 10)} ${parseInt("123", 0)}`);
    const xs = [0, 1.005, 1.45, 2.5, -2.5, 0.000001234, 123.456, 1e21, -0, 1 / 3, 10.235];
    for (const x of xs) {
      log.info(`${x}: fixed0=${x.toFixed(0)} fixed2=${x.toFixed(2)} fixed5=${x.toFixed(5)} p3=${x.toPrecision(3)} e2=${x.toExponential(2)} e=${x.toExponential()}`);
    }
    for (const x of [255, -255, 0.5, 3.75, 1e21, 0.1, -0, 123.456]) log.info(`${x}: b2=${x.toString(2)} b16=${x.toString(16)} b36=${x.toString(36)} b8=${x.toString(8)}`);
    log.info(`${Number.isInteger(5.0)} ${Number.isInteger(5.1)} ${Number.isSafeInteger(2 ** 53)} ${Number.isSafeInteger(2 ** 53 - 1)} ${Number.isNaN(NaN)} ${isNaN(Number("x"))} ${isFinite(1e308 * 10)}`);
    log.info(`${Number(true)} ${Number(false)} ${Number(undefined)} ${Number(null)} ${String(true)} ${Boolean("")} ${Boolean("0")} ${Boolean(NaN)}`);
    try {
      (1).toFixed(101);
    } catch (e) {
      if (e instanceof RangeError) log.info(e.message);
    }
    try {
      (1).toString(1);
    } catch (e) {
      if (e instanceof RangeError) log.info(e.message);
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
