// Non-ASCII strings as UTF-16 code units: length, [i], at, charAt, charCodeAt, codePointAt on pairs and lone surrogates.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { units } from "../lib/units";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const samples = ["", "abc", "café", "naïve façade", "\u00ff\u0100", "日本語", "𝄞", "😀😁", "a😀b", "\ud83d", "\ude00", "\ude00\ud83d", "x\ud800y", "👨‍👩‍👧", "🇫🇷", "e\u0301", "\u0000\u001f\u007f", "\uffff\ufffe"];
    for (const s of samples) {
      const cps: string[] = [];
      for (const ch of s) cps.push((ch.codePointAt(0) ?? -1).toString(16));
      log.info(`${JSON.stringify(s)} len=${s.length} units=${units(s)} cps=${cps.join(".")} spread=${[...s].length} from=${Array.from(s).length}`);
    }
    const s = "a😀b\ud800c";
    const idx = [-7, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 1.5, NaN, Infinity];
    log.info(`at: ${idx.map((i) => JSON.stringify(s.at(i) ?? "undef")).join(" ")}`);
    log.info(`charAt: ${idx.map((i) => JSON.stringify(s.charAt(i))).join(" ")}`);
    log.info(`charCodeAt: ${idx.map((i) => s.charCodeAt(i)).join(" ")}`);
    log.info(`codePointAt: ${idx.map((i) => s.codePointAt(i) ?? "undef").join(" ")}`);
    const bracket: string[] = [];
    for (let i = -1; i <= s.length; i++) bracket.push(JSON.stringify(s[i] ?? "undef"));
    log.info(`[i]: ${bracket.join(" ")}`);
    log.info(`fromCharCode: ${JSON.stringify(String.fromCharCode(0xd83d, 0xde00, 65, 0x10041, -1, 65.9))} ${String.fromCharCode().length}`);
    log.info(`fromCodePoint: ${String.fromCodePoint(0x1f600, 0x41, 0xe9, 0x10ffff).length} ${JSON.stringify(String.fromCodePoint(0xd800, 0xdc00))} ${units(String.fromCodePoint(0x10ffff))}`);
    for (const bad of [-1, 0x110000, 1.5, NaN, Infinity]) {
      try {
        log.info(String.fromCodePoint(bad));
      } catch (e) {
        if (e instanceof RangeError) log.info(`fromCodePoint(${bad}): ${e.message}`);
      }
    }
    const joined = "😀".repeat(3) + "\ud83d";
    log.info(`repeat pair: len=${joined.length} last=${joined.charCodeAt(joined.length - 1).toString(16)} at(-1)=${units(joined.at(-1) ?? "")} at(-2)=${units(joined.at(-2) ?? "")}`);
    let rebuilt = "";
    for (let i = 0; i < joined.length; i++) rebuilt += joined[i] ?? "";
    log.info(`rebuilt: ${rebuilt === joined} ${rebuilt.length}`);
    const halves = "😀".split("");
    log.info(`split halves: ${halves.length} ${halves.map(units).join("|")} rejoin=${halves.join("") === "😀"}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
