// The % operator: sign of the dividend, fractional operands, zero and infinities.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function z(x: number): string {
  return x === 0 && 1 / x < 0 ? "-0" : String(x);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const pairs: [number, number][] = [
      [7, 3], [-7, 3], [7, -3], [-7, -3], [6, 3], [-6, 3], [0, 5], [-0, 5], [5.5, 2], [-5.5, 2],
      [5, 2.5], [5.3, 1], [0.3, 0.1], [1, 0], [0, 0], [Infinity, 3], [3, Infinity], [-3, -Infinity],
      [NaN, 2], [2, NaN], [1e20, 7], [2 ** 53, 10], [-(2 ** 31), 1000], [1e-10, 3e-11],
    ];
    for (const [a, b] of pairs) log.info(`${z(a)} % ${z(b)} = ${z(a % b)}`);
    const wrapped: number[] = [];
    for (let i = -7; i <= 7; i++) wrapped.push(((i % 5) + 5) % 5);
    log.info(wrapped.join(","));
    let n = 1234567;
    const digits: number[] = [];
    while (n > 0) {
      digits.push(n % 10);
      n = Math.floor(n / 10);
    }
    log.info(digits.join(""));
    let m = 100;
    m %= 7;
    log.info(`m=${m}`);
    let r = -17.25;
    r %= 4;
    log.info(`r=${r} ${z(-4 % 4)} ${z(-0 % 1)} ${z(4 % -4)}`);
    const isEven = (k: number) => k % 2 === 0;
    log.info([-3, -2, -1, 0, 1, 2, 2.5].map((k) => `${k}:${isEven(k)}:${z(k % 2)}`).join(" "));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
