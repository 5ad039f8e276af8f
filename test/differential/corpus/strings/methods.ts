// String.prototype methods with their edge cases: positions, negative and fractional indices, empty patterns.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const s = "Hello, Wörld! 😀 hello";
    log.info(`${s.indexOf("l")} ${s.indexOf("l", 5)} ${s.indexOf("")} ${s.indexOf("", 100)} ${s.lastIndexOf("l")} ${s.lastIndexOf("l", 5)} ${s.indexOf("xyz")}`);
    log.info(`${s.includes("Wörld")} ${s.startsWith("Hello")} ${s.startsWith("ello", 1)} ${s.endsWith("hello")} ${s.endsWith("Hello", 5)}`);
    log.info(`[${s.slice(7)}] [${s.slice(-5)}] [${s.slice(2, -2)}] [${s.slice(5, 2)}] [${s.slice(1.7, 3.2)}]`);
    log.info(`[${s.substring(7, 2)}] [${s.substring(-3, 4)}] [${s.substring(NaN, 3)}]`);
    log.info(`[${s.charAt(4)}] [${s.charAt(100)}] ${s.charCodeAt(14)} ${s.charCodeAt(100)} ${s.codePointAt(14)} ${s.codePointAt(15)} ${s.codePointAt(99)}`);
    log.info(`${s.at(0)} ${s.at(-1)} ${s.at(100)} ${"abc".at(-4)}`);
    log.info(JSON.stringify("a,b,,c".split(",")) + JSON.stringify("abc".split("")) + JSON.stringify("a,b,c".split(",", 2)) + JSON.stringify("".split(",")) + JSON.stringify("".split("")));
    log.info(`${"ǅ Σίσυφος ΣΑΣ ß ﬁ İ".toLowerCase()} | ${"ǆ ß ﬁ ŉ straße".toUpperCase()}`);
    log.info(`[${"  \t x y \n\u00a0".trim()}] [${"  x ".trimStart()}] [${"  x ".trimEnd()}]`);
    log.info(`[${"5".padStart(3, "0")}] [${"abc".padStart(8, "12")}] [${"abc".padEnd(6)}] [${"abc".padStart(2)}] [${"x".padEnd(4, "")}]`);
    log.info(`[${"ab".repeat(3)}] [${"x".repeat(0)}] [${"".repeat(5)}]`);
    log.info(`${"a-b-c".replace("-", "+")} ${"a-b-c".replaceAll("-", "+")} ${"abc".replace("", "_")} ${"abc".replaceAll("", "_")}`);
    log.info(`${"price: 10".replace("10", "$& ($$) [$`] [$']")} ${"aaa".replaceAll("a", "$&$&")}`);
    log.info(`${"hello world".replace("o", (m) => m.toUpperCase())} ${"hello world".replaceAll("o", (m) => `<${m}>`)}`);
    log.info(`${"a".concat("b", String(1), "c")} ${"abc".toString()} ${String.fromCharCode(72, 105, 0x1f600 & 0xffff)} ${String.fromCodePoint(0x1f600, 65)}`);
    try {
      "x".repeat(-1);
    } catch (e) {
      if (e instanceof RangeError) log.info(`RangeError: ${e.message}`);
    }
    try {
      String.fromCodePoint(0x110000);
    } catch (e) {
      if (e instanceof RangeError) log.info(`RangeError: ${e.message}`);
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
