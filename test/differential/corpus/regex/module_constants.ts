// Module-level RegExp constants (here and imported): test/exec without g/y, flags, and as patterns of the String methods, over several streams.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/api/v2/users"],["x-tags","a, b,,c"],["authorization","Bearer abc.def"]],"endOfStream":true}]},{"events":[{"hook":"request_headers","headers":[[":path","/static/x"],["x-tags","one"],["authorization","Basic zzz"]],"endOfStream":true}]},{"events":[{"hook":"request_headers","headers":[[":path","/api/v10"],["x-tags",""],["authorization","bearer QQ"]],"endOfStream":true}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";
import { API_VERSION, WORDS } from "../lib/routes";
import { showAll, showList, showMatch } from "../lib/regex_show";

const BEARER = /^bearer\s+(\S+)$/i;
const COMMA = /\s*,\s*/;
const VOWELS = /[aeiou]/g;
const DIGITS = /\d+/gy;

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "";
    const tags = envoy.getRequestHeaderValue("x-tags") ?? "";
    const auth = envoy.getRequestHeaderValue("authorization") ?? "";
    log.info(`api ${API_VERSION.test(path)} ${showMatch(API_VERSION.exec(path))} ${showMatch(path.match(API_VERSION))} ${path.search(API_VERSION)}`);
    log.info(`bearer ${BEARER.test(auth)} ${showMatch(BEARER.exec(auth))} ${auth.replace(BEARER, "Bearer <$1>")}`);
    log.info(`flags ${BEARER.source} ${BEARER.flags} ${BEARER.ignoreCase} ${BEARER.global} ${VOWELS.global} ${DIGITS.sticky} ${WORDS.flags}`);
    log.info(`split ${showList(tags.split(COMMA))} ${showList(tags.split(COMMA, 2))}`);
    log.info(`vowels ${path.replace(VOWELS, "_")} ${path.replaceAll(VOWELS, (v) => v.toUpperCase())} ${showAll(path.match(VOWELS))} ${path.search(VOWELS)}`);
    log.info(`words ${showAll(path.match(WORDS))} ${path.replace(WORDS, (w, at: number) => `${w.length}@${at}`)}`);
    log.info(`digits ${showAll(path.match(DIGITS))} ${path.replace(DIGITS, "#")} ${showAll("12ab34".match(DIGITS))}`);
    // A replacer that throws half way leaves lastIndex set in JavaScript; the next use starts over anyway.
    try {
      path.replace(VOWELS, (v) => {
        if (v === "i" || v === "a") throw new Error(`stop at ${v}`);
        return v;
      });
    } catch (e) {
      if (e instanceof Error) log.info(e.message);
    }
    log.info(`again ${path.replace(VOWELS, "*")} ${showAll(path.match(VOWELS))}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
