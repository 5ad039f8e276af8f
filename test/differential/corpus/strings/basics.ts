// Strings as UTF-16: length, indexing, comparison, concatenation, iteration by code point.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const samples = ["", "a", "héllo", "日本語", "emoji 😀!", "\u0000\t\n", "Ω≈ç√"];
    for (const s of samples) {
      const chars: string[] = [];
      for (const c of s) chars.push(c);
      log.info(`${JSON.stringify(s)} len=${s.length} first=${s[0]} last=${s[s.length - 1]} points=${chars.length} ${JSON.stringify(chars)}`);
    }
    const sorted = ["b", "a", "B", "é", "e", "😀", "日", "aa", ""];
    sorted.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    log.info(JSON.stringify(sorted));
    log.info(`${"abc" < "abd"} ${"Z" < "a"} ${"é" > "z"} ${"" < "a"} ${"a" === "a"} ${"a" + 1 + 2} ${1 + 2 + "a"}`);
    let built = "";
    for (let i = 0; i < 5; i++) built += `${i}-`;
    log.info(built);
    const emoji = "😀";
    log.info(`${emoji.length} ${emoji[0] === "\ud83d"} ${emoji[1] === "\ude00"}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
