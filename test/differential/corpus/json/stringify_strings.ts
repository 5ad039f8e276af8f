// JSON.stringify of strings: quotes, backslashes, every control character, non-ASCII, lone surrogates.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(JSON.stringify('say "hi"'));
    log.info(JSON.stringify("back\\slash /slash"));
    log.info(JSON.stringify("\b\f\n\r\t\v\u0000\u0001\u001f\u0020\u007f\u0080\u009f"));
    let controls = "";
    for (let i = 0; i < 32; i++) controls += JSON.stringify(String.fromCharCode(i));
    log.info(controls);
    log.info(JSON.stringify("café ñ 日本 😀 \u2028\u2029 \ufeff \ufffd"));
    log.info(JSON.stringify("\ud800") + JSON.stringify("\udfff") + JSON.stringify("a\ud83db") + JSON.stringify("\ude00\ud83d") + JSON.stringify("\ud83d\ude00"));
    log.info(JSON.stringify(["a", "\"", "\\", "", "'"]));
    log.info(JSON.stringify({ "key with \"quote\"": "v", "é": "\n", "": "" }));
    const nested = JSON.stringify(JSON.stringify({ a: "x\"y" }));
    log.info(nested);
    log.info(JSON.stringify(JSON.stringify(JSON.stringify("\\"))));
    const s = JSON.stringify("<script>&</script>");
    log.info(`${s} ${s.length}`);
    const roundTrip: string = JSON.parse(JSON.stringify("a\u0001\ud800\"b"));
    log.info(`${roundTrip === "a\u0001\ud800\"b"} ${roundTrip.length}`);
    const parsed: string[] = JSON.parse('["\\u0041\\u00e9\\ud83d\\ude00", "\\/\\b\\f", "\\ud800x"]');
    log.info(parsed.map((p) => `${p.length}:${JSON.stringify(p)}`).join(" "));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
