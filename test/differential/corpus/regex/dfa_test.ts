// test() without g or y runs a DFA: anchored and unanchored patterns, over long and non-ASCII inputs.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const long = "x".repeat(5000) + "needle" + "y".repeat(5000);
    const inputs = ["", "a", "abc", "ABC", "zabcz", long, "résumé", "😀x", "\ud800", "a\nb", "aaaaaaaaaaaaaaab"];
    const results: string[] = [];
    for (const s of inputs) {
      const row = [
        /abc/.test(s), /^abc$/.test(s), /^a/.test(s), /c$/.test(s), /needle/.test(s), /^x+needley+$/.test(s), /abc/i.test(s),
        /é/.test(s), /^.$/u.test(s), /^..$/.test(s), /[^\x00-\x7f]/.test(s), /(a|b)*c/.test(s), /^(a+)+$/.test(s), /^(a|aa)+b$/.test(s),
        /a.b/.test(s), /a.b/s.test(s), /^$/.test(s), /x*/.test(s), /\ud800/u.test(s), /[\s\S]{3}/.test(s),
      ];
      results.push(row.map((b) => (b ? "1" : "0")).join(""));
    }
    log.info(results.join(" "));
    // Backtracking in Node is exponential here; kept small so the reference side finishes.
    const evil = "a".repeat(16) + "!";
    log.info(`${/^(a+)+$/.test(evil)} ${/^(a|a)*$/.test(evil)} ${/^(a*)*b/.test(evil)} ${/(x+x+)+y/.test("x".repeat(12))}`);
    log.info(`${/^(a+)+$/g.test(evil)} ${/(a*)*b/.exec(evil) === null}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
