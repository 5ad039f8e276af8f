// Math.floor/ceil/trunc/abs/sqrt/pow on halves, negatives, zeros, NaN, infinities and huge values.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function z(x: number): string {
  return x === 0 && 1 / x < 0 ? "-0" : String(x);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.2, 1e21 + 0.5, 2 ** 52 + 0.5, 4503599627370497.5, -1e-300, NaN, Infinity, -Infinity, 123.999, -123.001];
    for (const x of xs) {
      log.info(`${z(x)}: floor=${z(Math.floor(x))} ceil=${z(Math.ceil(x))} trunc=${z(Math.trunc(x))} abs=${z(Math.abs(x))}`);
    }
    const roots = [0, -0, 1, 2, 4, 0.25, 1e-300, 1e300, -1, -Infinity, Infinity, NaN, 2 ** 53];
    log.info(roots.map((r) => z(Math.sqrt(r))).join(" "));
    log.info(`${Math.pow(2, 0.5) === Math.sqrt(2)} ${Math.pow(4, 0.5)} ${Math.pow(-4, 0.5)} ${Math.pow(27, 1 / 3)} ${Math.pow(-0, 0.5)}`);
    const hyp = (a: number, b: number) => Math.sqrt(a * a + b * b);
    log.info(`${hyp(3, 4)} ${hyp(1, 1)} ${hyp(1e200, 1e200)} ${hyp(5, 12)}`);
    const intDiv = (a: number, b: number) => Math.trunc(a / b);
    const floorDiv = (a: number, b: number) => Math.floor(a / b);
    log.info([[7, 2], [-7, 2], [7, -2], [-7, -2], [1, 3]].map(([a, b]) => `${intDiv(a!, b!)}/${floorDiv(a!, b!)}`).join(" "));
    log.info(`${Math.abs(-2147483648)} ${Math.abs(-(2 ** 53))} ${Math.floor(-0.0000001)} ${Math.ceil(0.0000001)} ${Math.trunc(-0.9999)}`);
    log.info(`${Math.floor(2.7) + Math.ceil(2.1)} ${Math.sqrt(16) + Math.pow(2, 3)} ${Math.abs(-3) * Math.trunc(-2.9)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
