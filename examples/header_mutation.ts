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
    // Envoy's own replies (404 without a route, 400 and 431 for bad requests) pass through here too,
    // and have no upstream: a header is reported only when Envoy knows its value. (The Rust example
    // panics instead, which would turn Envoy's reply into a reset.)
    const downstream = envoy.getAttributeString(AttributeId.SourceAddress);
    if (downstream !== undefined) envoy.setResponseHeader("X-Downstream-Address", downstream);

    const upstream = envoy.getAttributeString(AttributeId.UpstreamAddress);
    if (upstream !== undefined) envoy.setResponseHeader("X-Upstream-Address", upstream);

    const responseCode = envoy.getAttributeInt(AttributeId.ResponseCode);
    if (responseCode !== undefined) envoy.setResponseHeader("X-Response-Code", String(responseCode));

    for (const [name, value] of this.config.response_headers) {
      envoy.setResponseHeader(name, value);
    }
    for (const name of this.config.remove_response_headers) {
      envoy.removeResponseHeader(name);
    }
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("header_mutation", (config: HeaderMutationConfig) => new HeaderMutation(config));
