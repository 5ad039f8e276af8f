/**
 * Port of the upstream Go example go/header_auth.go (envoyproxy/dynamic-modules-examples): a request
 * without the configured header gets a 401 "Unauthorized by Go Module at on_request_headers"; a
 * request whose header value is `on_response_headers` goes upstream, and its response is replaced by
 * a 401 "... at on_response_headers" local reply when the response headers come back.
 *
 * Config: the header's name as a plain string, not JSON, as upstream passes it:
 *
 *   filter_name: header_auth
 *   filter_config: { "@type": type.googleapis.com/google.protobuf.StringValue, value: go-module-auth-header }
 *
 * A `string` config type takes filter_config as-is (docs/api.md, "The config"); an empty or
 * missing filter_config rejects the config.
 *
 *   npx tsc2envoy build examples/header_auth.ts -o out
 *   echo -n go-module-auth-header > header.txt && npx tsc2envoy run examples/header_auth.ts --config header.txt
 *   curl -i http://127.0.0.1:10000/                                                     # 401
 *   curl -i -H 'go-module-auth-header: on_response_headers' http://127.0.0.1:10000/     # 401 after the upstream answered
 *   curl -i -H 'go-module-auth-header: yes' http://127.0.0.1:10000/                     # 200
 */
import { registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class HeaderAuth implements HttpFilter {
  private rejectResponse = false;

  constructor(private readonly headerName: string) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const value = envoy.getRequestHeaderValue(this.headerName) ?? "";
    if (value === "") {
      envoy.sendResponse(401, [["content-type", "text/plain"]], "Unauthorized by Go Module at on_request_headers\n", "unauthorized");
      return RequestHeadersStatus.StopIteration;
    }
    this.rejectResponse = value === "on_response_headers";
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    if (this.rejectResponse) {
      envoy.sendResponse(401, [["content-type", "text/plain"]], "Unauthorized by Go Module at on_response_headers\n", "unauthorized");
      return ResponseHeadersStatus.StopIteration;
    }
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("header_auth", (headerName: string, _envoy: EnvoyFilterConfig) => {
  // Checked once, at config load: an empty name would refuse every request.
  if (headerName === "") throw new TypeError("filter_config must name the header (a plain string, e.g. go-module-auth-header)");
  return () => new HeaderAuth(headerName);
});
