/**
 * Adds, replaces and removes request and response headers as its config says, and reports the
 * downstream and upstream addresses and the response code in response headers.
 *
 * Same behaviour and config keys as the header_mutation example of
 * envoyproxy/dynamic-modules-examples (Rust), e.g. this filter_config:
 *
 *   {
 *     "request_headers": [["X-Envoy-Header", "envoy-header"], ["X-Envoy-Header2", "envoy-header2"]],
 *     "remove_request_headers": ["apple"],
 *     "response_headers": [["Foo", "bar"], ["Foo2", "bar2"]],
 *     "remove_response_headers": ["Access-Control-Allow-Credentials"]
 *   }
 *
 *   tsc2envoy build examples/header_mutation.ts -o out   # -> out/libheader_mutation.so
 */
import {
  AttributeId,
  registerHttpFilter,
  RequestHeadersStatus,
  ResponseHeadersStatus,
  type EnvoyHttpFilter,
  type HttpFilter,
} from "tsc2envoy";

interface HeaderMutationConfig {
  /** Headers to set on the request, as [name, value] pairs; an existing header is replaced. */
  request_headers: [string, string][];
  remove_request_headers: string[];
  response_headers: [string, string][];
  remove_response_headers: string[];
}

class HeaderMutation implements HttpFilter {
  constructor(private readonly config: HeaderMutationConfig) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    for (const [name, value] of this.config.request_headers) {
      envoy.setRequestHeader(name, value);
    }
    for (const name of this.config.remove_request_headers) {
      envoy.removeRequestHeader(name);
    }
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    // The Rust example panics when an attribute is missing; here the stream fails closed instead.
    const downstream = envoy.getAttributeString(AttributeId.SourceAddress);
    if (downstream === undefined) throw new Error("Failed to get source address");
    envoy.setResponseHeader("X-Downstream-Address", downstream);

    const upstream = envoy.getAttributeString(AttributeId.UpstreamAddress);
    if (upstream === undefined) throw new Error("Failed to get upstream address");
    envoy.setResponseHeader("X-Upstream-Address", upstream);

    const responseCode = envoy.getAttributeInt(AttributeId.ResponseCode);
    if (responseCode === undefined) throw new Error("Failed to get response code");
    envoy.setResponseHeader("X-Response-Code", String(responseCode));

    for (const [name, value] of this.config.response_headers) {
      envoy.setResponseHeader(name, value);
    }
    for (const name of this.config.remove_response_headers) {
      envoy.removeResponseHeader(name);
    }
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: HeaderMutationConfig) => new HeaderMutation(config));
// config: {"request_headers": [["X-Envoy-Header", "envoy-header"], ["x-multi", "replaced"]], "remove_request_headers": ["user-agent"], "response_headers": [["Foo", "bar"]], "remove_response_headers": ["content-type"]}
// config: {"request_headers": [["X-A", 1]], "remove_request_headers": [], "response_headers": [], "remove_response_headers": []}
// config: {"request_headers": [
