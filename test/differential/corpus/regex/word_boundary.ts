// \b and \B: ASCII word characters only, so non-ASCII letters are not word characters (except under iu).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showAll, showList } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(showAll("café au lait".match(/\b\w+\b/g)));
    log.info(showAll("naïve résumé".match(/\b\w/g)));
    log.info(`${/\bé/.test("é")} ${/\Bé/.test("é")} ${/é\b/.test("xé")} ${/x\b/.test("xé")}`);
    log.info(showAll("hello world".match(/\B\w/g)));
    log.info(showList("a-b_c d".split(/\b/)));
    log.info(`${/\bſ/i.test("ſ")} ${/\bſ/iu.test("ſ")} ${/\b\u212a/iu.test("\u212a")} ${/\b\u212a/i.test("\u212a")}`);
    log.info(`${/\w/iu.test("ſ")} ${/\w/i.test("ſ")} ${/\W/iu.test("ſ")} ${/[\W]/iu.test("s")}`);
    log.info(JSON.stringify("x y  z".replace(/\b/g, "|")));
    log.info(JSON.stringify("".replace(/\b/g, "|") + "/" + "".replace(/\B/g, "|")));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
