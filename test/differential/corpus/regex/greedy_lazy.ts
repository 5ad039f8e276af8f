// Greedy and lazy quantifiers: *, +, ?, {n,m} and their lazy forms choose different matches.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showMatch } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const html = "<a><b></b></a>";
    log.info(showMatch(/<.*>/.exec(html)));
    log.info(showMatch(/<.*?>/.exec(html)));
    log.info(showMatch(/a{2,3}/.exec("aaaa")));
    log.info(showMatch(/a{2,3}?/.exec("aaaa")));
    log.info(showMatch(/a{2,}?b/.exec("aaaab")));
    log.info(showMatch(/(a+?)(a*)/.exec("aaa")));
    log.info(showMatch(/(a*?)(a?)(a??)/.exec("aa")));
    log.info(showMatch(/x{0}y/.exec("xy")));
    log.info(showMatch(/(\d{1,3}?)(\d+)/.exec("12345")));
    log.info(showMatch(/"(.*?)"\s*:\s*"(.*?)"/.exec(`{"name" : "envoy", "x": "y"}`)));
    log.info(showMatch(/a{3}/.exec("aa")));
    log.info(showMatch(/(ab){2}/.exec("abababx")));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
