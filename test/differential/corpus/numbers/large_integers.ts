// Integers at and beyond 2^53: arithmetic, rounding to even, formatting, MAX_SAFE_INTEGER.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const big = 2 ** 53;
    const max = Number.MAX_SAFE_INTEGER;
    log.info(`2^53: ${big} ${big + 1} ${big + 2} ${big + 3} ${big + 4} ${big + 5} ${big - 1} ${big - 2} ${big + 1 === big}`);
    log.info(`max: ${max} ${max + 1} ${max + 2} ${max + 3} ${max * 2} ${max * max} ${max / 2} ${max % 1000} ${-max - 2}`);
    log.info(`safe: ${Number.isSafeInteger(max)} ${Number.isSafeInteger(max + 1)} ${Number.isSafeInteger(-max)} ${Number.isSafeInteger(big)} ${Number.isInteger(big + 2)} ${Number.isSafeInteger(3.0)} ${Number.isSafeInteger(1e16)}`);
    log.info(`literals: ${9007199254740993} ${9007199254740995} ${18014398509481985} ${18446744073709551615} ${12345678901234567890} ${-9223372036854775808}`);
    const rows: string[] = [];
    for (let e = 50; e <= 70; e++) rows.push(`${e}:${2 ** e}`);
    log.info(rows.join(" "));
    const nines: string[] = [];
    let v = 9;
    for (let i = 0; i < 24; i++) {
      nines.push(String(v));
      v = v * 10 + 9;
    }
    log.info(nines.join(" "));
    log.info(`sum: ${0.1 * 3} ${max - 0.5} ${big + 0.5} ${big + 1.5} ${big * 3 + 1} ${(big + 2) / 2} ${big * 1.5}`);
    const mods = [(big + 2) % 3, (max) % 7, (2 ** 60) % 10, (2 ** 64) % 1000, 1e21 % 7, -(2 ** 55 + 8) % 13];
    log.info(`mod: ${mods.join(" ")}`);
    log.info(`floor: ${Math.floor(max / 10)} ${Math.floor(1e17 / 3)} ${Math.trunc(-1e18 / 7)} ${Math.round(2 ** 52 + 0.5)} ${Math.round(2 ** 52 + 1.5)}`);
    let acc = 1;
    const facts: string[] = [];
    for (let i = 1; i <= 30; i++) {
      acc *= i;
      if (i >= 18) facts.push(`${i}!=${acc}`);
    }
    log.info(facts.join(" "));
    let fib1 = 0;
    let fib2 = 1;
    for (let i = 0; i < 80; i++) {
      const t = fib1 + fib2;
      fib1 = fib2;
      fib2 = t;
    }
    log.info(`fib: ${fib1} ${fib2} ${fib2 - fib1}`);
    log.info(`strings: ${big.toFixed(0)} ${(big + 2).toFixed(2)} ${(2 ** 70).toFixed(0)} ${(1e21).toFixed(2)} ${(1e20).toFixed(2)} ${(2 ** 64).toPrecision(25)} ${max.toExponential()} ${(big + 2).toString(16)} ${(2 ** 64).toString(2).length}`);
    log.info(`json: ${JSON.stringify([big, big + 2, max, 2 ** 64, 1e21, 1e20])}`);
    log.info(`parse: ${Number("9007199254740993")} ${Number("9007199254740995")} ${parseInt("9007199254740993")} ${parseInt("123456789012345678901234567890")} ${parseFloat("18446744073709551616")} ${Number("0x20000000000001")} ${parseInt("20000000000001", 16)}`);
    log.info(`bits: ${big | 0} ${(big + 5) | 0} ${(2 ** 32 + 7) | 0} ${(2 ** 31) | 0} ${(2 ** 32 - 1) >>> 0} ${(max) >>> 0} ${-max | 0} ${(1e21) | 0} ${(2 ** 63) >> 1}`);
    let counter = big - 3;
    const steps: string[] = [];
    for (let i = 0; i < 6; i++) steps.push(String(counter++));
    log.info(`increment: ${steps.join(" ")} now=${counter}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
