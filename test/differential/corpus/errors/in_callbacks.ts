// Errors thrown from callbacks (map, forEach, filter, reduce, sort comparators, Map.forEach) propagate to the caller.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function attempt(label: string, f: () => string): void {
  try {
    log.info(`${label}: ok ${f()}`);
  } catch (e) {
    if (e instanceof Error) log.info(`${label}: ${e.name} ${e.message}`);
  } finally {
    log.info(`${label}: done`);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [1, 2, 3, 4];
    const visited: number[] = [];
    attempt("map", () =>
      xs
        .map((x) => {
          visited.push(x);
          if (x === 3) throw new RangeError(`map hit ${x}`);
          return x * 2;
        })
        .join(),
    );
    log.info(`visited ${visited.join(",")}`);
    attempt("forEach", () => {
      xs.forEach((x) => {
        if (x > 1) throw new TypeError("forEach stop");
      });
      return "unreachable";
    });
    attempt("filter", () => xs.filter((x) => {
      if (x === 4) throw new SyntaxError("filter saw 4");
      return true;
    }).join());
    attempt("reduce", () => String(xs.reduce((a, b) => {
      if (b === 2) throw new Error("reduce");
      return a + b;
    }, 0)));
    let comparisons = 0;
    attempt("sort", () => {
      const copy = [...xs].reverse();
      copy.sort((a, b) => {
        comparisons++;
        if (comparisons > 0) throw new Error("comparator refuses");
        return a - b;
      });
      return copy.join();
    });
    log.info(`comparisons ${comparisons}`);
    attempt("find ok", () => String(xs.find((x) => x > 2)));
    attempt("nested", () => [[1], [2]].map((inner) => inner.map((v) => {
      if (v === 2) throw new Error(`inner ${v}`);
      return v;
    })).join());
    const m = new Map([["a", 1], ["b", 2], ["c", 3]]);
    const seen: string[] = [];
    attempt("map.forEach", () => {
      m.forEach((v, k) => {
        seen.push(k);
        if (v === 2) throw new Error(`stop at ${k}`);
      });
      return "all";
    });
    log.info(`seen ${seen.join("")}`);
    attempt("callback returns", () => ["a", "b"].map((s) => s + s).join("-"));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
