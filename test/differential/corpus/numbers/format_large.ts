// Formatting of large magnitudes: the 1e21 boundary, 2^53 and beyond, MAX_VALUE, overflow.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    let p = 1;
    for (let i = 0; i < 25; i++) {
      p *= 10;
      log.info(`10^${i + 1} = ${p} ${p + 1} ${-p - 0.5}`);
    }
    const two53 = 2 ** 53;
    log.info(`${two53} ${two53 + 1} ${two53 + 2} ${two53 + 3} ${two53 - 1} ${two53 * 2 + 1}`);
    log.info(`${two53 + 1 === two53} ${two53 + 2 === two53} ${Number.MAX_SAFE_INTEGER} ${Number.MIN_SAFE_INTEGER}`);
    log.info(`${Number.MAX_SAFE_INTEGER + 2} ${Number.MAX_SAFE_INTEGER * 3} ${2 ** 63} ${2 ** 64 - 1} ${-(2 ** 70)}`);
    log.info(`${Number.MAX_VALUE} ${Number.MAX_VALUE * 2} ${-Number.MAX_VALUE * 2} ${Number.MAX_VALUE + 1e291} ${Number.MAX_VALUE + 1e292}`);
    log.info(`${123456789012345678} ${1234567890123456789012} ${999999999999999999999} ${99999999999999999999}`);
    log.info(`${1.5e300} ${2e21 / 2} ${4.5e21 / 2} ${1e21 - 1e5} ${1e21 - 1e6}`);
    let f = 1;
    for (let n = 1; n <= 25; n++) {
      f *= n;
      if (n >= 15) log.info(`${n}! = ${f}`);
    }
    let q = 3;
    const squares: string[] = [];
    for (let i = 0; i < 10; i++) {
      q = q * q;
      squares.push(String(q));
    }
    log.info(squares.join(" "));
    log.info(`${0xffffffff} ${0xffffffffffff} ${0x1fffffffffffff} ${0b1111} ${0o777} ${1_000_000}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
