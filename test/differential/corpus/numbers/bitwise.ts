// Bitwise operators: ToInt32 / ToUint32 conversions and shift counts masked to 5 bits.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const values = [0, 1, -1, 2 ** 31, 2 ** 32 + 5, -(2 ** 31) - 1, 3.7, -3.7, NaN, Infinity, 1e20, 0xff];
    for (const v of values) {
      log.info(`${v}: & ${v & 0xf0f} | ${v | 3} ^ ${v ^ -1} ~ ${~v} << ${v << 33} >> ${v >> 4} >>> ${v >>> 0} ${v >>> 28}`);
    }
    let flags = 0;
    flags |= 4;
    flags &= ~1;
    flags ^= 8;
    flags <<= 2;
    flags >>= 1;
    flags >>>= 0;
    log.info(`flags=${flags}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
