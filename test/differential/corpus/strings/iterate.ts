// for...of, spread and Array.from over strings go by code point; lone surrogates stay single units.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function describe(s: string): string {
  const points: string[] = [];
  for (const ch of s) points.push(`${JSON.stringify(ch)}:${ch.length}`);
  return points.join(" ");
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const samples = ["abc", "a😀b", "😀😀", "\ud83d", "\ude00\ud83d", "x\ud83d", "é e\u0301", "🇫🇷", "", "𝄞𝄞", "\ud83d\ud83d\ude00"];
    for (const s of samples) {
      const spread = [...s];
      const from = Array.from(s);
      log.info(`${JSON.stringify(s)} len=${s.length} points=${spread.length} from=${from.length} ${describe(s)}`);
    }
    const reversed = [..."h😀llo 𝄞"].reverse().join("");
    log.info(`${reversed} ${reversed.length}`);
    let count = 0;
    for (const ch of "mississippi") if (ch === "s") count++;
    log.info(`s count=${count}`);
    const freq = new Map<string, number>();
    for (const ch of "hello😀😀") freq.set(ch, (freq.get(ch) ?? 0) + 1);
    log.info([...freq].map(([k, v]) => `${k}=${v}`).join(","));
    const chars = [..."abc"].map((c, i) => c + i);
    log.info(chars.join("-"));
    const upperish = Array.from("abc", (c) => c + c);
    log.info(upperish.join(""));
    outer: for (const a of "xyz") {
      for (const b of "123") {
        if (b === "3") continue outer;
        if (a === "z") break outer;
        log.info(a + b);
      }
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
