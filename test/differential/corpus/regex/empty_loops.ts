// Empty loop iterations: an iteration past the minimum may not match the empty string.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showMatch } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(showMatch(/(a*)*/.exec("b")));
    log.info(showMatch(/(a*)+/.exec("b")));
    log.info(showMatch(/(a*)*/.exec("aab")));
    log.info(showMatch(/(a*)+b/.exec("aab")));
    log.info(showMatch(/(?:)*/.exec("abc")));
    log.info(showMatch(/(?:)+x/.exec("ax")));
    log.info(showMatch(/(a|)*b/.exec("aab")));
    log.info(showMatch(/(|a)*b/.exec("aab")));
    log.info(showMatch(/(|a)+b/.exec("aab")));
    log.info(showMatch(/(a?)*?b/.exec("ab")));
    log.info(showMatch(/(?:a|())*?b/.exec("ab")));
    log.info(showMatch(/((a*)*)*c/.exec("aac")));
    log.info(showMatch(/(a*){2,}b/.exec("ab")));
    log.info(showMatch(/(a*?){3}b/.exec("aab")));
    log.info(showMatch(/(\b)*x/.exec("x")));
    log.info(showMatch(/(?:a*|b)*c/.exec("abbac")));
    log.info(showMatch(/(a|b*)*c/.exec("abbc")));
    log.info(showMatch(/(?:(a)|b?)*$/.exec("ab")));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
