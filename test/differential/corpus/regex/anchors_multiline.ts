// ^ and $ with and without m, over \n, \r, \u2028 and \u2029 line terminators.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showAll, showList, showMatch } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const text = "one\ntwo\r\nthree\u2028four\u2029five";
    log.info(showAll(text.match(/^\w+/g)));
    log.info(showAll(text.match(/^\w+/gm)));
    log.info(showAll(text.match(/\w+$/g)));
    log.info(showAll(text.match(/\w+$/gm)));
    log.info(showAll(text.match(/^$/gm)));
    log.info(showAll("a\n\nb".match(/^$/gm)));
    log.info(showAll("a\n\nb\n".match(/$/gm)));
    log.info(showMatch(/^two$/.exec(text)));
    log.info(showMatch(/^two$/m.exec(text)));
    log.info(`${/a$/.test("a\n")} ${/a$/m.test("a\n")} ${/^b/.test("a\nb")} ${/^b/m.test("a\nb")}`);
    log.info(JSON.stringify("x\ny\nz".replace(/^/gm, "> ")));
    log.info(JSON.stringify("x\ny\nz".replace(/$/gm, ";")));
    log.info(JSON.stringify("a\r\nb".split(/$/m)));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
