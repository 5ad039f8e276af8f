// replaceAll needs a global RegExp (TypeError otherwise); a failed stream of matches leaves the input.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    try {
      log.info("aaa".replaceAll(/a/, "b"));
    } catch (e) {
      if (e instanceof TypeError) log.info(`TypeError: ${e.message}`);
    }
    try {
      log.info("aaa".replaceAll(/a/y, () => "b"));
    } catch (e) {
      if (e instanceof Error) log.info(`${e.name}: ${e.message}`);
    }
    log.info("aaa".replaceAll(/a/g, "b"));
    log.info("aXa".replaceAll(/x/gi, "$&$&"));
    const re = /a/g;
    re.lastIndex = 2;
    log.info(`${"aaa".replace(re, "b")} ${re.lastIndex}`);
    const st = /a/y;
    st.lastIndex = 1;
    log.info(`${"aaa".replace(st, "b")} ${st.lastIndex} ${"aba".replace(st, "c")} ${st.lastIndex}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
