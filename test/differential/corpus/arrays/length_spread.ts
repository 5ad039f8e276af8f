// Array length assignment (truncation, invalid lengths), and spreads mixing element types into union-typed arrays.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private items: string[] = ["a", "b", "c", "d"];

  onRequestHeaders(): RequestHeadersStatus {
    const xs = [1, 2, 3, 4, 5];
    const r = (xs.length = 3);
    log.info(`truncate: ${xs.join(",")} length=${xs.length} result=${r}`);
    xs.length = 3;
    log.info(`same length: ${xs.join(",")}`);
    xs.push(9);
    log.info(`push after truncate: ${xs.join(",")} at(-1)=${xs.at(-1)} [3]=${xs[3]}`);
    xs.length = 0;
    log.info(`cleared: ${xs.length} [${xs.join()}] ${xs[0]} ${xs.pop()}`);
    this.items.length = 2;
    log.info(`field: ${this.items.join("")} ${this.items.length}`);
    for (const bad of [-1, 1.5, NaN, 2 ** 32, -0.5]) {
      const arr = [1, 2, 3];
      try {
        arr.length = bad;
        log.info(`length=${bad}: ok ${arr.length}`);
      } catch (e) {
        if (e instanceof RangeError) log.info(`length=${bad}: ${e.name}: ${e.message} still ${arr.length}`);
      }
    }
    const negZero = [1, 2];
    negZero.length = -0;
    log.info(`length=-0: ${negZero.length}`);
    const nested = [[1, 2], [3, 4]];
    nested[1]!.length = 1;
    nested.length = 2;
    log.info(`nested: ${JSON.stringify(nested)}`);
    const words = ["x", "y"];
    const nums = [1, 2];
    const mixed = [...words, ...nums, true];
    const opt: (string | undefined)[] = [...words, undefined];
    const fromSet = [...new Set(["s"]), 7];
    const fromString = [..."héllo", 0];
    const fromMap = [...new Map([["k", 1]]).keys(), ...new Map([["k", 1]]).values()];
    log.info(`mixed: ${JSON.stringify(mixed)} ${mixed.length} types=${mixed.map((m) => typeof m).join(",")}`);
    log.info(`opt: ${JSON.stringify(opt)} set: ${JSON.stringify(fromSet)} string: ${JSON.stringify(fromString)} map: ${JSON.stringify(fromMap)}`);
    const nullable: (number | null)[] = [...nums, null];
    const copy = [...nullable];
    copy[0] = 100;
    log.info(`nullable: ${JSON.stringify(nullable)} ${JSON.stringify(copy)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
