// The ** operator and Math.pow: signs, zeros, NaN, infinities, associativity, compound **=.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function z(x: number): string {
  return x === 0 && 1 / x < 0 ? "-0" : String(x);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const cases: [number, number][] = [
      [2, 10], [2, -1], [2, 0.5], [-2, 3], [-2, 2], [-8, 1 / 3], [0, 0], [NaN, 0], [1, NaN], [1, Infinity],
      [-1, Infinity], [0.5, Infinity], [2, Infinity], [2, -Infinity], [0, -1], [-0, -1], [-0, -2], [-0, 3],
      [Infinity, -1], [-Infinity, 3], [-Infinity, 2], [-Infinity, -3], [2, 1024], [2, 1023], [10, -5], [10, 21], [1.5, 2],
    ];
    for (const [b, e] of cases) log.info(`${z(b)} ** ${z(e)} = ${z(b ** e)} pow=${z(Math.pow(b, e))}`);
    log.info(`${2 ** 3 ** 2} ${(2 ** 3) ** 2} ${(-2) ** 2} ${-(2 ** 2)} ${2 ** -(2 ** -1)}`);
    let x = 3;
    x **= 3;
    log.info(`x=${x}`);
    x **= 0.5;
    log.info(`x=${x}`);
    let y = 10;
    const steps: string[] = [];
    for (let i = 0; i < 5; i++) {
      y **= 1.5;
      steps.push(String(y));
    }
    log.info(steps.join(" "));
    const powers: number[] = [];
    for (let i = -3; i <= 3; i++) powers.push(10 ** i);
    log.info(powers.join(","));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
