// Math functions as V8 computes them, including special values.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, 1, -1, 3, 10, 1e-10, 123.456, -7.2, Math.PI, Infinity, -Infinity, NaN, 0.7];
    for (const x of xs) {
      log.info(`${x}: round=${Math.round(x)} floor=${Math.floor(x)} ceil=${Math.ceil(x)} trunc=${Math.trunc(x)} sign=${Math.sign(x)} abs=${Math.abs(x)} fround=${Math.fround(x)} clz32=${Math.clz32(x)}`);
      log.info(`  sqrt=${Math.sqrt(x)} cbrt=${Math.cbrt(x)} exp=${Math.exp(x)} expm1=${Math.expm1(x)} log=${Math.log(x)} log2=${Math.log2(x)} log10=${Math.log10(x)} log1p=${Math.log1p(x)}`);
      log.info(`  sin=${Math.sin(x)} cos=${Math.cos(x)} tan=${Math.tan(x)} asin=${Math.asin(x)} acos=${Math.acos(x)} atan=${Math.atan(x)}`);
      log.info(`  sinh=${Math.sinh(x)} cosh=${Math.cosh(x)} tanh=${Math.tanh(x)} asinh=${Math.asinh(x)} acosh=${Math.acosh(x)} atanh=${Math.atanh(x)}`);
    }
    log.info(`${Math.max()} ${Math.min()} ${Math.max(1, NaN)} ${Math.max(-0, 0)} ${Math.min(0, -0)} ${Math.max(3, 7, 2)} ${Math.min(3, 7, 2)}`);
    log.info(`${Math.hypot(3, 4)} ${Math.hypot()} ${Math.hypot(NaN, Infinity)} ${Math.hypot(1e200, 1e200)} ${Math.atan2(1, 1)} ${Math.atan2(-0, -1)} ${Math.imul(0xffffffff, 5)}`);
    log.info(`${Math.pow(2, 0.5)} ${2 ** -1074} ${Math.pow(-8, 1 / 3)} ${Math.PI} ${Math.E} ${Math.LN2} ${Math.SQRT1_2}`);
    const r = Math.random();
    log.info(`random in range: ${r >= 0 && r < 1}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
