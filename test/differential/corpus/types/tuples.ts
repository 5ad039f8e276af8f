// Tuples: as return values and parameters, destructuring (with defaults and holes), iterating and
// spreading them, tuples in arrays and Maps, mixed element types, length, join and JSON.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

type Range = [number, number];
type Entry = [string, number, boolean];

function minMax(xs: number[]): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return [lo, hi];
}

function width([lo, hi]: Range): number {
  return hi - lo;
}

function divmod(a: number, b: number): [number, number] {
  return [Math.floor(a / b), a % b];
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const r = minMax([3, -2, 8, 5]);
    const [lo, hi] = r;
    log.info(`${lo} ${hi} ${width(r)} ${r.length} ${r.join("..")} ${JSON.stringify(r)} ${String(r)}`);
    const [q, rem] = divmod(17, 5);
    log.info(`${q} ${rem} ${divmod(-7, 2).join(",")}`);
    const entry: Entry = ["k", 2, true];
    const [name, , flag] = entry;
    log.info(`${name} ${flag} ${entry[1] * 10} ${JSON.stringify(entry)}`);
    const parts: string[] = [];
    for (const part of entry) parts.push(typeof part);
    log.info(`${parts.join(",")} ${[...r, ...divmod(9, 4)].join(" ")} ${Math.max(...r)}`);
    const ranges: Range[] = [[1, 3], [0, 10], [5, 6]];
    ranges.sort((a, b) => width(a) - width(b));
    log.info(JSON.stringify(ranges));
    const byName = new Map<string, Range>([["small", [0, 1]]]);
    byName.set("big", [0, 1000]);
    for (const [key, [from, to]] of byName) log.info(`${key}: ${from}-${to}`);
    const swapped = ranges.map(([a, b]): Range => [b, a]);
    log.info(swapped.map((t) => t.join(">")).join(" "));
    let pair: [string, string] = ["left", "right"];
    pair = [pair[1], pair[0]];
    const [first = "none", second = "none"] = pair;
    log.info(`${first} ${second} ${pair.join("|")}`);
    const counts = ["a", "b", "a"].reduce<[number, number]>(([as, others], s) => (s === "a" ? [as + 1, others] : [as, others + 1]), [0, 0]);
    log.info(`${counts[0]} ${counts[1]}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
