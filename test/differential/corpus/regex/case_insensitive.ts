// Case-insensitive matching: Canonicalize by toUpperCase without u (no non-ASCII to ASCII), simple case folding with u.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const checks: [string, boolean][] = [
      ["ſ i s", /ſ/i.test("s")], ["ſ i S", /ſ/i.test("S")], ["s i ſ", /s/i.test("ſ")], ["ſ iu s", /ſ/iu.test("s")], ["s iu ſ", /s/iu.test("ſ")],
      ["k i K-sign", /k/i.test("\u212a")], ["k iu K-sign", /k/iu.test("\u212a")], ["K-sign iu k", /\u212a/iu.test("k")], ["K-sign i K", /\u212a/i.test("K")],
      ["ß i SS", /ß/i.test("SS")], ["ß i ẞ", /ß/i.test("\u1e9e")], ["ß iu ẞ", /ß/iu.test("\u1e9e")],
      ["µ i μ", /µ/i.test("\u03bc")], ["µ i Μ", /µ/i.test("\u039c")], ["σ i ς", /σ/i.test("ς")], ["Σ i ς", /Σ/i.test("ς")],
      ["ǅ i ǆ", /ǅ/i.test("ǆ")], ["ǅ i Ǆ", /ǅ/i.test("Ǆ")], ["İ i i", /İ/i.test("i")], ["ı i I", /ı/i.test("I")], ["ı iu I", /ı/iu.test("I")],
      ["[a-z] i K-sign", /[a-z]/i.test("\u212a")], ["[a-z] iu K-sign", /[a-z]/iu.test("\u212a")], ["[^a-z] i A", /[^a-z]/i.test("A")],
      ["[^k] iu K-sign", /[^k]/iu.test("\u212a")], ["é i É", /é/i.test("É")], ["ÿ i Ÿ", /ÿ/i.test("Ÿ")], ["Ω i ω", /\u2126/i.test("ω")], ["Ω iu ω", /\u2126/iu.test("ω")],
      ["𐐀 iu 𐐨", /\u{10400}/iu.test("\u{10428}")], ["𐐀 i 𐐨", /\ud801\udc00/i.test("\ud801\udc28")], ["ﬀ i FF", /ﬀ/i.test("FF")],
      ["Ⅰ i ⅰ", /\u2160/i.test("\u2170")], ["ꭰ i Ꭰ", /\uab70/i.test("\u13a0")], ["ᲀ i в", /\u1c80/i.test("в")], ["ᲀ iu в", /\u1c80/iu.test("в")],
    ];
    log.info(checks.map(([name, ok]) => `${name}=${ok}`).join("; "));
    log.info(`${"Content-TYPE".replace(/content-type/i, "x")} ${"AbCaBc".replace(/abc/gi, "-")} ${"Straße".match(/STRASSE/i) === null}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
