// Global match, replace and split with empty matches: each empty match advances by one unit.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showAll, showList } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(showAll("abc".match(/x*/g)));
    log.info(showAll("aab".match(/a*/g)));
    log.info(showAll("aab".match(/a*?/g)));
    log.info(showAll("".match(/x*/g)));
    log.info(showAll("abc".match(/x/g)));
    log.info(JSON.stringify("abc".replace(/x*/g, "-")));
    log.info(JSON.stringify("aab".replace(/a*/g, "-")));
    log.info(JSON.stringify("".replace(/x*/g, "-")));
    log.info(JSON.stringify("abc".replace(/$/g, "!")));
    log.info(JSON.stringify("abc".replace(/^|$/g, "|")));
    log.info(JSON.stringify("a b".replace(/\b/g, "|")));
    log.info(JSON.stringify("abc".replace(/(?:)/, "-")));
    const m = "a1b2".match(/\d/g);
    log.info(m === null ? "null" : `${m.length} ${m.join("+")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
