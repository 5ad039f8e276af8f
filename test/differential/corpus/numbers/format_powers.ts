// String() of every power of two (the asymmetric rounding intervals), of their neighbours, and of decimal powers and their neighbours.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    let line: string[] = [];
    for (let e = -1074; e <= 1023; e++) {
      line.push(String(2 ** e));
      if (line.length === 40) {
        log.info(line.join(" "));
        line = [];
      }
    }
    log.info(line.join(" "));
    line = [];
    let x = 5e-324;
    for (let i = 0; i < 60; i++) {
      line.push(String(x), String(-x * 3));
      x *= 7.3;
    }
    log.info(line.join(" "));
    line = [];
    for (let e = -30; e <= 30; e++) {
      const p = Number(`1e${e}`);
      line.push(`${p}|${p * (1 + Number.EPSILON)}|${p * (1 - Number.EPSILON / 2)}`);
    }
    log.info(line.join(" "));
    const specials = [2 ** -1017, 2 ** -1022 - 2 ** -1074, 2 ** 1023 * 1.5, 1.7976931348623157e308 / 3, 4.9406564584124654e-324 * 3, 9007199254740993, 0.1 ** 10, 1 / 7, 22 / 7, Math.PI * 1e15, Math.E * 1e-15];
    log.info(specials.map((v) => `${v}`).join(" "));
    log.info(specials.map((v) => v.toExponential()).join(" "));
    log.info(specials.map((v) => JSON.stringify(v)).join(" "));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
