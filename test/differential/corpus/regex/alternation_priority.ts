// Alternation priority: the first alternative that leads to a match wins, not the longest.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showMatch } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(showMatch(/a|ab/.exec("abc")));
    log.info(showMatch(/ab|a/.exec("abc")));
    log.info(showMatch(/(a|ab)(c|bcd)/.exec("abcd")));
    log.info(showMatch(/(a|ab)(c|bcd)(d*)/.exec("abcd")));
    log.info(showMatch(/(?:x|xy|xyz)z/.exec("xyzz")));
    log.info(showMatch(/(get|getter)s?$/.exec("getters")));
    log.info(showMatch(/|a/.exec("a")));
    log.info(showMatch(/(?:a|b|)+c/.exec("abac")));
    log.info(showMatch(/(foo|foobar)(bar)?/.exec("foobar")));
    log.info(showMatch(/\b(in|int|integer)\b/.exec("an integer value")));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
