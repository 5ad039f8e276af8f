/**
 * Port of the upstream Go example go/javascript.go (envoyproxy/dynamic-modules-examples) with the
 * script of upstream's integration/envoy.yaml. Upstream embeds a JavaScript VM in the module and
 * runs the script from filter_config on every request; here the script is this file, compiled
 * ahead of time to native code (see docs/examples.md, "javascript"):
 *
 * - on request headers: copies the `foo` request header into `x-foo`;
 * - on response headers: copies the `dog` request header into the `x-dog` response header and the
 *   response status into `x-status`, and logs the status.
 *
 * Same filter name (`javascript`); any filter_config (upstream's script) is ignored.
 *
 *   npx tsc2envoy run examples/javascript.ts
 *   curl -i -H 'foo: bar' -H 'dog: cat' http://127.0.0.1:10000/   # x-dog: cat, x-status: 200; the upstream sees x-foo: bar
 */
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class JavaScript implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    log.debug("OnRequestHeader called");
    envoy.setRequestHeader("x-foo", envoy.getRequestHeaderValue("foo") ?? "");
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    envoy.setResponseHeader("x-dog", envoy.getRequestHeaderValue("dog") ?? "");
    const status = envoy.getResponseHeaderValue(":status") ?? "";
    envoy.setResponseHeader("x-status", status);
    log.debug(`Response status: ${status}`);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("javascript", () => new JavaScript());
