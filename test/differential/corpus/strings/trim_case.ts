// trim with every Unicode whitespace kind, and full case mapping: ß, İ, final sigma, ligatures, astral letters.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { units } from "../lib/units";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const spaces = ["\t", "\n", "\v", "\f", "\r", " ", "\u00a0", "\u1680", "\u2000", "\u2005", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff", "\u200b", "\u180e", "\u0085", "\u00ad"];
    for (const sp of spaces) {
      const s = `${sp}${sp}x${sp}y${sp}`;
      log.info(`${units(sp)}: trim=${units(s.trim())} start=${units(s.trimStart())} end=${units(s.trimEnd())}`);
    }
    log.info(`all: [${spaces.join("").trim()}] ${units(spaces.join("").trim())} ${"   ".trim().length} ${"".trimEnd().length}`);
    const words = ["straße", "STRASSE", "İstanbul", "ıi", "ΣΊΣΥΦΟΣ", "ΌΣΟΣ Σ", "aΣ", "Σa", "a.Σ", "aΣ.", "ﬁﬂ", "ŉ", "ǅ", "Ǆǆ", "ΐ", "ᾳ", "ﬀ", "𐐀𐐨", "Ω", "K", "Å", "µ", "ÿ", "ǰ", "ẞ", "ſ", "ꭰ", "😀ǅ", "ÀÉÎÕÜ", "àéîõü", "Ⅻ", "ⓐ", "Ꙋ"];
    for (const w of words) log.info(`${w}: upper=${w.toUpperCase()} lower=${w.toLowerCase()} lens=${w.length}/${w.toUpperCase().length}/${w.toLowerCase().length}`);
    log.info(`sigma: ${"ΑΣ ΑΣ.ΑΣ'Σ".toLowerCase()} ${"Σ".toLowerCase()} ${"ΑΣ\u0301".toLowerCase()} ${"Α\u00adΣ".toLowerCase()} ${units("AΣ\ud800".toLowerCase())}`);
    log.info(`lone: ${units("\ud801\udc00\ud801".toLowerCase())} ${units("\udc28\ud801".toUpperCase())}`);
    const header = "Content-TYPE";
    log.info(`ascii: ${header.toLowerCase()} ${header.toUpperCase()} ${header.toLowerCase() === "content-type"} ${"ÉCOLE".toLowerCase() === "école"}`);
    const same = "already lower 123 !?";
    log.info(`unchanged: ${same.toLowerCase() === same} ${"UP".toUpperCase() === "UP"}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
