// Operators on number literals fold at build time (compiler/ir/build.ts): the folded constants
// must be the ones JavaScript computes, NaN, -0 and the infinities included.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function isNegativeZero(x: number): boolean {
  return x === 0 && 1 / x < 0;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const quotients = [0 / 0, 1 / 0, -1 / 0, 1 / -0, -0 / 5, 7 / 2];
    for (const q of quotients) log.info(`q=${q} negZero=${isNegativeZero(q)} nan=${Number.isNaN(q)}`);
    const products = [-1 * 0, 0 * -1, 1e308 * 10, -1e308 * 10, 0.1 + 0.2, 0.3 - 0.1, -0 + -0, -0 - 0, 0 - 0];
    for (const p of products) log.info(`p=${p} negZero=${isNegativeZero(p)}`);
    const negated = [-(0), -(-0), -(1 / 0), -(0 / 0), -(2 * 3)];
    for (const n of negated) log.info(`n=${n} negZero=${isNegativeZero(n)}`);
    const comparisons = [0 / 0 === 0 / 0, 0 / 0 !== 0 / 0, 0 === -0, 1 / 0 > 1e308, 0 / 0 < 1, 0 / 0 >= 0 / 0, -0 <= 0, 2 > 1];
    log.info(`c=${comparisons.join(",")}`);
    const negations = [!true, !false, !(1 < 2), !!(0 / 0 === 0 / 0)];
    log.info(`b=${negations.join(",")}`);
    const mixed = 10 * 2 + 3 / 4 - 1;
    log.info(`m=${mixed} ${(1 + 2) * (3 - 4) / 5}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
