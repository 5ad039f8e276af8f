// String length and s[i] count UTF-16 code units: surrogate halves, combining marks, out of range.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function units(s: string): string {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) out.push(JSON.stringify(s[i]));
  return out.join(" ");
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const samples = ["", "a", "abc", "é", "e\u0301", "😀", "a😀b", "𝄞x", "\u0000", "日本語", "\ud800", "\udc00\ud800", "🇫🇷", "👨‍👩‍👧"];
    for (const s of samples) log.info(`${JSON.stringify(s)} length=${s.length} units=${units(s)}`);
    const s = "h😀llo";
    log.info(`${s[0]} ${s[1] === "\ud83d"} ${s[2] === "\ude00"} ${s[3]} ${s[s.length - 1]} ${s[99]} ${s[-1]} ${s[1.5]}`);
    log.info(`${s[99] === undefined} ${typeof s[0]} ${typeof s[99]} ${(s[99] ?? "fallback")}`);
    let last = "";
    for (let i = s.length - 1; i >= 0; i--) last += s[i] ?? "?";
    log.info(`reversed-units length=${last.length} ${JSON.stringify(last)}`);
    const word = "racecar";
    let pal = true;
    for (let i = 0, j = word.length - 1; i < j; i++, j--) if (word[i] !== word[j]) pal = false;
    log.info(`palindrome ${pal}`);
    let vowels = 0;
    for (let i = 0; i < "education".length; i++) {
      const c = "education"[i];
      if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") vowels++;
    }
    log.info(`vowels=${vowels}`);
    const big = "ab".length + "😀😀".length * 10 + "\u{1F600}".length * 100;
    log.info(`big=${big}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
