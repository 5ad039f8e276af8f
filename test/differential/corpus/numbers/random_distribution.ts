// Math.random(): values differ between runs, so their properties are compared (as time/clocks.ts
// does for clocks): range, a uniform spread over ten buckets, a fair coin (random_auth's decision),
// no repeats in a row. Bounds are more than 6 standard deviations wide: a failure is a bug, not luck.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const samples = 10000;
    const buckets = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let inRange = true;
    let heads = 0;
    let repeats = 0;
    let sum = 0;
    let previous = -1;
    for (let i = 0; i < samples; i++) {
      const r = Math.random();
      if (!(r >= 0 && r < 1)) inRange = false;
      const bucket = Math.floor(r * 10);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
      if (r < 0.5) heads++;
      if (r === previous) repeats++;
      previous = r;
      sum += r;
    }
    log.info(`in [0, 1): ${inRange}, type ${typeof previous}`);
    log.info(`buckets within 1000 +- 200: ${buckets.every((n) => n > 800 && n < 1200)}`);
    log.info(`coin fair (5000 +- 400 heads): ${heads > 4600 && heads < 5400}`);
    log.info(`mean within 0.5 +- 0.02: ${Math.abs(sum / samples - 0.5) < 0.02}, repeats: ${repeats}`);
    // Fractions below 2^-32 exist: the values have more than 32 random bits.
    let fine = false;
    for (let i = 0; i < 64 && !fine; i++) {
      const r = Math.random() * 2 ** 32;
      if (r !== Math.floor(r)) fine = true;
    }
    log.info(`more than 32 bits: ${fine}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
