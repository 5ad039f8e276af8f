// Lookahead (?= ) and (?! ): atomic, captures from a positive lookahead are kept.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showList, showMatch } from "../lib/regex_show";

function strong(password: string): boolean {
  return /^(?=.*\d)(?=.*[a-z])(?=.*[A-Z]).{8,}$/.test(password);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(["abc", "Abcdefg1", "ABCDEFGH1a", "abcdefgh"].map((p) => `${p}:${strong(p)}`).join(" "));
    log.info(showMatch(/\w+(?=,)/.exec("one, two")));
    log.info(showMatch(/\b(?!un)\w+/.exec("undo redo")));
    log.info(showMatch(/(?=(\d+))\d/.exec("a123")));
    log.info(showMatch(/(?=(a+))a*b/.exec("baaabac")));
    log.info(showMatch(/(?!(a))b/.exec("ab")));
    log.info(showMatch(/(?=(a|ab))(ab|a)c/.exec("abc")));
    log.info(showMatch(/(?:(?=(\w))\w)+/.exec("xyz")));
    log.info(showList("1234567".replace(/\B(?=(\d{3})+(?!\d))/g, ",").split(/(?=,)/)));
    log.info("1234567.891".replace(/\B(?=(\d{3})+(?!\d))/g, ","));
    log.info(showMatch(/a(?=b)*c/.exec("ac")));
    log.info(`${/^(?!.*\.\.)[\w.]+$/.test("a.b.c")} ${/^(?!.*\.\.)[\w.]+$/.test("a..b")}`);
    log.info(showMatch(/(?=a)/.exec("bab")));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
