// Default sort: numbers compare as strings, undefined goes last, non-ASCII and astral strings by UTF-16 code units.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const nums = [10, 9, 2, 1, 100, -1, -10, 0, -0, 1e21, 1e-7, 5e-324, NaN, Infinity, -Infinity, 25, 3.5, 0.25];
    log.info(`numbers: ${[...nums].sort().join(" ")}`);
    log.info(`numeric: ${[...nums].sort((a, b) => a - b).join(" ")}`);
    const opt: (number | undefined)[] = [3, undefined, 1, undefined, 20, 2];
    log.info(`with undefined: ${JSON.stringify([...opt].sort())} ${[...opt].sort().length}`);
    const strs = ["b", "a", "B", "A", "é", "e", "z", "😀", "\uffff", "日", "ä", "aa", "", "a b", "a\u0000", "10", "9", "\ud800", "\udfff", "ｚ"];
    const sorted = [...strs].sort();
    log.info(`strings: ${JSON.stringify(sorted)}`);
    const cps = sorted.map((s) => (s.length === 0 ? "-" : s.charCodeAt(0).toString(16)));
    log.info(`first units: ${cps.join(",")}`);
    const bools = [true, false, true, false].sort();
    log.info(`booleans: ${bools.join(",")}`);
    const nested = [[2, 1], [10], [1, 9], [1, 10]].sort();
    log.info(`nested: ${JSON.stringify(nested)}`);
    const words = "the quick brown fox jumps over the lazy dog Über ändern Zebra apple".split(" ");
    log.info(`words: ${words.sort().join(" ")}`);
    const mixed: (string | number)[] = [10, "9", 1, "10", "a", 2];
    log.info(`mixed: ${JSON.stringify(mixed.sort())}`);
    const big: number[] = [];
    for (let i = 0; i < 40; i++) big.push((i * 37) % 41);
    log.info(`big: ${big.sort().join(",")}`);
    const same = [1, 1, 1];
    log.info(`returns same: ${same.sort() === same}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
