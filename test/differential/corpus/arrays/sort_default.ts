// sort() without a comparator orders by string (UTF-16 units): numbers as strings, undefined last.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const nums = [10, 9, 1, 100, 2, 20, -1, -10, 0, -0, 1.5, 1e21, 1e-7, NaN, Infinity, -Infinity, 3];
    const sorted = nums.sort();
    log.info(`${sorted.join(" ")} same=${sorted === nums}`);
    const strs = ["b", "a", "B", "A", "é", "e", "z", "😀", "\uffff", "", " ", "aa", "a ", "10", "9"];
    log.info(JSON.stringify(strs.sort()));
    const withUndef: (number | undefined)[] = [3, undefined, 1, undefined, 20, 2];
    withUndef.sort();
    log.info(`${JSON.stringify(withUndef)} ${withUndef.length}`);
    const withUndefCmp: (number | undefined)[] = [3, undefined, 1, undefined, 20, 2];
    withUndefCmp.sort((a, b) => (a ?? 0) - (b ?? 0));
    log.info(JSON.stringify(withUndefCmp));
    const bools = [true, false, true, false];
    log.info(bools.sort().join(","));
    const nested = [[2, 1], [10], [1, 9], [1]];
    nested.sort();
    log.info(JSON.stringify(nested));
    const nullish: (string | null)[] = ["m", null, "a", "nul", "nulm", null];
    nullish.sort();
    log.info(JSON.stringify(nullish));
    const empty: number[] = [];
    log.info(`${empty.sort().length} ${[1].sort().join()}`);
    const dates = ["2024-01-10", "2023-12-31", "2024-01-09", "2024-1-1"];
    log.info(dates.sort().join(" "));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
