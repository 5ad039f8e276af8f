/**
 * The filter-author API of tsc2envoy: what a filter imports from "tsc2envoy".
 *
 * Names follow the Envoy dynamic-modules Rust SDK (envoy_proxy_dynamic_modules_rust_sdk) in
 * camelCase: `on_request_headers` is `onRequestHeaders`, `set_request_header` is
 * `setRequestHeader`, and the status enums carry the ABI's values.
 *
 * Compiled filters see these declarations through the compiler; in Node the same names are
 * provided by the reference implementation (the package's default export).
 *
 * Generated from compiler/api/filter-api.ts by compiler/api/declarations.ts (npm run
 * generate:api): edit those, not this file.
 */
/// <reference path="./globals.d.ts" />

/** What `onRequestHeaders` tells Envoy to do next. Values are the Envoy ABI's. */
export declare enum RequestHeadersStatus {
  /** Pass the headers on to the next filter. */
  Continue = 0,
  /** Hold the headers; body data keeps flowing to this filter. */
  StopIteration = 1,
  ContinueAndDontEndStream = 2,
  StopAllIterationAndBuffer = 3,
  StopAllIterationAndWatermark = 4,
}

/** What `onResponseHeaders` tells Envoy to do next. Values are the Envoy ABI's. */
export declare enum ResponseHeadersStatus {
  Continue = 0,
  StopIteration = 1,
  ContinueAndDontEndStream = 2,
  StopAllIterationAndBuffer = 3,
  StopAllIterationAndWatermark = 4,
}

/** Stream attributes readable with `getAttributeString` / `getAttributeInt`. Values are the Envoy ABI's. */
export declare enum AttributeId {
  RequestPath = 0,
  RequestUrlPath = 1,
  RequestHost = 2,
  RequestScheme = 3,
  RequestMethod = 4,
  RequestHeaders = 5,
  RequestReferer = 6,
  RequestUserAgent = 7,
  RequestTime = 8,
  RequestId = 9,
  RequestProtocol = 10,
  RequestQuery = 11,
  RequestDuration = 12,
  RequestSize = 13,
  RequestTotalSize = 14,
  ResponseCode = 15,
  ResponseCodeDetails = 16,
  ResponseFlags = 17,
  ResponseGrpcStatus = 18,
  ResponseHeaders = 19,
  ResponseTrailers = 20,
  ResponseSize = 21,
  ResponseTotalSize = 22,
  ResponseBackendLatency = 23,
  SourceAddress = 24,
  SourcePort = 25,
  DestinationAddress = 26,
  DestinationPort = 27,
  ConnectionId = 28,
  ConnectionMtls = 29,
  ConnectionRequestedServerName = 30,
  ConnectionTlsVersion = 31,
  ConnectionSubjectLocalCertificate = 32,
  ConnectionSubjectPeerCertificate = 33,
  ConnectionDnsSanLocalCertificate = 34,
  ConnectionDnsSanPeerCertificate = 35,
  ConnectionUriSanLocalCertificate = 36,
  ConnectionUriSanPeerCertificate = 37,
  ConnectionSha256PeerCertificateDigest = 38,
  ConnectionTransportFailureReason = 39,
  ConnectionTerminationDetails = 40,
  UpstreamAddress = 41,
  UpstreamPort = 42,
  UpstreamTlsVersion = 43,
  UpstreamSubjectLocalCertificate = 44,
  UpstreamSubjectPeerCertificate = 45,
  UpstreamDnsSanLocalCertificate = 46,
  UpstreamDnsSanPeerCertificate = 47,
  UpstreamUriSanLocalCertificate = 48,
  UpstreamUriSanPeerCertificate = 49,
  UpstreamSha256PeerCertificateDigest = 50,
  UpstreamLocalAddress = 51,
  UpstreamTransportFailureReason = 52,
  UpstreamRequestAttemptCount = 53,
  UpstreamCxPoolReadyDuration = 54,
  UpstreamLocality = 55,
  XdsNode = 56,
  XdsClusterName = 57,
  XdsClusterMetadata = 58,
  XdsListenerDirection = 59,
  XdsListenerMetadata = 60,
  XdsRouteName = 61,
  XdsRouteMetadata = 62,
  XdsVirtualHostName = 63,
  XdsVirtualHostMetadata = 64,
  XdsUpstreamHostMetadata = 65,
  XdsFilterChainName = 66,
  HealthCheck = 67,
  UpstreamRequestedServerName = 68,
  XdsVirtualClusterName = 69,
  UpstreamProtocol = 70,
}

/** A header as a [name, value] pair. */
export type Header = [name: string, value: string];

/**
 * The stream a filter works on: Envoy's side of `EnvoyHttpFilter` in the Rust SDK.
 *
 * Header names and values cross as UTF-8: bytes from Envoy are decoded (invalid sequences become
 * U+FFFD), strings to Envoy are encoded (lone surrogates become U+FFFD).
 */
export interface EnvoyHttpFilter {
  /** The first value of a request header, or undefined when absent. */
  getRequestHeaderValue(name: string): string | undefined;
  /** Every value of a request header, in order; empty when absent. */
  getRequestHeaderValues(name: string): string[];
  /** All request headers, pseudo-headers (":path", ...) included, in Envoy's order. */
  getRequestHeaders(): Header[];
  /**
   * Replaces every value of a request header with one value.
   * @throws TypeError when the name is not a token (or a pseudo-header such as ":path"), or the
   *   value holds a control character (CR, LF, NUL, ...; tab is allowed), as Node's setHeader does;
   *   a pseudo-header's value must also fit its line (no space in ":path", a token ":method";
   *   ":status" from "200" to "599" but "204" and "304", else RangeError).
   */
  setRequestHeader(name: string, value: string): boolean;
  /** Appends a value to a request header. Throws as setRequestHeader does. */
  addRequestHeader(name: string, value: string): boolean;
  /** Removes every value of a request header. */
  removeRequestHeader(name: string): boolean;

  getResponseHeaderValue(name: string): string | undefined;
  getResponseHeaderValues(name: string): string[];
  getResponseHeaders(): Header[];
  /** Throws as setRequestHeader does. */
  setResponseHeader(name: string, value: string): boolean;
  /** Throws as setRequestHeader does. */
  addResponseHeader(name: string, value: string): boolean;
  removeResponseHeader(name: string): boolean;

  /**
   * Replies to the client without going upstream (a "local reply"). Return
   * `RequestHeadersStatus.StopIteration` after calling it from `onRequestHeaders`.
   * @param status HTTP status, an integer from 200 to 599 (a final response); 204 and 304 only
   *   without a body. Otherwise it throws RangeError; headers are checked as setRequestHeader does.
   * @param details short reason recorded in Envoy's access log (%RESPONSE_CODE_DETAILS%).
   */
  sendResponse(status: number, headers?: Header[], body?: string, details?: string): void;

  /** A string attribute of the stream, or undefined when Envoy does not have it. */
  getAttributeString(id: AttributeId): string | undefined;
  /** An integer attribute of the stream, or undefined when Envoy does not have it. */
  getAttributeInt(id: AttributeId): number | undefined;
}

/**
 * A filter instance: one per HTTP stream (request/response exchange). Its fields are the
 * per-stream state. Implement the hooks you need; a missing hook continues.
 */
export interface HttpFilter {
  onRequestHeaders?(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestHeadersStatus;
  onResponseHeaders?(envoy: EnvoyHttpFilter, endOfStream: boolean): ResponseHeadersStatus;
  /** The exchange is over (completed or reset). */
  onStreamComplete?(envoy: EnvoyHttpFilter): void;
}

/**
 * Registers an HTTP filter under `name` (Envoy's `filter_name`). `newFilter` is called once per
 * stream with the filter's config: the JSON of Envoy's `filter_config`, validated against the
 * declared type of `newFilter`'s parameter. A config that does not match is rejected by Envoy,
 * with the offending path in the log (e.g. `request_headers[1][0]: expected string, got number`).
 * The config object is shared by all streams and all worker threads: treat it as read-only.
 *
 * Call it at the top level of the filter's entry file.
 */
export declare function registerHttpFilter<Config = undefined>(
  name: string,
  newFilter: (config: Config) => HttpFilter,
): void;

/** Envoy's log, under the [dynamic_modules] logger; lines carry the TypeScript file and line. */
export declare const log: {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  critical(message: string): void;
};
