// encodeURIComponent / encodeURI / decodeURIComponent / decodeURI: character sets, UTF-8, and URIError on malformed input, as V8.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function attempt(what: string, f: () => string): void {
  try {
    log.info(`${what} -> ${JSON.stringify(f())}`);
  } catch (e) {
    log.info(`${what} threw ${e instanceof URIError} ${String(e)}`);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    let ascii = "";
    for (let c = 0x20; c < 0x7f; c++) ascii += String.fromCharCode(c);
    log.info(`component: ${encodeURIComponent(ascii)}`);
    log.info(`uri:       ${encodeURI(ascii)}`);
    const texts = ["héllo wörld", "😀 ok", "a/b?c=d&e#f", "\u0000\u007f\u0080\u07ff\u0800\uffff", "日本語", "", "%41"];
    for (const t of texts) {
      const c = encodeURIComponent(t);
      const u = encodeURI(t);
      log.info(`${JSON.stringify(t)}: ${c} ${u} back=${decodeURIComponent(c) === t} ${decodeURI(u) === t}`);
    }
    log.info(`non-strings: ${encodeURIComponent(42)} ${encodeURIComponent(true)} ${encodeURIComponent(1.5)}`);
    log.info(`decodeURI keeps reserved escapes: ${decodeURI("%2F%3a%3F%23%41%20%c3%a9%25")} ${decodeURIComponent("%2F%3a%3F%23%41%20%c3%a9%25")}`);
    log.info(`plus is not a space: ${decodeURIComponent("a+b%2Bc")}`);
    log.info(`state: ${decodeURIComponent("redirect%3Dhttps%253A%252F%252Fexample.com%252F%26nonce%3Dx")}`);
    const malformed = ["%", "%A", "%ZZ", "abc%4", "%C0%80", "%ED%A0%80", "%F4%90%80%80", "%80", "%E0%A4", "%E0%A4%41", "%F0%9F%98", "%FF", "%C3%A9%"];
    for (const m of malformed) {
      attempt(`decodeURIComponent(${JSON.stringify(m)})`, () => decodeURIComponent(m));
      attempt(`decodeURI(${JSON.stringify(m)})`, () => decodeURI(m));
    }
    for (const lone of ["\ud800", "a\udc00", "x\ud83d", "\ud83d\ude00\ud83d"]) {
      attempt(`encodeURIComponent(${JSON.stringify(lone)})`, () => encodeURIComponent(lone));
      attempt(`encodeURI(${JSON.stringify(lone)})`, () => encodeURI(lone));
    }
    attempt("decodeURIComponent of a 4-byte sequence", () => decodeURIComponent("%F0%9F%98%80%f0%9f%98%81"));
    log.info(`as values: ${["a b", "c/d"].map(encodeURIComponent).join(",")} ${["a%20b"].map(decodeURIComponent).join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
