// . without s skips \n \r \u2028 \u2029; with s it matches them; [^] always does.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showMatch } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    for (const t of ["\n", "\r", "\u2028", "\u2029", "\u0085", "\t", "\v", "\f"]) {
      log.info(`${t.charCodeAt(0)}: ${/a.b/.test(`a${t}b`)} ${/a.b/s.test(`a${t}b`)} ${/a[^]b/.test(`a${t}b`)} ${/a\sb/.test(`a${t}b`)}`);
    }
    log.info(showMatch(/.+/.exec("line1\nline2")));
    log.info(showMatch(/.+/s.exec("line1\nline2")));
    log.info(showMatch(/^.*$/m.exec("x\u2028y")));
    log.info(`${/^.$/.test("😀")} ${/^.$/u.test("😀")} ${/^..$/.test("😀")} ${/^.$/su.test("😀")}`);
    log.info(`${/\s/.test("\u00a0")} ${/\s/.test("\ufeff")} ${/\s/.test("\u3000")} ${/\s/.test("\u180e")} ${/\S/.test("\u200b")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
