// Header bytes cross as UTF-8: invalid sequences decode to U+FFFD, lone surrogates encode as U+FFFD.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    for (const [name, value] of envoy.getRequestHeaders()) {
      log.info(`${name} length=${value.length} ${JSON.stringify(value)}`);
    }
    envoy.setRequestHeader("x-lone", "a\ud800b");
    envoy.setRequestHeader("x-pair", "\ud83d\ude00");
    envoy.setRequestHeader("X-Mixed-Case", "café");
    envoy.addRequestHeader("x-mixed-case", "second");
    log.info(envoy.getRequestHeaderValues("X-MIXED-CASE").join("|"));
    log.info(`${envoy.getRequestHeaderValue("x-lone")} ${envoy.getRequestHeaderValue("x-pair")?.length}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-ascii","plain"],["x-utf8","h\u00e9llo \u2713"],["x-invalid",{"hex":"61ff62c3"}],["x-overlong",{"hex":"c0af"}],["x-surrogate-bytes",{"hex":"eda080"}],["x-truncated",{"hex":"e282"}],["x-4byte",{"hex":"f09f9880"}],["x-latin1",{"hex":"e9"}]],"endOfStream":true}]}]}
