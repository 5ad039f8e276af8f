/**
 * The reference implementation of "tsc2envoy" for Node: the API filters import, and the module's
 * side of the Envoy ABI (what runtime-c/http_filter.c and envoy_api.c do in a compiled module).
 *
 * A filter's TypeScript, transpiled by compiler/reference, runs against this module; a host that
 * plays Envoy (test/hosts/reference) drives it through `moduleAbi`. Every observable behaviour
 * (statuses, log lines, local replies, failures, config errors) matches the compiled module, so the
 * same test vectors give the same transcript in both.
 *
 * Why this file is long: it is one module instance per filter program (compiler/reference loads
 * it beside the transpiled filter), so the API, the boundary checks, config decoding and the ABI
 * side live together.
 */
import fs from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import { z } from "zod";

import type { LiteralCheck } from "../../compiler/ir/nodes.js";
import type * as Declared from "./tsc2envoy.js";
import { accessLoggerKind, type AccessLogEnvoyAbi } from "./sdk-access-logger.js";
import { listenerKind, networkKind, type ListenerEnvoyAbi, type NetworkEnvoyAbi, type SdkShared } from "./sdk-kinds.js";
import { calloutRequest, HttpStreams, type HttpStreamEvent } from "./sdk-http-stream.js";
import { statsSinkKind } from "./sdk-stats-sink.js";
import { SnapshotStore, type SnapshotDecoder } from "./snapshot.js";
import { tracerKind } from "./sdk-tracer.js";
import { udpListenerKind, type UdpListenerEnvoyAbi } from "./sdk-udp-listener.js";

// ------------------------------------------------------------------ the API (tsc2envoy.d.ts)

export enum RequestHeadersStatus {
  Continue = 0,
  StopIteration = 1,
  ContinueAndDontEndStream = 2,
  StopAllIterationAndBuffer = 3,
  StopAllIterationAndWatermark = 4,
}

export enum ResponseHeadersStatus {
  Continue = 0,
  StopIteration = 1,
  ContinueAndDontEndStream = 2,
  StopAllIterationAndBuffer = 3,
  StopAllIterationAndWatermark = 4,
}

export enum RequestTrailersStatus {
  Continue = 0,
  StopIteration = 1,
}

export enum ResponseTrailersStatus {
  Continue = 0,
  StopIteration = 1,
}

export enum AttributeId {
  RequestPath = 0, RequestUrlPath = 1, RequestHost = 2, RequestScheme = 3, RequestMethod = 4, RequestHeaders = 5,
  RequestReferer = 6, RequestUserAgent = 7, RequestTime = 8, RequestId = 9, RequestProtocol = 10, RequestQuery = 11,
  RequestDuration = 12, RequestSize = 13, RequestTotalSize = 14, ResponseCode = 15, ResponseCodeDetails = 16,
  ResponseFlags = 17, ResponseGrpcStatus = 18, ResponseHeaders = 19, ResponseTrailers = 20, ResponseSize = 21,
  ResponseTotalSize = 22, ResponseBackendLatency = 23, SourceAddress = 24, SourcePort = 25, DestinationAddress = 26,
  DestinationPort = 27, ConnectionId = 28, ConnectionMtls = 29, ConnectionRequestedServerName = 30,
  ConnectionTlsVersion = 31, ConnectionSubjectLocalCertificate = 32, ConnectionSubjectPeerCertificate = 33,
  ConnectionDnsSanLocalCertificate = 34, ConnectionDnsSanPeerCertificate = 35, ConnectionUriSanLocalCertificate = 36,
  ConnectionUriSanPeerCertificate = 37, ConnectionSha256PeerCertificateDigest = 38,
  ConnectionTransportFailureReason = 39, ConnectionTerminationDetails = 40, UpstreamAddress = 41, UpstreamPort = 42,
  UpstreamTlsVersion = 43, UpstreamSubjectLocalCertificate = 44, UpstreamSubjectPeerCertificate = 45,
  UpstreamDnsSanLocalCertificate = 46, UpstreamDnsSanPeerCertificate = 47, UpstreamUriSanLocalCertificate = 48,
  UpstreamUriSanPeerCertificate = 49, UpstreamSha256PeerCertificateDigest = 50, UpstreamLocalAddress = 51,
  UpstreamTransportFailureReason = 52, UpstreamRequestAttemptCount = 53, UpstreamCxPoolReadyDuration = 54,
  UpstreamLocality = 55, XdsNode = 56, XdsClusterName = 57, XdsClusterMetadata = 58, XdsListenerDirection = 59,
  XdsListenerMetadata = 60, XdsRouteName = 61, XdsRouteMetadata = 62, XdsVirtualHostName = 63,
  XdsVirtualHostMetadata = 64, XdsUpstreamHostMetadata = 65, XdsFilterChainName = 66, HealthCheck = 67,
  UpstreamRequestedServerName = 68, XdsVirtualClusterName = 69, UpstreamProtocol = 70,
}

export enum RequestBodyStatus {
  Continue = 0,
  StopIterationAndBuffer = 1,
  StopIterationAndWatermark = 2,
  StopIterationNoBuffer = 3,
}

export enum ResponseBodyStatus {
  Continue = 0,
  StopIterationAndBuffer = 1,
  StopIterationAndWatermark = 2,
  StopIterationNoBuffer = 3,
}

export enum SocketDirection {
  Upstream = 0,
  Downstream = 1,
}

export type Header = [name: string, value: string];

export interface EnvoyHttpFilter {
  getRequestHeaderValue(name: string): string | undefined;
  getRequestHeaderValues(name: string): string[];
  getRequestHeaders(): Header[];
  setRequestHeader(name: string, value: string): boolean;
  addRequestHeader(name: string, value: string): boolean;
  removeRequestHeader(name: string): boolean;
  getResponseHeaderValue(name: string): string | undefined;
  getResponseHeaderValues(name: string): string[];
  getResponseHeaders(): Header[];
  setResponseHeader(name: string, value: string): boolean;
  addResponseHeader(name: string, value: string): boolean;
  removeResponseHeader(name: string): boolean;
  sendResponse(status: number, headers?: Header[], body?: string, details?: string): void;
  getAttributeString(id: AttributeId): string | undefined;
  getAttributeInt(id: AttributeId): number | undefined;
  getRequestTrailerValue(name: string): string | undefined;
  getRequestTrailerValues(name: string): string[];
  getRequestTrailers(): Header[];
  setRequestTrailer(name: string, value: string): boolean;
  addRequestTrailer(name: string, value: string): boolean;
  removeRequestTrailer(name: string): boolean;
  getResponseTrailerValue(name: string): string | undefined;
  getResponseTrailerValues(name: string): string[];
  getResponseTrailers(): Header[];
  setResponseTrailer(name: string, value: string): boolean;
  addResponseTrailer(name: string, value: string): boolean;
  removeResponseTrailer(name: string): boolean;
  clearRouteCache(): void;
  clearRouteClusterCache(): void;
  getAttributeBool(id: AttributeId): boolean | undefined;
  getAttributeTime(id: AttributeId): number | undefined;
  getReceivedRequestBodyText(): string;
  getReceivedRequestBodySize(): number;
  drainReceivedRequestBody(bytes: number): boolean;
  appendReceivedRequestBodyText(text: string): boolean;
  prependReceivedRequestBodyText(text: string): boolean;
  replaceReceivedRequestBodyText(text: string): boolean;
  getReceivedResponseBodyText(): string;
  getReceivedResponseBodySize(): number;
  drainReceivedResponseBody(bytes: number): boolean;
  appendReceivedResponseBodyText(text: string): boolean;
  prependReceivedResponseBodyText(text: string): boolean;
  replaceReceivedResponseBodyText(text: string): boolean;
  getBufferedRequestBodyText(): string;
  getBufferedRequestBodySize(): number;
  drainBufferedRequestBody(bytes: number): boolean;
  appendBufferedRequestBodyText(text: string): boolean;
  prependBufferedRequestBodyText(text: string): boolean;
  replaceBufferedRequestBodyText(text: string): boolean;
  getBufferedResponseBodyText(): string;
  getBufferedResponseBodySize(): number;
  drainBufferedResponseBody(bytes: number): boolean;
  appendBufferedResponseBodyText(text: string): boolean;
  prependBufferedResponseBodyText(text: string): boolean;
  replaceBufferedResponseBodyText(text: string): boolean;
  getReceivedRequestBody(): Uint8Array;
  getReceivedRequestBodyChunks(): Uint8Array[];
  appendReceivedRequestBody(data: Uint8Array): boolean;
  prependReceivedRequestBody(data: Uint8Array): boolean;
  replaceReceivedRequestBody(data: Uint8Array): boolean;
  getBufferedRequestBody(): Uint8Array;
  getBufferedRequestBodyChunks(): Uint8Array[];
  appendBufferedRequestBody(data: Uint8Array): boolean;
  prependBufferedRequestBody(data: Uint8Array): boolean;
  replaceBufferedRequestBody(data: Uint8Array): boolean;
  getReceivedResponseBody(): Uint8Array;
  getReceivedResponseBodyChunks(): Uint8Array[];
  appendReceivedResponseBody(data: Uint8Array): boolean;
  prependReceivedResponseBody(data: Uint8Array): boolean;
  replaceReceivedResponseBody(data: Uint8Array): boolean;
  getBufferedResponseBody(): Uint8Array;
  getBufferedResponseBodyChunks(): Uint8Array[];
  appendBufferedResponseBody(data: Uint8Array): boolean;
  prependBufferedResponseBody(data: Uint8Array): boolean;
  replaceBufferedResponseBody(data: Uint8Array): boolean;
  incrementCounter(counter: Counter, value?: number, tagValues?: string[]): void;
  setGauge(gauge: Gauge, value: number, tagValues?: string[]): void;
  increaseGauge(gauge: Gauge, value: number, tagValues?: string[]): void;
  decreaseGauge(gauge: Gauge, value: number, tagValues?: string[]): void;
  recordHistogramValue(histogram: Histogram, value: number, tagValues?: string[]): void;
  getWorkerIndex(): number;
  addSharedCounter(counter: SharedCounter, delta: number): number;
  writeLogLine(writer: LogWriter, line: string): boolean;
  getDynamicMetadataString(ns: string, key: string): string | undefined;
  getDynamicMetadataNumber(ns: string, key: string): number | undefined;
  getDynamicMetadataBool(ns: string, key: string): boolean | undefined;
  setDynamicMetadataString(ns: string, key: string, value: string): void;
  setDynamicMetadataNumber(ns: string, key: string, value: number): void;
  setDynamicMetadataBool(ns: string, key: string, value: boolean): void;
  setDynamicMetadataStruct<T extends object>(ns: string, value: T): void;
  setFilterState(key: string, value: string): boolean;
  getFilterState(key: string): string | undefined;
  hasFilterState(key: string): boolean;
  setSocketOptionInt(direction: SocketDirection, level: number, name: number, value: number): boolean;
  getSocketOptionInt(direction: SocketDirection, level: number, name: number): number | undefined;
  getBufferLimit(): number;
  setBufferLimit(bytes: number): void;
  getPerRouteConfig<T>(): T | undefined;
  getSnapshot<T>(snapshot: Snapshot<T>): T;
  sendResponseHeaders(status: number, headers: Header[], endOfStream: boolean): void;
  sendResponseData(data: Uint8Array, endOfStream: boolean): void;
  sendResponseDataText(text: string, endOfStream: boolean): void;
  sendResponseTrailers(trailers: Header[]): void;
  httpCallout(cluster: string, request: HttpCalloutRequest): Promise<HttpCalloutResponse>;
  startHttpStream(cluster: string, request: HttpStreamRequest): HttpStream;
  sendHttpStreamData(stream: HttpStream, data: string, endStream: boolean): boolean;
  sendHttpStreamTrailers(stream: HttpStream, trailers: Header[]): boolean;
  resetHttpStream(stream: HttpStream): void;
  httpStreamHeaders(stream: HttpStream): Promise<HttpStreamResponse>;
  readHttpStream(stream: HttpStream): Promise<string | null>;
  httpStreamTrailers(stream: HttpStream): Promise<Header[] | null>;
}

export type HttpCalloutRequest = Declared.HttpCalloutRequest;
export type HttpCalloutResponse = Declared.HttpCalloutResponse;
export type HttpStream = Declared.HttpStream;
export type HttpStreamRequest = Declared.HttpStreamRequest;
export type HttpStreamResponse = Declared.HttpStreamResponse;

/** Metric handles: numbers at run time, branded as the declarations brand them. */
export type Counter = Declared.Counter;
export type Gauge = Declared.Gauge;
export type Histogram = Declared.Histogram;
export type LogWriter = Declared.LogWriter;
export type SharedCounter = Declared.SharedCounter;
export type Snapshot<T> = Declared.Snapshot<T>;

export interface EnvoyFilterConfig {
  defineCounter(name: string, tagNames?: string[]): Counter;
  defineGauge(name: string, tagNames?: string[]): Gauge;
  defineHistogram(name: string, tagNames?: string[]): Histogram;
  openLogWriter(paths: string[]): LogWriter;
  defineSharedCounter(): SharedCounter;
  defineSnapshot<T>(initial: T): Snapshot<T>;
  startBackgroundTask<T extends BackgroundTask>(task: T, everyMs: number): void;
}

/** A config's background task (docs/async.md "Config-level background tasks"). */
export interface BackgroundTask {
  run(task: EnvoyBackgroundTask): Promise<void>;
}

/** Envoy's side of a background task's run: the config's callouts and snapshots. */
export interface EnvoyBackgroundTask {
  httpCallout(cluster: string, request: HttpCalloutRequest): Promise<HttpCalloutResponse>;
  getSnapshot<T>(snapshot: Snapshot<T>): T;
  publishSnapshot<T>(snapshot: Snapshot<T>, value: T): void;
}

export interface HttpFilter {
  onRequestHeaders?(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestHeadersStatus | Promise<RequestHeadersStatus>;
  onResponseHeaders?(envoy: EnvoyHttpFilter, endOfStream: boolean): ResponseHeadersStatus | Promise<ResponseHeadersStatus>;
  onRequestTrailers?(envoy: EnvoyHttpFilter): RequestTrailersStatus | Promise<RequestTrailersStatus>;
  onResponseTrailers?(envoy: EnvoyHttpFilter): ResponseTrailersStatus | Promise<ResponseTrailersStatus>;
  onRequestBody?(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestBodyStatus | Promise<RequestBodyStatus>;
  onResponseBody?(envoy: EnvoyHttpFilter, endOfStream: boolean): ResponseBodyStatus | Promise<ResponseBodyStatus>;
  onStreamComplete?(envoy: EnvoyHttpFilter): void;
  onDownstreamAboveWriteBufferHighWatermark?(envoy: EnvoyHttpFilter): void;
  onDownstreamBelowWriteBufferLowWatermark?(envoy: EnvoyHttpFilter): void;
}

/** A config type as the compiler describes it (the same information as the C tse_type descriptors). */
export type ConfigSchema =
  | { kind: "number" | "boolean" | "string"; name: string }
  | { kind: "array"; name: string; element: number }
  | { kind: "tuple"; name: string; elements: number[] }
  | { kind: "object"; name: string; fields: { name: string; type: number }[] }
  | { kind: "optional"; name: string; inner: number }
  /** Record<string, T>: any object, each value a T (runtime-c/json.c decode_dict). */
  | { kind: "record"; name: string; value: number }
  /** `string | string[]` (members of different JSON kinds): the member of the value's kind (json.c decode_union). */
  | { kind: "union"; name: string; members: number[]; optional: boolean; nullable?: boolean }
  /** `T | null` (and `| undefined` when optional): JSON null is null (json.c NULLABLE and BOXED). */
  | { kind: "nullable"; name: string; inner: number; optional: boolean };

/**
 * The literal types of a decoded type ("a" | "b", enums, 1 | 2, true), which the schemas leave
 * out: what the decoded value must also be, checked where the structure is. The compiler's IR
 * defines the format (compiler/ir/nodes.ts; built by compiler/lower/literal-checks.ts).
 */
export type { LiteralCheck };

/**
 * Schemas of a config type: `types[root]` is the config type; children refer by index.
 * `literals[0]` checks the root, when the type has literal types.
 */
export interface ConfigSchemaTable {
  root: number;
  types: ConfigSchema[];
  literals?: LiteralCheck[];
}

interface Registration {
  name: string;
  /** One stage: returns the filter. Two (`staged`): the config stage, returning the per-stream factory. */
  newFilter: (config: unknown, envoy: EnvoyFilterConfig) => HttpFilter | (() => HttpFilter);
  /** How filter_config becomes the factory's argument: absent, raw string, or JSON of a schema. */
  config: { kind: "none" } | { kind: "raw"; literals?: LiteralCheck[] } | { kind: "json"; schema: ConfigSchemaTable };
  staged: boolean;
  /** The RouteConfig type argument, decoded as the config is (absent: per-route configs are refused). */
  perRoute?: { kind: "raw"; literals?: LiteralCheck[] } | { kind: "json"; schema: ConfigSchemaTable };
}

const registrations: Registration[] = [];

/**
 * Registers an HTTP filter. Filter code calls it with two arguments; compiler/reference adds the
 * third, the config description that the native compiler turns into C descriptors.
 */
export function registerHttpFilter(
  name: string,
  newFilter: (config: never, envoy: never) => unknown,
  config?: Registration["config"] & { staged?: boolean; perRoute?: Registration["perRoute"] },
): void {
  const { staged, perRoute, ...described } = config ?? { kind: "none" };
  registrations.push({ name, newFilter: newFilter as Registration["newFilter"], config: described as Registration["config"], staged: staged === true, ...(perRoute ? { perRoute } : {}) });
}

/**
 * compiler/reference wraps the per-stream factory a config stage returns: what it captures is
 * shared by every stream, so it is frozen (runtime-c deep-freezes the closure's captures).
 */
export function __tseStage<T>(captures: unknown[], factory: T): T {
  for (const value of captures) deepFreeze(value);
  return factory;
}

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "critical"] as const;

/** log.<level>(message); compiler/reference adds the file and line arguments. Lines below Envoy's level are dropped, as runtime-c does. */
export const log = Object.fromEntries(
  LOG_LEVELS.map((level, index) => [
    level,
    (message: string, file = "", line = 0) => {
      const host = currentAbi();
      if (host.logEnabled(index)) host.log(index, encode(message), file, line);
    },
  ]),
) as Record<(typeof LOG_LEVELS)[number], (message: string) => void>;

// ------------------------------------------------------------------ Envoy's side, as the module sees it

/** The callbacks a host provides: Envoy's half of the ABI, bytes in and out as in C. */
export interface EnvoyAbi {
  log(level: number, message: Uint8Array, file: string, line: number): void;
  logEnabled(level: number): boolean;
  /** kind: 0 counter, 1 gauge, 2 histogram; the id, or undefined when Envoy refuses. */
  defineMetric(kind: number, name: Uint8Array, tagNames: Uint8Array[]): number | undefined;
  /** update: 0 add to a counter, 1 set a gauge, 2 increase it, 3 decrease it, 4 record in a histogram. */
  updateMetric(update: number, kind: number, id: number, tagValues: Uint8Array[], value: number): void;
  workerIndex(): number;
  getHeaderValues(kind: number, name: Uint8Array): Uint8Array[];
  getHeaders(kind: number): [Uint8Array, Uint8Array][];
  setHeader(kind: number, name: Uint8Array, value: Uint8Array | undefined): boolean;
  addHeader(kind: number, name: Uint8Array, value: Uint8Array): boolean;
  sendResponse(status: number, headers: [Uint8Array, Uint8Array][], body: Uint8Array | undefined, details: Uint8Array | undefined): void;
  /** A local reply in parts: headers (":status" first), data, trailers. */
  sendResponseHeaders(headers: [Uint8Array, Uint8Array][], endOfStream: boolean): void;
  sendResponseData(data: Uint8Array, endOfStream: boolean): void;
  sendResponseTrailers(trailers: [Uint8Array, Uint8Array][]): void;
  resetStream(details: Uint8Array): void;
  /** Starts an HTTP callout: its id, or the ABI's init result (1 to 4) when it did not start. */
  httpCallout(cluster: Uint8Array, headers: [Uint8Array, Uint8Array][], body: Uint8Array, timeoutMs: number): { id: number; refused?: undefined } | { id?: undefined; refused: number };
  /** A background task's callout, from the config (Envoy's http_filter_config_http_callout); absent: the host has none. Ids share the streams' callouts' sequence. */
  configHttpCallout?(cluster: Uint8Array, headers: [Uint8Array, Uint8Array][], body: Uint8Array, timeoutMs: number): { id: number; refused?: undefined } | { id?: undefined; refused: number };
  /** Starts a streamed callout (sdk-http-stream.ts): its id, or the init result (1 to 4); events may arrive inline. */
  startHttpStream(cluster: Uint8Array, headers: [Uint8Array, Uint8Array][], body: Uint8Array, endStream: boolean, timeoutMs: number): { id: number; refused?: undefined } | { id?: undefined; refused: number };
  httpStreamSendData(id: number, data: Uint8Array, endStream: boolean): boolean;
  httpStreamSendTrailers(id: number, trailers: [Uint8Array, Uint8Array][]): boolean;
  /** Envoy resets the stream, calling the module's reset hook inline (local reset). */
  resetHttpStream(id: number): void;
  /** An async hook settled with Continue: the stream goes on (docs/async.md). */
  continueDecoding(): void;
  continueEncoding(): void;
  getAttributeString(id: number): Uint8Array | undefined;
  getAttributeInt(id: number): bigint | undefined;
  /** Issue 9: routing, bool attributes, Envoy 1.40's timing snapshot (nanoseconds; absent: not available). */
  clearRouteCache(clusterOnly: boolean): void;
  getAttributeBool(id: number): boolean | undefined;
  getTimingInfo(): TimingInfo;
  /** Body kinds are the ABI's body_type (0 received request .. 3 buffered response); undefined/false: unavailable. */
  getBody(kind: number): Uint8Array | undefined;
  /** The body's chunks as Envoy holds them (get_body_chunks); undefined: unavailable. */
  getBodyChunks(kind: number): Uint8Array[] | undefined;
  getBodySize(kind: number): number;
  appendBody(kind: number, data: Uint8Array): boolean;
  drainBody(kind: number, bytes: number): boolean;
  /** Issue 9: metadata (source: the ABI's metadata_source; a value of another type reads undefined), filter state, buffer limit. */
  getMetadata(source: number, ns: Uint8Array, key: Uint8Array): Uint8Array | number | boolean | undefined;
  setMetadata(ns: Uint8Array, key: Uint8Array, value: Uint8Array | number | boolean): void;
  /** Integer socket options (direction as SocketDirection, state Prebind); undefined: not set. */
  setSocketOptionInt(direction: number, level: number, name: number, value: number): boolean;
  getSocketOptionInt(direction: number, level: number, name: number): number | undefined;
  /** A serialized google.protobuf.Struct merged into the namespace (Envoy 1.40). */
  setMetadataStruct(ns: Uint8Array, serialized: Uint8Array): void;
  setFilterState(key: Uint8Array, value: Uint8Array): boolean;
  getFilterState(key: Uint8Array): Uint8Array | undefined;
  hasFilterState(key: Uint8Array): boolean;
  getBufferLimit(): number;
  setBufferLimit(bytes: number): void;
  /** The most specific route's per-route config: what moduleAbi.perRouteConfigNew returned for it, or undefined. */
  routeConfig(): unknown;
}

/** The fields of Envoy's timing snapshot the API reads, in nanoseconds (start: since the epoch). */
export interface TimingInfo {
  startTimeUnixNs?: bigint;
  requestCompleteNs?: bigint;
  firstUpstreamTxByteSentNs?: bigint;
  lastUpstreamRxByteReceivedNs?: bigint;
}

let abi: EnvoyAbi | undefined;

function currentAbi(): EnvoyAbi {
  if (!abi) throw new Error('tsc2envoy: no host is driving this filter (to unit-test a filter, load it with loadFilter from "tsc2envoy/testing", which drives it as Envoy does)');
  return abi;
}

const encoder = new TextEncoder();
// ignoreBOM: a leading U+FEFF is a character of the value, kept as runtime-c keeps it.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
/** Strings cross to Envoy as UTF-8; lone surrogates become U+FFFD (as runtime-c does). */
const encode = (text: string): Uint8Array => encoder.encode(text);
/** Bytes from Envoy decode as UTF-8; invalid sequences become U+FFFD (as runtime-c does). */
const decode = (bytes: Uint8Array): string => decoder.decode(bytes);

const REQUEST_HEADER = 0;
const RESPONSE_HEADER = 2;
const REQUEST_TRAILER = 1;
const RESPONSE_TRAILER = 3;

/** Pseudo-headers belong to header blocks (runtime-c/envoy_api.c check_trailer_name). */
function checkTrailer(name: string, value: string): void {
  if (name.startsWith(":")) throw new TypeError(`Header name must be a valid HTTP token ["${name}"]`);
  checkHeader(name, value);
}

// ------------------------------------------------------------------ boundary checks (runtime-c/envoy_api.c)

/** RFC 9110 token (Node's checkIsHttpToken), or one of Envoy's pseudo-headers filters may set. */
const HEADER_TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const PSEUDO_HEADERS = new Set([":authority", ":method", ":path", ":scheme", ":protocol", ":status"]);
/** Control characters but HTAB (Node's checkInvalidHeaderChar, without its latin1-only limit: values cross as UTF-8). */
const INVALID_HEADER_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Throws as Node's http.OutgoingMessage.setHeader does (ERR_INVALID_HTTP_TOKEN, ERR_INVALID_CHAR), before anything reaches Envoy. */
function checkHeader(name: string, value: string): void {
  if (!(HEADER_TOKEN.test(name) || PSEUDO_HEADERS.has(name))) throw new TypeError(`Header name must be a valid HTTP token ["${name}"]`);
  if (INVALID_HEADER_VALUE.test(value)) throw new TypeError(`Invalid character in header content ["${name}"]`);
  if (name.startsWith(":")) checkPseudoValue(name, value);
}

/** Pseudo-headers become the HTTP/1 request and status lines (runtime-c/envoy_api.c says why these rules). */
function checkPseudoValue(name: string, value: string): void {
  if (name === ":status") {
    const status = /^[0-9]{3}$/.test(value) ? Number(value) : 0;
    if (status < 200 || status > 599 || status === 204 || status === 304) throw new RangeError(`Invalid status code: ${value} (a :status set by a filter is from 200 to 599, not 204 or 304)`);
  } else if (name === ":path" || name === ":authority" ? /[ \t]/.test(value) : !HEADER_TOKEN.test(value)) {
    throw new TypeError(`Invalid character in header content ["${name}"]`);
  }
}

/** A local reply is a final response; a 204 or 304 has no body on the wire (runtime-c/envoy_api.c says why). */
function checkReplyStatus(status: number, body: string | undefined): void {
  let reason: string | undefined;
  if (!(status >= 200 && status <= 599) || !Number.isInteger(status)) reason = "a local reply's status is an integer from 200 to 599";
  else if ((status === 204 || status === 304) && body) reason = "a 204 or 304 local reply cannot carry a body";
  if (reason) throw new RangeError(`Invalid status code: ${status} (${reason})`);
}

class StreamHandle implements EnvoyHttpFilter {
  httpCallout(cluster: string, request: HttpCalloutRequest): Promise<HttpCalloutResponse> {
    return startCallout(cluster, request);
  }
  startHttpStream(cluster: string, request: HttpStreamRequest): HttpStream {
    return httpStreams.start(cluster, request);
  }
  sendHttpStreamData(stream: HttpStream, data: string, endStream: boolean): boolean {
    return httpStreams.send(stream, data, endStream);
  }
  sendHttpStreamTrailers(stream: HttpStream, trailers: Header[]): boolean {
    return httpStreams.sendTrailers(stream, trailers);
  }
  resetHttpStream(stream: HttpStream): void {
    httpStreams.reset(stream);
  }
  httpStreamHeaders(stream: HttpStream): Promise<HttpStreamResponse> {
    return httpStreams.await(stream, "headers") as Promise<HttpStreamResponse>;
  }
  readHttpStream(stream: HttpStream): Promise<string | null> {
    return httpStreams.await(stream, "data") as Promise<string | null>;
  }
  httpStreamTrailers(stream: HttpStream): Promise<Header[] | null> {
    return httpStreams.await(stream, "trailers") as Promise<Header[] | null>;
  }
  private values(kind: number, name: string): string[] {
    return currentAbi().getHeaderValues(kind, encode(name)).map(decode);
  }
  private all(kind: number): Header[] {
    return currentAbi().getHeaders(kind).map(([n, v]) => [decode(n), decode(v)]);
  }
  getRequestHeaderValue(name: string) {
    return this.values(REQUEST_HEADER, name)[0];
  }
  getRequestHeaderValues(name: string) {
    return this.values(REQUEST_HEADER, name);
  }
  getRequestHeaders() {
    return this.all(REQUEST_HEADER);
  }
  setRequestHeader(name: string, value: string) {
    checkHeader(name, value);
    return currentAbi().setHeader(REQUEST_HEADER, encode(name), encode(value));
  }
  addRequestHeader(name: string, value: string) {
    checkHeader(name, value);
    return currentAbi().addHeader(REQUEST_HEADER, encode(name), encode(value));
  }
  removeRequestHeader(name: string) {
    return currentAbi().setHeader(REQUEST_HEADER, encode(name), undefined);
  }
  getResponseHeaderValue(name: string) {
    return this.values(RESPONSE_HEADER, name)[0];
  }
  getResponseHeaderValues(name: string) {
    return this.values(RESPONSE_HEADER, name);
  }
  getResponseHeaders() {
    return this.all(RESPONSE_HEADER);
  }
  setResponseHeader(name: string, value: string) {
    checkHeader(name, value);
    return currentAbi().setHeader(RESPONSE_HEADER, encode(name), encode(value));
  }
  addResponseHeader(name: string, value: string) {
    checkHeader(name, value);
    return currentAbi().addHeader(RESPONSE_HEADER, encode(name), encode(value));
  }
  removeResponseHeader(name: string) {
    return currentAbi().setHeader(RESPONSE_HEADER, encode(name), undefined);
  }
  sendResponse(status: number, headers?: Header[], body?: string, details?: string) {
    detachBodyViews();
    checkReplyStatus(status, body);
    for (const [n, v] of headers ?? []) checkHeader(n, v);
    // Envoy runs no more of the path after a local reply: what a waiting body hook held is dropped (runtime-c does the same).
    if (currentStream) currentStream.held = 0;
    currentAbi().sendResponse(status, (headers ?? []).map(([n, v]) => [encode(n), encode(v)]), body === undefined ? undefined : encode(body), details === undefined ? undefined : encode(details));
  }
  getAttributeString(id: AttributeId) {
    const value = currentAbi().getAttributeString(id);
    return value === undefined ? undefined : decode(value);
  }
  getAttributeInt(id: AttributeId) {
    const value = currentAbi().getAttributeInt(id);
    return value === undefined ? undefined : Number(value);
  }
  getRequestTrailerValue(name: string) {
    return this.values(REQUEST_TRAILER, name)[0];
  }
  getRequestTrailerValues(name: string) {
    return this.values(REQUEST_TRAILER, name);
  }
  getRequestTrailers() {
    return this.all(REQUEST_TRAILER);
  }
  setRequestTrailer(name: string, value: string) {
    checkTrailer(name, value);
    return currentAbi().setHeader(REQUEST_TRAILER, encode(name), encode(value));
  }
  addRequestTrailer(name: string, value: string) {
    checkTrailer(name, value);
    return currentAbi().addHeader(REQUEST_TRAILER, encode(name), encode(value));
  }
  removeRequestTrailer(name: string) {
    return currentAbi().setHeader(REQUEST_TRAILER, encode(name), undefined);
  }
  getResponseTrailerValue(name: string) {
    return this.values(RESPONSE_TRAILER, name)[0];
  }
  getResponseTrailerValues(name: string) {
    return this.values(RESPONSE_TRAILER, name);
  }
  getResponseTrailers() {
    return this.all(RESPONSE_TRAILER);
  }
  setResponseTrailer(name: string, value: string) {
    checkTrailer(name, value);
    return currentAbi().setHeader(RESPONSE_TRAILER, encode(name), encode(value));
  }
  addResponseTrailer(name: string, value: string) {
    checkTrailer(name, value);
    return currentAbi().addHeader(RESPONSE_TRAILER, encode(name), encode(value));
  }
  removeResponseTrailer(name: string) {
    return currentAbi().setHeader(RESPONSE_TRAILER, encode(name), undefined);
  }
  clearRouteCache() {
    currentAbi().clearRouteCache(false);
  }
  clearRouteClusterCache() {
    currentAbi().clearRouteCache(true);
  }
  getAttributeBool(id: AttributeId) {
    return currentAbi().getAttributeBool(id);
  }
  /** As runtime-c/envoy_api.c tse_http_get_attribute_time computes it. */
  getAttributeTime(id: AttributeId) {
    const t = currentAbi().getTimingInfo();
    if (id === AttributeId.RequestTime) return t.startTimeUnixNs === undefined ? undefined : Number(t.startTimeUnixNs / 1000000n);
    if (id === AttributeId.RequestDuration) return t.requestCompleteNs === undefined ? undefined : Number(t.requestCompleteNs) / 1e6;
    if (id === AttributeId.ResponseBackendLatency && t.firstUpstreamTxByteSentNs !== undefined && t.lastUpstreamRxByteReceivedNs !== undefined) {
      return Number(t.lastUpstreamRxByteReceivedNs - t.firstUpstreamTxByteSentNs) / 1e6;
    }
    return undefined;
  }
  getReceivedRequestBodyText() {
    return bodyText(0);
  }
  getReceivedRequestBodySize() {
    return currentAbi().getBodySize(0);
  }
  drainReceivedRequestBody(bytes: number) {
    return drainBody(0, bytes);
  }
  appendReceivedRequestBodyText(text: string) {
    return appendBytes(0, encode(text));
  }
  prependReceivedRequestBodyText(text: string) {
    return prependBody(0, text);
  }
  replaceReceivedRequestBodyText(text: string) {
    return replaceBody(0, text);
  }
  getBufferedRequestBodyText() {
    return bodyText(1);
  }
  getBufferedRequestBodySize() {
    return currentAbi().getBodySize(1);
  }
  drainBufferedRequestBody(bytes: number) {
    return drainBody(1, bytes);
  }
  appendBufferedRequestBodyText(text: string) {
    return appendBytes(1, encode(text));
  }
  prependBufferedRequestBodyText(text: string) {
    return prependBody(1, text);
  }
  replaceBufferedRequestBodyText(text: string) {
    return replaceBody(1, text);
  }
  getReceivedResponseBodyText() {
    return bodyText(2);
  }
  getReceivedResponseBodySize() {
    return currentAbi().getBodySize(2);
  }
  drainReceivedResponseBody(bytes: number) {
    return drainBody(2, bytes);
  }
  appendReceivedResponseBodyText(text: string) {
    return appendBytes(2, encode(text));
  }
  prependReceivedResponseBodyText(text: string) {
    return prependBody(2, text);
  }
  replaceReceivedResponseBodyText(text: string) {
    return replaceBody(2, text);
  }
  getBufferedResponseBodyText() {
    return bodyText(3);
  }
  getBufferedResponseBodySize() {
    return currentAbi().getBodySize(3);
  }
  drainBufferedResponseBody(bytes: number) {
    return drainBody(3, bytes);
  }
  appendBufferedResponseBodyText(text: string) {
    return appendBytes(3, encode(text));
  }
  prependBufferedResponseBodyText(text: string) {
    return prependBody(3, text);
  }
  replaceBufferedResponseBodyText(text: string) {
    return replaceBody(3, text);
  }
  getReceivedRequestBody() {
    return bodyBytes(0);
  }
  getReceivedRequestBodyChunks() {
    return bodyChunkViews(0);
  }
  appendReceivedRequestBody(data: Uint8Array) {
    return appendBytes(0, data);
  }
  prependReceivedRequestBody(data: Uint8Array) {
    return prependBytes(0, data);
  }
  replaceReceivedRequestBody(data: Uint8Array) {
    return replaceBytes(0, data);
  }
  getBufferedRequestBody() {
    return bodyBytes(1);
  }
  getBufferedRequestBodyChunks() {
    return bodyChunkViews(1);
  }
  appendBufferedRequestBody(data: Uint8Array) {
    return appendBytes(1, data);
  }
  prependBufferedRequestBody(data: Uint8Array) {
    return prependBytes(1, data);
  }
  replaceBufferedRequestBody(data: Uint8Array) {
    return replaceBytes(1, data);
  }
  getReceivedResponseBody() {
    return bodyBytes(2);
  }
  getReceivedResponseBodyChunks() {
    return bodyChunkViews(2);
  }
  appendReceivedResponseBody(data: Uint8Array) {
    return appendBytes(2, data);
  }
  prependReceivedResponseBody(data: Uint8Array) {
    return prependBytes(2, data);
  }
  replaceReceivedResponseBody(data: Uint8Array) {
    return replaceBytes(2, data);
  }
  getBufferedResponseBody() {
    return bodyBytes(3);
  }
  getBufferedResponseBodyChunks() {
    return bodyChunkViews(3);
  }
  appendBufferedResponseBody(data: Uint8Array) {
    return appendBytes(3, data);
  }
  prependBufferedResponseBody(data: Uint8Array) {
    return prependBytes(3, data);
  }
  replaceBufferedResponseBody(data: Uint8Array) {
    return replaceBytes(3, data);
  }
  incrementCounter(counter: Counter, value?: number, tagValues?: string[]) {
    const metric = metricFor("incrementCounter", COUNTER, counter, tagValues);
    updateMetric(0, metric, tagValues, value === undefined ? 1 : metricValue("incrementCounter", value));
  }
  setGauge(gauge: Gauge, value: number, tagValues?: string[]) {
    updateMetric(1, metricFor("setGauge", GAUGE, gauge, tagValues), tagValues, metricValue("setGauge", value));
  }
  increaseGauge(gauge: Gauge, value: number, tagValues?: string[]) {
    updateMetric(2, metricFor("increaseGauge", GAUGE, gauge, tagValues), tagValues, metricValue("increaseGauge", value));
  }
  decreaseGauge(gauge: Gauge, value: number, tagValues?: string[]) {
    updateMetric(3, metricFor("decreaseGauge", GAUGE, gauge, tagValues), tagValues, metricValue("decreaseGauge", value));
  }
  recordHistogramValue(histogram: Histogram, value: number, tagValues?: string[]) {
    updateMetric(4, metricFor("recordHistogramValue", HISTOGRAM, histogram, tagValues), tagValues, metricValue("recordHistogramValue", value));
  }
  getWorkerIndex() {
    return currentAbi().workerIndex();
  }
  addSharedCounter(counter: SharedCounter, delta: number) {
    return sharedCounterAdd(counter, delta);
  }
  writeLogLine(writer: LogWriter, line: string) {
    return writeLogLine(writer, line);
  }
  getDynamicMetadataString(ns: string, key: string) {
    const value = currentAbi().getMetadata(METADATA_DYNAMIC, encode(ns), encode(key));
    return value instanceof Uint8Array ? decode(value) : undefined;
  }
  getDynamicMetadataNumber(ns: string, key: string) {
    const value = currentAbi().getMetadata(METADATA_DYNAMIC, encode(ns), encode(key));
    return typeof value === "number" ? value : undefined;
  }
  getDynamicMetadataBool(ns: string, key: string) {
    const value = currentAbi().getMetadata(METADATA_DYNAMIC, encode(ns), encode(key));
    return typeof value === "boolean" ? value : undefined;
  }
  setDynamicMetadataString(ns: string, key: string, value: string) {
    currentAbi().setMetadata(encode(ns), encode(key), encode(value));
  }
  setDynamicMetadataNumber(ns: string, key: string, value: number) {
    currentAbi().setMetadata(encode(ns), encode(key), value);
  }
  setDynamicMetadataBool(ns: string, key: string, value: boolean) {
    currentAbi().setMetadata(encode(ns), encode(key), value);
  }
  /** As runtime-c/envoy_api.c tse_http_set_metadata_struct: JSON.stringify's view, as a protobuf Struct. */
  setDynamicMetadataStruct<T extends object>(ns: string, value: T) {
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined || !json.startsWith("{")) throw new TypeError("setDynamicMetadataStruct: the value must be a plain object (its JSON an object)");
    currentAbi().setMetadataStruct(encode(ns), structFields(JSON.parse(json) as Record<string, unknown>));
  }
  setFilterState(key: string, value: string) {
    return currentAbi().setFilterState(encode(key), encode(value));
  }
  getFilterState(key: string) {
    const value = currentAbi().getFilterState(encode(key));
    return value === undefined ? undefined : decode(value);
  }
  hasFilterState(key: string) {
    return currentAbi().hasFilterState(encode(key));
  }
  setSocketOptionInt(direction: SocketDirection, level: number, name: number, value: number) {
    for (const n of [level, name, value]) socketInteger("setSocketOptionInt", n);
    return currentAbi().setSocketOptionInt(direction, level, name, value);
  }
  getSocketOptionInt(direction: SocketDirection, level: number, name: number) {
    for (const n of [level, name]) socketInteger("getSocketOptionInt", n);
    return currentAbi().getSocketOptionInt(direction, level, name);
  }
  getBufferLimit() {
    return currentAbi().getBufferLimit();
  }
  /** As runtime-c/envoy_api.c tse_http_set_buffer_limit checks it. */
  setBufferLimit(bytes: number) {
    if (!(Number.isInteger(bytes) && bytes >= 0 && bytes <= Number.MAX_SAFE_INTEGER)) throw new RangeError(`Invalid buffer limit: ${String(bytes)} (an integer from 0 to 2^53 - 1)`);
    currentAbi().setBufferLimit(bytes);
  }
  /** Unchecked here; compiler/reference calls __tsePerRouteConfig, which checks the type as runtime-c does. */
  getPerRouteConfig<T>(): T | undefined {
    return (currentAbi().routeConfig() as PerRouteState | undefined)?.value as T | undefined;
  }
  /** T's schema comes from compiler/reference, which calls __tseGetSnapshot instead. */
  getSnapshot<T>(_snapshot: Snapshot<T>): T {
    throw new TypeError("getSnapshot: run the filter through tsc2envoy's reference build (it passes T's schema)");
  }
  /** As runtime-c/envoy_api.c tse_http_send_response_headers. */
  sendResponseHeaders(status: number, headers: Header[], endOfStream: boolean) {
    detachBodyViews();
    checkReplyStatus(status, undefined);
    for (const [n, v] of headers) checkHeader(n, v);
    currentAbi().sendResponseHeaders([[encode(":status"), encode(String(status))], ...headers.map(([n, v]): [Uint8Array, Uint8Array] => [encode(n), encode(v)])], endOfStream);
  }
  sendResponseData(data: Uint8Array, endOfStream: boolean) {
    currentAbi().sendResponseData(data.slice(), endOfStream);
  }
  sendResponseDataText(text: string, endOfStream: boolean) {
    currentAbi().sendResponseData(encode(text), endOfStream);
  }
  sendResponseTrailers(trailers: Header[]) {
    for (const [n, v] of trailers) checkTrailer(n, v);
    currentAbi().sendResponseTrailers(trailers.map(([n, v]) => [encode(n), encode(v)]));
  }
}

// ------------------------------------------------------------------ protobuf Struct (runtime-c/envoy_api.c)

function varint(value: number): number[] {
  const bytes: number[] = [];
  do {
    bytes.push((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
    value = Math.floor(value / 128);
  } while (value > 0);
  return bytes;
}

const message = (field: number, inner: Uint8Array | number[]): number[] => [...varint((field << 3) | 2), ...varint(inner.length), ...inner];

/** A google.protobuf.Value of a JSON value. */
function structValue(value: unknown): number[] {
  if (value === null) return [0x08, 0];
  if (typeof value === "boolean") return [0x20, value ? 1 : 0];
  if (typeof value === "string") return message(3, encode(value));
  if (typeof value === "number") {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    return [0x11, ...new Uint8Array(view.buffer)];
  }
  if (Array.isArray(value)) return message(6, value.flatMap((element) => message(1, structValue(element))));
  return message(5, structFields(value as Record<string, unknown>));
}

/** A google.protobuf.Struct's fields (map entries: 1 key, 2 value), in property order. */
function structFields(object: Record<string, unknown>): Uint8Array {
  return Uint8Array.from(Object.entries(object).flatMap(([key, value]) => message(1, [...message(1, encode(key)), ...message(2, structValue(value))])));
}

/** As runtime-c/envoy_api.c socket_integer: the ABI takes int64s; JavaScript's safe integers fit. */
function socketInteger(method: string, n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${method}: ${String(n)} is not an integer from -(2^53 - 1) to 2^53 - 1`);
}

/** The ABI's metadata_source for the stream's dynamic metadata. */
const METADATA_DYNAMIC = 0;

// ------------------------------------------------------------------ bodies (runtime-c/envoy_api.c)

function bodyText(kind: number): string {
  const bytes = currentAbi().getBody(kind);
  return bytes === undefined ? "" : decode(bytes);
}

function drainBody(kind: number, bytes: number): boolean {
  detachBodyViews();
  if (!(Number.isInteger(bytes) && bytes >= 0)) throw new RangeError(`Invalid byte count: ${String(bytes)} (a non-negative integer)`);
  return currentAbi().drainBody(kind, bytes);
}

/** The ABI has no prepend: copy the body, drain it, append the text and the copy. */
function prependBody(kind: number, text: string): boolean {
  return prependBytes(kind, encode(text));
}

function replaceBody(kind: number, text: string): boolean {
  return replaceBytes(kind, encode(text));
}

// ------------------------------------------------------------------ bodies as bytes (runtime-c/envoy_api.c, bytes.c)

/** The body views handed out since the last hook call began (runtime-c: the stream's borrowed list). */
let borrowedViews: ArrayBuffer[] = [];

/** Detaches the views as runtime-c does at a hook call's start and at a body change: Envoy may free the chunks. */
function detachBodyViews(): void {
  for (const buffer of borrowedViews) structuredClone(buffer, { transfer: [buffer] });
  borrowedViews = [];
}

/** A view the next hook call or body change detaches; its own buffer (Buffer.concat's may be pooled). */
function bodyBytes(kind: number): Uint8Array {
  const bytes = currentAbi().getBody(kind);
  const view = new Uint8Array(bytes?.length ?? 0);
  if (bytes) view.set(bytes);
  borrowedViews.push(view.buffer);
  return view;
}

/** A view per chunk, each detached as bodyBytes's view is (runtime-c tse_http_get_body_chunks). */
function bodyChunkViews(kind: number): Uint8Array[] {
  return (currentAbi().getBodyChunks(kind) ?? []).map((chunk) => {
    const view = new Uint8Array(chunk);
    borrowedViews.push(view.buffer);
    return view;
  });
}

/** A body view's bytes are copied before the change that may free them (runtime-c bytes_buffer). */
function appendBytes(kind: number, data: Uint8Array): boolean {
  const bytes = data.slice();
  detachBodyViews();
  return currentAbi().appendBody(kind, bytes);
}

function prependBytes(kind: number, data: Uint8Array): boolean {
  const bytes = data.slice();
  detachBodyViews();
  const host = currentAbi();
  const old = host.getBody(kind);
  if (old === undefined) return false;
  host.drainBody(kind, old.length);
  return host.appendBody(kind, bytes) && host.appendBody(kind, old);
}

function replaceBytes(kind: number, data: Uint8Array): boolean {
  const bytes = data.slice();
  detachBodyViews();
  const host = currentAbi();
  return host.drainBody(kind, host.getBodySize(kind)) && host.appendBody(kind, bytes);
}

// ------------------------------------------------------------------ metrics (runtime-c/envoy_api.c)

const COUNTER = 0;
const GAUGE = 1;
const HISTOGRAM = 2;
const METRIC_KINDS = ["counter", "gauge", "histogram"];

/** A metric a config defined; handles index the config's list. */
interface Metric {
  kind: number;
  name: string;
  tagCount: number;
  id: number;
  /** A shared counter's value (kind SHARED_COUNTER): one Node thread, so a plain number. */
  shared?: number;
  /** A snapshot (kind SNAPSHOT) and its declared type's schema. */
  snapshot?: { store: SnapshotStore; schema: ConfigSchemaTable };
}

/** The metrics of the config whose stream (or config stage) runs now. */
let activeMetrics: Metric[] = [];

function metricFor(method: string, kind: number, handle: number, tagValues: string[] | undefined): Metric {
  const metric = Number.isInteger(handle) ? activeMetrics[handle] : undefined;
  if (!metric || metric.kind !== kind) throw new TypeError(`${method}: not a ${METRIC_KINDS[kind]} defined by this filter's config`);
  const given = tagValues?.length ?? 0;
  if (given !== metric.tagCount) throw new TypeError(`${method}: the ${METRIC_KINDS[kind]} '${metric.name}' has ${metric.tagCount} tags, got ${given} tag values`);
  return metric;
}

function metricValue(method: string, value: number): number {
  if (value >= 0 && value <= Number.MAX_SAFE_INTEGER && Number.isInteger(value)) return value;
  throw new RangeError(`${method}: the value must be an integer from 0 to 2^53 - 1, got ${String(value)}`);
}

function updateMetric(update: number, metric: Metric, tagValues: string[] | undefined, value: number): void {
  currentAbi().updateMetric(update, metric.kind, metric.id, (tagValues ?? []).map(encode), value);
}

/** The config stage's EnvoyFilterConfig: usable until the stage returns. */
class FilterConfigHandle implements EnvoyFilterConfig {
  active = true;
  constructor(private readonly metrics: Metric[]) {}
  defineCounter(name: string, tagNames?: string[]) {
    return this.define(COUNTER, name, tagNames) as Counter;
  }
  defineGauge(name: string, tagNames?: string[]) {
    return this.define(GAUGE, name, tagNames) as Gauge;
  }
  defineHistogram(name: string, tagNames?: string[]) {
    return this.define(HISTOGRAM, name, tagNames) as Histogram;
  }
  private define(kind: number, name: string, tagNames: string[] = []): number {
    if (!this.active) throw new TypeError("metrics are defined in the config stage only");
    if (name === "") throw new TypeError(`a ${METRIC_KINDS[kind]} needs a name`);
    const id = currentAbi().defineMetric(kind, encode(name), tagNames.map(encode));
    if (id === undefined) throw new TypeError(`Envoy refused to define the ${METRIC_KINDS[kind]} '${name.slice(0, 200)}'`);
    this.metrics.push({ kind, name, tagCount: tagNames.length, id });
    return this.metrics.length - 1;
  }
  openLogWriter(paths: string[]) {
    if (!this.active) throw new TypeError("log writers are opened in the config stage only");
    return openLogWriter(this.metrics, paths);
  }
  defineSharedCounter() {
    if (!this.active) throw new TypeError("shared counters are defined in the config stage only");
    this.metrics.push({ kind: SHARED_COUNTER, name: "shared counter", tagCount: 0, id: 0, shared: 0 });
    return (this.metrics.length - 1) as SharedCounter;
  }
  /** T's schema comes from compiler/reference, which calls __tseDefineSnapshot instead. */
  defineSnapshot<T>(_initial: T): Snapshot<T> {
    throw new TypeError("defineSnapshot: run the filter through tsc2envoy's reference build (it passes T's schema)");
  }
  /** `envoy.defineSnapshot<T>(initial)` with T's schema: as runtime-c/snapshot.c tse_snapshot_define. */
  snapshot(initial: unknown, schema: ConfigSchemaTable): number {
    if (!this.active) throw new TypeError("snapshots are defined in the config stage only");
    let store: SnapshotStore;
    try {
      store = new SnapshotStore(snapshotDecoder(schema), JSON.stringify(initial) ?? "");
    } catch (error) {
      throw new TypeError(`defineSnapshot: ${(error as Error).message}`);
    }
    this.metrics.push({ kind: SNAPSHOT, name: "snapshot", tagCount: 0, id: 0, snapshot: { store, schema } });
    return this.metrics.length - 1;
  }
  /** The task startBackgroundTask recorded: configNew starts it once the stage returned (runtime-c/background_api.c). */
  task?: { task: BackgroundTask; everyMs: number };
  startBackgroundTask<T extends BackgroundTask>(task: T, everyMs: number): void {
    if (!this.active) throw new TypeError("startBackgroundTask: in the config stage only");
    if (this.task) throw new TypeError("startBackgroundTask: a filter config has one background task");
    if (!(everyMs >= 1 && everyMs <= 86400000)) throw new TypeError("startBackgroundTask: everyMs must be a number of milliseconds from 1 to 86400000");
    this.task = { task: deepFreeze(task), everyMs };
  }
}

// ------------------------------------------------------------------ snapshots (issue 10; runtime-c/snapshot.c)

/** The metric-table kind of a snapshot (TSE_METRIC_SNAPSHOT). */
const SNAPSHOT = 4;

/** JSON text decoded as `schema` and deep-frozen, as runtime-c/snapshot.c makes a version (json.c's messages). */
export function snapshotDecoder(schema: ConfigSchemaTable): SnapshotDecoder {
  return (json) => {
    const decoded = decodeConfig(schema, json, "snapshot");
    if (!decoded.ok) throw new TypeError(decoded.error);
    return deepFreeze(decoded.value);
  };
}

/** `envoy.defineSnapshot<T>(initial)` as compiler/reference writes it, with T's schema. */
export function __tseDefineSnapshot(envoy: EnvoyFilterConfig, initial: unknown, schema: ConfigSchemaTable): number {
  return (envoy as FilterConfigHandle).snapshot(initial, schema);
}

/** `envoy.getSnapshot<T>(s)` as compiler/reference writes it: the version the stream read first (runtime-c/snapshot.c tse_snapshot_get). */
export function __tseGetSnapshot(_envoy: EnvoyHttpFilter | EnvoyBackgroundTask, handle: number, schema: ConfigSchemaTable): unknown {
  // A stream pins per stream; a task's run per run (its reader, renewed when a run starts).
  const reader = currentStream ?? currentTask?.reader;
  return snapshotAt("getSnapshot", handle, schema, reader !== undefined).store.read(reader!);
}

/** `task.publishSnapshot<T>(s, value)` as compiler/reference writes it (runtime-c/snapshot_api.c tse_snapshot_publish). */
export function __tsePublishSnapshot(_task: EnvoyBackgroundTask, handle: number, value: unknown, _schema: ConfigSchemaTable): void {
  // No type comparison (as snapshot_api.c): the value is decoded as the snapshot's own type.
  const store = snapshotAt("publishSnapshot", handle, undefined, currentTask !== undefined && currentStream === undefined).store;
  try {
    store.publish(value);
  } catch (error) {
    throw new TypeError(`publishSnapshot: ${(error as Error).message}`);
  }
}

/** The snapshot behind `handle`, declared as `schema` (undefined: any; runtime-c/snapshot_api.c snapshot_at); `reachable`: the caller may use one. */
function snapshotAt(what: string, handle: number, schema: ConfigSchemaTable | undefined, reachable: boolean): { store: SnapshotStore; schema: ConfigSchemaTable } {
  const metric = Number.isInteger(handle) ? activeMetrics[handle] : undefined;
  if (!metric || metric.kind !== SNAPSHOT || !metric.snapshot || !reachable) throw new TypeError(`${what}: not a snapshot defined by this filter's config`);
  const declared = metric.snapshot.schema;
  if (schema && schemaKey(declared) !== schemaKey(schema)) throw new TypeError(`${what}: the snapshot is ${declared.types[declared.root]!.name}, not ${schema.types[schema.root]!.name}`);
  return metric.snapshot;
}

// ------------------------------------------------------------------ background tasks (issue 10; runtime-c/background.c)

/** A config's background task: runs one after another, `everyMs` from one's end to the next's start. */
interface TaskState {
  config: ConfigState;
  task: BackgroundTask;
  everyMs: number;
  stopped: boolean;
  /** What the current run's snapshot reads pin to (a fresh object per run: runtime-c gives the holds back when a run settles). */
  reader: object;
}

/** The task whose run runs (or resumes) when no stream's hook does: sleep and its callouts belong to it. */
let currentTask: TaskState | undefined;

/** The handle a run gets (EnvoyBackgroundTask); what it does is the current task's. */
class TaskHandle implements EnvoyBackgroundTask {
  httpCallout(cluster: string, request: HttpCalloutRequest): Promise<HttpCalloutResponse> {
    if (!currentTask || currentStream) throw new ModuleFailure("task.httpCallout() can only be awaited in a background task's run");
    return startCallout(cluster, request, currentTask);
  }
  /** T's schema comes from compiler/reference, which calls __tseGetSnapshot instead. */
  getSnapshot<T>(_snapshot: Snapshot<T>): T {
    throw new TypeError("getSnapshot: run the filter through tsc2envoy's reference build (it passes T's schema)");
  }
  /** T's schema comes from compiler/reference, which calls __tsePublishSnapshot instead. */
  publishSnapshot<T>(_snapshot: Snapshot<T>, _value: T): void {
    throw new TypeError("publishSnapshot: run the filter through tsc2envoy's reference build (it passes T's schema)");
  }
}
const taskHandle = new TaskHandle();

/** The task's context for what follows (its run, or its resumption in the microtasks after `then`). */
function enterTask(task: TaskState, then: () => void): void {
  if (task.stopped) return;
  currentStream = undefined;
  currentTask = task;
  activeMetrics = task.config.metrics;
  then();
}

function startTask(config: ConfigState, task: BackgroundTask, everyMs: number): void {
  config.task = { config, task, everyMs, stopped: false, reader: {} };
  enterTask(config.task, () => runTask(config.task!));
}

/** One run: an uncaught throw is reported as runtime-c/http_filter.c report_task_failure does; the next run comes `everyMs` after it settles. */
function runTask(state: TaskState): void {
  state.reader = {};
  let run: Promise<void>;
  try {
    run = Promise.resolve(state.task.run(taskHandle));
  } catch (error) {
    run = Promise.reject(error);
  }
  const settled = () => {
    if (!state.stopped) addTimer(state.everyMs, { task: state }, () => runTask(state));
  };
  run.then(settled, (error: unknown) => {
    if (state.stopped) return;
    const failure = failureOf(error);
    const config = state.config;
    const { admitted, unreported } = admitFailureLine(config.failureLog);
    logUnreportedFailures(config, unreported);
    if (admitted) logLine(4, `tsc2envoy: filter '${config.registration.name}': background task run failed: ${failure.reason}`, failure.site);
    if (config.failureCounter >= 0) currentAbi().updateMetric(0, COUNTER, config.failureCounter, [], 1);
    settled();
  });
}

/** The config is destroyed: its timer and callouts go, and nothing of the run runs again. */
function stopTask(state: TaskState): void {
  state.stopped = true;
  for (let i = timers.length - 1; i >= 0; i--) if (timers[i]!.task === state) timers.splice(i, 1);
  for (const [id, callout] of callouts) if (callout.task === state) callouts.delete(id);
}

// ------------------------------------------------------------------ shared counters (issue 11; runtime-c/envoy_api.c)

/** The metric-table kind of a shared counter (TSE_METRIC_SHARED_COUNTER). */
const SHARED_COUNTER = 3;

function sharedCounterAdd(handle: number, delta: number): number {
  const metric = Number.isInteger(handle) ? activeMetrics[handle] : undefined;
  if (!metric || metric.kind !== SHARED_COUNTER || metric.shared === undefined) throw new TypeError("addSharedCounter: not a shared counter defined by this filter's config");
  if (!(Number.isInteger(delta) && Math.abs(delta) <= Number.MAX_SAFE_INTEGER)) throw new RangeError("addSharedCounter: delta must be an integer from -(2^53 - 1) to 2^53 - 1");
  metric.shared += delta;
  return metric.shared;
}

// ------------------------------------------------------------------ log writers (runtime-c/log_writer.c)

/** Beyond this many bytes waiting in a file's stream, lines are dropped (TSE_LOG_WRITER_MAX_PENDING). */
const LOG_WRITER_MAX_PENDING = 64 << 20;

/** A writer's files as Node write streams (asynchronous writes: the event loop never waits on the disk). */
interface LogWriterState {
  files: fs.WriteStream[];
  next: number;
}

/** A config's log writers, keyed by its metric list (the object each stream already has active). */
const logWritersOf = new WeakMap<Metric[], LogWriterState[]>();

function openLogWriter(configMetrics: Metric[], paths: string[]): LogWriter {
  if (paths.length === 0) throw new TypeError("openLogWriter: needs at least one path");
  const fds: number[] = [];
  for (const path of paths) {
    try {
      if (path === "" || path.includes("\0")) throw Object.assign(new Error(), { code: "ENOENT" });
      fds.push(fs.openSync(path, "a", 0o644));
    } catch (error) {
      fds.forEach((fd) => fs.closeSync(fd));
      const code = (error as NodeJS.ErrnoException).code ?? "EIO";
      throw new TypeError(`openLogWriter: cannot open '${path.slice(0, 400)}' (${code})`);
    }
  }
  const writers = logWritersOf.get(configMetrics) ?? [];
  logWritersOf.set(configMetrics, writers);
  // A failing disk loses lines, as the module's writer threads do: nothing to tell.
  const files = fds.map((fd) => fs.createWriteStream("", { fd }).on("error", () => {}));
  writers.push({ files, next: 0 });
  return (writers.length - 1) as LogWriter;
}

function writeLogLine(handle: number, line: string): boolean {
  const writer = Number.isInteger(handle) ? logWritersOf.get(activeMetrics)?.[handle] : undefined;
  if (!writer) throw new TypeError("writeLogLine: not a log writer opened by this filter's config");
  const file = writer.files[writer.next++ % writer.files.length]!;
  const bytes = Buffer.from(`${line}\n`, "utf8");
  if (file.writableLength + bytes.length > LOG_WRITER_MAX_PENDING) return false;
  file.write(bytes);
  return true;
}

/** The config is gone: its files are closed once what was written reaches them. */
function closeLogWriters(configMetrics: Metric[]): void {
  for (const writer of logWritersOf.get(configMetrics) ?? []) writer.files.forEach((file) => file.end());
  logWritersOf.delete(configMetrics);
}

/**
 * The declarations (generated from compiler/api/filter-api.ts) and this implementation agree: a
 * method or hook missing on either side, or typed differently, fails to compile here. Parameters
 * and results are compared as tuples, both ways, since method parameters alone are bivariant.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameMember<A, B> = A extends (...args: infer PA) => infer RA
  ? B extends (...args: infer PB) => infer RB
    ? Same<[PA, RA], [PB, RB]>
    : false
  : false;
type SameSurface<Impl, Decl> = {
  [K in keyof Impl | keyof Decl]-?: K extends keyof Impl & keyof Decl ? SameMember<NonNullable<Impl[K]>, NonNullable<Decl[K]>> : false;
};
type AllTrue<T> = T[keyof T] extends true ? true : false;
type Holds<T extends true> = T;
type ApiAgreement = [
  Holds<AllTrue<SameSurface<StreamHandle, Declared.EnvoyHttpFilter>>>,
  Holds<AllTrue<SameSurface<EnvoyHttpFilter, Declared.EnvoyHttpFilter>>>,
  Holds<AllTrue<SameSurface<HttpFilter, Declared.HttpFilter>>>,
  Holds<AllTrue<SameSurface<EnvoyFilterConfig, Declared.EnvoyFilterConfig>>>,
  Holds<AllTrue<SameSurface<EnvoyBackgroundTask, Declared.EnvoyBackgroundTask>>>,
  Holds<AllTrue<SameSurface<BackgroundTask, Declared.BackgroundTask>>>,
  Holds<Same<typeof RequestHeadersStatus, typeof Declared.RequestHeadersStatus>>,
  Holds<Same<typeof ResponseHeadersStatus, typeof Declared.ResponseHeadersStatus>>,
  Holds<Same<typeof AttributeId, typeof Declared.AttributeId>>,
  Holds<Same<typeof RequestTrailersStatus, typeof Declared.RequestTrailersStatus>>,
  Holds<Same<typeof ResponseTrailersStatus, typeof Declared.ResponseTrailersStatus>>,
  Holds<Same<typeof RequestBodyStatus, typeof Declared.RequestBodyStatus>>,
  Holds<Same<typeof ResponseBodyStatus, typeof Declared.ResponseBodyStatus>>,
  Holds<Same<typeof SocketDirection, typeof Declared.SocketDirection>>,
  Holds<Same<keyof typeof log, keyof typeof Declared.log>>,
];

// ------------------------------------------------------------------ failures (runtime-c/arena.c, http_filter.c)

/** A failure that is not a JS exception: the stream fails closed with this message. */
class ModuleFailure extends Error {}

/** What runtime-c logs for a failure: the reason, and the TypeScript site it names (if any). */
interface Failure {
  reason: string;
  site?: Site;
}

function failureOf(error: unknown): Failure {
  // A failure inside an API call names the call; one of the glue's own (a bad hook status) has no program frame.
  if (error instanceof ModuleFailure) return { reason: error.message, site: errorSite(error) };
  if (error instanceof Error) return { reason: `uncaught ${error.name}: ${error.message}`, site: errorSite(error) };
  return { reason: `uncaught ${String(error)}` };
}

// ------------------------------------------------------------------ failure sites (runtime-c tse_site)

interface Site {
  file: string;
  line: number;
}

/** A transpiled file of the program: its TypeScript name, source map and functions (compiler/reference). */
interface ProgramSource {
  file: string;
  map: SourceMap;
  /** [start line, start column, end line, end column, checks the stack (0/1), site line], 0-based positions. */
  functions: number[][];
}

/** By the path of the JavaScript file. */
const programSources = new Map<string, ProgramSource>();

const filePath = (name: string) => (name.startsWith("file:") ? fileURLToPath(name) : name);

/** Called by each transpiled file of the program (compiler/reference/transpile.ts). */
export function __tseSource(url: string, file: string, map: ConstructorParameters<typeof SourceMap>[0], functions: number[][]): void {
  programSources.set(filePath(url), { file, map: new SourceMap(map), functions });
}

/**
 * `error`'s stack frames as formatted (by V8, or by whatever installed Error.prepareStackTrace: a
 * test runner that transforms modules maps positions back to the files as written).
 */
function stackFrames(error: Error): { file: string; line: number; column: number }[] {
  return (error.stack ?? "")
    .split("\n")
    .map((text) => /\(?((?:file:\/\/)?\/[^\s()]+):(\d+):(\d+)\)?$/.exec(text))
    .filter((match) => match !== null)
    .map((match) => ({ file: match[1]!, line: Number(match[2]), column: Number(match[3]) }));
}

/** The stack frames of `error` in the program's files, innermost first, as TypeScript positions (0-based). */
function programFrames(error: Error): { source: ProgramSource; line: number; column: number }[] {
  const frames = [];
  for (const frame of stackFrames(error)) {
    const source = frame.file ? programSources.get(filePath(frame.file)) : undefined;
    if (!source) continue;
    const entry = source.map.findEntry(frame.line - 1, frame.column - 1) as { originalLine?: number; originalColumn?: number };
    if (entry.originalLine !== undefined) frames.push({ source, line: entry.originalLine, column: entry.originalColumn ?? 0 });
  }
  return frames;
}

/**
 * Where runtime-c reports an error: V8 records the stack where an error is created, so the
 * innermost frame in the program is where the filter made it (`new Error`) or called what threw it
 * (`JSON.parse`, a frozen write, `x!`). Stack overflow is the exception: V8 runs out of stack
 * anywhere, the compiled code only on entry to the functions that check the stack (one on every
 * cycle of calls), so both name that function's first line.
 */
function errorSite(error: Error): Site | undefined {
  const frames = programFrames(error);
  if (!(error instanceof RangeError && error.message === "Maximum call stack size exceeded")) {
    const [top] = frames;
    return top && { file: top.source.file, line: top.line + 1 };
  }
  for (const frame of frames) {
    const before = (line: number, column: number, otherLine: number, otherColumn: number) => line < otherLine || (line === otherLine && column <= otherColumn);
    const enclosing = frame.source.functions
      .filter(([startLine, startColumn, endLine, endColumn]) => before(startLine!, startColumn!, frame.line, frame.column) && before(frame.line, frame.column, endLine!, endColumn!))
      .reduce<number[] | undefined>((inner, fn) => (!inner || before(inner[0]!, inner[1]!, fn[0]!, fn[1]!) ? fn : inner), undefined);
    if (enclosing?.[4] === 1) return { file: frame.source.file, line: enclosing[5]! };
  }
  return undefined;
}

/** Runtime checks the compiled code makes and JS does not (x!): compiler/reference inserts calls. */
export function __tseNonNull<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new TypeError(`value is ${value} where the program asserted it is not (x!)`);
  return value;
}

// ------------------------------------------------------------------ config decoding (runtime-c/json.c)

/** Position and reason of a JSON syntax error, found the way runtime-c/json.c finds it. */
function jsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  let pos = 0;
  class Stop {
    constructor(readonly reason: string) {}
  }
  const fail = (reason: string): never => {
    throw new Stop(reason);
  };
  const space = () => {
    while (pos < text.length && " \t\n\r".includes(text[pos]!)) pos++;
  };
  /** From the opening quote: find the closing quote as C does, then check the escapes inside. */
  const string = () => {
    const start = ++pos;
    while (pos < text.length && text[pos] !== '"') {
      if (text.charCodeAt(pos) < 0x20) fail("control character in string");
      pos += text[pos] === "\\" && pos + 1 < text.length ? 2 : 1;
    }
    if (pos >= text.length) fail("unterminated string");
    const end = pos++;
    for (let k = start; k < end; k++) {
      if (text[k] !== "\\") continue;
      const escape = text[k + 1]!;
      if (escape === "u") {
        if (k + 2 + 4 > end) {
          pos = k + 2;
          fail("bad \\u escape");
        }
        for (let h = 0; h < 4; h++) {
          if (!/[0-9a-fA-F]/.test(text[k + 2 + h]!)) {
            pos = k + 2 + h;
            fail("bad \\u escape");
          }
        }
        k += 5;
      } else if ('"\\/bfnrt'.includes(escape)) {
        k += 1;
      } else {
        pos = k + 1;
        fail("bad escape");
      }
    }
  };
  const number = () => {
    let i = pos;
    if (text[i] === "-") i++;
    if (i >= text.length) fail("bad number");
    if (text[i] === "0") i++;
    else if (text[i]! >= "1" && text[i]! <= "9") while (i < text.length && text[i]! >= "0" && text[i]! <= "9") i++;
    else {
      pos = i;
      fail("bad number");
    }
    if (text[i] === ".") {
      i++;
      if (!(text[i]! >= "0" && text[i]! <= "9")) {
        pos = i;
        fail("bad number");
      }
      while (text[i]! >= "0" && text[i]! <= "9") i++;
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!(text[i]! >= "0" && text[i]! <= "9")) {
        pos = i;
        fail("bad number");
      }
      while (text[i]! >= "0" && text[i]! <= "9") i++;
    }
    pos = i;
  };
  const list = (object: boolean) => {
    const close = object ? "}" : "]";
    pos++;
    space();
    if (text[pos] === close) {
      pos++;
      return;
    }
    for (;;) {
      space();
      if (object) {
        if (text[pos] !== '"') fail("expected a property name");
        string();
        space();
        if (text[pos] !== ":") fail("expected ':'");
        pos++;
      }
      value();
      space();
      if (text[pos] === ",") {
        pos++;
        continue;
      }
      if (text[pos] === close) {
        pos++;
        return;
      }
      fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  };
  const literal = (word: string) => {
    if (text.slice(pos, pos + word.length) !== word) fail("unexpected character");
    pos += word.length;
  };
  const value = (): void => {
    space();
    if (pos >= text.length) fail("unexpected end of input");
    const c = text[pos]!;
    if (c === "{") return list(true);
    if (c === "[") return list(false);
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    if (c === "-" || (c >= "0" && c <= "9")) return number();
    fail("unexpected character");
  };
  try {
    value();
    space();
    if (pos !== text.length) fail("unexpected text after the JSON value");
    return undefined;
  } catch (stop) {
    if (stop instanceof Stop) return { offset: pos, reason: stop.reason };
    throw stop;
  }
}

/** Line and column (1-based, counted in bytes of UTF-8 as in C) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = encode(text.slice(0, offset));
  let line = 1;
  let column = 1;
  for (const byte of before) {
    if (byte === 0x0a) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** The JSON kind a schema's values have (jsonKind's names). */
function schemaJsonKind(schema: ConfigSchema): string {
  return schema.kind === "tuple" ? "array" : schema.kind === "record" ? "object" : schema.kind;
}

function formatPath(path: PropertyKey[], root: string): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || root;
}

/**
 * How a mismatch shows the JSON value found: strings as JSON.stringify shows them (cut after
 * SHOWN_STRING_UNITS code units), numbers as String(n), booleans and null as written, the rest by kind.
 */
const SHOWN_STRING_UNITS = 64;

function shownValue(value: unknown): string {
  if (typeof value === "string") {
    return value.length > SHOWN_STRING_UNITS ? `${JSON.stringify(value.slice(0, SHOWN_STRING_UNITS)).slice(0, -1)}..."` : JSON.stringify(value);
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return jsonKind(value);
}

/**
 * A zod schema for a config type whose errors read as runtime-c/json.c reports them. Literal
 * checks apply where the structure is checked (as json.c does): a literal type accepts only its
 * values, and a type containing literal types is named as written in messages.
 */
function zodFor(table: ConfigSchemaTable, finiteNumbers: boolean): z.ZodType {
  const literals = table.literals ?? [];
  const cache = new Map<string, z.ZodType>();
  const build = (index: number, check: number): z.ZodType => {
    const key = `${index}:${check}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const schema = table.types[index]!;
    const literal = check >= 0 ? literals[check] : undefined;
    const name = literal?.name ?? schema.name;
    // JSON has no undefined: an undefined input is a missing property.
    const mismatch = (issue: { input?: unknown }) =>
      issue.input === undefined ? `missing, expected ${name}` : `expected ${name}, got ${jsonKind(issue.input)}`;
    const child = (i: number, c = -1) => z.lazy(() => build(i, c));
    const childCheck = (at: number) => (literal?.kind === "array" ? literal.element : literal?.kind === "fields" ? (literal.fields[at] ?? -1) : -1);
    let result: z.ZodType;
    const allowed = literal?.kind === "strings" || literal?.kind === "numbers" ? (literal.values as unknown[]) : literal?.kind === "boolean" ? [literal.value] : undefined;
    // A literal type takes the place of its kind's check (an optional one's, once present).
    if (allowed && schema.kind !== "optional" && schema.kind !== "nullable") {
      result = z.custom((value) => allowed.includes(value), {
        error: (issue) => (issue.input === undefined ? `missing, expected ${name}` : `expected ${name}, got ${shownValue(issue.input)}`),
      });
      cache.set(key, result);
      return result;
    }
    switch (schema.kind) {
      case "number":
        // Not z.number(): JSON.parse gives ±Infinity for 1e400, which only a config refuses (runtime-c/json.c decode_number).
        result = z.custom<number>((value) => typeof value === "number" && (!finiteNumbers || Number.isFinite(value)), {
          error: (issue) => (typeof issue.input === "number" ? `expected ${name}, got ${issue.input} (out of range for a double)` : mismatch(issue)),
        });
        break;
      case "boolean":
        result = z.boolean({ error: mismatch });
        break;
      case "string":
        result = z.string({ error: mismatch });
        break;
      case "optional":
        result = child(schema.inner, check).optional();
        break;
      case "array":
        result = z.array(child(schema.element, childCheck(0)), { error: mismatch });
        break;
      case "tuple": {
        const length = schema.elements.length;
        const elements = schema.elements.map((e, i) => child(e, childCheck(i))) as unknown as [z.ZodType, ...z.ZodType[]];
        result = z
          .array(z.unknown(), { error: mismatch })
          .superRefine((items, ctx) => {
            if (items.length !== length) ctx.addIssue({ code: "custom", message: `expected ${name}, got an array of ${items.length} elements` });
          })
          .pipe(z.tuple(elements));
        break;
      }
      case "object":
        result = z.object(Object.fromEntries(schema.fields.map((f, i) => [f.name, child(f.type, childCheck(i))])), { error: mismatch });
        break;
      case "record":
        result = z.record(z.string(), child(schema.value, childCheck(0)), { error: mismatch });
        break;
      case "nullable": {
        const inner = child(schema.inner, check);
        // Not .nullable(): a missing value is named by this type, as json.c does.
        const decoded = z.any().transform((value, ctx) => {
          if (value === null) return null;
          if (value === undefined) {
            ctx.addIssue({ code: "custom", message: mismatch({ input: value }) });
            return z.NEVER;
          }
          return forwardIssues(inner.safeParse(value), ctx);
        });
        result = schema.optional ? decoded.optional() : decoded;
        break;
      }
      case "union": {
        // Member checks are one per member in order; a discriminant picks among object members.
        const union = literal?.kind === "union" ? literal : undefined;
        const members = schema.members.map((m, i) => ({ kind: schemaJsonKind(table.types[m]!), index: m, schema: child(m, union?.members[i] ?? -1), check: union?.members[i] ?? -1 }));
        const { optional, nullable } = schema;
        const discriminant = union?.discriminant;
        const decoded = z.any().transform((value, ctx) => {
          if (value === null && nullable) return null;
          let member = members.find((m) => m.kind === jsonKind(value));
          if (member && discriminant && jsonKind(value) === "object") {
            const tag = (value as Record<string, unknown>)[discriminant.property];
            const path = [discriminant.property];
            if (!Object.hasOwn(value as object, discriminant.property)) {
              ctx.addIssue({ code: "custom", message: `missing, expected ${discriminant.values}`, path });
              return z.NEVER;
            }
            member = members.find((m) => m.kind === "object" && discriminantTakes(table, literals, m.index, m.check, discriminant.property, tag));
            if (!member) {
              ctx.addIssue({ code: "custom", message: `expected ${discriminant.values}, got ${shownValue(tag)}`, path });
              return z.NEVER;
            }
          }
          if (!member) {
            ctx.addIssue({ code: "custom", message: mismatch({ input: value }) });
            return z.NEVER;
          }
          return forwardIssues(member.schema.safeParse(value), ctx);
        });
        result = optional ? decoded.optional() : decoded;
        break;
      }
    }
    cache.set(key, result);
    return result;
  };
  return build(table.root, table.literals ? 0 : -1);
}

/** A member's result as the union's: its value, or its issues at their paths. */
function forwardIssues(parsed: z.ZodSafeParseResult<unknown>, ctx: z.RefinementCtx): unknown {
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  return z.NEVER;
}

/** Whether object schema `index` (with literal check `check`) has a literal-typed `property` that takes `value` (json.c discriminated_member). */
function discriminantTakes(table: ConfigSchemaTable, literals: LiteralCheck[], index: number, check: number, property: string, value: unknown): boolean {
  const schema = table.types[index]!;
  const fields = check >= 0 ? literals[check] : undefined;
  if (schema.kind !== "object" || fields?.kind !== "fields") return false;
  const at = schema.fields.findIndex((f) => f.name === property);
  const leaf = at >= 0 && (fields.fields[at] ?? -1) >= 0 ? literals[fields.fields[at]!] : undefined;
  const allowed: unknown[] = leaf?.kind === "strings" || leaf?.kind === "numbers" ? leaf.values : leaf?.kind === "boolean" ? [leaf.value] : [];
  return allowed.includes(value);
}

/**
 * JSON.parse creates an object's properties in the order the text names them; the decoder returns
 * them in the declared type's order (and without undeclared ones, as compiled code has no place
 * for them). Decoded values, in the text's order.
 */
function inTextOrder(raw: unknown, decoded: unknown): unknown {
  if (Array.isArray(decoded)) return decoded.map((item, i) => inTextOrder((raw as unknown[])[i], item));
  if (decoded === null || typeof decoded !== "object") return decoded;
  const fields = decoded as Record<string, unknown>;
  const source = raw as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(source)) if (Object.hasOwn(fields, key)) ordered[key] = inTextOrder(source[key], fields[key]);
  return ordered;
}

type DecodeResult = { ok: true; value: unknown } | { ok: false; error: string; syntax: boolean };

/**
 * JSON text to a value of a declared type, or the error runtime-c/json.c would report. `root`
 * names the whole value in messages: "filter_config" for configs, "JSON.parse" for JSON.parse.
 */
export function decodeConfig(table: ConfigSchemaTable, text: string, root = "filter_config"): DecodeResult {
  const syntax = jsonSyntaxError(text);
  if (syntax) {
    const config = root === "filter_config";
    const rootName = table.literals?.[0]?.name ?? table.types[table.root]!.name;
    if (text.length === 0 && config) return { ok: false, syntax: false, error: `filter_config: expected ${rootName}, got nothing (the config is empty)` };
    const { line, column } = lineAndColumn(text, syntax.offset);
    return { ok: false, syntax: true, error: `${config ? "filter_config: " : ""}invalid JSON at line ${line} column ${column}: ${syntax.reason}` };
  }
  const raw: unknown = JSON.parse(text);
  const parsed = zodFor(table, root === "filter_config").safeParse(raw);
  if (parsed.success) return { ok: true, value: inTextOrder(raw, parsed.data) };
  const [issue] = parsed.error.issues;
  return { ok: false, syntax: false, error: `${formatPath(issue!.path, root)}: ${issue!.message}` };
}

/** A per-route config as Envoy holds it: its registration and its decoded, frozen value. */
interface PerRouteState {
  registration: Registration;
  value: unknown;
}

const schemaKey = (table: ConfigSchemaTable | undefined): string => JSON.stringify(table ? { root: table.root, types: table.types } : null);

/**
 * `envoy.getPerRouteConfig<T>()` as compiler/reference writes it, with T's schema (null: a string):
 * as runtime-c/envoy_api.c compares type descriptors, a config declared with another structure throws.
 */
export function __tsePerRouteConfig(envoy: EnvoyHttpFilter, expected: ConfigSchemaTable | null): unknown {
  const state = currentAbi().routeConfig() as PerRouteState | undefined;
  if (state === undefined) return envoy.getPerRouteConfig();
  const perRoute = state.registration.perRoute!;
  const declared = perRoute.kind === "json" ? perRoute.schema : undefined;
  if (schemaKey(declared) !== schemaKey(expected ?? undefined)) {
    const name = (table: ConfigSchemaTable | undefined) => (table ? table.types[table.root]!.name : "string");
    throw new TypeError(`getPerRouteConfig: the route's per-route config is ${name(declared)}, not ${name(expected ?? undefined)}`);
  }
  return state.value;
}

/**
 * A read of a Record<string, T>'s entry as compiled code reads it: own keys only, so `d["toString"]`
 * is undefined (JavaScript would find Object.prototype's function, which T does not allow).
 */
export function __tseOwn(dict: object, key: PropertyKey): unknown {
  return Object.hasOwn(dict, key) ? (dict as Record<PropertyKey, unknown>)[key] : undefined;
}

/** JSON.parse into a declared type: compiler/reference rewrites calls to this. */
export function __tseJsonParse(text: string, table: ConfigSchemaTable): unknown {
  const decoded = decodeConfig(table, text, "JSON.parse");
  if (decoded.ok) return decoded.value;
  throw decoded.syntax ? new SyntaxError(decoded.error) : new TypeError(decoded.error);
}

// ------------------------------------------------------------------ the module's ABI entry points

interface ConfigState {
  registration: Registration;
  value: unknown;
  /** The per-stream factory a config stage returned (two-stage registrations). */
  factory?: () => HttpFilter;
  metrics: Metric[];
  failureCounter: number;
  failureLog: FailureLog;
  /** Its background task (startBackgroundTask), started when the config is made. */
  task?: TaskState;
}

/** At most this many failure lines per config in a one-second window (runtime-c/http_filter.c). */
const FAILURE_LINES_PER_SECOND = 10;

interface FailureLog {
  windowStart?: number;
  logged: number;
  suppressed: number;
}

/** Whether this failure gets its line, and how many failures the window it closed left unlogged. */
function admitFailureLine(log: FailureLog): { admitted: boolean; unreported: number } {
  const now = clockMs;
  let unreported = 0;
  if (log.windowStart === undefined || now - log.windowStart >= 1000) {
    unreported = log.suppressed;
    Object.assign(log, { windowStart: now, logged: 0, suppressed: 0 });
  }
  const admitted = log.logged < FAILURE_LINES_PER_SECOND;
  if (admitted) log.logged++;
  else log.suppressed++;
  return { admitted, unreported };
}

function logUnreportedFailures(config: ConfigState, unreported: number): void {
  if (unreported === 0) return;
  const name = config.registration.name;
  logLine(4, `tsc2envoy: filter '${name}': ${unreported} more failures were not logged (at most ${FAILURE_LINES_PER_SECOND} failure lines a second); the counter ${name}.failures counts every failure`);
}

interface StreamState {
  config: ConfigState;
  filter?: HttpFilter;
  failed: boolean;
  failurePending?: Failure;
  /** The async hook whose promise is pending (docs/async.md). */
  pendingHook?: PendingHook;
  /** HELD_*: body chunks and trailers that arrived while a body hook waited (runtime-c's tse_async_state.held). */
  held?: number;
}

const handle = new StreamHandle();

/** A line from the module itself, or (`site`) about the filter's code, as runtime-c logs them. */
function logLine(level: number, message: string, site?: Site): void {
  const host = currentAbi();
  if (host.logEnabled(level)) host.log(level, encode(message), site?.file ?? moduleName, site?.line ?? 0);
}

let moduleName = "";

function recordFailure(stream: StreamState, phase: string, failure: Failure, action: string): void {
  stream.failed = true;
  const { admitted, unreported } = admitFailureLine(stream.config.failureLog);
  logUnreportedFailures(stream.config, unreported);
  if (admitted) logLine(4, `tsc2envoy: filter '${stream.config.registration.name}' failed in ${phase}: ${failure.reason}; ${action}`, failure.site);
  if (stream.config.failureCounter >= 0) currentAbi().updateMetric(0, COUNTER, stream.config.failureCounter, [], 1);
}

function failRequest(stream: StreamState, phase: string, failure: Failure): void {
  recordFailure(stream, phase, failure, "sent a 500 local reply");
  currentAbi().sendResponse(500, [], encode("internal error in an Envoy filter\n"), encode("tsc2envoy_filter_failed"));
}

function failResponse(stream: StreamState, phase: string, failure: Failure): void {
  recordFailure(stream, phase, failure, "reset the stream");
  currentAbi().resetStream(encode("tsc2envoy_filter_failed"));
}

function checkStatus(status: unknown, max = 4): number {
  if (typeof status === "number" && status >= 0 && status <= max && Number.isInteger(status)) return status;
  throw new ModuleFailure(`hook returned ${String(status)}, which is not a status Envoy defines (0 to ${max})`);
}

/** What Envoy calls, in the order Envoy calls it (mirrors runtime-c/http_filter.c). */
export const moduleAbi = {
  programInit(host: EnvoyAbi, name: string): string {
    abi = host;
    moduleName = name;
    return "v0.2.0";
  },

  configNew(name: string, config: Uint8Array): ConfigState | undefined {
    const registration = [...registrations].reverse().find((r) => r.name === name);
    if (!registration) {
      logLine(4, `tsc2envoy: module ${moduleName} has no HTTP filter named '${name}'; it has:${registrations.map((r) => ` '${r.name}'`).join("")}`);
      return undefined;
    }
    let value: unknown;
    if (registration.config.kind === "raw") {
      value = decode(config);
      const check = registration.config.literals?.[0];
      if (check?.kind === "strings" && !check.values.includes(value as string)) {
        logLine(4, `tsc2envoy: filter '${name}' rejected its filter_config: filter_config: expected ${check.name}, got ${shownValue(value)}`);
        return undefined;
      }
    } else if (registration.config.kind === "json") {
      const decoded = decodeConfig(registration.config.schema, decode(config));
      if (!decoded.ok) {
        logLine(4, `tsc2envoy: filter '${name}' rejected its filter_config: ${decoded.error}`);
        return undefined;
      }
      value = deepFreeze(decoded.value);
    }
    const metrics: Metric[] = [];
    let factory: (() => HttpFilter) | undefined;
    let envoy: FilterConfigHandle | undefined;
    if (registration.staged) {
      // The config stage (runtime-c/http_filter.c run_config_stage): a throw rejects the config.
      envoy = new FilterConfigHandle(metrics);
      activeMetrics = metrics;
      try {
        factory = registration.newFilter(value, envoy) as () => HttpFilter;
      } catch (error) {
        const failure = failureOf(error);
        logLine(4, `tsc2envoy: filter '${name}' rejected its filter_config: ${failure.reason}`, failure.site);
        closeLogWriters(metrics);
        return undefined;
      } finally {
        envoy.active = false;
      }
    }
    const failureCounter = currentAbi().defineMetric(COUNTER, encode(`${name}.failures`), []) ?? -1;
    const state: ConfigState = { registration, value, ...(factory ? { factory } : {}), metrics, failureCounter, failureLog: { logged: 0, suppressed: 0 } };
    // The stage returned and its captures are frozen: the task runs now (runtime-c/http_filter.c).
    if (envoy?.task) startTask(state, envoy.task.task, envoy.task.everyMs);
    return state;
  },

  /** runtime-c/http_filter.c envoy_dynamic_module_on_http_filter_per_route_config_new. */
  perRouteConfigNew(name: string, config: Uint8Array): PerRouteState | undefined {
    const registration = [...registrations].reverse().find((r) => r.name === name);
    if (!registration?.perRoute) {
      logLine(4, registration ? `tsc2envoy: filter '${name}' takes no per-route config (give registerHttpFilter a RouteConfig type argument)` : `tsc2envoy: module ${moduleName} has no HTTP filter named '${name}' for a per-route config`);
      return undefined;
    }
    const text = decode(config);
    if (registration.perRoute.kind === "raw") {
      const check = registration.perRoute.literals?.[0];
      if (check?.kind === "strings" && !check.values.includes(text)) {
        logLine(4, `tsc2envoy: filter '${name}' rejected its per-route filter_config: filter_config: expected ${check.name}, got ${shownValue(text)}`);
        return undefined;
      }
      return { registration, value: text };
    }
    const decoded = decodeConfig(registration.perRoute.schema, text);
    if (!decoded.ok) {
      logLine(4, `tsc2envoy: filter '${name}' rejected its per-route filter_config: ${decoded.error}`);
      return undefined;
    }
    return { registration, value: deepFreeze(decoded.value) };
  },

  configDestroy(config: ConfigState): void {
    if (config.task) stopTask(config.task);
    logUnreportedFailures(config, config.failureLog.suppressed);
    closeLogWriters(config.metrics);
  },

  filterNew(config: ConfigState): StreamState {
    const stream: StreamState = { config, failed: false };
    activeMetrics = config.metrics;
    detachBodyViews();
    try {
      stream.filter = config.factory ? config.factory() : (config.registration.newFilter(config.value, undefined as never) as HttpFilter);
    } catch (error) {
      stream.failurePending = failureOf(error);
    }
    return stream;
  },

  requestHeaders(stream: StreamState, endOfStream: boolean): number {
    activeMetrics = stream.config.metrics;
    currentStream = stream; // the stream the hook's calls are about (sleep, sendResponse)
    detachBodyViews();
    if (stream.failurePending !== undefined && !stream.failed) {
      failRequest(stream, "the filter factory", stream.failurePending);
      return RequestHeadersStatus.StopIteration;
    }
    const hook = stream.filter?.onRequestHeaders;
    if (stream.failed || !hook) return RequestHeadersStatus.Continue;
    try {
      currentStream = stream;
      return hookResult(stream, "onRequestHeaders", hook.call(stream.filter, handle, endOfStream), 4, true);
    } catch (error) {
      failRequest(stream, "onRequestHeaders", failureOf(error));
      return RequestHeadersStatus.StopIteration;
    }
  },

  responseHeaders(stream: StreamState, endOfStream: boolean): number {
    activeMetrics = stream.config.metrics;
    currentStream = stream; // the stream the hook's calls are about (sleep, sendResponse)
    detachBodyViews();
    const hook = stream.filter?.onResponseHeaders;
    if (stream.failed || stream.failurePending !== undefined || !hook) return ResponseHeadersStatus.Continue;
    try {
      currentStream = stream;
      return hookResult(stream, "onResponseHeaders", hook.call(stream.filter, handle, endOfStream), 4, false);
    } catch (error) {
      failResponse(stream, "onResponseHeaders", failureOf(error));
      return ResponseHeadersStatus.StopIteration;
    }
  },

  requestTrailers(stream: StreamState): number {
    activeMetrics = stream.config.metrics;
    currentStream = stream; // the stream the hook's calls are about (sleep, sendResponse)
    detachBodyViews();
    if (bodyHookWaits(stream, true)) {
      stream.held = (stream.held ?? 0) | HELD_TRAILERS;
      return RequestTrailersStatus.StopIteration;
    }
    const hook = stream.filter?.onRequestTrailers;
    // While a hook of this path waits, Envoy holds what follows.
    if (!hook && waitingHook(stream, true)) return RequestTrailersStatus.StopIteration;
    if (stream.failed || stream.failurePending !== undefined || !hook) return RequestTrailersStatus.Continue;
    try {
      currentStream = stream;
      return hookResult(stream, "onRequestTrailers", hook.call(stream.filter, handle), 1, true);
    } catch (error) {
      failRequest(stream, "onRequestTrailers", failureOf(error));
      return RequestTrailersStatus.StopIteration;
    }
  },

  responseTrailers(stream: StreamState): number {
    activeMetrics = stream.config.metrics;
    currentStream = stream; // the stream the hook's calls are about (sleep, sendResponse)
    detachBodyViews();
    if (bodyHookWaits(stream, false)) {
      stream.held = (stream.held ?? 0) | HELD_TRAILERS;
      return ResponseTrailersStatus.StopIteration;
    }
    const hook = stream.filter?.onResponseTrailers;
    // While a hook of this path waits, Envoy holds what follows.
    if (!hook && waitingHook(stream, false)) return ResponseTrailersStatus.StopIteration;
    if (stream.failed || stream.failurePending !== undefined || !hook) return ResponseTrailersStatus.Continue;
    try {
      currentStream = stream;
      return hookResult(stream, "onResponseTrailers", hook.call(stream.filter, handle), 1, false);
    } catch (error) {
      failResponse(stream, "onResponseTrailers", failureOf(error));
      return ResponseTrailersStatus.StopIteration;
    }
  },

  requestBody(stream: StreamState, endOfStream: boolean): number {
    activeMetrics = stream.config.metrics;
    currentStream = stream; // the stream the hook's calls are about (sleep, sendResponse)
    detachBodyViews();
    const hook = stream.filter?.onRequestBody;
    // While a hook of this path waits, Envoy holds what follows.
    if (!hook && waitingHook(stream, true)) return RequestBodyStatus.StopIterationAndBuffer;
    if (stream.failed || stream.failurePending !== undefined || !hook) return RequestBodyStatus.Continue;
    if (bodyHookWaits(stream, true)) {
      stream.held = (stream.held ?? 0) | HELD_CHUNK | (endOfStream ? HELD_END : 0);
      return RequestBodyStatus.StopIterationAndBuffer;
    }
    try {
      currentStream = stream;
      return hookResult(stream, "onRequestBody", hook.call(stream.filter, handle, endOfStream), 3, true, true);
    } catch (error) {
      failRequest(stream, "onRequestBody", failureOf(error));
      return RequestBodyStatus.StopIterationNoBuffer;
    }
  },

  responseBody(stream: StreamState, endOfStream: boolean): number {
    activeMetrics = stream.config.metrics;
    currentStream = stream; // the stream the hook's calls are about (sleep, sendResponse)
    detachBodyViews();
    const hook = stream.filter?.onResponseBody;
    // While a hook of this path waits, Envoy holds what follows.
    if (!hook && waitingHook(stream, false)) return ResponseBodyStatus.StopIterationAndBuffer;
    if (stream.failed || stream.failurePending !== undefined || !hook) return ResponseBodyStatus.Continue;
    if (bodyHookWaits(stream, false)) {
      stream.held = (stream.held ?? 0) | HELD_CHUNK | (endOfStream ? HELD_END : 0);
      return ResponseBodyStatus.StopIterationAndBuffer;
    }
    try {
      currentStream = stream;
      return hookResult(stream, "onResponseBody", hook.call(stream.filter, handle, endOfStream), 3, false, true);
    } catch (error) {
      failResponse(stream, "onResponseBody", failureOf(error));
      return ResponseBodyStatus.StopIterationNoBuffer;
    }
  },

  /** The client's write buffer crossed a watermark (runtime-c/http_filter.c run_watermark): a throw resets. */
  downstreamWatermark(stream: StreamState, above: boolean): void {
    activeMetrics = stream.config.metrics;
    currentStream = stream; // the stream the hook's calls are about (sleep, sendResponse)
    detachBodyViews();
    const name = above ? "onDownstreamAboveWriteBufferHighWatermark" : "onDownstreamBelowWriteBufferLowWatermark";
    const hook = stream.filter?.[name];
    if (stream.failed || stream.failurePending !== undefined || !hook) return;
    try {
      hook.call(stream.filter, handle);
    } catch (error) {
      failResponse(stream, name, failureOf(error));
    }
  },

  streamComplete(stream: StreamState): void {
    activeMetrics = stream.config.metrics;
    currentStream = stream; // the stream the hook's calls are about (sleep, sendResponse)
    detachBodyViews();
    const hook = stream.filter?.onStreamComplete;
    if (stream.failed || stream.failurePending !== undefined || !hook) return;
    try {
      hook.call(stream.filter, handle);
    } catch (error) {
      recordFailure(stream, "onStreamComplete", failureOf(error), "nothing left to fail");
    }
  },

  // Async hooks (docs/async.md): the reference host drives the timers and settles hooks as runtime-c does.

  /**
   * After a hook call and its microtasks: the status Envoy gets. An async hook that settled without
   * waiting for a timer gives its own (runtime-c returns it directly); one still waiting, StopIteration.
   */
  asyncOutcome(stream: StreamState, status: number): number {
    const pending = stream.pendingHook;
    if (!pending?.immediate) return status;
    pending.immediate = false;
    if (pending.outcome === undefined) return status;
    stream.pendingHook = undefined;
    return pending.outcome;
  },

  /** When the earliest pending timer is due (on the host's clock, ms), if any. */
  nextTimer(): number | undefined {
    return timers[0]?.due;
  },

  /** The host's virtual clock (ms): it moves only when the host lets time pass (clockReach, fireTimer). */
  clock(): number {
    return clockMs;
  },

  /** Time passes up to `ms` on the host's clock. */
  clockReach(ms: number): void {
    clockMs = Math.max(clockMs, ms);
  },

  /** The stream the earliest pending timer resumes (a host with several streams delivers it there). */
  nextTimerStream(): StreamState | undefined {
    return timers[0]?.stream;
  },

  /** Whether the earliest pending timer is the config's (a background task's sleep or next run). */
  nextTimerIsConfig(): boolean {
    return timers[0]?.task !== undefined;
  },

  /** Fires the earliest timer: its hook resumes in the microtasks that follow (none for a failed stream). */
  fireTimer(): void {
    const timer = timers.shift();
    if (!timer) return;
    clockMs = Math.max(clockMs, timer.due);
    if (timer.task) return enterTask(timer.task, timer.resolve);
    if (timer.stream!.failed) return;
    currentStream = timer.stream;
    activeMetrics = timer.stream!.config.metrics;
    detachBodyViews();
    timer.resolve();
  },

  /** The stream is gone: its pending timer and callouts are dropped, so its suspended hook never runs again. */
  streamDestroy(stream: StreamState): void {
    for (let i = timers.length - 1; i >= 0; i--) if (timers[i]!.stream === stream) timers.splice(i, 1);
    for (const [id, callout] of callouts) if (callout.stream === stream) callouts.delete(id);
    httpStreams.destroy(stream);
  },

  /** Envoy's on_http_filter_http_stream_* hooks for streamed callout `id` (sdk-http-stream.ts). */
  httpStreamEvent(id: number, event: HttpStreamEvent): void {
    httpStreams.event(id, event);
  },

  /** Envoy's on_http_filter_http_callout_done: result 0 success, 1 reset, 2 response over the buffer limit. */
  calloutDone(id: number, result: number, headers: [Uint8Array, Uint8Array][], body: Uint8Array): void {
    const callout = callouts.get(id);
    if (!callout || callout.stream?.failed) return;
    callouts.delete(id);
    const settle = () => {
      if (result !== 0) {
        callout.error.message = `httpCallout to '${callout.cluster}': ${CALLOUT_FAILURES[result] ?? "failed"}`;
        callout.reject(callout.error);
        return;
      }
      const pairs: Header[] = headers.map(([n, v]) => [decode(n), decode(v)]);
      callout.resolve({ status: Number(pairs.find(([n]) => n === ":status")?.[1] ?? "0"), headers: pairs, body: decode(body) });
    };
    if (callout.task) return enterTask(callout.task, settle);
    currentStream = callout.stream;
    activeMetrics = callout.stream!.config.metrics;
    detachBodyViews();
    settle();
  },

  /** The config's callout `id` (Envoy's on_http_filter_config_http_callout_done): the background task's run goes on. */
  configCalloutDone(id: number, result: number, headers: [Uint8Array, Uint8Array][], body: Uint8Array): void {
    if (callouts.get(id)?.task) moduleAbi.calloutDone(id, result, headers, body);
  },
};

// ------------------------------------------------------------------ async hooks (docs/async.md)

interface PendingHook {
  phase: string;
  request: boolean;
  /** onRequestBody / onResponseBody: what arrives on its path while it waits is held. */
  body: boolean;
  /** Still inside the hook call's microtasks: its outcome is the hook's status, not a continue. */
  immediate: boolean;
  outcome?: number;
}

/** The stream whose hook runs (or resumes): sleep() belongs to it. */
let currentStream: StreamState | undefined;
/** A timer of a stream's sleep, or (task) of a background task's sleep or next run. */
const timers: { due: number; seq: number; stream?: StreamState; task?: TaskState; resolve: () => void }[] = [];
let timerSeq = 0;
/**
 * The clock timers and the failure-line window run on (ms): virtual, as the native host's
 * (abi/c/host/clock_model.c), so a transcript cannot depend on how loaded the machine is.
 */
let clockMs = 0;

/** Resolves after `ms` milliseconds (setTimeout's rule: NaN, below 1 or above 2^31 - 1 wait 1 ms). */
export function sleep(ms: number): Promise<void> {
  const stream = currentStream;
  const task = stream ? undefined : currentTask;
  if (!stream && !task) throw new ModuleFailure("sleep() can only be awaited in a stream's hook or a background task's run");
  const delay = ms >= 1 && ms <= 2147483647 ? ms : 1;
  return new Promise((resolve) => addTimer(delay, stream ? { stream } : { task: task! }, resolve));
}

function addTimer(delay: number, owner: { stream: StreamState } | { task: TaskState }, resolve: () => void): void {
  timers.push({ due: clockMs + delay, seq: ++timerSeq, ...owner, resolve });
  timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
}

/** Streamed callouts: the hook resumes in the stream's context, as for a callout. */
const httpStreams = new HttpStreams({
  current: () => currentStream,
  abi: () => currentAbi(),
  enter: (stream) => {
    currentStream = stream as StreamState;
    activeMetrics = (stream as StreamState).config.metrics;
    detachBodyViews();
  },
  later: (stream, resume) => addTimer(0, { stream: stream as StreamState }, resume),
  failed: (stream) => (stream as StreamState).failed,
  outsideHook: (message) => new ModuleFailure(message),
});

/** Pending callouts: a stream's, or (task) a background task's, the config's own. */
const callouts = new Map<number, { stream?: StreamState; task?: TaskState; cluster: string; error: Error; resolve: (response: HttpCalloutResponse) => void; reject: (error: Error) => void }>();
/** Why a callout did not start (the ABI's init results 1 to 4) or failed (its results 1 and 2); runtime-c/async.c says the same. */
const CALLOUT_REFUSALS = ["", "the request lacks :method, :path or host", "no such cluster", "duplicate callout id", "no healthy upstream host"];
const CALLOUT_FAILURES = ["", "reset (connection failure or timeout)", "the response exceeds the buffer limit"];

function calloutError(cluster: string, reason: string): Error {
  const error = new Error(`httpCallout to '${cluster}': ${reason}`);
  error.name = "HttpCalloutError";
  return error;
}

/** envoy.httpCallout: :method, :path, host (the cluster's name unless given), then the headers given. */
function startCallout(cluster: string, request: HttpCalloutRequest, task?: TaskState): Promise<HttpCalloutResponse> {
  const stream = task ? undefined : currentStream;
  if (!stream && !task) throw new ModuleFailure("httpCallout() can only be awaited in a stream's hook");
  const { headers, timeoutMs } = calloutRequest(cluster, request);
  const host = currentAbi();
  const args = [encode(cluster), headers.map(([n, v]) => [encode(n), encode(v)] as [Uint8Array, Uint8Array]), encode(request.body ?? ""), timeoutMs] as const;
  if (task && !host.configHttpCallout) throw new ModuleFailure("this host has no config-level callouts");
  const started = task ? host.configHttpCallout!(...args) : host.httpCallout(...args);
  // Made here, so its stack names the filter's line that awaits it (runtime-c reports that line).
  const error = calloutError(cluster, CALLOUT_REFUSALS[started.refused ?? 0] ?? "refused");
  if (started.refused !== undefined) return Promise.reject(error);
  return new Promise((resolve, reject) => callouts.set(started.id, { ...(task ? { task } : { stream }), cluster, error, resolve, reject }));
}

/**
 * A hook's result: a status, or a promise Envoy waits for (StopIteration, then continue or fail
 * closed). `immediate`: the caller takes the outcome of a hook that settles in its own microtasks
 * (asyncOutcome); a call that runs after a settled body hook (settled) continues the stream itself.
 */
function hookResult(stream: StreamState, phase: string, result: unknown, max: number, request: boolean, body = false, immediate = true): number {
  if (!(result instanceof Promise)) return checkStatus(result, max);
  const pending: PendingHook = { phase, request, body, immediate };
  stream.pendingHook = pending;
  const settle = (outcome: () => number) => {
    if (stream.failed) return;
    activeMetrics = stream.config.metrics;
    let status: number;
    try {
      status = outcome();
    } catch (error) {
      (request ? failRequest : failResponse)(stream, phase, failureOf(error));
      if (pending.immediate) pending.outcome = body ? 3 : 1;
      return;
    }
    if (pending.immediate) {
      pending.outcome = status;
      return;
    }
    stream.pendingHook = undefined;
    settled(stream, pending, status);
  };
  result.then(
    (value: unknown) => settle(() => checkStatus(value, max)),
    (error: unknown) =>
      settle(() => {
        throw error;
      }),
  );
  return 1;
}

// What arrived on a body hook's path while it waited (runtime-c/http_filter.c held_hook).
const HELD_CHUNK = 1;
const HELD_END = 2;
const HELD_TRAILERS = 4;

/** The suspended hook of this path, undefined when none or the stream failed (runtime-c/http_filter.c waiting_hook). */
function waitingHook(stream: StreamState, request: boolean): PendingHook | undefined {
  const pending = stream.pendingHook;
  return !stream.failed && pending?.request === request ? pending : undefined;
}

function bodyHookWaits(stream: StreamState, request: boolean): boolean {
  const pending = waitingHook(stream, request);
  return pending !== undefined && !pending.immediate && pending.body;
}

/**
 * An async hook settled after waiting. A body hook first runs what was held meanwhile: itself once
 * more for the chunks (their bytes are in the buffered body), then the trailers hook; the last
 * call's status decides. Continue (0) continues the stream.
 */
function settled(stream: StreamState, pending: PendingHook, status: number): void {
  const held = pending.body ? (stream.held ?? 0) : 0;
  const request = pending.request;
  if (held === 0) {
    if (status === 0) {
      if (request) currentAbi().continueDecoding();
      else currentAbi().continueEncoding();
    }
    return;
  }
  const chunk = (held & HELD_CHUNK) !== 0;
  stream.held = chunk ? held & HELD_TRAILERS : 0;
  const phase = chunk ? (request ? "onRequestBody" : "onResponseBody") : request ? "onRequestTrailers" : "onResponseTrailers";
  const filter = stream.filter!;
  const hook = (chunk ? (request ? filter.onRequestBody : filter.onResponseBody) : request ? filter.onRequestTrailers : filter.onResponseTrailers) as
    | ((envoy: EnvoyHttpFilter, endOfStream?: boolean) => unknown)
    | undefined;
  const next: PendingHook = { phase, request, body: chunk, immediate: false };
  let result: unknown = 0;
  detachBodyViews();
  try {
    currentStream = stream;
    if (hook) result = chunk ? hook.call(filter, handle, (held & HELD_END) !== 0) : hook.call(filter, handle);
    const nextStatus = hookResult(stream, phase, result, chunk ? 3 : 1, request, chunk, false);
    if (!(result instanceof Promise)) settled(stream, next, nextStatus);
  } catch (error) {
    (request ? failRequest : failResponse)(stream, phase, failureOf(error));
  }
}

/** The config is shared by every stream: frozen, so a write throws instead of leaking across streams. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

// ------------------------------------------------------------------ other kinds (issue 11): network filters (abi/ts/sdk-kinds.ts)

export { ConnectionCloseType, ConnectionEvent, ListenerFilterStatus, NetworkFilterStatus } from "./sdk-kinds.js";
export type { EnvoyListenerFilter, EnvoyNetworkFilter, ListenerEnvoyAbi, ListenerFilter, NetworkEnvoyAbi, NetworkFilter } from "./sdk-kinds.js";

/** What sdk-kinds.ts shares with HTTP filters: this instance's host, metrics, failures and config decoding. */
const sharedWithKinds: SdkShared = {
  abi: () => currentAbi() as EnvoyAbi & NetworkEnvoyAbi & ListenerEnvoyAbi & UdpListenerEnvoyAbi & AccessLogEnvoyAbi,
  moduleName: () => moduleName,
  encode,
  decode,
  decodeConfig(description, config) {
    if (description.kind === "none") return { ok: true, value: undefined };
    const text = decode(config);
    if (description.kind === "raw") {
      const check = description.literals?.[0];
      if (check?.kind === "strings" && !(check.values ?? []).includes(text)) return { ok: false, error: `filter_config: expected ${check.name}, got ${shownValue(text)}` };
      return { ok: true, value: text };
    }
    const decoded = decodeConfig(description.schema as ConfigSchemaTable, text);
    return decoded.ok ? { ok: true, value: deepFreeze(decoded.value) } : { ok: false, error: decoded.error };
  },
  configHandle: (metrics) => new FilterConfigHandle(metrics),
  setActiveMetrics: (metrics) => void (activeMetrics = metrics),
  metricFor: (method, kind, handle) => metricFor(method, kind, handle, undefined),
  metricValue,
  sharedCounterAdd,
  writeLogLine,
  closeLogWriters,
  failureOf,
  ModuleFailure,
  logLine,
  admitFailureLine,
};

const network = networkKind(sharedWithKinds);
export const registerNetworkFilter = network.registerNetworkFilter;
/** What Envoy calls for network filters (mirrors runtime-c/network_filter.c). */
export const networkModuleAbi = network.moduleAbi;

const listener = listenerKind(sharedWithKinds as Parameters<typeof listenerKind>[0]);
export const registerListenerFilter = listener.registerListenerFilter;
/** What Envoy calls for listener filters (mirrors runtime-c/listener_filter.c). */
export const listenerModuleAbi = listener.moduleAbi;

// tracer (issue 11; abi/ts/sdk-tracer.ts)
const tracer = tracerKind(sharedWithKinds as Parameters<typeof tracerKind>[0]);
export const registerTracer = tracer.registerTracer;
/** What Envoy calls for tracers (mirrors runtime-c/tracer.c). */
export const tracerModuleAbi = tracer.moduleAbi;
export type { EnvoyTracer, TracerEnvoyAbi, TracerSpan } from "./sdk-tracer.js";

// stats sink (issue 11; abi/ts/sdk-stats-sink.ts)
const statsSink = statsSinkKind(sharedWithKinds);
export const registerStatsSink = statsSink.registerStatsSink;
/** What Envoy calls for stats sinks (mirrors runtime-c/stats_sink.c). */
export const statsSinkModuleAbi = statsSink.moduleAbi;
export type { EnvoyStatsSink, StatsSink, StatsSnapshot } from "./sdk-stats-sink.js";
// UDP listener filters (issue 11)
export { UdpListenerFilterStatus } from "./sdk-udp-listener.js";
export type { EnvoyUdpListenerFilter, UdpListenerEnvoyAbi, UdpListenerFilter } from "./sdk-udp-listener.js";
const udpListener = udpListenerKind(sharedWithKinds as Parameters<typeof udpListenerKind>[0]);
export const registerUdpListenerFilter = udpListener.registerUdpListenerFilter;
/** What Envoy calls for UDP listener filters (mirrors runtime-c/udp_listener_filter.c). */
export const udpListenerModuleAbi = udpListener.moduleAbi;

// Access loggers (issue 11)
export { AccessLogType } from "./sdk-access-logger.js";
export type { AccessLogEnvoyAbi, AccessLogger, EnvoyAccessLogger } from "./sdk-access-logger.js";
const accessLogger = accessLoggerKind(sharedWithKinds as Parameters<typeof accessLoggerKind>[0]);
export const registerAccessLogger = accessLogger.registerAccessLogger;
/** What Envoy calls for access loggers (mirrors runtime-c/access_logger.c). */
export const accessLoggerModuleAbi = accessLogger.moduleAbi;

// ------------------------------------------------------------------ module-level const tables (issue 12)

/**
 * compiler/reference wraps a module-level const table's initializer: Node would leave the array or
 * object writable, runtime-c builds it once and deep-freezes it (shared by every worker), so both freeze.
 */
export function __tseTable<T>(value: T): T {
  return freezeTable(value);
}

/**
 * deepFreeze, and a Map's or Set's entries too: JavaScript has no frozen Map, so its writing
 * methods throw the TypeError runtime-c throws (frozen.c tse_frozen_collection_write).
 */
function freezeTable<T>(value: T): T {
  // Text codecs have no property a filter can write, and Node's write their own internals on use.
  if (value instanceof TextDecoder || value instanceof TextEncoder) return value;
  if (value instanceof Map || value instanceof Set) {
    const kind = value instanceof Map ? "Map" : "Set";
    for (const [key, entry] of value.entries()) {
      freezeTable(key);
      freezeTable(entry);
    }
    for (const method of [kind === "Map" ? "set" : "add", "delete", "clear"]) {
      Object.defineProperty(value, method, {
        value: () => {
          throw new TypeError(`Cannot ${method}: the ${kind} is a read-only module-level table`);
        },
      });
    }
    return Object.freeze(value);
  }
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) freezeTable(child);
    Object.freeze(value);
  }
  return value;
}
