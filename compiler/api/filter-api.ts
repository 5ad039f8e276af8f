/**
 * The filter API, described once: the hooks a filter implements, the `EnvoyHttpFilter` methods it
 * calls, the enums they use and the log levels. Everything else follows from this table:
 *
 * - `abi/ts/tsc2envoy.d.ts` is generated from it (compiler/api/declarations.ts; `npm run
 *   generate:api`), and test/api checks the file is up to date;
 * - the Node reference SDK (abi/ts/sdk.ts) implements the generated interfaces, so TypeScript
 *   rejects it when a method is missing or typed differently; test/api compares its enums;
 * - lowering turns a method call into the runtime operation `envoy.<method>` (ir/runtime-ops.ts
 *   lists one per method), and a hook method into the filter table's entry;
 * - the C emitter calls `c.fn(ctx, ...c.constants, ...arguments)` (undefined optional arguments as
 *   NULL), and writes each hook's glue from its parameters and status enum; test/api checks
 *   runtime-c/envoy_api.c defines each `c.fn` with those parameters.
 *
 * Adding an Envoy callback is one entry here, its C function in runtime-c/envoy_api.c and its
 * method in the SDK's StreamHandle. Pure data: no imports, so every stage may read it.
 * Why this file is long: it is the one table of the HTTP filter API, every entry read in one place.
 */

export interface ApiParam {
  name: string;
  /** As written in the declarations: "string", "Header[]", an enum's name. */
  type: string;
  optional?: boolean;
}

export interface ApiMethod {
  name: string;
  params: ApiParam[];
  /** As written in the declarations. */
  returns: string;
  /** The doc comment's lines in the declarations. */
  doc?: string[];
  /** The declarations group methods in sections, a blank line between them. */
  section: string;
  /** The runtime-c function, and the constants (C enumerators) it takes after `ctx`. */
  c: { fn: string; constants?: string[] };
  /**
   * Type parameters (`getPerRouteConfig<T>`, `setDynamicMetadataStruct<T extends object>`): the C
   * function takes, after the constants, the type descriptor of T: the type of the argument of
   * the parameter typed T, else the result without `undefined`; a T argument is a `const void*`.
   */
  typeParams?: string[];
  /** The C function also takes T's literal checks (`const tse_literal_check*`, NULL: none) after its descriptor. */
  literalChecks?: true;
}

export interface ApiEnum {
  name: string;
  doc?: string[];
  /** Values are positions unless given (they are the Envoy ABI's). */
  members: (string | { name: string; value?: number; doc?: string })[];
}

export interface ApiHook {
  name: string;
  params: ApiParam[];
  /** "void", or the name of the status enum the hook returns. */
  returns: string;
  doc?: string[];
  /** How a failure in the hook ends the stream: a 500 local reply, a reset, or nothing (it is over). */
  failure: "request" | "response" | "none";
}

const headerMethods = (side: "Request" | "Response", constant: string, documented: boolean, kind: "Header" | "Trailer" = "Header"): ApiMethod[] => {
  const section = `${side.toLowerCase()} ${kind.toLowerCase()}s`;
  const c = (fn: string) => ({ fn, constants: [constant] });
  const doc = (lines: string[]) => (documented ? { doc: lines } : {});
  const noun = `${side.toLowerCase()} ${kind.toLowerCase()}`;
  const name = `${side}${kind}`;
  const setDoc =
    kind === "Trailer"
      ? [`Replaces every value of a ${noun} with one value. Throws as setRequestHeader does; a pseudo-header name (":path") is no trailer's (TypeError).`]
      : [
          `Replaces every value of a ${noun} with one value.`,
          `@throws TypeError when the name is not a token (or a pseudo-header such as ":path"), or the`,
          `  value holds a control character (CR, LF, NUL, ...; tab is allowed), as Node's setHeader does;`,
          `  a pseudo-header's value must also fit its line (no space in ":path", a token ":method";`,
          `  ":status" from "200" to "599" but "204" and "304", else RangeError).`,
        ];
  const throwsAs = kind === "Trailer" ? `Throws as set${side}Trailer does.` : "Throws as setRequestHeader does.";
  return [
    { name: `get${name}Value`, params: [{ name: "name", type: "string" }], returns: "string | undefined", section, c: c("tse_http_get_header"), ...doc([`The first value of a ${noun}, or undefined when absent.`]) },
    { name: `get${name}Values`, params: [{ name: "name", type: "string" }], returns: "string[]", section, c: c("tse_http_get_header_values"), ...doc([`Every value of a ${noun}, in order; empty when absent.`]) },
    {
      name: `get${name}s`,
      params: [],
      returns: "Header[]",
      section,
      c: c("tse_http_get_headers"),
      ...doc([kind === "Trailer" ? `All ${noun}s, in Envoy's order (empty when the ${side.toLowerCase()} has none).` : `All ${noun}s, pseudo-headers (":path", ...) included, in Envoy's order.`]),
    },
    {
      name: `set${name}`,
      params: [{ name: "name", type: "string" }, { name: "value", type: "string" }],
      returns: "boolean",
      section,
      c: c("tse_http_set_header"),
      doc: documented ? setDoc : [throwsAs],
    },
    {
      name: `add${name}`,
      params: [{ name: "name", type: "string" }, { name: "value", type: "string" }],
      returns: "boolean",
      section,
      c: c("tse_http_add_header"),
      doc: documented ? [`Appends a value to a ${noun}. ${throwsAs}`] : [throwsAs],
    },
    { name: `remove${name}`, params: [{ name: "name", type: "string" }], returns: "boolean", section, c: c("tse_http_remove_header"), ...doc([`Removes every value of a ${noun}.`]) },
  ];
};

/** Body access as text over one of the ABI's four bodies (runtime-c/envoy_api.c, docs/api.md "Bodies"). */
const bodyMethods = (which: "Received" | "Buffered", side: "Request" | "Response", constant: string): ApiMethod[] => {
  const section = `${which.toLowerCase()} ${side.toLowerCase()} body`;
  const body = `${which}${side}Body`;
  const c = (fn: string) => ({ fn, constants: [constant] });
  const where =
    which === "Received"
      ? `the chunk of the ${side.toLowerCase()} body this on${side}Body call received (only inside on${side}Body)`
      : `the ${side.toLowerCase()} body Envoy has buffered for this filter so far (after StopIterationAndBuffer)`;
  return [
    { name: `get${body}Text`, params: [], returns: "string", section, c: c("tse_http_get_body_text"), doc: [`${where[0]!.toUpperCase()}${where.slice(1)}, decoded as UTF-8 (invalid bytes become U+FFFD); "" when unavailable.`] },
    { name: `get${body}Size`, params: [], returns: "number", section, c: c("tse_http_get_body_size"), doc: [`The size in bytes of ${where}; 0 when unavailable.`] },
    {
      name: `drain${body}`,
      params: [{ name: "bytes", type: "number" }],
      returns: "boolean",
      section,
      c: c("tse_http_drain_body"),
      doc: ["Removes the first `bytes` bytes (all of them when fewer); false when the body is unavailable.", "@throws RangeError when bytes is not a non-negative integer."],
    },
    { name: `append${body}Text`, params: [{ name: "text", type: "string" }], returns: "boolean", section, c: c("tse_http_append_body_text"), doc: ["Appends the text as UTF-8; false when the body is unavailable."] },
    { name: `prepend${body}Text`, params: [{ name: "text", type: "string" }], returns: "boolean", section, c: c("tse_http_prepend_body_text"), doc: ["Puts the text (UTF-8) before the body (the ABI has no prepend: a copy, drain and append); false when unavailable."] },
    { name: `replace${body}Text`, params: [{ name: "text", type: "string" }], returns: "boolean", section, c: c("tse_http_replace_body_text"), doc: ["Replaces the body with the text (UTF-8); false when unavailable. Fix content-length yourself."] },
    ...bodyByteMethods(which, side, constant),
  ];
};

/** The same body access as bytes: borrowed views (runtime-c/bytes.c tse_bytes_borrow, docs/api.md "Bodies as bytes"). */
const bodyByteMethods = (which: "Received" | "Buffered", side: "Request" | "Response", constant: string): ApiMethod[] => {
  const section = `${which.toLowerCase()} ${side.toLowerCase()} body`;
  const body = `${which}${side}Body`;
  const c = (fn: string) => ({ fn, constants: [constant] });
  const data = [{ name: "data", type: "Uint8Array" }];
  return [
    {
      name: `get${body}`,
      params: [],
      returns: "Uint8Array",
      section,
      c: c("tse_http_get_body"),
      doc: [
        `The bytes of get${body}Text, not decoded: a read-only view over Envoy's memory when the body is one chunk`,
        "(no copy), else one copy; empty when unavailable. Valid during this hook call only: the next hook call",
        "and any body change (drain, append, prepend, replace, sendResponse) detach it, as a transferred",
        "ArrayBuffer is detached (length 0, methods throw TypeError). Keep a copy with slice().",
      ],
    },
    {
      name: `get${body}Chunks`,
      params: [],
      returns: "Uint8Array[]",
      section,
      c: c("tse_http_get_body_chunks"),
      doc: [`The body as Envoy holds it, a list of read-only views over its chunks: never a copy, however large (empty when unavailable).`, `Valid as get${body}() is: detached by the next hook call and any body change.`],
    },
    { name: `append${body}`, params: data, returns: "boolean", section, c: c("tse_http_append_body"), doc: ["Appends the bytes; false when the body is unavailable."] },
    { name: `prepend${body}`, params: data, returns: "boolean", section, c: c("tse_http_prepend_body"), doc: ["Puts the bytes before the body (a copy, drain and append); false when unavailable."] },
    { name: `replace${body}`, params: data, returns: "boolean", section, c: c("tse_http_replace_body"), doc: ["Replaces the body with the bytes; false when unavailable. Fix content-length yourself."] },
  ];
};

const bodyStatusMembers = [
  { name: "Continue", doc: "Pass this chunk (and anything buffered) on." },
  { name: "StopIterationAndBuffer", doc: "Hold the chunk: Envoy adds it to the buffered body, up to its buffer limit (413 past it)." },
  { name: "StopIterationAndWatermark", doc: "Hold the chunk, buffering with flow control instead of a limit." },
  { name: "StopIterationNoBuffer", doc: "Hold the chunk without buffering it (e.g. after sendResponse)." },
];

/** A local reply sent in parts (runtime-c/envoy_api.c, docs/api.md "Streaming local replies"). */
const streamingReplyMethods = (): ApiMethod[] => {
  const section = "streaming local replies";
  const end = { name: "endOfStream", type: "boolean" };
  return [
    {
      name: "sendResponseHeaders",
      params: [{ name: "status", type: "number" }, { name: "headers", type: "Header[]" }, end],
      returns: "void",
      section,
      c: { fn: "tse_http_send_response_headers" },
      doc: [
        "Starts a local reply sent in parts: the status (\":status\" first) and headers go to the client now;",
        "sendResponseData and sendResponseTrailers send the rest. Return StopIteration from the hook.",
        "@throws RangeError as sendResponse for a status outside 200..599; TypeError for a bad header.",
      ],
    },
    { name: "sendResponseData", params: [{ name: "data", type: "Uint8Array" }, end], returns: "void", section, c: { fn: "tse_http_send_response_data" }, doc: ["Sends a chunk of the local reply's body (after sendResponseHeaders with endOfStream false)."] },
    { name: "sendResponseDataText", params: [{ name: "text", type: "string" }, end], returns: "void", section, c: { fn: "tse_http_send_response_data_text" }, doc: ["Sends a chunk of the local reply's body as UTF-8."] },
    {
      name: "sendResponseTrailers",
      params: [{ name: "trailers", type: "Header[]" }],
      returns: "void",
      section,
      c: { fn: "tse_http_send_response_trailers" },
      doc: ["Ends the local reply with trailers (HTTP/2 and HTTP/3 clients see them; HTTP/1 drops them). Throws as setResponseTrailer does."],
    },
  ];
};

/** The EnvoyHttpFilter metric methods: one C function per kind of update. */
const metricMethods = (): ApiMethod[] => {
  const section = "metrics";
  const tags = { name: "tagValues", type: "string[]", optional: true };
  const checks = "@throws TypeError when the tag values do not match the tag names in number; RangeError when the value is not an integer from 0 to 2^53 - 1.";
  return [
    { name: "incrementCounter", params: [{ name: "counter", type: "Counter" }, { name: "value", type: "number", optional: true }, tags], returns: "void", section, c: { fn: "tse_http_increment_counter" }, doc: ["Adds `value` (default 1) to a counter, for these tag values.", checks] },
    { name: "setGauge", params: [{ name: "gauge", type: "Gauge" }, { name: "value", type: "number" }, tags], returns: "void", section, c: { fn: "tse_http_update_metric", constants: ["TSE_METRIC_SET_GAUGE"] }, doc: ["Sets a gauge.", checks] },
    { name: "increaseGauge", params: [{ name: "gauge", type: "Gauge" }, { name: "value", type: "number" }, tags], returns: "void", section, c: { fn: "tse_http_update_metric", constants: ["TSE_METRIC_INCREASE_GAUGE"] }, doc: ["Adds `value` to a gauge.", checks] },
    { name: "decreaseGauge", params: [{ name: "gauge", type: "Gauge" }, { name: "value", type: "number" }, tags], returns: "void", section, c: { fn: "tse_http_update_metric", constants: ["TSE_METRIC_DECREASE_GAUGE"] }, doc: ["Subtracts `value` from a gauge.", checks] },
    { name: "recordHistogramValue", params: [{ name: "histogram", type: "Histogram" }, { name: "value", type: "number" }, tags], returns: "void", section, c: { fn: "tse_http_update_metric", constants: ["TSE_METRIC_RECORD_HISTOGRAM"] }, doc: ["Records a value in a histogram.", checks] },
  ];
};

/** Dynamic metadata, filter state and the buffer limit: the stream's data other filters and Envoy read. */
const metadataMethods = (): ApiMethod[] => {
  const ns = { name: "ns", type: "string" };
  const key = { name: "key", type: "string" };
  const kinds = [
    { kind: "String", type: "string", c: "string" },
    { kind: "Number", type: "number", c: "number" },
    { kind: "Bool", type: "boolean", c: "bool" },
  ];
  const section = "dynamic metadata";
  return [
    ...kinds.map(({ kind, type, c }): ApiMethod => ({
      name: `getDynamicMetadata${kind}`,
      params: [ns, key],
      returns: `${type} | undefined`,
      section,
      c: { fn: `tse_http_get_metadata_${c}`, constants: ["TSE_METADATA_DYNAMIC"] },
      doc: [`The ${type} the stream's dynamic metadata holds at \`ns\`.\`key\`; undefined when absent or not a ${type}.`],
    })),
    ...kinds.map(({ kind, type, c }): ApiMethod => ({
      name: `setDynamicMetadata${kind}`,
      params: [ns, key, { name: "value", type }],
      returns: "void",
      section,
      c: { fn: `tse_http_set_metadata_${c}` },
      doc: [`Sets \`ns\`.\`key\` of the stream's dynamic metadata to a ${type} (replacing any value), for later filters, the router and access logs (\`%DYNAMIC_METADATA(ns:key)%\`).`],
    })),
    {
      name: "setDynamicMetadataStruct",
      typeParams: ["T extends object"],
      params: [ns, { name: "value", type: "T" }],
      returns: "void",
      section,
      c: { fn: "tse_http_set_metadata_struct" },
      doc: [
        "Merges the object's properties into namespace `ns` of the dynamic metadata, as JSON.stringify",
        "sees them (nested objects and arrays become Struct and list values, undefined properties are",
        "left out), replacing values of the same keys. Envoy 1.40 only.",
        "@throws TypeError when the value is not a plain object (an array), or in modules built for 1.38 and 1.39.",
      ],
    },
    {
      name: "setFilterState",
      params: [key, { name: "value", type: "string" }],
      returns: "boolean",
      section: "filter state",
      c: { fn: "tse_http_set_filter_state" },
      doc: [
        "Stores the text (UTF-8) as the stream's filter state `key`, readable by later filters and",
        "`%FILTER_STATE(key:PLAIN)%`; false when Envoy refuses (no stream, or a read-only entry of that key).",
      ],
    },
    {
      name: "getFilterState",
      params: [key],
      returns: "string | undefined",
      section: "filter state",
      c: { fn: "tse_http_get_filter_state" },
      doc: ["The stream's filter state `key` as text (UTF-8), or undefined when absent or not a byte string."],
    },
    {
      name: "hasFilterState",
      params: [key],
      returns: "boolean",
      section: "filter state",
      c: { fn: "tse_http_has_filter_state" },
      doc: ["Whether the stream has filter state `key`, of any type (Envoy 1.38 and 1.39: of byte strings only)."],
    },
    {
      name: "setSocketOptionInt",
      params: [{ name: "direction", type: "SocketDirection" }, { name: "level", type: "number" }, { name: "name", type: "number" }, { name: "value", type: "number" }],
      returns: "boolean",
      section: "socket options",
      c: { fn: "tse_http_set_socket_option_int" },
      doc: [
        "Sets an integer socket option (setsockopt's level and name, e.g. 1 and 9 for SOL_SOCKET, SO_KEEPALIVE",
        "on Linux) on the client's or the upstream connection; false when Envoy refuses.",
        "@throws RangeError when level, name or value is not an integer from -(2^53 - 1) to 2^53 - 1.",
      ],
    },
    {
      name: "getSocketOptionInt",
      params: [{ name: "direction", type: "SocketDirection" }, { name: "level", type: "number" }, { name: "name", type: "number" }],
      returns: "number | undefined",
      section: "socket options",
      c: { fn: "tse_http_get_socket_option_int" },
      doc: ["An integer socket option this stream's filters set, or undefined when none set it.", "@throws RangeError as setSocketOptionInt does."],
    },
    {
      name: "getBufferLimit",
      params: [],
      returns: "number",
      section: "buffer limit",
      c: { fn: "tse_http_get_buffer_limit" },
      doc: ["How many bytes of body Envoy buffers for this stream's filters before it applies backpressure (or 413); 0: no limit."],
    },
    {
      name: "setBufferLimit",
      params: [{ name: "bytes", type: "number" }],
      returns: "void",
      section: "buffer limit",
      c: { fn: "tse_http_set_buffer_limit" },
      doc: [
        "Changes the buffer limit for this stream (e.g. raise it in onRequestHeaders to buffer a larger body).",
        "@throws RangeError when bytes is not an integer from 0 to 2^53 - 1.",
      ],
    },
  ];
};

const headersStatusMembers = ["Continue", "StopIteration", "ContinueAndDontEndStream", "StopAllIterationAndBuffer", "StopAllIterationAndWatermark"];

export const FILTER_API = {
  enums: [
    {
      name: "RequestHeadersStatus",
      doc: ["What `onRequestHeaders` tells Envoy to do next. Values are the Envoy ABI's."],
      members: [
        { name: "Continue", doc: "Pass the headers on to the next filter." },
        { name: "StopIteration", doc: "Hold the headers; body data keeps flowing to this filter." },
        ...headersStatusMembers.slice(2),
      ],
    },
    { name: "ResponseHeadersStatus", doc: ["What `onResponseHeaders` tells Envoy to do next. Values are the Envoy ABI's."], members: headersStatusMembers },
    ...(["Request", "Response"] as const).map((side) => ({
      name: `${side}TrailersStatus`,
      doc: [`What \`on${side}Trailers\` tells Envoy to do next. Values are the Envoy ABI's.`],
      members: [
        { name: "Continue", doc: "Pass the trailers on to the next filter." },
        { name: "StopIteration", doc: "Hold the trailers (the stream waits until a later event continues it)." },
      ],
    })),
    {
      name: "AttributeId",
      doc: ["Stream attributes readable with `getAttributeString`, `getAttributeInt`, `getAttributeBool` and `getAttributeTime`. Values are the Envoy ABI's."],
      members: [
        "RequestPath", "RequestUrlPath", "RequestHost", "RequestScheme", "RequestMethod", "RequestHeaders", "RequestReferer", "RequestUserAgent",
        "RequestTime", "RequestId", "RequestProtocol", "RequestQuery", "RequestDuration", "RequestSize", "RequestTotalSize", "ResponseCode",
        "ResponseCodeDetails", "ResponseFlags", "ResponseGrpcStatus", "ResponseHeaders", "ResponseTrailers", "ResponseSize", "ResponseTotalSize",
        "ResponseBackendLatency", "SourceAddress", "SourcePort", "DestinationAddress", "DestinationPort", "ConnectionId", "ConnectionMtls",
        "ConnectionRequestedServerName", "ConnectionTlsVersion", "ConnectionSubjectLocalCertificate", "ConnectionSubjectPeerCertificate",
        "ConnectionDnsSanLocalCertificate", "ConnectionDnsSanPeerCertificate", "ConnectionUriSanLocalCertificate", "ConnectionUriSanPeerCertificate",
        "ConnectionSha256PeerCertificateDigest", "ConnectionTransportFailureReason", "ConnectionTerminationDetails", "UpstreamAddress", "UpstreamPort",
        "UpstreamTlsVersion", "UpstreamSubjectLocalCertificate", "UpstreamSubjectPeerCertificate", "UpstreamDnsSanLocalCertificate",
        "UpstreamDnsSanPeerCertificate", "UpstreamUriSanLocalCertificate", "UpstreamUriSanPeerCertificate", "UpstreamSha256PeerCertificateDigest",
        "UpstreamLocalAddress", "UpstreamTransportFailureReason", "UpstreamRequestAttemptCount", "UpstreamCxPoolReadyDuration", "UpstreamLocality",
        "XdsNode", "XdsClusterName", "XdsClusterMetadata", "XdsListenerDirection", "XdsListenerMetadata", "XdsRouteName", "XdsRouteMetadata",
        "XdsVirtualHostName", "XdsVirtualHostMetadata", "XdsUpstreamHostMetadata", "XdsFilterChainName", "HealthCheck", "UpstreamRequestedServerName",
        "XdsVirtualClusterName", "UpstreamProtocol",
      ],
    },
    { name: "RequestBodyStatus", doc: ["What `onRequestBody` tells Envoy to do next. Values are the Envoy ABI's."], members: bodyStatusMembers },
    { name: "ResponseBodyStatus", doc: ["What `onResponseBody` tells Envoy to do next. Values are the Envoy ABI's."], members: bodyStatusMembers },
    {
      name: "SocketDirection",
      doc: ["Which connection a socket option is for (`setSocketOptionInt`). Values are the Envoy ABI's."],
      members: [
        { name: "Upstream", doc: "The connection to the upstream host (applied before it binds)." },
        { name: "Downstream", doc: "The client's connection (already connected)." },
      ],
    },
  ] satisfies ApiEnum[],

  methods: [
    ...headerMethods("Request", "TSE_REQUEST_HEADER", true),
    ...headerMethods("Response", "TSE_RESPONSE_HEADER", false),
    {
      name: "sendResponse",
      params: [
        { name: "status", type: "number" },
        { name: "headers", type: "Header[]", optional: true },
        { name: "body", type: "string", optional: true },
        { name: "details", type: "string", optional: true },
      ],
      returns: "void",
      section: "local replies",
      c: { fn: "tse_http_send_response" },
      doc: [
        "Replies to the client without going upstream (a \"local reply\"). Return",
        "`RequestHeadersStatus.StopIteration` after calling it from `onRequestHeaders`.",
        "@param status HTTP status, an integer from 200 to 599 (a final response); 204 and 304 only",
        "  without a body. Otherwise it throws RangeError; headers are checked as setRequestHeader does.",
        "@param details short reason recorded in Envoy's access log (%RESPONSE_CODE_DETAILS%).",
      ],
    },
    {
      name: "getAttributeString",
      params: [{ name: "id", type: "AttributeId" }],
      returns: "string | undefined",
      section: "attributes",
      c: { fn: "tse_http_get_attribute_string" },
      doc: ["A string attribute of the stream, or undefined when Envoy does not have it."],
    },
    {
      name: "getAttributeInt",
      params: [{ name: "id", type: "AttributeId" }],
      returns: "number | undefined",
      section: "attributes",
      c: { fn: "tse_http_get_attribute_int" },
      doc: ["An integer attribute of the stream, or undefined when Envoy does not have it."],
    },
    // Trailers, routing, bool and time attributes (issue 9).
    ...headerMethods("Request", "TSE_REQUEST_TRAILER", true, "Trailer"),
    ...headerMethods("Response", "TSE_RESPONSE_TRAILER", true, "Trailer"),
    {
      name: "clearRouteCache",
      params: [],
      returns: "void",
      section: "routing",
      c: { fn: "tse_http_clear_route_cache" },
      doc: [
        "Makes Envoy choose the route again from the request headers as they are now. Call it after",
        "changing what routes match on (`:path`, `:authority`, a header a route matches): Envoy picks",
        "the route before the first filter runs, and keeps it unless a filter clears it. No effect",
        "outside the request path.",
      ],
    },
    {
      name: "clearRouteClusterCache",
      params: [],
      returns: "void",
      section: "routing",
      c: { fn: "tse_http_clear_route_cluster_cache" },
      doc: ["Makes Envoy choose the route's cluster again (the route itself stays): for headers that only pick a cluster."],
    },
    {
      name: "getAttributeBool",
      params: [{ name: "id", type: "AttributeId" }],
      returns: "boolean | undefined",
      section: "attributes",
      c: { fn: "tse_http_get_attribute_bool" },
      doc: ["A boolean attribute of the stream (`ConnectionMtls`, `HealthCheck`), or undefined when Envoy does not have it."],
    },
    {
      name: "getAttributeTime",
      params: [{ name: "id", type: "AttributeId" }],
      returns: "number | undefined",
      section: "attributes",
      c: { fn: "tse_http_get_attribute_time" },
      doc: [
        "A time-valued attribute in milliseconds, or undefined until Envoy has it: `RequestTime`",
        "(when the request began, whole milliseconds since the Unix epoch, as `Date.now()` counts),",
        "`RequestDuration` (from its start to its last byte received) and `ResponseBackendLatency` (from",
        "the first byte sent upstream to the last byte received from it), fractions of a millisecond",
        "included. Envoy 1.40 only: undefined in modules built for 1.38 and 1.39.",
      ],
    },
    ...bodyMethods("Received", "Request", "TSE_RECEIVED_REQUEST_BODY"),
    ...bodyMethods("Buffered", "Request", "TSE_BUFFERED_REQUEST_BODY"),
    ...bodyMethods("Received", "Response", "TSE_RECEIVED_RESPONSE_BODY"),
    ...bodyMethods("Buffered", "Response", "TSE_BUFFERED_RESPONSE_BODY"),
    // ---- streaming local replies (issue 9): headers, then data, then trailers, without going upstream
    ...streamingReplyMethods(),
    // ---- metrics and the worker index (config stage: configMethods below)
    ...metricMethods(),
    {
      name: "getWorkerIndex",
      params: [],
      returns: "number",
      section: "worker",
      c: { fn: "tse_http_get_worker_index" },
      doc: ["The index of the worker thread running this stream, from 0 to Envoy's --concurrency minus 1."],
    },
    { name: "addSharedCounter", params: [{ name: "counter", type: "SharedCounter" }, { name: "delta", type: "number" }], returns: "number", section: "shared counters", c: { fn: "tse_shared_counter_add" }, doc: ["Adds `delta` (negative to subtract, 0 to read) to a shared counter (EnvoyFilterConfig.defineSharedCounter) in one atomic step; the new value, as every stream on every worker sees it.", "@throws TypeError for a handle this filter's config did not define; RangeError when delta is not an integer from -(2^53 - 1) to 2^53 - 1."] },
    // ---- log files (config stage: openLogWriter below)
    {
      name: "writeLogLine",
      params: [{ name: "writer", type: "LogWriter" }, { name: "line", type: "string" }],
      returns: "boolean",
      section: "log files",
      c: { fn: "tse_http_write_log_line" },
      doc: [
        "Queues `line` and a newline for one of the writer's files (UTF-8) and returns at once: the",
        "module's own threads write it, so the worker never waits on the disk. False when the line",
        "was dropped: more than 64 MiB already waiting.",
        "@throws TypeError when `writer` is not a log writer this filter's config opened.",
      ],
    },
    // ---- dynamic metadata, filter state, buffer limit (issue 9; runtime-c/envoy_api.c "metadata")
    ...metadataMethods(),
    {
      name: "getPerRouteConfig",
      typeParams: ["T"],
      params: [],
      returns: "T | undefined",
      section: "per-route config",
      c: { fn: "tse_http_get_per_route_config" },
      doc: [
        "The per-route config of the most specific route of the stream (route, else virtual host, else",
        "route configuration) that has one for this filter, decoded and deep-frozen when Envoy loaded it;",
        "undefined when none has. `T` must be the `RouteConfig` type argument of a `registerHttpFilter` of",
        "the module (TSE3009).",
        "@throws TypeError when the config found was declared with another type (another filter's).",
      ],
    },
    // ---- snapshots (issue 10; runtime-c/snapshot_api.c, docs/async.md "Config-level background tasks")
    { name: "getSnapshot", typeParams: ["T"], params: [{ name: "snapshot", type: "Snapshot<T>" }], returns: "T", section: "snapshots", c: { fn: "tse_snapshot_get" }, doc: ["The value of a snapshot (EnvoyFilterConfig.defineSnapshot), deep-frozen: the version current at this stream's first read of it, the same for the rest of the stream.", "@throws TypeError for a handle this filter's config did not define, or one defined with another type."] },
  ] satisfies ApiMethod[],

  /** `EnvoyFilterConfig` methods: the config stage (the outer factory of `registerHttpFilter`) only. */
  configMethods: [
    ...(["Counter", "Gauge", "Histogram"] as const).map((kind): ApiMethod => ({
      name: `define${kind}`,
      params: [{ name: "name", type: "string" }, { name: "tagNames", type: "string[]", optional: true }],
      returns: kind,
      section: "metrics",
      c: { fn: "tse_config_define_metric", constants: [`TSE_METRIC_${kind.toUpperCase()}`] },
      doc: [
        `Defines a ${kind.toLowerCase()} named \`name\` with the given tag names (none by default); the handle`,
        "is used from streams with the EnvoyHttpFilter metric methods. In /stats it is",
        `\`dynamicmodulescustom.<name>\` (tags as Envoy's tags; see docs/api.md).`,
        "@throws TypeError when the name is empty or Envoy refuses the definition.",
      ],
    })),
    {
      name: "openLogWriter",
      params: [{ name: "paths", type: "string[]" }],
      returns: "LogWriter",
      section: "log files",
      c: { fn: "tse_config_open_log_writer" },
      doc: [
        "Opens (creates, or appends to) the files at `paths` now, and starts one background thread",
        "per file; streams hand lines to them with `EnvoyHttpFilter.writeLogLine`, each line to",
        "whichever thread is free. When Envoy drops the config, the threads write what is queued and",
        "the files are closed.",
        "@throws TypeError when `paths` is empty or a file cannot be opened (the config is rejected).",
      ],
    },
    { name: "defineSharedCounter", params: [], returns: "SharedCounter", section: "shared counters", c: { fn: "tse_config_define_shared_counter" }, doc: ["An integer starting at 0, in the config's memory, that every connection on every worker thread updates atomically (network filters' `addSharedCounter`); it lives as long as the config and is no metric.", "@throws TypeError outside the config stage."] },
    { name: "defineSnapshot", typeParams: ["T"], literalChecks: true, params: [{ name: "initial", type: "T" }], returns: "Snapshot<T>", section: "snapshots", c: { fn: "tse_snapshot_define" }, doc: ["A value every stream on every worker reads with EnvoyHttpFilter.getSnapshot, starting as `initial` written as JSON and decoded as T, literal types checked (so T is data: an object, array or string type; TSE3030), deep-frozen; it lives as long as the config.", "@throws TypeError outside the config stage, or when `initial` does not decode as T (NaN in a number field)."] },
    // ---- the background task (issue 10; runtime-c/background.c, docs/async.md "Config-level background tasks")
    {
      name: "startBackgroundTask",
      typeParams: ["T extends BackgroundTask"],
      params: [{ name: "task", type: "T" }, { name: "everyMs", type: "number" }],
      returns: "void",
      section: "background task",
      c: { fn: "tse_background_define" },
      doc: [
        "Runs `task.run` on Envoy's main thread once the config stage has returned, then `everyMs` after",
        "each run settles (never two runs at once), until Envoy drops the config. `task` is deep-frozen",
        "with the config stage's captures (its class's fields must be readonly, TSE1082); each run gets",
        "fresh memory, and what it leaves for streams is what it publishes (EnvoyBackgroundTask.publishSnapshot).",
        "One task per config (TSE1084).",
        "@throws TypeError outside the config stage, for a second task, or when everyMs is not a number of milliseconds from 1 on.",
      ],
    },
  ] satisfies ApiMethod[],

  /** `EnvoyBackgroundTask` methods: a config's background task's `run` only (httpCallout is template text, as EnvoyHttpFilter's). */
  taskMethods: [
    { name: "getSnapshot", typeParams: ["T"], params: [{ name: "snapshot", type: "Snapshot<T>" }], returns: "T", section: "snapshots", c: { fn: "tse_snapshot_get" }, doc: ["The value of a snapshot of this config, deep-frozen: the version current at this run's first read of it, the same for the rest of the run.", "@throws TypeError for a handle this filter's config did not define, or one defined with another type."] },
    {
      name: "publishSnapshot",
      typeParams: ["T"],
      params: [{ name: "snapshot", type: "Snapshot<T>" }, { name: "value", type: "T" }],
      returns: "void",
      section: "snapshots",
      c: { fn: "tse_snapshot_publish" },
      doc: [
        "Makes `value` the snapshot's current version: written as JSON and decoded as T (literal types checked), deep-frozen.",
        "Streams that start after it read it; a stream that read the snapshot before keeps the version it read.",
        "@throws TypeError when `value` does not decode as T (NaN in a number field); the current version stays.",
      ],
    },
  ] satisfies ApiMethod[],

  hooks: [
    { name: "onRequestHeaders", params: [{ name: "envoy", type: "EnvoyHttpFilter" }, { name: "endOfStream", type: "boolean" }], returns: "RequestHeadersStatus", failure: "request" },
    { name: "onResponseHeaders", params: [{ name: "envoy", type: "EnvoyHttpFilter" }, { name: "endOfStream", type: "boolean" }], returns: "ResponseHeadersStatus", failure: "response" },
    { name: "onRequestTrailers", params: [{ name: "envoy", type: "EnvoyHttpFilter" }], returns: "RequestTrailersStatus", doc: ["The request's trailers arrived (only requests that have trailers)."], failure: "request" },
    { name: "onResponseTrailers", params: [{ name: "envoy", type: "EnvoyHttpFilter" }], returns: "ResponseTrailersStatus", doc: ["The response's trailers arrived (only responses that have trailers)."], failure: "response" },
    { name: "onRequestBody", params: [{ name: "envoy", type: "EnvoyHttpFilter" }, { name: "endOfStream", type: "boolean" }], returns: "RequestBodyStatus", doc: ["A chunk of the request body arrived (getReceivedRequestBodyText)."], failure: "request" },
    { name: "onResponseBody", params: [{ name: "envoy", type: "EnvoyHttpFilter" }, { name: "endOfStream", type: "boolean" }], returns: "ResponseBodyStatus", doc: ["A chunk of the response body arrived (getReceivedResponseBodyText)."], failure: "response" },
    { name: "onStreamComplete", params: [{ name: "envoy", type: "EnvoyHttpFilter" }], returns: "void", doc: ["The exchange is over (completed or reset)."], failure: "none" },
    // Flow control of the client's connection (issue 9): a void hook; a throw resets the stream.
    {
      name: "onDownstreamAboveWriteBufferHighWatermark",
      params: [{ name: "envoy", type: "EnvoyHttpFilter" }],
      returns: "void",
      doc: ["The client reads slower than the response arrives: its write buffer went over the high watermark (per_connection_buffer_limit_bytes)."],
      failure: "response",
    },
    {
      name: "onDownstreamBelowWriteBufferLowWatermark",
      params: [{ name: "envoy", type: "EnvoyHttpFilter" }],
      returns: "void",
      doc: ["The client's write buffer drained below the low watermark again (after onDownstreamAboveWriteBufferHighWatermark)."],
      failure: "response",
    },
  ] satisfies ApiHook[],

  /** `log.<level>(message)`: Envoy's log levels, numbered as the ABI numbers them. */
  logLevels: ["trace", "debug", "info", "warn", "error", "critical"],
};

export type HookName = (typeof FILTER_API.hooks)[number]["name"];

/** An enum's members with their values. */
export function enumMembers(spec: ApiEnum): { name: string; value: number; doc?: string }[] {
  return spec.members.map((member, position) => (typeof member === "string" ? { name: member, value: position } : { name: member.name, value: member.value ?? position, ...(member.doc ? { doc: member.doc } : {}) }));
}

export function apiMethod(name: string): ApiMethod | undefined {
  return (FILTER_API.methods as ApiMethod[]).find((m) => m.name === name) ?? (FILTER_API.configMethods as ApiMethod[]).find((m) => m.name === name) ?? (FILTER_API.taskMethods as ApiMethod[]).find((m) => m.name === name);
}

/** The opaque metric handles (numbers at run time) and the methods' kinds that take them. */
export const METRIC_HANDLE_TYPES = ["Counter", "Gauge", "Histogram"] as const;

/** Every opaque handle type: numbers at run time (the metric handles, `LogWriter`, `SharedCounter`, `HttpStream`, `Snapshot<T>`). */
export const HANDLE_TYPES = [...METRIC_HANDLE_TYPES, "LogWriter", "SharedCounter", "HttpStream", "Snapshot"] as const;

export function apiEnum(name: string): ApiEnum | undefined {
  return (FILTER_API.enums as ApiEnum[]).find((e) => e.name === name);
}
