// slice and substring with negative, out-of-range, fractional, NaN and swapped indices, on non-ASCII text.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const s = "héllo😀wörld";
    const points = [-100, -13, -12, -6, -2, -1, -0.5, 0, 0.9, 1, 5, 6, 7, 11, 12, 13, 100, NaN, Infinity, -Infinity];
    for (const a of points) {
      const sl: string[] = [];
      const sb: string[] = [];
      for (const b of [-3, 0, 3, 7, 13, Infinity, NaN]) {
        sl.push(JSON.stringify(s.slice(a, b)));
        sb.push(JSON.stringify(s.substring(a, b)));
      }
      log.info(`${a}: slice(a)=${JSON.stringify(s.slice(a))} substring(a)=${JSON.stringify(s.substring(a))} | ${sl.join(" ")} | ${sb.join(" ")}`);
    }
    const e = "";
    log.info(`empty: ${JSON.stringify(e.slice(1))} ${JSON.stringify(e.slice(-1))} ${JSON.stringify(e.substring(2, 1))} ${JSON.stringify(e.at(0) ?? "undef")}`);
    const a = "abcdef";
    log.info(`same: ${a.slice(2, 2) === ""} ${a.substring(4, 1)} ${a.slice(4, 1) === ""} ${a.slice(-3, -1)} ${a.substring(-3, -1) === ""} ${a.slice(0) === a} ${a.substring(0, a.length) === a}`);
    const words = "the quick brown fox";
    let rest = words;
    const parts: string[] = [];
    while (rest.length > 0) {
      const sp = rest.indexOf(" ");
      if (sp < 0) {
        parts.push(rest);
        rest = "";
      } else {
        parts.push(rest.slice(0, sp));
        rest = rest.slice(sp + 1);
      }
    }
    log.info(`words: ${parts.join("|")}`);
    const pair = "x😀y";
    log.info(`cut pair: ${JSON.stringify(pair.slice(0, 2))} ${JSON.stringify(pair.slice(2))} ${JSON.stringify(pair.substring(1, 2))} ${pair.slice(0, 2).length}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
