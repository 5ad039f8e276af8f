// ES2023's copying array methods: toSorted (default order, comparators, stability), toReversed,
// toSpliced (negative, missing, NaN and huge arguments, inserted items and spreads) and with
// (negative and fractional indices, V8's RangeError outside), the original left unchanged, on the
// frozen config's arrays too, and arguments evaluated before the copy; findLast/findLastIndex.
// config: {"counts":[10,9,1,100],"names":["b","a","c"]}
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Config {
  counts: number[];
  names: string[];
}

interface Entry {
  key: string;
  rank: number;
}

function attempt(what: string, run: () => string): void {
  try {
    log.info(`${what}: ${run()}`);
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) log.info(`${what}: ${e.name}: ${e.message}`);
    else throw e;
  }
}

class T implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(): RequestHeadersStatus {
    const xs = [3, 1, 10, 2, 1];
    const sorted = xs.toSorted();
    const numeric = xs.toSorted((a, b) => a - b);
    const descending = xs.toSorted((a, b) => b - a);
    log.info(`${sorted.join(",")} ${numeric.join(",")} ${descending.join(",")} ${xs.join(",")} ${sorted === xs}`);
    const entries: Entry[] = [{ key: "a", rank: 2 }, { key: "b", rank: 1 }, { key: "c", rank: 2 }, { key: "d", rank: 1 }];
    const byRank = entries.toSorted((p, q) => p.rank - q.rank);
    log.info(`${byRank.map((e) => e.key).join("")} ${entries.map((e) => e.key).join("")} ${byRank[0] === entries[1]}`);
    const words = ["b", "A", "a", "B", "é"];
    log.info(`${JSON.stringify(words.toSorted())} ${JSON.stringify(words.toReversed())} ${JSON.stringify(words)}`);
    const maybe: (string | undefined)[] = ["b", undefined, "a"];
    log.info(JSON.stringify(maybe.toSorted()));

    for (const [start, count] of [[1, 1], [-2, 1], [0, 0], [10, 1], [-10, 2], [1, 100], [NaN, 1], [1, NaN], [1, -1]] as [number, number][]) {
      log.info(`toSpliced(${start}, ${count}): ${JSON.stringify(xs.toSpliced(start, count))} ${JSON.stringify(xs.toSpliced(start, count, 7, 8))}`);
    }
    const extra = [20, 30];
    log.info(`${JSON.stringify(xs.toSpliced(2))} ${JSON.stringify(xs.toSpliced(1, 0, ...extra, 40))} ${JSON.stringify(xs.toSpliced(-1, undefined))}`);

    for (const index of [0, 4, -1, -5, 1.9, -0.5, NaN]) log.info(`with(${index}): ${JSON.stringify(xs.with(index, 99))}`);
    for (const index of [5, -6, 2.5e9, Infinity, -Infinity, 1e21, -5.5]) attempt(`with(${index})`, () => JSON.stringify(xs.with(index, 99)));
    attempt("empty with", () => JSON.stringify(([] as number[]).with(0, 1)));
    log.info(`${JSON.stringify(words.with(1, "z"))} ${JSON.stringify(maybe.with(0, undefined))} ${xs.join(",")}`);

    const trace: string[] = [];
    const at = (i: number): number => {
      trace.push(`index ${i}`);
      xs.push(i);
      return i;
    };
    const value = (v: number): number => {
      trace.push(`value ${v}`);
      return v;
    };
    const changed = xs.with(at(0), value(5));
    log.info(`${JSON.stringify(changed)} ${xs.length} ${trace.join(", ")}`);
    const spliced = xs.toSpliced(at(1), 1, value(6));
    log.info(`${JSON.stringify(spliced)} ${xs.length} ${trace.join(", ")}`);

    const counts = this.config.counts;
    const names = this.config.names;
    log.info(`${counts.toSorted().join(",")} ${counts.toSorted((a, b) => a - b).join(",")} ${counts.toReversed().join(",")} ${names.toSorted().join("")}`);
    const grown = counts.with(0, -1).toSpliced(1, 0, 5);
    grown.push(1000);
    log.info(`${grown.join(",")} ${counts.join(",")} ${names.with(-1, "z").join("")} ${names.join("")}`);

    log.info(`${xs.findLast((x) => x < 3)} ${xs.findLastIndex((x) => x < 3)} ${xs.findLast((x) => x > 1000)} ${xs.findLastIndex((x) => x > 1000)}`);
    const chained = xs.toSorted((a, b) => a - b).toReversed().with(0, 0).toSpliced(1, 1);
    log.info(`${chained.join(",")} ${entries.toReversed().findLast((e) => e.rank === 2)?.key}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new T(config));
