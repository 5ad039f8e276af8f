// Array.from of Sets, Map keys/values/entries and strings (with map functions); Array.isArray.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const set = new Set([3, 1, 3, 2, 1]);
    const fromSet = Array.from(set);
    log.info(`${JSON.stringify(fromSet)} ${Array.isArray(fromSet)} ${fromSet.length}`);
    const m = new Map<string, number>([["b", 2], ["a", 1], ["c", 3]]);
    log.info(`${JSON.stringify(Array.from(m.keys()))} ${JSON.stringify(Array.from(m.values()))} ${JSON.stringify(Array.from(m.entries()))}`);
    log.info(JSON.stringify(Array.from(m)));
    log.info(JSON.stringify(Array.from(m.keys(), (k) => k + k)));
    log.info(JSON.stringify(Array.from(set, (v, i) => v * 10 + i)));
    log.info(JSON.stringify(Array.from("héllo😀")));
    log.info(JSON.stringify(Array.from("abc", (ch, i) => `${i}${ch}`)));
    const copy = Array.from(fromSet);
    copy.push(99);
    log.info(`${fromSet.length} ${copy.length} ${copy === fromSet}`);
    const arr: number[] = [1];
    const str = "x";
    const nums = 5;
    log.info(`${Array.isArray(arr)} ${Array.isArray(str)} ${Array.isArray(nums)} ${Array.isArray(set)} ${Array.isArray(m)} ${Array.isArray([])} ${Array.isArray([[]])}`);
    const u: string | string[] = arr.length > 0 ? ["list"] : "single";
    log.info(Array.isArray(u) ? `array ${u.join()}` : `string ${u}`);
    const pairs = Array.from(m, ([k, v]) => `${k}=${v}`);
    log.info(pairs.join("&"));
    const dedup = Array.from(new Set("mississippi"));
    log.info(dedup.join(""));
    const sorted = Array.from(new Set([5, 3, 5, 1])).sort((a, b) => a - b);
    log.info(sorted.join("<"));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
