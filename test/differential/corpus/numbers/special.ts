// NaN, Infinity and negative zero: formatting, comparisons, propagation, detection via 1/x.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function sign0(x: number): string {
  if (x !== 0) return x > 0 ? "+" : x < 0 ? "-" : "nan";
  return 1 / x === -Infinity ? "-0" : "+0";
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const nan = NaN;
    const inf = Infinity;
    const negZero = -0;
    log.info(`${nan} ${inf} ${-inf} ${negZero} ${String(negZero)} ${[negZero].join()} ${JSON.stringify([negZero, nan, inf])}`);
    log.info(`${nan === nan} ${nan !== nan} ${nan < 1} ${nan > 1} ${nan <= nan} ${nan >= nan} ${!(nan < 1)}`);
    log.info(`${negZero === 0} ${negZero < 0} ${negZero <= 0} ${1 / negZero} ${1 / 0} ${-1 / negZero}`);
    log.info(`${inf - inf} ${inf * 0} ${inf / inf} ${inf + inf} ${-inf - inf} ${inf * -1} ${0 / 0}`);
    log.info(`${inf > Number.MAX_VALUE} ${-inf < -Number.MAX_VALUE} ${inf === inf} ${inf === -(-inf)}`);
    log.info(`${nan + 1} ${nan * 0} ${nan ** 0} ${0 ** nan} ${nan % 1} ${5 % 0} ${inf % 2} ${2 % inf}`);
    const zeros = [0 * -1, -0 + 0, -0 - 0, 0 - 0, -0 * -0, -1 * 0, 0 / -5, -0 / 5, Math.ceil(-0.4), Math.trunc(-0.9), -0 % 5, -4 % 2, 4 % -2];
    log.info(zeros.map(sign0).join(" "));
    log.info([1, -1, 0, -0, nan, inf, -inf].map(sign0).join(" "));
    const values = [3, nan, -0, 0, inf, -inf, 1e-300];
    log.info(values.map((v) => (v ? "truthy" : "falsy")).join(","));
    log.info(values.map((v) => `${v === v}`).join(","));
    let count = 0;
    for (const v of values) if (v < inf) count++;
    log.info(`below inf: ${count}`);
    log.info(`${Number.NaN} ${Number.POSITIVE_INFINITY} ${Number.NEGATIVE_INFINITY} ${-Number.NaN}`);
    log.info(`${sign0(Math.abs(negZero))} ${sign0(Math.floor(-0))} ${sign0(Math.sqrt(-0))} ${sign0(Math.pow(-0, 3))}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
