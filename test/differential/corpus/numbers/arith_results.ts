// Results of floating-point arithmetic printed with shortest round-trip digits.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`${0.1 * 3} ${0.1 + 0.2} ${0.3 - 0.1} ${0.7 + 0.1} ${0.2 + 0.4} ${1.1 * 1.1} ${1.1 + 2.2}`);
    log.info(`${1 / 3} ${2 / 3} ${10 / 3} ${100 / 3} ${1e10 / 3} ${-7 / 3} ${22 / 7}`);
    log.info(`${4.35 * 100} ${1.005 * 1000} ${0.57 * 100} ${9.95 * 10} ${1.15 * 100} ${8.675 * 100}`);
    log.info(`${3 * 1.1} ${0.1 * 0.1} ${0.1 ** 2} ${1 - 0.9} ${1.4 - 1} ${100 - 99.9}`);
    let sum = 0;
    const partial: string[] = [];
    for (let i = 0; i < 10; i++) {
      sum += 0.1;
      partial.push(String(sum));
    }
    log.info(partial.join(" "));
    let acc = 1;
    for (let i = 0; i < 8; i++) acc *= 1.1;
    log.info(`acc=${acc}`);
    const prices = [19.99, 5.01, 0.1, 100.7];
    let total = 0;
    for (const p of prices) total += p;
    log.info(`total=${total} avg=${total / prices.length} x3=${total * 3}`);
    log.info(`${0.1 + 0.2 === 0.3} ${0.1 + 0.2 > 0.3} ${Math.abs(0.3 - (0.1 + 0.2)) < Number.EPSILON}`);
    log.info(`${123.456 * 1000} ${123.456 / 1000} ${-123.456 * -1} ${2.675 * 100} ${1e16 + 1} ${1e16 + 2}`);
    log.info(`${5 / 2} ${-5 / 2} ${7 / 0.5} ${1 / 0.1} ${3 / 0.3} ${0.3 / 0.1} ${0.7 / 0.1}`);
    log.info(`${Math.sqrt(2) * Math.sqrt(2)} ${Math.sqrt(0.01)} ${Math.sqrt(1e-10)} ${Math.sqrt(2e20)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
