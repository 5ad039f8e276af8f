// Writing headers: non-ASCII and lone-surrogate values (encoded as UTF-8, lone surrogates as U+FFFD), name case, add/set/remove order.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";
import { units } from "../lib/units";

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const values = ["plain", "café", "日本", "😀", "\ud800", "\udc00x", "a\ud83d\ude00\ud83d", "\u00ff\u0100", "\ufffd", "tab\there", ""];
    values.forEach((v, i) => {
      envoy.setRequestHeader(`x-v${i}`, v);
      const back = envoy.getRequestHeaderValue(`X-V${i}`) ?? "<none>";
      log.info(`v${i}: sent=${units(v)} back=${units(back)} same=${back === v}`);
    });
    envoy.addRequestHeader("X-List", "1");
    envoy.addRequestHeader("x-list", "zwei");
    envoy.addRequestHeader("X-LIST", "трі");
    log.info(`list: ${envoy.getRequestHeaderValues("x-list").join("|")}`);
    envoy.setRequestHeader("x-list", "only");
    log.info(`after set: ${envoy.getRequestHeaderValues("x-list").join("|")}`);
    envoy.addRequestHeader("x-list", "again");
    envoy.removeRequestHeader("X-List");
    log.info(`after remove: ${envoy.getRequestHeaderValues("x-list").length} ${envoy.getRequestHeaderValue("x-list")}`);
    envoy.setRequestHeader("X-Upper-Name", "v");
    const names = envoy.getRequestHeaders().map(([n]) => n).filter((n) => n.startsWith("x-u") || n.startsWith("X-U"));
    log.info(`names: ${names.join(",")}`);
    const multi = envoy.getRequestHeaderValues("x-multi");
    log.info(`x-multi: ${multi.join("+")} ${multi.length}`);
    envoy.setRequestHeader("x-multi", multi.map((m) => m.toUpperCase()).join(", "));
    log.info(`joined: ${envoy.getRequestHeaderValue("x-multi")}`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    envoy.addResponseHeader("Set-Cookie", "a=1");
    envoy.addResponseHeader("set-cookie", "b=ü");
    envoy.addResponseHeader("SET-COOKIE", "c=\ud83d");
    const cookies = envoy.getResponseHeaderValues("set-cookie");
    log.info(`cookies: ${cookies.map(units).join(" ")}`);
    envoy.setResponseHeader("content-type", "text/plain; charset=utf-8 ✓");
    envoy.removeResponseHeader("x-absent");
    log.info(`ct: ${envoy.getResponseHeaderValue("Content-Type")}`);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
