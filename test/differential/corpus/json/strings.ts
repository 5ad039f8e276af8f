// JSON strings both ways: control characters, lone surrogates (escaped as \udXXX), non-ASCII kept, escapes incl. surrogate pairs parsed back.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { units } from "../lib/units";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const samples = ["", "plain", "q\"uote", "back\\slash", "slash/", "\u0000\u0007\b\t\n\u000b\f\r\u000e\u001f", "\u007f\u0080\u00a0", "\u2028\u2029", "é日😀", "\ud800", "\udbff\udfff", "\udc00\ud800", "a\ud83d", "\ude00b", "\ufeff\ufffe\uffff"];
    for (const s of samples) {
      const text = JSON.stringify(s);
      const back: string = JSON.parse(text);
      log.info(`${units(s)} -> ${text} back=${back === s}`);
    }
    const escapes = ['"\\u0041"', '"\\u00e9"', '"\\ud83d\\ude00"', '"\\uD83D\\uDE00"', '"\\ud83d"', '"\\ude00\\ud83d"', '"\\ud83dx"', '"\\/"', '"\\b\\f\\n\\r\\t"', '"\\u0000"', '"é"', '"😀"', '"\\"\\\\"'];
    for (const e of escapes) {
      const s: string = JSON.parse(e);
      log.info(`parse ${e}: ${units(s)} len=${s.length}`);
    }
    const bad = ['"\\x41"', '"\\u12"', '"\\uZZZZ"', '"unterminated', '"tab\there"', '"nl\nhere"', "'single'", '"\\a"', '"\\U0041"', '"\u0001"'];
    for (const b of bad) {
      try {
        const s: string = JSON.parse(b);
        log.info(`accepted ${JSON.stringify(b)}: ${units(s)}`);
      } catch (e) {
        if (e instanceof SyntaxError) log.info(`rejected ${JSON.stringify(b)}`);
      }
    }
    const obj = { "ключ": "значение", "😀": ["\ud800", "ok"], "a\"b": "\\" };
    const text = JSON.stringify(obj);
    log.info(`object: ${text}`);
    const keys: { "ключ": string; "😀": string[]; "a\"b": string } = JSON.parse(text);
    log.info(`parsed keys: ${keys["ключ"]} ${keys["😀"].map(units).join("|")} ${keys["a\"b"]}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
