// Number.isInteger / isSafeInteger / isNaN / isFinite and the Number constants around them.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function mark(b: boolean): string {
  return b ? "Y" : "n";
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const values = [
      0, -0, 1, -1, 1.5, -1.5, 1e21, 1e-7, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53 - 1), -(2 ** 53),
      Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, NaN, Infinity, -Infinity, 5.0, 0.1 * 3 * 10, 4.000000000000001,
      4.0000000000000001, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER,
    ];
    for (const v of values) {
      log.info(`${v}: int=${mark(Number.isInteger(v))} safe=${mark(Number.isSafeInteger(v))} nan=${mark(Number.isNaN(v))} fin=${mark(Number.isFinite(v))}`);
    }
    const counts = [0, 0, 0, 0];
    for (const v of values) {
      if (Number.isInteger(v)) counts[0]!++;
      if (Number.isSafeInteger(v)) counts[1]!++;
      if (Number.isNaN(v)) counts[2]!++;
      if (Number.isFinite(v)) counts[3]!++;
    }
    log.info(`counts ${counts.join(" ")}`);
    log.info(`${Number.isInteger(Number("12"))} ${Number.isNaN(Number("x"))} ${Number.isFinite(Number("1e400"))} ${Number.isSafeInteger(Number("9007199254740993"))}`);
    log.info(`${Number.MAX_SAFE_INTEGER - Number.MIN_SAFE_INTEGER} ${Number.EPSILON * 2 ** 52} ${1 + Number.EPSILON > 1} ${1 + Number.EPSILON / 2 > 1}`);
    log.info(`${isNaN(NaN)} ${isFinite(1 / 0)} ${isNaN(0 / 0 + 1)} ${isFinite(-0)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
