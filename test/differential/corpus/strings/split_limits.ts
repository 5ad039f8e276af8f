// split: empty separator (code units, not code points), limits, separators at the edges, non-ASCII separators.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const cases: [string, string][] = [["a,b,c", ","], [",a,,b,", ","], ["", ","], ["", ""], ["abc", ""], ["a😀b", ""], ["aXbXc", "X"], ["abc", "abc"], ["abc", "abcd"],
      ["a--b--", "--"], ["----", "--"], ["---", "--"], ["héllo wörld", "ö"], ["1😀2😀3", "😀"], ["x\ud83dy", "\ud83d"], ["😀", "\ude00"], ["a b  c", " "], ["tab\there", "\t"]];
    for (const [s, sep] of cases) {
      log.info(`${JSON.stringify(s)}.split(${JSON.stringify(sep)}) = ${JSON.stringify(s.split(sep))}`);
    }
    const limits = [0, 1, 2, 3, 10, -1, 4294967295, 4294967296, 4294967297, 2.7, NaN, Infinity, -Infinity];
    log.info(`limits ,: ${limits.map((n) => JSON.stringify("a,b,c,d".split(",", n))).join(" ")}`);
    log.info(`limits empty: ${limits.map((n) => "abcd".split("", n).length).join(" ")}`);
    const noLimit: number | undefined = undefined;
    log.info(`undefined limit: ${JSON.stringify("a,b".split(",", undefined))} ${JSON.stringify("a,b".split(",", noLimit))}`);
    const csv = "name,age,city\nann,31,Zürich\nbo,,Köln\n";
    const rows = csv.split("\n").filter((r) => r.length > 0).map((r) => r.split(","));
    log.info(`csv: ${JSON.stringify(rows)} widths=${rows.map((r) => r.length).join(",")}`);
    const round = "a|b||c|".split("|").join("|");
    log.info(`round trip: ${round} ${"x".split("x").length} ${"xx".split("x").length}`);
    const kv = "k1=v1; k2=v=2; k3; =v4";
    const pairs = kv.split("; ").map((p) => {
      const eq = p.indexOf("=");
      return eq < 0 ? `${p}:<none>` : `${p.slice(0, eq)}:${p.slice(eq + 1)}`;
    });
    log.info(`cookies: ${pairs.join(" / ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
