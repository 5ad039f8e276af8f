// Sorting larger arrays: stability over thousands of equal keys, default (string) order of numbers, inconsistent comparators' results checked for permutation.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Item {
  key: number;
  id: number;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    let seed = 12345;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const items: Item[] = [];
    for (let i = 0; i < 3000; i++) items.push({ key: next() % 7, id: i });
    const sorted = [...items].sort((a, b) => a.key - b.key);
    let stable = true;
    for (let i = 1; i < sorted.length; i++) {
      const p = sorted[i - 1]!;
      const c = sorted[i]!;
      if (p.key > c.key || (p.key === c.key && p.id > c.id)) stable = false;
    }
    const firsts = [0, 1, 2, 3, 4, 5, 6].map((k) => sorted.findIndex((x) => x.key === k));
    log.info(`stable=${stable} firsts=${firsts.join(",")} head=${sorted.slice(0, 8).map((x) => x.id).join(",")} tail=${sorted.slice(-5).map((x) => `${x.key}:${x.id}`).join(",")}`);
    const nums: number[] = [];
    for (let i = 0; i < 500; i++) nums.push((next() % 2001) - 1000 + (i % 3 === 0 ? 0.5 : 0));
    const lexi = [...nums].sort();
    const numeric = [...nums].sort((a, b) => a - b);
    log.info(`lexi: ${lexi.slice(0, 12).join(" ")} ... ${lexi.slice(-6).join(" ")}`);
    log.info(`numeric: ${numeric.slice(0, 8).join(" ")} ... ${numeric.slice(-4).join(" ")} sum=${numeric.reduce((a, b) => a + b, 0)}`);
    const strs = nums.map((n) => `k${n}`);
    const sortedStrs = [...strs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    log.info(`strings: ${sortedStrs.slice(0, 6).join(",")} same as default: ${sortedStrs.join() === [...strs].sort().join()}`);
    const weird = [...nums].slice(0, 200).sort((a, b) => (a % 3) - (b % 5));
    const check = [...weird].sort((a, b) => a - b).join() === [...nums].slice(0, 200).sort((a, b) => a - b).join();
    log.info(`inconsistent comparator keeps the elements: ${check} length=${weird.length}`);
    const desc = [...items].sort((a, b) => b.key - a.key || b.id - a.id);
    log.info(`desc: ${desc.slice(0, 5).map((x) => `${x.key}:${x.id}`).join(",")}`);
    const sortedAgain = [...sorted].sort((a, b) => a.key - b.key);
    log.info(`idempotent: ${sortedAgain.every((x, i) => x === sorted[i])}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
