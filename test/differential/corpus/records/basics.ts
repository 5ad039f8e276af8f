// Record<string, T> and index signatures: reads, writes, delete, in, key order (integer-like keys first, ascending), Object.keys/values/entries, for...in, JSON.stringify, String().
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

type Counts = Record<string, number>;

interface Labels {
  [name: string]: string;
}

function bump(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const counts: Counts = {};
    for (const word of ["b", "a", "b", "10", "2", "c", "a", "b", "007", "4294967295", "1"]) bump(counts, word);
    log.info(`keys: ${Object.keys(counts).join(",")}`);
    log.info(`values: ${Object.values(counts).join(",")}`);
    log.info(`json: ${JSON.stringify(counts)}`);
    log.info(`entries: ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(" ")}`);
    const seen: string[] = [];
    for (const key in counts) {
      seen.push(key);
      if (key === "a") counts["zz"] = 1; // added during the loop: not visited
    }
    log.info(`for-in: ${seen.join(",")} then ${Object.keys(counts).length}`);
    log.info(`read: ${counts["b"]} ${counts.a} ${counts[2]} ${counts["missing"]} ${counts["missing"] ?? -1}`);
    const inherited = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"];
    log.info(`own reads: ${inherited.map((k) => String(counts[k])).join(",")} ${counts["toString"] ?? "none"} ${typeof counts["valueOf"]}`);
    log.info(`in: ${"b" in counts} ${"missing" in counts} ${2 in counts} ${"toString" in counts} ${"constructor" in counts}`);
    log.info(`own: ${Object.hasOwn(counts, "b")} ${Object.hasOwn(counts, "toString")} ${Object.hasOwn(counts, 10)}`);
    log.info(`delete: ${delete counts["b"]} ${delete counts.nothing} ${"b" in counts} ${Object.keys(counts).join(",")}`);
    counts["b"] = 7;
    log.info(`re-added last: ${Object.keys(counts).join(",")}`);
    counts["3"] = 3;
    log.info(`index key placed: ${Object.keys(counts).join(",")} ${JSON.stringify(counts, null, 1).length}`);
    const labels: Labels = { app: "web", "tier-1": "x", [`k${1 + 1}`]: "computed", 5: "five" };
    labels.env = "prod";
    log.info(`labels: ${JSON.stringify(labels)} ${String(labels)} ${typeof labels} ${`${labels}`}`);
    const copy: Labels = { ...labels, app: "api", extra: "e" };
    log.info(`spread: ${JSON.stringify(copy)} ${JSON.stringify(labels)}`);
    const nested: Record<string, string[]> = { a: ["1", "2"], b: [] };
    nested["c"] = ["3"];
    log.info(`nested: ${JSON.stringify(nested)} ${nested["a"]?.length} ${nested.zz?.length}`);
    const empty: Record<string, boolean> = {};
    log.info(`empty: ${JSON.stringify(empty)} ${Object.keys(empty).length} ${JSON.stringify({ inner: empty, list: [empty] })}`);
    const fromPairs = Object.fromEntries([["b", 1], ["2", 2], ["a", 3], ["b", 4]] as [string, number][]);
    const fromMap = Object.fromEntries(new Map([["x", "1"], ["0", "zero"]]));
    log.info(`fromEntries: ${JSON.stringify(fromPairs)} ${JSON.stringify(fromMap)} ${fromPairs["b"]} ${Object.keys(fromMap).join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
