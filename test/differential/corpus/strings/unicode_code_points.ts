// Code points vs code units: counting, comparing and grouping non-BMP text without string methods.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function isHigh(u: string | undefined): boolean {
  return u !== undefined && u >= "\ud800" && u <= "\udbff";
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const texts = ["plain", "naïve café", "😀 smile", "𝒳𝒴𝒵", "mixed 日本 😀 e\u0301", "\ud800\ud800", "\udc00"];
    for (const t of texts) {
      let highs = 0;
      for (let i = 0; i < t.length; i++) if (isHigh(t[i])) highs++;
      log.info(`${JSON.stringify(t)} units=${t.length} points=${codePoints(t)} highs=${highs}`);
    }
    const widths = new Map<number, string[]>();
    for (const ch of "a é 日 😀") {
      const w = ch.length;
      const list = widths.get(w) ?? [];
      list.push(ch);
      widths.set(w, list);
    }
    for (const [w, list] of widths) log.info(`width ${w}: ${JSON.stringify(list)}`);
    const escaped = [..."ñ😀"].map((c) => JSON.stringify(c)).join("+");
    log.info(escaped);
    const joined = ["\ud83d", "\ude00"].join("");
    log.info(`${joined === "😀"} ${codePoints(joined)} ${[...joined].length}`);
    const broken = "😀"[0] + "x" + "😀"[1];
    log.info(`${JSON.stringify(broken)} ${codePoints(broken)}`);
    const set = new Set([..."abracadabra😀😀"]);
    log.info(`${set.size} ${[...set].join("")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
