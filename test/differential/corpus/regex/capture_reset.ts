// Capture groups inside a quantifier are reset to undefined at the start of each iteration.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showMatch } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(showMatch(/(a|(b))+/.exec("ab")));
    log.info(showMatch(/(a|(b))+/.exec("ba")));
    log.info(showMatch(/(?:(a)|(b))+/.exec("aab")));
    log.info(showMatch(/(?:(a)|(b)|(c))*d/.exec("abcabd")));
    log.info(showMatch(/((a)|(b))*?c/.exec("abac")));
    log.info(showMatch(/(z)((a+)?(b+)?(c))*/.exec("zaacbbbcac")));
    log.info(showMatch(/(?:(x)y|(x))+/.exec("xyx")));
    log.info(showMatch(/((\d)-)?(\d)/.exec("5")));
    log.info(showMatch(/(?:(\w)=(\w);?){2}/.exec("a=b;c=d")));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
