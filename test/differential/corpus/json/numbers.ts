// JSON.stringify of numbers: -0, NaN, Infinity, 1e21, 2^53 and beyond, tiny values; JSON.parse of number texts: 1e400, -0, exponents, precision.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { signedZero } from "../lib/units";

interface Num {
  v: number;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const values = [0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, 2 ** 53, 2 ** 53 + 2, 2 ** 64, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE, 0.1 + 0.2, -1.5e-300, 123456789012345680000, 1 / 3];
    log.info(`array: ${JSON.stringify(values)}`);
    log.info(`each: ${values.map((v) => JSON.stringify(v)).join(" ")}`);
    log.info(`object: ${JSON.stringify({ negZero: -0, nan: NaN, inf: -Infinity, big: 1e21 })}`);
    const texts = ["0", "-0", "-0.0", "0e5", "-0e-5", "1e400", "-1e400", "1e-400", "-1e-400", "1E2", "1e+2", "2.5e-3", "9007199254740993", "18446744073709551616", "0.30000000000000004", "123456789012345678901234567890", "1.7976931348623157e308", "1.7976931348623159e308", "5e-324", "2e-324", "4.9406564584124654e-324", "  42  ", "\t\n\r 7"];
    for (const t of texts) {
      const n: number = JSON.parse(t);
      const wrapped: Num = JSON.parse(`{"v":${t}}`);
      log.info(`${JSON.stringify(t)} -> ${signedZero(n)} ${signedZero(wrapped.v)} ${JSON.stringify(n)}`);
    }
    const bad = ["01", "-", "+1", ".5", "5.", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "1_000", "--1", "1.2.3", "１", "1 2", "[1,]", "00", "-01", "1e5.5"];
    for (const t of bad) {
      try {
        const n: number = JSON.parse(t);
        log.info(`${JSON.stringify(t)} parsed ${n}`);
      } catch (e) {
        if (e instanceof SyntaxError) log.info(`${JSON.stringify(t)} SyntaxError`);
        else if (e instanceof Error) log.info(`${JSON.stringify(t)} ${e.name}`);
      }
    }
    const list: number[] = JSON.parse("[-0, 1e400, 0.1, -1e-400]");
    log.info(`list: ${list.map(signedZero).join(" ")} ${JSON.stringify(list)}`);
    const round = values.filter((v) => Number.isFinite(v)).every((v) => {
      const back: number = JSON.parse(JSON.stringify(v));
      return back === v;
    });
    log.info(`round trip finite: ${round}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
