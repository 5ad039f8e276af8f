// Surrogate pairs: without u a regexp sees UTF-16 code units, with u code points.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showAll, showList, showMatch } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const s = "a😀b💩c";
    log.info(showAll(s.match(/./g)));
    log.info(showAll(s.match(/./gu)));
    log.info(showList(s.split(/(?:)/u)));
    log.info(showList(s.split(/(?:)/)));
    log.info(`${s.replace(/(?:)/g, "-")} ${s.replace(/(?:)/gu, "-")}`);
    log.info(showMatch(/[😀💩]/u.exec(s)));
    log.info(showMatch(/\ud83d/.exec(s)));
    log.info(showMatch(/\ud83d/u.exec(s)));
    log.info(showMatch(/\ude00/.exec(s)));
    log.info(showMatch(/\ude00/u.exec(s)));
    log.info(showMatch(/\u{1F4A9}/u.exec(s)));
    log.info(showMatch(/[\u{1F600}-\u{1F64F}]+/u.exec("x😀😃y")));
    log.info(showMatch(/^[^x]$/u.exec("😀")));
    log.info(showMatch(/^[^x]$/.exec("😀")));
    log.info(showMatch(/\S+/u.exec(" 😀\ud800x ")));
    const lone = "x\ud800y\udc00z";
    log.info(showAll(lone.match(/[\ud800-\udfff]/gu)));
    log.info(showAll(lone.match(/./gu)));
    const re = /./gu;
    re.lastIndex = 2;
    const m = re.exec(s);
    log.info(`${showMatch(m)} ${re.lastIndex}`);
    const st = /😀/yu;
    st.lastIndex = 2;
    log.info(`${st.test(s)} ${st.lastIndex}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
