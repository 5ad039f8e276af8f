// Header bytes from Envoy that are not valid UTF-8 (each maximal bad subsequence is one U+FFFD), names in any case, repeated names.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";
import { units } from "../lib/units";

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    for (const [name, value] of envoy.getRequestHeaders()) {
      log.info(`${name}: len=${value.length} units=${units(value)}`);
    }
    log.info(`x-dup: ${JSON.stringify(envoy.getRequestHeaderValues("x-dup"))} first=${envoy.getRequestHeaderValue("X-DUP")} count=${envoy.getRequestHeaderValues("X-Dup").length}`);
    log.info(`missing: ${envoy.getRequestHeaderValue("x-none")} ${envoy.getRequestHeaderValues("x-none").length}`);
    const bom = envoy.getRequestHeaderValue("x-bom") ?? "";
    log.info(`bom kept: ${bom.charCodeAt(0) === 0xfeff} trimmed=${units(bom.trim())}`);
    const cesu = envoy.getRequestHeaderValue("x-cesu") ?? "";
    log.info(`cesu: ${cesu.length} ${cesu === "\ufffd".repeat(6)}`);
    const mixed = envoy.getRequestHeaderValue("x-mixed") ?? "";
    log.info(`mixed upper: ${mixed.toUpperCase()} ${units(mixed.toUpperCase())}`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    const raw = envoy.getResponseHeaderValue("x-raw") ?? "";
    log.info(`response raw: ${units(raw)}`);
    envoy.setResponseHeader("x-echo", raw + "\ud800" + "\udfff" + "\ud83d\ude00");
    log.info(`echo back: ${units(envoy.getResponseHeaderValue("x-echo") ?? "")}`);
    for (const [name, value] of envoy.getResponseHeaders()) log.info(`resp ${name}=${units(value)}`);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-cont",{"hex":"80bf"}],["x-5byte",{"hex":"f888808080"}],["x-too-big",{"hex":"f4908080"}],["x-overlong3",{"hex":"e08080"}],["x-overlong2",{"hex":"c1bf"}],["x-trunc-end",{"hex":"41c2"}],["x-trunc-mid",{"hex":"e2824142"}],["x-trunc4",{"hex":"f09f98"}],["x-fe",{"hex":"fe41ff"}],["x-bom",{"hex":"efbbbf7820"}],["x-cesu",{"hex":"eda0bdedb880"}],["x-max",{"hex":"f48fbfbf"}],["x-nonchar",{"hex":"efbfbe"}],["x-mixed",{"hex":"c3a9ffc39f"}],["x-dup","one"],["X-Dup","tw\u00f6"],["x-dup",{"hex":"ff"}],["x-latin1",{"hex":"e96e"}]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"],["x-raw",{"hex":"e9c3a9f09f9880ed9fbf"}]],"endOfStream":true},{"hook":"stream_complete"}]}]}
