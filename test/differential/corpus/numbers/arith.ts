// Arithmetic edge cases: NaN, -0, modulo signs, exponentiation, precision past 2^53.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const a = [7, -7, 7.5, -7.5, 0, -0, Infinity, NaN];
    const b = [3, -3, 0, -0, Infinity, 0.5];
    for (const x of a) {
      const row: string[] = [];
      for (const y of b) row.push(`${x % y}/${x / y}/${x * y}/${x - y}`);
      log.info(row.join(" "));
    }
    log.info(`${2 ** 10} ${2 ** -1} ${(-8) ** (1 / 3)} ${1 ** NaN} ${(-1) ** Infinity} ${0 ** 0} ${NaN ** 0}`);
    log.info(`${9007199254740992 + 1} ${9007199254740992 + 2}`);
    log.info(`${1 / -0 < 0} ${-0 === 0} ${Infinity - Infinity}`);
    let x = 10;
    x += 5;
    x -= 3;
    x *= 2;
    x /= 4;
    x %= 4;
    x **= 3;
    log.info(`x=${x} ${x++} ${x} ${++x} ${x--} ${--x}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
