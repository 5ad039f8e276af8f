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

/** What `onRequestTrailers` tells Envoy to do next. Values are the Envoy ABI's. */
export declare enum RequestTrailersStatus {
  /** Pass the trailers on to the next filter. */
  Continue = 0,
  /** Hold the trailers (the stream waits until a later event continues it). */
  StopIteration = 1,
}

/** What `onResponseTrailers` tells Envoy to do next. Values are the Envoy ABI's. */
export declare enum ResponseTrailersStatus {
  /** Pass the trailers on to the next filter. */
  Continue = 0,
  /** Hold the trailers (the stream waits until a later event continues it). */
  StopIteration = 1,
}

/** Stream attributes readable with `getAttributeString`, `getAttributeInt`, `getAttributeBool` and `getAttributeTime`. Values are the Envoy ABI's. */
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

/** What `onRequestBody` tells Envoy to do next. Values are the Envoy ABI's. */
export declare enum RequestBodyStatus {
  /** Pass this chunk (and anything buffered) on. */
  Continue = 0,
  /** Hold the chunk: Envoy adds it to the buffered body, up to its buffer limit (413 past it). */
  StopIterationAndBuffer = 1,
  /** Hold the chunk, buffering with flow control instead of a limit. */
  StopIterationAndWatermark = 2,
  /** Hold the chunk without buffering it (e.g. after sendResponse). */
  StopIterationNoBuffer = 3,
}

/** What `onResponseBody` tells Envoy to do next. Values are the Envoy ABI's. */
export declare enum ResponseBodyStatus {
  /** Pass this chunk (and anything buffered) on. */
  Continue = 0,
  /** Hold the chunk: Envoy adds it to the buffered body, up to its buffer limit (413 past it). */
  StopIterationAndBuffer = 1,
  /** Hold the chunk, buffering with flow control instead of a limit. */
  StopIterationAndWatermark = 2,
  /** Hold the chunk without buffering it (e.g. after sendResponse). */
  StopIterationNoBuffer = 3,
}

/** Which connection a socket option is for (`setSocketOptionInt`). Values are the Envoy ABI's. */
export declare enum SocketDirection {
  /** The connection to the upstream host (applied before it binds). */
  Upstream = 0,
  /** The client's connection (already connected). */
  Downstream = 1,
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

  /** The first value of a request trailer, or undefined when absent. */
  getRequestTrailerValue(name: string): string | undefined;
  /** Every value of a request trailer, in order; empty when absent. */
  getRequestTrailerValues(name: string): string[];
  /** All request trailers, in Envoy's order (empty when the request has none). */
  getRequestTrailers(): Header[];
  /** Replaces every value of a request trailer with one value. Throws as setRequestHeader does; a pseudo-header name (":path") is no trailer's (TypeError). */
  setRequestTrailer(name: string, value: string): boolean;
  /** Appends a value to a request trailer. Throws as setRequestTrailer does. */
  addRequestTrailer(name: string, value: string): boolean;
  /** Removes every value of a request trailer. */
  removeRequestTrailer(name: string): boolean;

  /** The first value of a response trailer, or undefined when absent. */
  getResponseTrailerValue(name: string): string | undefined;
  /** Every value of a response trailer, in order; empty when absent. */
  getResponseTrailerValues(name: string): string[];
  /** All response trailers, in Envoy's order (empty when the response has none). */
  getResponseTrailers(): Header[];
  /** Replaces every value of a response trailer with one value. Throws as setRequestHeader does; a pseudo-header name (":path") is no trailer's (TypeError). */
  setResponseTrailer(name: string, value: string): boolean;
  /** Appends a value to a response trailer. Throws as setResponseTrailer does. */
  addResponseTrailer(name: string, value: string): boolean;
  /** Removes every value of a response trailer. */
  removeResponseTrailer(name: string): boolean;

  /**
   * Makes Envoy choose the route again from the request headers as they are now. Call it after
   * changing what routes match on (`:path`, `:authority`, a header a route matches): Envoy picks
   * the route before the first filter runs, and keeps it unless a filter clears it. No effect
   * outside the request path.
   */
  clearRouteCache(): void;
  /** Makes Envoy choose the route's cluster again (the route itself stays): for headers that only pick a cluster. */
  clearRouteClusterCache(): void;

  /** A boolean attribute of the stream (`ConnectionMtls`, `HealthCheck`), or undefined when Envoy does not have it. */
  getAttributeBool(id: AttributeId): boolean | undefined;
  /**
   * A time-valued attribute in milliseconds, or undefined until Envoy has it: `RequestTime`
   * (when the request began, whole milliseconds since the Unix epoch, as `Date.now()` counts),
   * `RequestDuration` (from its start to its last byte received) and `ResponseBackendLatency` (from
   * the first byte sent upstream to the last byte received from it), fractions of a millisecond
   * included. Envoy 1.40 only: undefined in modules built for 1.38 and 1.39.
   */
  getAttributeTime(id: AttributeId): number | undefined;

  /** The chunk of the request body this onRequestBody call received (only inside onRequestBody), decoded as UTF-8 (invalid bytes become U+FFFD); "" when unavailable. */
  getReceivedRequestBodyText(): string;
  /** The size in bytes of the chunk of the request body this onRequestBody call received (only inside onRequestBody); 0 when unavailable. */
  getReceivedRequestBodySize(): number;
  /**
   * Removes the first `bytes` bytes (all of them when fewer); false when the body is unavailable.
   * @throws RangeError when bytes is not a non-negative integer.
   */
  drainReceivedRequestBody(bytes: number): boolean;
  /** Appends the text as UTF-8; false when the body is unavailable. */
  appendReceivedRequestBodyText(text: string): boolean;
  /** Puts the text (UTF-8) before the body (the ABI has no prepend: a copy, drain and append); false when unavailable. */
  prependReceivedRequestBodyText(text: string): boolean;
  /** Replaces the body with the text (UTF-8); false when unavailable. Fix content-length yourself. */
  replaceReceivedRequestBodyText(text: string): boolean;
  /**
   * The bytes of getReceivedRequestBodyText, not decoded: a read-only view over Envoy's memory when the body is one chunk
   * (no copy), else one copy; empty when unavailable. Valid during this hook call only: the next hook call
   * and any body change (drain, append, prepend, replace, sendResponse) detach it, as a transferred
   * ArrayBuffer is detached (length 0, methods throw TypeError). Keep a copy with slice().
   */
  getReceivedRequestBody(): Uint8Array;
  /**
   * The body as Envoy holds it, a list of read-only views over its chunks: never a copy, however large (empty when unavailable).
   * Valid as getReceivedRequestBody() is: detached by the next hook call and any body change.
   */
  getReceivedRequestBodyChunks(): Uint8Array[];
  /** Appends the bytes; false when the body is unavailable. */
  appendReceivedRequestBody(data: Uint8Array): boolean;
  /** Puts the bytes before the body (a copy, drain and append); false when unavailable. */
  prependReceivedRequestBody(data: Uint8Array): boolean;
  /** Replaces the body with the bytes; false when unavailable. Fix content-length yourself. */
  replaceReceivedRequestBody(data: Uint8Array): boolean;

  /** The request body Envoy has buffered for this filter so far (after StopIterationAndBuffer), decoded as UTF-8 (invalid bytes become U+FFFD); "" when unavailable. */
  getBufferedRequestBodyText(): string;
  /** The size in bytes of the request body Envoy has buffered for this filter so far (after StopIterationAndBuffer); 0 when unavailable. */
  getBufferedRequestBodySize(): number;
  /**
   * Removes the first `bytes` bytes (all of them when fewer); false when the body is unavailable.
   * @throws RangeError when bytes is not a non-negative integer.
   */
  drainBufferedRequestBody(bytes: number): boolean;
  /** Appends the text as UTF-8; false when the body is unavailable. */
  appendBufferedRequestBodyText(text: string): boolean;
  /** Puts the text (UTF-8) before the body (the ABI has no prepend: a copy, drain and append); false when unavailable. */
  prependBufferedRequestBodyText(text: string): boolean;
  /** Replaces the body with the text (UTF-8); false when unavailable. Fix content-length yourself. */
  replaceBufferedRequestBodyText(text: string): boolean;
  /**
   * The bytes of getBufferedRequestBodyText, not decoded: a read-only view over Envoy's memory when the body is one chunk
   * (no copy), else one copy; empty when unavailable. Valid during this hook call only: the next hook call
   * and any body change (drain, append, prepend, replace, sendResponse) detach it, as a transferred
   * ArrayBuffer is detached (length 0, methods throw TypeError). Keep a copy with slice().
   */
  getBufferedRequestBody(): Uint8Array;
  /**
   * The body as Envoy holds it, a list of read-only views over its chunks: never a copy, however large (empty when unavailable).
   * Valid as getBufferedRequestBody() is: detached by the next hook call and any body change.
   */
  getBufferedRequestBodyChunks(): Uint8Array[];
  /** Appends the bytes; false when the body is unavailable. */
  appendBufferedRequestBody(data: Uint8Array): boolean;
  /** Puts the bytes before the body (a copy, drain and append); false when unavailable. */
  prependBufferedRequestBody(data: Uint8Array): boolean;
  /** Replaces the body with the bytes; false when unavailable. Fix content-length yourself. */
  replaceBufferedRequestBody(data: Uint8Array): boolean;

  /** The chunk of the response body this onResponseBody call received (only inside onResponseBody), decoded as UTF-8 (invalid bytes become U+FFFD); "" when unavailable. */
  getReceivedResponseBodyText(): string;
  /** The size in bytes of the chunk of the response body this onResponseBody call received (only inside onResponseBody); 0 when unavailable. */
  getReceivedResponseBodySize(): number;
  /**
   * Removes the first `bytes` bytes (all of them when fewer); false when the body is unavailable.
   * @throws RangeError when bytes is not a non-negative integer.
   */
  drainReceivedResponseBody(bytes: number): boolean;
  /** Appends the text as UTF-8; false when the body is unavailable. */
  appendReceivedResponseBodyText(text: string): boolean;
  /** Puts the text (UTF-8) before the body (the ABI has no prepend: a copy, drain and append); false when unavailable. */
  prependReceivedResponseBodyText(text: string): boolean;
  /** Replaces the body with the text (UTF-8); false when unavailable. Fix content-length yourself. */
  replaceReceivedResponseBodyText(text: string): boolean;
  /**
   * The bytes of getReceivedResponseBodyText, not decoded: a read-only view over Envoy's memory when the body is one chunk
   * (no copy), else one copy; empty when unavailable. Valid during this hook call only: the next hook call
   * and any body change (drain, append, prepend, replace, sendResponse) detach it, as a transferred
   * ArrayBuffer is detached (length 0, methods throw TypeError). Keep a copy with slice().
   */
  getReceivedResponseBody(): Uint8Array;
  /**
   * The body as Envoy holds it, a list of read-only views over its chunks: never a copy, however large (empty when unavailable).
   * Valid as getReceivedResponseBody() is: detached by the next hook call and any body change.
   */
  getReceivedResponseBodyChunks(): Uint8Array[];
  /** Appends the bytes; false when the body is unavailable. */
  appendReceivedResponseBody(data: Uint8Array): boolean;
  /** Puts the bytes before the body (a copy, drain and append); false when unavailable. */
  prependReceivedResponseBody(data: Uint8Array): boolean;
  /** Replaces the body with the bytes; false when unavailable. Fix content-length yourself. */
  replaceReceivedResponseBody(data: Uint8Array): boolean;

  /** The response body Envoy has buffered for this filter so far (after StopIterationAndBuffer), decoded as UTF-8 (invalid bytes become U+FFFD); "" when unavailable. */
  getBufferedResponseBodyText(): string;
  /** The size in bytes of the response body Envoy has buffered for this filter so far (after StopIterationAndBuffer); 0 when unavailable. */
  getBufferedResponseBodySize(): number;
  /**
   * Removes the first `bytes` bytes (all of them when fewer); false when the body is unavailable.
   * @throws RangeError when bytes is not a non-negative integer.
   */
  drainBufferedResponseBody(bytes: number): boolean;
  /** Appends the text as UTF-8; false when the body is unavailable. */
  appendBufferedResponseBodyText(text: string): boolean;
  /** Puts the text (UTF-8) before the body (the ABI has no prepend: a copy, drain and append); false when unavailable. */
  prependBufferedResponseBodyText(text: string): boolean;
  /** Replaces the body with the text (UTF-8); false when unavailable. Fix content-length yourself. */
  replaceBufferedResponseBodyText(text: string): boolean;
  /**
   * The bytes of getBufferedResponseBodyText, not decoded: a read-only view over Envoy's memory when the body is one chunk
   * (no copy), else one copy; empty when unavailable. Valid during this hook call only: the next hook call
   * and any body change (drain, append, prepend, replace, sendResponse) detach it, as a transferred
   * ArrayBuffer is detached (length 0, methods throw TypeError). Keep a copy with slice().
   */
  getBufferedResponseBody(): Uint8Array;
  /**
   * The body as Envoy holds it, a list of read-only views over its chunks: never a copy, however large (empty when unavailable).
   * Valid as getBufferedResponseBody() is: detached by the next hook call and any body change.
   */
  getBufferedResponseBodyChunks(): Uint8Array[];
  /** Appends the bytes; false when the body is unavailable. */
  appendBufferedResponseBody(data: Uint8Array): boolean;
  /** Puts the bytes before the body (a copy, drain and append); false when unavailable. */
  prependBufferedResponseBody(data: Uint8Array): boolean;
  /** Replaces the body with the bytes; false when unavailable. Fix content-length yourself. */
  replaceBufferedResponseBody(data: Uint8Array): boolean;

  /**
   * Starts a local reply sent in parts: the status (":status" first) and headers go to the client now;
   * sendResponseData and sendResponseTrailers send the rest. Return StopIteration from the hook.
   * @throws RangeError as sendResponse for a status outside 200..599; TypeError for a bad header.
   */
  sendResponseHeaders(status: number, headers: Header[], endOfStream: boolean): void;
  /** Sends a chunk of the local reply's body (after sendResponseHeaders with endOfStream false). */
  sendResponseData(data: Uint8Array, endOfStream: boolean): void;
  /** Sends a chunk of the local reply's body as UTF-8. */
  sendResponseDataText(text: string, endOfStream: boolean): void;
  /** Ends the local reply with trailers (HTTP/2 and HTTP/3 clients see them; HTTP/1 drops them). Throws as setResponseTrailer does. */
  sendResponseTrailers(trailers: Header[]): void;

  /**
   * Adds `value` (default 1) to a counter, for these tag values.
   * @throws TypeError when the tag values do not match the tag names in number; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  incrementCounter(counter: Counter, value?: number, tagValues?: string[]): void;
  /**
   * Sets a gauge.
   * @throws TypeError when the tag values do not match the tag names in number; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  setGauge(gauge: Gauge, value: number, tagValues?: string[]): void;
  /**
   * Adds `value` to a gauge.
   * @throws TypeError when the tag values do not match the tag names in number; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  increaseGauge(gauge: Gauge, value: number, tagValues?: string[]): void;
  /**
   * Subtracts `value` from a gauge.
   * @throws TypeError when the tag values do not match the tag names in number; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  decreaseGauge(gauge: Gauge, value: number, tagValues?: string[]): void;
  /**
   * Records a value in a histogram.
   * @throws TypeError when the tag values do not match the tag names in number; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  recordHistogramValue(histogram: Histogram, value: number, tagValues?: string[]): void;

  /** The index of the worker thread running this stream, from 0 to Envoy's --concurrency minus 1. */
  getWorkerIndex(): number;

  /**
   * Adds `delta` (negative to subtract, 0 to read) to a shared counter (EnvoyFilterConfig.defineSharedCounter) in one atomic step; the new value, as every stream on every worker sees it.
   * @throws TypeError for a handle this filter's config did not define; RangeError when delta is not an integer from -(2^53 - 1) to 2^53 - 1.
   */
  addSharedCounter(counter: SharedCounter, delta: number): number;

  /**
   * Queues `line` and a newline for one of the writer's files (UTF-8) and returns at once: the
   * module's own threads write it, so the worker never waits on the disk. False when the line
   * was dropped: more than 64 MiB already waiting.
   * @throws TypeError when `writer` is not a log writer this filter's config opened.
   */
  writeLogLine(writer: LogWriter, line: string): boolean;

  /** The string the stream's dynamic metadata holds at `ns`.`key`; undefined when absent or not a string. */
  getDynamicMetadataString(ns: string, key: string): string | undefined;
  /** The number the stream's dynamic metadata holds at `ns`.`key`; undefined when absent or not a number. */
  getDynamicMetadataNumber(ns: string, key: string): number | undefined;
  /** The boolean the stream's dynamic metadata holds at `ns`.`key`; undefined when absent or not a boolean. */
  getDynamicMetadataBool(ns: string, key: string): boolean | undefined;
  /** Sets `ns`.`key` of the stream's dynamic metadata to a string (replacing any value), for later filters, the router and access logs (`%DYNAMIC_METADATA(ns:key)%`). */
  setDynamicMetadataString(ns: string, key: string, value: string): void;
  /** Sets `ns`.`key` of the stream's dynamic metadata to a number (replacing any value), for later filters, the router and access logs (`%DYNAMIC_METADATA(ns:key)%`). */
  setDynamicMetadataNumber(ns: string, key: string, value: number): void;
  /** Sets `ns`.`key` of the stream's dynamic metadata to a boolean (replacing any value), for later filters, the router and access logs (`%DYNAMIC_METADATA(ns:key)%`). */
  setDynamicMetadataBool(ns: string, key: string, value: boolean): void;
  /**
   * Merges the object's properties into namespace `ns` of the dynamic metadata, as JSON.stringify
   * sees them (nested objects and arrays become Struct and list values, undefined properties are
   * left out), replacing values of the same keys. Envoy 1.40 only.
   * @throws TypeError when the value is not a plain object (an array), or in modules built for 1.38 and 1.39.
   */
  setDynamicMetadataStruct<T extends object>(ns: string, value: T): void;

  /**
   * Stores the text (UTF-8) as the stream's filter state `key`, readable by later filters and
   * `%FILTER_STATE(key:PLAIN)%`; false when Envoy refuses (no stream, or a read-only entry of that key).
   */
  setFilterState(key: string, value: string): boolean;
  /** The stream's filter state `key` as text (UTF-8), or undefined when absent or not a byte string. */
  getFilterState(key: string): string | undefined;
  /** Whether the stream has filter state `key`, of any type (Envoy 1.38 and 1.39: of byte strings only). */
  hasFilterState(key: string): boolean;

  /**
   * Sets an integer socket option (setsockopt's level and name, e.g. 1 and 9 for SOL_SOCKET, SO_KEEPALIVE
   * on Linux) on the client's or the upstream connection; false when Envoy refuses.
   * @throws RangeError when level, name or value is not an integer from -(2^53 - 1) to 2^53 - 1.
   */
  setSocketOptionInt(direction: SocketDirection, level: number, name: number, value: number): boolean;
  /**
   * An integer socket option this stream's filters set, or undefined when none set it.
   * @throws RangeError as setSocketOptionInt does.
   */
  getSocketOptionInt(direction: SocketDirection, level: number, name: number): number | undefined;

  /** How many bytes of body Envoy buffers for this stream's filters before it applies backpressure (or 413); 0: no limit. */
  getBufferLimit(): number;
  /**
   * Changes the buffer limit for this stream (e.g. raise it in onRequestHeaders to buffer a larger body).
   * @throws RangeError when bytes is not an integer from 0 to 2^53 - 1.
   */
  setBufferLimit(bytes: number): void;

  /**
   * The per-route config of the most specific route of the stream (route, else virtual host, else
   * route configuration) that has one for this filter, decoded and deep-frozen when Envoy loaded it;
   * undefined when none has. `T` must be the `RouteConfig` type argument of a `registerHttpFilter` of
   * the module (TSE3009).
   * @throws TypeError when the config found was declared with another type (another filter's).
   */
  getPerRouteConfig<T>(): T | undefined;

  /**
   * The value of a snapshot (EnvoyFilterConfig.defineSnapshot), deep-frozen: the version current at this stream's first read of it, the same for the rest of the stream.
   * @throws TypeError for a handle this filter's config did not define, or one defined with another type.
   */
  getSnapshot<T>(snapshot: Snapshot<T>): T;
}

/** A counter defined by `EnvoyFilterConfig.defineCounter`: an opaque handle. */
export type Counter = number & { readonly __tsc2envoyMetric: "Counter" };
/** A gauge defined by `EnvoyFilterConfig.defineGauge`: an opaque handle. */
export type Gauge = number & { readonly __tsc2envoyMetric: "Gauge" };
/** A histogram defined by `EnvoyFilterConfig.defineHistogram`: an opaque handle. */
export type Histogram = number & { readonly __tsc2envoyMetric: "Histogram" };

/** Log files opened by `EnvoyFilterConfig.openLogWriter`: an opaque handle. */
export type LogWriter = number & { readonly __tsc2envoyHandle: "LogWriter" };
/** An atomic integer defined by `EnvoyFilterConfig.defineSharedCounter`: an opaque handle. */
export type SharedCounter = number & { readonly __tsc2envoyHandle: "SharedCounter" };
/** A value defined by `EnvoyFilterConfig.defineSnapshot<T>` that streams read: an opaque handle. */
export type Snapshot<T> = number & { readonly __tsc2envoyHandle: "Snapshot"; readonly __tsc2envoySnapshot?: T };

/**
 * Envoy's side of a filter config, during the config stage only (the outer function given to
 * `registerHttpFilter`): what the Rust SDK's `EnvoyHttpFilterConfig` offers.
 */
export interface EnvoyFilterConfig {
  /**
   * Defines a counter named `name` with the given tag names (none by default); the handle
   * is used from streams with the EnvoyHttpFilter metric methods. In /stats it is
   * `dynamicmodulescustom.<name>` (tags as Envoy's tags; see docs/api.md).
   * @throws TypeError when the name is empty or Envoy refuses the definition.
   */
  defineCounter(name: string, tagNames?: string[]): Counter;
  /**
   * Defines a gauge named `name` with the given tag names (none by default); the handle
   * is used from streams with the EnvoyHttpFilter metric methods. In /stats it is
   * `dynamicmodulescustom.<name>` (tags as Envoy's tags; see docs/api.md).
   * @throws TypeError when the name is empty or Envoy refuses the definition.
   */
  defineGauge(name: string, tagNames?: string[]): Gauge;
  /**
   * Defines a histogram named `name` with the given tag names (none by default); the handle
   * is used from streams with the EnvoyHttpFilter metric methods. In /stats it is
   * `dynamicmodulescustom.<name>` (tags as Envoy's tags; see docs/api.md).
   * @throws TypeError when the name is empty or Envoy refuses the definition.
   */
  defineHistogram(name: string, tagNames?: string[]): Histogram;

  /**
   * Opens (creates, or appends to) the files at `paths` now, and starts one background thread
   * per file; streams hand lines to them with `EnvoyHttpFilter.writeLogLine`, each line to
   * whichever thread is free. When Envoy drops the config, the threads write what is queued and
   * the files are closed.
   * @throws TypeError when `paths` is empty or a file cannot be opened (the config is rejected).
   */
  openLogWriter(paths: string[]): LogWriter;

  /**
   * An integer starting at 0, in the config's memory, that every connection on every worker thread updates atomically (network filters' `addSharedCounter`); it lives as long as the config and is no metric.
   * @throws TypeError outside the config stage.
   */
  defineSharedCounter(): SharedCounter;

  /**
   * A value every stream on every worker reads with EnvoyHttpFilter.getSnapshot, starting as `initial` written as JSON and decoded as T, literal types checked (so T is data: an object, array or string type; TSE3030), deep-frozen; it lives as long as the config.
   * @throws TypeError outside the config stage, or when `initial` does not decode as T (NaN in a number field).
   */
  defineSnapshot<T>(initial: T): Snapshot<T>;

  /**
   * Runs `task.run` on Envoy's main thread once the config stage has returned, then `everyMs` after
   * each run settles (never two runs at once), until Envoy drops the config. `task` is deep-frozen
   * with the config stage's captures (its class's fields must be readonly, TSE1082); each run gets
   * fresh memory, and what it leaves for streams is what it publishes (EnvoyBackgroundTask.publishSnapshot).
   * One task per config (TSE1084).
   * @throws TypeError outside the config stage, for a second task, or when everyMs is not a number of milliseconds from 1 on.
   */
  startBackgroundTask<T extends BackgroundTask>(task: T, everyMs: number): void;
}

/**
 * A filter instance: one per HTTP stream (request/response exchange). Its fields are the
 * per-stream state. Implement the hooks you need; a missing hook continues.
 */
export interface HttpFilter {
  onRequestHeaders?(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestHeadersStatus | Promise<RequestHeadersStatus>;
  onResponseHeaders?(envoy: EnvoyHttpFilter, endOfStream: boolean): ResponseHeadersStatus | Promise<ResponseHeadersStatus>;
  /** The request's trailers arrived (only requests that have trailers). */
  onRequestTrailers?(envoy: EnvoyHttpFilter): RequestTrailersStatus | Promise<RequestTrailersStatus>;
  /** The response's trailers arrived (only responses that have trailers). */
  onResponseTrailers?(envoy: EnvoyHttpFilter): ResponseTrailersStatus | Promise<ResponseTrailersStatus>;
  /** A chunk of the request body arrived (getReceivedRequestBodyText). */
  onRequestBody?(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestBodyStatus | Promise<RequestBodyStatus>;
  /** A chunk of the response body arrived (getReceivedResponseBodyText). */
  onResponseBody?(envoy: EnvoyHttpFilter, endOfStream: boolean): ResponseBodyStatus | Promise<ResponseBodyStatus>;
  /** The exchange is over (completed or reset). */
  onStreamComplete?(envoy: EnvoyHttpFilter): void;
  /** The client reads slower than the response arrives: its write buffer went over the high watermark (per_connection_buffer_limit_bytes). */
  onDownstreamAboveWriteBufferHighWatermark?(envoy: EnvoyHttpFilter): void;
  /** The client's write buffer drained below the low watermark again (after onDownstreamAboveWriteBufferHighWatermark). */
  onDownstreamBelowWriteBufferLowWatermark?(envoy: EnvoyHttpFilter): void;
}

/**
 * A config's background task (EnvoyFilterConfig.startBackgroundTask): `run` is an async method of
 * the class itself, run on Envoy's main thread at the task's interval (docs/async.md).
 */
export interface BackgroundTask {
  run(task: EnvoyBackgroundTask): Promise<void>;
}

/**
 * Envoy's side of a background task's run: the config's callouts and snapshots. A run awaits
 * `sleep` and `task.httpCallout` as an async hook does.
 */
export interface EnvoyBackgroundTask {
  /**
   * Sends a request to `cluster` from the config (no stream) and resolves to its response. An unknown
   * cluster, no healthy host or a reset rejects with an Error named "HttpCalloutError".
   */
  httpCallout(cluster: string, request: HttpCalloutRequest): Promise<HttpCalloutResponse>;

  /**
   * The value of a snapshot of this config, deep-frozen: the version current at this run's first read of it, the same for the rest of the run.
   * @throws TypeError for a handle this filter's config did not define, or one defined with another type.
   */
  getSnapshot<T>(snapshot: Snapshot<T>): T;
  /**
   * Makes `value` the snapshot's current version: written as JSON and decoded as T (literal types checked), deep-frozen.
   * Streams that start after it read it; a stream that read the snapshot before keeps the version it read.
   * @throws TypeError when `value` does not decode as T (NaN in a number field); the current version stays.
   */
  publishSnapshot<T>(snapshot: Snapshot<T>, value: T): void;
}

/**
 * Registers an HTTP filter under `name` (Envoy's `filter_name`). `newFilter` is called once per
 * stream with the filter's config: the JSON of Envoy's `filter_config`, validated against the
 * declared type of `newFilter`'s parameter. A config that does not match is rejected by Envoy,
 * with the offending path in the log (e.g. `request_headers[1][0]: expected string, got number`).
 * The config object is shared by all streams and all worker threads: treat it as read-only.
 *
 * Call it at the top level of the filter's entry file. `RouteConfig`, when given, is the type of
 * the filter's per-route config (`typed_per_filter_config` of routes and virtual hosts), decoded
 * and checked like the config when Envoy loads the route; streams read it with
 * `envoy.getPerRouteConfig<RouteConfig>()`.
 */
export declare function registerHttpFilter<Config = undefined, RouteConfig = undefined>(
  name: string,
  newFilter: (config: Config) => HttpFilter,
): void;
/**
 * Registers an HTTP filter with a config stage: `configure` runs once when Envoy loads the
 * filter config (define metrics, compile regexes, build lookup tables there) and returns the
 * per-stream factory. Values the factory captures are shared by every worker thread: they are
 * deep-frozen when `configure` returns, and `envoy` itself cannot be captured. A throw in
 * `configure` rejects the config.
 */
export declare function registerHttpFilter<Config = undefined, RouteConfig = undefined>(
  name: string,
  configure: (config: Config, envoy: EnvoyFilterConfig) => () => HttpFilter,
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

/**
 * Resolves after `ms` milliseconds (at least; about a millisecond's precision): `await sleep(ms);`
 * in an async hook holds the stream meanwhile (docs/async.md).
 */
export declare function sleep(ms: number): Promise<void>;

/** An HTTP request to a cluster of Envoy's config (EnvoyHttpFilter.httpCallout). */
export interface HttpCalloutRequest {
  method: string;
  path: string;
  /** Sent as given; `host` defaults to the cluster's name. */
  headers?: Header[];
  body?: string;
  /** Default 5000. */
  timeoutMs?: number;
}

/** The callout's response; the body as UTF-8 text. */
export interface HttpCalloutResponse {
  status: number;
  headers: Header[];
  body: string;
}

export interface EnvoyHttpFilter {
  /**
   * Sends a request to `cluster` and resolves to its response; awaited in an async hook, which
   * holds the stream meanwhile (docs/async.md). An unknown cluster, no healthy host, a reset or a
   * response over the buffer limit rejects with an Error named "HttpCalloutError"; Envoy answers a
   * timeout itself, with a 504 response.
   */
  httpCallout(cluster: string, request: HttpCalloutRequest): Promise<HttpCalloutResponse>;
}

/** A streamed HTTP callout started by `EnvoyHttpFilter.startHttpStream`: an opaque handle. */
export type HttpStream = number & { readonly __tsc2envoyHandle: "HttpStream" };

/** A streamed callout's request (EnvoyHttpFilter.startHttpStream). */
export interface HttpStreamRequest {
  method: string;
  path: string;
  /** Sent as given; `host` defaults to the cluster's name. */
  headers?: Header[];
  /** Sent after the headers. */
  body?: string;
  /** Whether the request ends with the headers (and body); default false: send the rest with sendHttpStreamData. */
  endStream?: boolean;
  /** For the whole exchange; default 5000. */
  timeoutMs?: number;
}

/** A streamed callout's response headers. */
export interface HttpStreamResponse {
  status: number;
  headers: Header[];
}

export interface EnvoyHttpFilter {
  /**
   * Starts a streamed request to `cluster` (docs/async.md#streamed-callouts): send the request body
   * in pieces with sendHttpStreamData, read the response with the awaited httpStreamHeaders and
   * readHttpStream. Envoy resets it when this stream ends.
   * @throws Error named "HttpCalloutError" when it cannot start (no such cluster).
   */
  startHttpStream(cluster: string, request: HttpStreamRequest): HttpStream;
  /** Sends a piece of the request body; `endStream` ends the request. False when the stream is over. */
  sendHttpStreamData(stream: HttpStream, data: string, endStream: boolean): boolean;
  /** Sends the request's trailers, which end it. False when the stream is over. */
  sendHttpStreamTrailers(stream: HttpStream, trailers: Header[]): boolean;
  /** Resets the stream: awaits on it reject, nothing more is sent. */
  resetHttpStream(stream: HttpStream): void;
  /**
   * Resolves to the response's status and headers (awaited as a statement). A reset first rejects
   * with an Error named "HttpCalloutError"; Envoy answers a timeout itself, with a 504.
   */
  httpStreamHeaders(stream: HttpStream): Promise<HttpStreamResponse>;
  /**
   * Resolves to the response body that arrived since the last read (UTF-8 text, one chunk or
   * several), waiting for some; null once the response is over. A reset before the end rejects
   * with an Error named "HttpCalloutError" (after the text that arrived before it was read).
   */
  readHttpStream(stream: HttpStream): Promise<string | null>;
  /**
   * Resolves, once the response is over, to its trailers (as the headers: lower-case names), or
   * null when it ended without them; the body not read yet stays readable. A reset before the end
   * rejects with an Error named "HttpCalloutError".
   */
  httpStreamTrailers(stream: HttpStream): Promise<Header[] | null>;
}

/** What a network filter's data hooks tell Envoy to do next. Values are the Envoy ABI's. */
export declare enum NetworkFilterStatus {
  /** Pass the data (or the new connection) on to the next filter. */
  Continue = 0,
  /** Stop here: later filters do not see it (until continueReading, for reads). */
  StopIteration = 1,
}

/** How `EnvoyNetworkFilter.close` closes the connection. Values are the Envoy ABI's. */
export declare enum ConnectionCloseType {
  /** Write what is buffered for the client, then close. */
  FlushWrite = 0,
  /** Close now; buffered data goes to the transport as it can. */
  NoFlush = 1,
  /** Flush, then wait for Envoy's delayed_close_timeout before closing. */
  FlushWriteAndDelay = 2,
  /** Close now, dropping buffered data. */
  Abort = 3,
  /** Close now with a TCP RST, dropping buffered data. */
  AbortReset = 4,
}

/** What happened to the connection (`onEvent`). Values are the Envoy ABI's. */
export declare enum ConnectionEvent {
  RemoteClose = 0,
  LocalClose = 1,
  Connected = 2,
  ConnectedZeroRtt = 3,
}

/** The connection a network filter works on: Envoy's side of `EnvoyNetworkFilter` in the Rust SDK. */
export interface EnvoyNetworkFilter {
  /**
   * The bytes read from the client that this filter has not passed on: a read-only view over Envoy's memory when it is one chunk (no copy),
   * else one copy. Valid during this hook call only: the next hook call and any change to the buffer
   * detach it (length 0, methods throw TypeError). Keep a copy with slice().
   */
  getReadBuffer(): Uint8Array;
  /** getReadBuffer() decoded as UTF-8 (invalid bytes become U+FFFD). */
  getReadBufferText(): string;
  /** The size in bytes of the bytes read from the client that this filter has not passed on. */
  getReadBufferSize(): number;
  /**
   * Removes the first `bytes` bytes (all of them when fewer).
   * @throws RangeError when bytes is not a non-negative integer.
   */
  drainReadBuffer(bytes: number): boolean;
  /** Appends the bytes. */
  appendReadBuffer(data: Uint8Array): boolean;
  /** Appends the text as UTF-8. */
  appendReadBufferText(text: string): boolean;
  /** Puts the bytes before the buffer's. */
  prependReadBuffer(data: Uint8Array): boolean;

  /**
   * The bytes on their way to the client: a read-only view over Envoy's memory when it is one chunk (no copy),
   * else one copy. Valid during this hook call only: the next hook call and any change to the buffer
   * detach it (length 0, methods throw TypeError). Keep a copy with slice().
   */
  getWriteBuffer(): Uint8Array;
  /** getWriteBuffer() decoded as UTF-8 (invalid bytes become U+FFFD). */
  getWriteBufferText(): string;
  /** The size in bytes of the bytes on their way to the client. */
  getWriteBufferSize(): number;
  /**
   * Removes the first `bytes` bytes (all of them when fewer).
   * @throws RangeError when bytes is not a non-negative integer.
   */
  drainWriteBuffer(bytes: number): boolean;
  /** Appends the bytes. */
  appendWriteBuffer(data: Uint8Array): boolean;
  /** Appends the text as UTF-8. */
  appendWriteBufferText(text: string): boolean;
  /** Puts the bytes before the buffer's. */
  prependWriteBuffer(data: Uint8Array): boolean;

  /** Writes the bytes to the client, through the filters before this one (an echo, a reply); `endOfStream` half-closes after them. */
  write(data: Uint8Array, endOfStream: boolean): void;
  /** Writes the text (UTF-8) to the client, as write does. */
  writeText(text: string, endOfStream: boolean): void;
  /** Hands the bytes to the filters after this one as if read from the client (not from inside onRead). */
  injectReadData(data: Uint8Array, endOfStream: boolean): void;
  /** Hands the bytes to the filters before this one as if written by the upstream side (not from inside onWrite). */
  injectWriteData(data: Uint8Array, endOfStream: boolean): void;
  /** Resumes the filter chain after onNewConnection or onRead returned StopIteration. */
  continueReading(): void;
  /** Closes the connection (default FlushWrite: what was written reaches the client first). */
  close(closeType?: ConnectionCloseType): void;

  /** The client's IP address ("127.0.0.1", "::1"), as Envoy sees it; undefined when it is no IP address (a pipe). */
  getRemoteAddress(): string | undefined;
  /** The client's port; undefined when the address is no IP address. */
  getRemotePort(): number | undefined;
  /** The IP address the client connected to (the listener's side). */
  getLocalAddress(): string | undefined;
  /** The port the client connected to. */
  getLocalPort(): number | undefined;
  /** The SNI the client asked for (TLS, or set by a listener filter such as tls_inspector); undefined when none. */
  getRequestedServerName(): string | undefined;
  /** Whether the connection is TLS terminated by Envoy. */
  isSsl(): boolean;
  /** Envoy's id of the connection (as in its logs). */
  getConnectionId(): number;

  /**
   * Adds `value` (default 1) to a counter.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  incrementCounter(counter: Counter, value?: number): void;
  /**
   * Sets a gauge.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  setGauge(gauge: Gauge, value: number): void;
  /**
   * Adds `value` to a gauge.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  increaseGauge(gauge: Gauge, value: number): void;
  /**
   * Subtracts `value` from a gauge.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  decreaseGauge(gauge: Gauge, value: number): void;
  /**
   * Records a value in a histogram.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  recordHistogramValue(histogram: Histogram, value: number): void;

  /**
   * Adds `delta` (negative to subtract, 0 to read) to the shared counter in one atomic step and
   * returns the new value, as seen by every connection on every worker.
   * @throws TypeError for a handle this filter's config did not define; RangeError when delta is not an integer from -(2^53 - 1) to 2^53 - 1.
   */
  addSharedCounter(counter: SharedCounter, delta: number): number;
}

/** A network filter instance: one per downstream TCP connection (its fields are the connection's state). Implement the hooks you need; a missing hook continues. */
export interface NetworkFilter {
  /** A client connected (before any data). */
  onNewConnection?(envoy: EnvoyNetworkFilter): NetworkFilterStatus;
  /** Data arrived from the client: the read buffer holds `dataLength` bytes (getReadBuffer); `endOfStream` when the client half-closed. */
  onRead?(envoy: EnvoyNetworkFilter, dataLength: number, endOfStream: boolean): NetworkFilterStatus;
  /** Data is on its way to the client: the write buffer holds `dataLength` bytes (getWriteBuffer). */
  onWrite?(envoy: EnvoyNetworkFilter, dataLength: number, endOfStream: boolean): NetworkFilterStatus;
  /** The connection was closed (by either side) or connected. */
  onEvent?(envoy: EnvoyNetworkFilter, event: ConnectionEvent): void;
}

/**
 * Registers a network filter under `name` (the `filter_name` of Envoy's
 * `envoy.filters.network.dynamic_modules` filter). `newFilter` is called once per connection with the
 * config, decoded and checked as registerHttpFilter's; a throw in a hook closes the connection.
 */
export declare function registerNetworkFilter<Config = undefined>(
  name: string,
  newFilter: (config: Config) => NetworkFilter,
): void;
/** The two-stage shape: `configure` runs once per config (define metrics there), and returns the per-connection factory. */
export declare function registerNetworkFilter<Config = undefined>(
  name: string,
  configure: (config: Config, envoy: EnvoyFilterConfig) => () => NetworkFilter,
): void;

/** What a listener filter's hooks tell Envoy to do next. Values are the Envoy ABI's. */
export declare enum ListenerFilterStatus {
  /** Done with the socket: the next listener filter (or the filter chain match) runs. */
  Continue = 0,
  /** Wait: for more bytes (onData), or until the socket is closed. */
  StopIteration = 1,
}

/** The accepted socket a listener filter works on: Envoy's side of `EnvoyListenerFilter` in the Rust SDK. */
export interface EnvoyListenerFilter {
  /**
   * The bytes peeked from the socket so far (as many as getMaxReadBytes asked for; empty in onAccept): a
   * read-only view over Envoy's memory, valid during this hook call only (detached after it and by drainBuffer).
   */
  getBuffer(): Uint8Array;
  /** getBuffer() decoded as UTF-8 (invalid bytes become U+FFFD). */
  getBufferText(): string;
  /**
   * Consumes the first `bytes` peeked bytes: the filter chain never sees them.
   * @throws RangeError when bytes is not a non-negative integer.
   */
  drainBuffer(bytes: number): boolean;

  /** Sets the SNI filter chains match on (`server_names`), as tls_inspector does. */
  setRequestedServerName(name: string): void;
  /** Sets the transport protocol filter chains match on (`transport_protocol`, e.g. "tls", "raw_buffer"). */
  setDetectedTransportProtocol(protocol: string): void;
  /** Sets the ALPN values filter chains match on (`application_protocols`). */
  setRequestedApplicationProtocols(protocols: string[]): void;
  /** The SNI set so far (by this or an earlier listener filter); undefined when none. */
  getRequestedServerName(): string | undefined;
  /** The transport protocol detected so far; undefined when none. */
  getDetectedTransportProtocol(): string | undefined;

  /** Closes the socket: no filter chain sees the connection. Return StopIteration after it. */
  closeSocket(details?: string): void;
  /** Resumes a socket a hook returned StopIteration for (false: close it). */
  continueFilterChain(success: boolean): void;
  /** The client's IP address; undefined when it is no IP address. */
  getRemoteAddress(): string | undefined;
  /** The client's port. */
  getRemotePort(): number | undefined;
  /** The address the client connected to. */
  getLocalAddress(): string | undefined;
  /** The port the client connected to. */
  getLocalPort(): number | undefined;

  /**
   * Adds `value` (default 1) to a counter.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  incrementCounter(counter: Counter, value?: number): void;
  /**
   * Sets a gauge.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  setGauge(gauge: Gauge, value: number): void;
  /**
   * Adds `value` to a gauge.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  increaseGauge(gauge: Gauge, value: number): void;
  /**
   * Subtracts `value` from a gauge.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  decreaseGauge(gauge: Gauge, value: number): void;
  /**
   * Records a value in a histogram.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  recordHistogramValue(histogram: Histogram, value: number): void;
}

/** A listener filter instance: one per accepted socket, before a filter chain is chosen. Implement the hooks you need; a missing hook continues. */
export interface ListenerFilter {
  /** A socket was accepted (no bytes read yet). Return StopIteration to peek at its first bytes (getMaxReadBytes, onData); Continue passes it on. */
  onAccept?(envoy: EnvoyListenerFilter): ListenerFilterStatus;
  /** How many bytes to peek before onData (0, the default: none); asked once per socket, after onAccept returned StopIteration. */
  getMaxReadBytes?(envoy: EnvoyListenerFilter): number;
  /** Bytes were peeked (getBuffer; `dataLength` of them): return StopIteration to wait for more. */
  onData?(envoy: EnvoyListenerFilter, dataLength: number): ListenerFilterStatus;
  /** The socket closed while this filter held it (StopIteration). */
  onClose?(envoy: EnvoyListenerFilter): void;
}

/**
 * Registers a listener filter under `name` (the `filter_name` of Envoy's
 * `envoy.filters.listener.dynamic_modules` filter). `newFilter` is called once per accepted socket with
 * the config, decoded and checked as registerHttpFilter's; a throw in a hook closes the socket.
 */
export declare function registerListenerFilter<Config = undefined>(
  name: string,
  newFilter: (config: Config) => ListenerFilter,
): void;
/** The two-stage shape: `configure` runs once per config (define metrics there), and returns the per-connection factory. */
export declare function registerListenerFilter<Config = undefined>(
  name: string,
  configure: (config: Config, envoy: EnvoyFilterConfig) => () => ListenerFilter,
): void;

/** What a UDP listener filter's onDatagram tells Envoy to do with the datagram. Values are the Envoy ABI's. */
export declare enum UdpListenerFilterStatus {
  /** Pass the datagram (as setDatagram left it) to the next UDP listener filter. */
  Continue = 0,
  /** Consume it: no later filter sees it (after sendDatagram answered it, or to drop it). */
  StopIteration = 1,
}

/** The datagram a UDP listener filter works on, and its listener's socket: Envoy's side of `EnvoyUdpListenerFilter` in the Rust SDK. */
export interface EnvoyUdpListenerFilter {
  /** The datagram's bytes: a read-only view valid during this hook call only (detached after it and by setDatagram). */
  getDatagram(): Uint8Array;
  /** getDatagram() decoded as UTF-8 (invalid bytes become U+FFFD). */
  getDatagramText(): string;
  /** Replaces the datagram's bytes, which later filters see when onDatagram returns Continue. */
  setDatagram(data: Uint8Array): boolean;
  /**
   * Sends a datagram from the listener's socket to `address`:`port` (a reply: getPeerAddress(), getPeerPort()); false when Envoy could not.
   * @throws RangeError when port is not an integer from 0 to 65535.
   */
  sendDatagram(data: Uint8Array, address: string, port: number): boolean;

  /** The IP address the datagram came from; undefined when it is no IP address. */
  getPeerAddress(): string | undefined;
  /** The port the datagram came from. */
  getPeerPort(): number | undefined;
  /** The listener's address. */
  getLocalAddress(): string | undefined;
  /** The listener's port. */
  getLocalPort(): number | undefined;

  /**
   * Adds `value` (default 1) to a counter.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  incrementCounter(counter: Counter, value?: number): void;
  /**
   * Sets a gauge.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  setGauge(gauge: Gauge, value: number): void;
  /**
   * Adds `value` to a gauge.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  increaseGauge(gauge: Gauge, value: number): void;
  /**
   * Subtracts `value` from a gauge.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  decreaseGauge(gauge: Gauge, value: number): void;
  /**
   * Records a value in a histogram.
   * @throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.
   */
  recordHistogramValue(histogram: Histogram, value: number): void;

  /**
   * Adds `delta` (negative to subtract, 0 to read) to the shared counter in one atomic step and
   * returns the new value, as seen by the filter on every worker.
   * @throws TypeError for a handle this filter's config did not define; RangeError when delta is not an integer from -(2^53 - 1) to 2^53 - 1.
   */
  addSharedCounter(counter: SharedCounter, delta: number): number;
}

/** A UDP listener filter instance: one per listener and worker, living as long as the listener (its fields carry state between datagrams). A missing hook continues. */
export interface UdpListenerFilter {
  /**
   * A datagram arrived (getDatagram; `dataLength` bytes, from getPeerAddress():getPeerPort()). The filter
   * object lives as long as the listener on its worker, so its fields carry state from one datagram to the next.
   */
  onDatagram?(envoy: EnvoyUdpListenerFilter, dataLength: number): UdpListenerFilterStatus;
}

/**
 * Registers a UDP listener filter under `name` (the `filter_name` of Envoy's
 * `envoy.filters.udp_listener.dynamic_modules` filter). `newFilter` is called once per listener and worker
 * with the config, decoded and checked as registerHttpFilter's; a throw in onDatagram drops that datagram.
 */
export declare function registerUdpListenerFilter<Config = undefined>(
  name: string,
  newFilter: (config: Config) => UdpListenerFilter,
): void;
/** The two-stage shape: `configure` runs once per config (define metrics there), and returns the per-connection factory. */
export declare function registerUdpListenerFilter<Config = undefined>(
  name: string,
  configure: (config: Config, envoy: EnvoyFilterConfig) => () => UdpListenerFilter,
): void;

/** Why Envoy logs (onLog's `logType`). Values are the Envoy ABI's. */
export declare enum AccessLogType {
  /** Not said. */
  NotSet = 0,
  /** A TCP proxy connected upstream. */
  TcpUpstreamConnected = 1,
  /** A TCP proxy's periodic log. */
  TcpPeriodic = 2,
  /** A TCP proxy's connection ended. */
  TcpConnectionEnd = 3,
  /** An HTTP stream began. */
  DownstreamStart = 4,
  /** An HTTP stream's periodic log. */
  DownstreamPeriodic = 5,
  /** An HTTP stream ended (the usual access log entry). */
  DownstreamEnd = 6,
  /** An upstream connection pool was ready. */
  UpstreamPoolReady = 7,
  /** An upstream request's periodic log. */
  UpstreamPeriodic = 8,
  /** An upstream request ended. */
  UpstreamEnd = 9,
  /** A tunnel was established. */
  DownstreamTunnelSuccessfullyEstablished = 10,
  /** A UDP tunnel connected upstream. */
  UdpTunnelUpstreamConnected = 11,
  /** A UDP session's periodic log. */
  UdpPeriodic = 12,
  /** A UDP session ended. */
  UdpSessionEnd = 13,
}

/** The log entry an access logger works on (what the finished stream left): Envoy's side of `EnvoyAccessLogger` in the Rust SDK. */
export interface EnvoyAccessLogger {
  /** The first value of the request header `name` (any case); undefined when it has none. */
  getRequestHeader(name: string): string | undefined;
  /** The first value of the response header `name` (any case); undefined when it has none. */
  getResponseHeader(name: string): string | undefined;
  /** The first value of the response trailer `name` (any case); undefined when it has none. */
  getResponseTrailer(name: string): string | undefined;
  /** The response's status code; undefined when there was no response. */
  getResponseCode(): number | undefined;
  /** Envoy's response flags as a bit mask (bit n: the ABI's response flag n, e.g. 1 << 8 NoRouteFound). */
  getResponseFlags(): number;
  /** When the stream began, in milliseconds since the Unix epoch (fractions of a millisecond included). */
  getStartTimeMs(): number;
  /** Milliseconds from the start to the last byte sent downstream (%DURATION%); undefined when none was sent. */
  getDurationMs(): number | undefined;
  /** Body bytes received from downstream. */
  getBytesReceived(): number;
  /** Body bytes sent downstream. */
  getBytesSent(): number;
  /** The downstream protocol ("HTTP/1.1", "HTTP/2"); undefined when not HTTP. */
  getProtocol(): string | undefined;
  /** The name of the route the stream took; undefined when none. */
  getRouteName(): string | undefined;
  /** The upstream cluster's name; undefined when there was none. */
  getUpstreamCluster(): string | undefined;
  /** The stream's x-request-id; undefined when none. */
  getRequestId(): string | undefined;
  /** The client's IP address; undefined when it is no IP address. */
  getDownstreamRemoteAddress(): string | undefined;
  /** The client's port. */
  getDownstreamRemotePort(): number | undefined;

  /**
   * Queues `line` and a newline for one of the writer's files (UTF-8) and returns at once: the
   * module's own threads write it, so the worker never waits on the disk. False when the line
   * was dropped: more than 64 MiB already waiting.
   * @throws TypeError when `writer` is not a log writer this filter's config opened.
   */
  writeLogLine(writer: LogWriter, line: string): boolean;
}

/** An access logger instance: one per log entry (state that outlives an entry lives in the config stage). */
export interface AccessLogger {
  /** A log entry (an AccessLogType): read what the stream left through `envoy`, write it with writeLogLine. */
  onLog?(envoy: EnvoyAccessLogger, logType: number): void;
}

/**
 * Registers an access logger under `name` (the `logger_name` of Envoy's
 * `envoy.access_loggers.dynamic_modules` access log). `newLogger` is called once per log entry with the
 * config, decoded and checked as registerHttpFilter's; a throw in onLog loses that entry (logged, counted).
 */
export declare function registerAccessLogger<Config = undefined>(
  name: string,
  newFilter: (config: Config) => AccessLogger,
): void;
/** The two-stage shape: `configure` runs once per config (define metrics there), and returns the per-connection factory. */
export declare function registerAccessLogger<Config = undefined>(
  name: string,
  configure: (config: Config, envoy: EnvoyFilterConfig) => () => AccessLogger,
): void;

/** The span a tracer works on: Envoy lends the stream's trace context (its headers) during onStart and onInjectContext. */
export interface EnvoyTracer {
  /**
   * A trace-context header of the stream (`traceparent`, say): in onStart the incoming request's, in onInjectContext the upstream request's.
   * @throws TypeError outside onStart and onInjectContext (Envoy lends the headers only then).
   */
  getTraceContextValue(key: string): string | undefined;
  /**
   * Sets a trace-context header: in onInjectContext, on the request Envoy sends upstream.
   * @throws TypeError outside onStart and onInjectContext (Envoy lends the headers only then).
   */
  setTraceContextValue(key: string, value: string): void;
  /**
   * Removes a trace-context header.
   * @throws TypeError outside onStart and onInjectContext (Envoy lends the headers only then).
   */
  removeTraceContextValue(key: string): void;
  /**
   * The traced stream's protocol ("HTTP/1.1", "HTTP/2"); undefined when Envoy has none.
   * @throws TypeError outside onStart and onInjectContext (Envoy lends the headers only then).
   */
  getProtocol(): string | undefined;
  /**
   * The traced stream's host (authority); undefined when Envoy has none.
   * @throws TypeError outside onStart and onInjectContext (Envoy lends the headers only then).
   */
  getHost(): string | undefined;
  /**
   * The traced stream's path; undefined when Envoy has none.
   * @throws TypeError outside onStart and onInjectContext (Envoy lends the headers only then).
   */
  getPath(): string | undefined;
  /**
   * The traced stream's method; undefined when Envoy has none.
   * @throws TypeError outside onStart and onInjectContext (Envoy lends the headers only then).
   */
  getMethod(): string | undefined;

  /**
   * Queues `line` and a newline for one of the writer's files (UTF-8) and returns at once: the
   * module's own threads write it, so the worker never waits on the disk. False when the line
   * was dropped: more than 64 MiB already waiting.
   * @throws TypeError when `writer` is not a log writer this filter's config opened.
   */
  writeLogLine(writer: LogWriter, line: string): boolean;
}

/** A tracer's span: one object per span Envoy starts (its fields are the span's state). Implement the hooks you need. */
export interface TracerSpan {
  /** The span began (its object was just made by the factory): read the incoming trace context (getTraceContextValue); `traced` is Envoy's sampling decision. */
  onStart?(envoy: EnvoyTracer, operationName: string, traced: boolean): void;
  /** Envoy renamed the span. */
  onSetOperation?(envoy: EnvoyTracer, operationName: string): void;
  /** Envoy tagged the span (`http.status_code`, `upstream_cluster`, ...). */
  onSetTag?(envoy: EnvoyTracer, key: string, value: string): void;
  /** An event on the span, at `timestampMs` (milliseconds since the epoch). */
  onLog?(envoy: EnvoyTracer, timestampMs: number, event: string): void;
  /** Envoy overrode the sampling decision. */
  onSetSampled?(envoy: EnvoyTracer, sampled: boolean): void;
  /** Envoy sends the request upstream: write the outgoing trace context (setTraceContextValue). */
  onInjectContext?(envoy: EnvoyTracer): void;
  /** The span is over: report it (writeLogLine). */
  onFinish?(envoy: EnvoyTracer): void;
}

/**
 * Registers a tracer under `name` (the `tracer_name` of Envoy's `envoy.tracers.dynamic_modules`
 * tracer). `newFilter` is called once per span with the config, decoded and checked as
 * registerHttpFilter's; a throw in a hook drops the span (the request goes on).
 */
export declare function registerTracer<Config = undefined>(
  name: string,
  newFilter: (config: Config) => TracerSpan,
): void;
/** The two-stage shape: `configure` runs once per config (define metrics there), and returns the per-connection factory. */
export declare function registerTracer<Config = undefined>(
  name: string,
  configure: (config: Config, envoy: EnvoyFilterConfig) => () => TracerSpan,
): void;

/** The stats Envoy flushes: the snapshot's counters, gauges, histograms and text readouts, by index. */
export interface EnvoyStatsSink {
  /** How many counters the flush hands over (indices 0 to this minus 1). */
  getCounterCount(): number;
  /**
   * The full name of the counter at `index` (`cluster.backend.upstream_rq_total`).
   * @throws RangeError when `index` is not an index of the snapshot's counters.
   */
  getCounterName(index: number): string;
  /**
   * The counter's value (since Envoy started).
   * @throws RangeError when `index` is not an index of the snapshot's counters.
   */
  getCounterValue(index: number): number;
  /**
   * How much the counter grew since the last flush.
   * @throws RangeError when `index` is not an index of the snapshot's counters.
   */
  getCounterDelta(index: number): number;

  /** How many gauges the flush hands over (indices 0 to this minus 1). */
  getGaugeCount(): number;
  /**
   * The full name of the gauge at `index` (`cluster.backend.upstream_rq_total`).
   * @throws RangeError when `index` is not an index of the snapshot's gauges.
   */
  getGaugeName(index: number): string;
  /**
   * The gauge's value.
   * @throws RangeError when `index` is not an index of the snapshot's gauges.
   */
  getGaugeValue(index: number): number;

  /** How many histograms the flush hands over (indices 0 to this minus 1). */
  getHistogramCount(): number;
  /**
   * The full name of the histogram at `index` (`cluster.backend.upstream_rq_total`).
   * @throws RangeError when `index` is not an index of the snapshot's histograms.
   */
  getHistogramName(index: number): string;
  /**
   * How many values the histogram recorded (cumulative).
   * @throws RangeError when `index` is not an index of the snapshot's histograms.
   */
  getHistogramSampleCount(index: number): number;
  /**
   * The sum of the values the histogram recorded (cumulative).
   * @throws RangeError when `index` is not an index of the snapshot's histograms.
   */
  getHistogramSampleSum(index: number): number;
  /**
   * How many buckets the histogram has (indices 0 to this minus 1).
   * @throws RangeError when `index` is not an index of the snapshot's histograms.
   */
  getHistogramBucketCount(index: number): number;
  /**
   * The upper bound of bucket `bucket` (Prometheus' `le`).
   * @throws RangeError when `index` is not an index of the snapshot's histograms.
   */
  getHistogramBucketUpperBound(index: number, bucket: number): number;
  /**
   * How many recorded values are at most bucket `bucket`'s upper bound (cumulative).
   * @throws RangeError when `index` is not an index of the snapshot's histograms.
   */
  getHistogramBucketCumulativeCount(index: number, bucket: number): number;

  /** How many text readouts the flush hands over (indices 0 to this minus 1). */
  getTextReadoutCount(): number;
  /**
   * The full name of the text readout at `index` (`cluster.backend.upstream_rq_total`).
   * @throws RangeError when `index` is not an index of the snapshot's text readouts.
   */
  getTextReadoutName(index: number): string;
  /**
   * The text readout's value.
   * @throws RangeError when `index` is not an index of the snapshot's text readouts.
   */
  getTextReadoutValue(index: number): string;

  /**
   * Queues `line` and a newline for one of the writer's files (UTF-8) and returns at once: the
   * module's own threads write it, so the worker never waits on the disk. False when the line
   * was dropped: more than 64 MiB already waiting.
   * @throws TypeError when `writer` is not a log writer this filter's config opened.
   */
  writeLogLine(writer: LogWriter, line: string): boolean;
}

/** A stats sink: one object per flush (Envoy's main thread). Hand the lines on with writeLogLine; never block. */
export interface StatsSink {
  /** Envoy flushes its stats (every `stats_flush_interval`, on the main thread): read the snapshot and hand it on without blocking (writeLogLine). */
  onFlush?(envoy: EnvoyStatsSink): void;
}

/**
 * Registers a stats sink under `name` (the `sink_name` of Envoy's `envoy.stat_sinks.dynamic_modules`
 * sink). `newFilter` is called once per flush with the config, decoded and checked as
 * registerHttpFilter's; a throw in onFlush ends that flush.
 */
export declare function registerStatsSink<Config = undefined>(
  name: string,
  newFilter: (config: Config) => StatsSink,
): void;
/** The two-stage shape: `configure` runs once per config (define metrics there), and returns the per-connection factory. */
export declare function registerStatsSink<Config = undefined>(
  name: string,
  configure: (config: Config, envoy: EnvoyFilterConfig) => () => StatsSink,
): void;
