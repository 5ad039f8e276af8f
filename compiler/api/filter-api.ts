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

const headerMethods = (side: "Request" | "Response", constant: string, documented: boolean): ApiMethod[] => {
  const section = `${side.toLowerCase()} headers`;
  const c = (fn: string) => ({ fn, constants: [constant] });
  const doc = (lines: string[]) => (documented ? { doc: lines } : {});
  return [
    { name: `get${side}HeaderValue`, params: [{ name: "name", type: "string" }], returns: "string | undefined", section, c: c("tse_http_get_header"), ...doc([`The first value of a ${side.toLowerCase()} header, or undefined when absent.`]) },
    { name: `get${side}HeaderValues`, params: [{ name: "name", type: "string" }], returns: "string[]", section, c: c("tse_http_get_header_values"), ...doc([`Every value of a ${side.toLowerCase()} header, in order; empty when absent.`]) },
    { name: `get${side}Headers`, params: [], returns: "Header[]", section, c: c("tse_http_get_headers"), ...doc([`All ${side.toLowerCase()} headers, pseudo-headers (":path", ...) included, in Envoy's order.`]) },
    {
      name: `set${side}Header`,
      params: [{ name: "name", type: "string" }, { name: "value", type: "string" }],
      returns: "boolean",
      section,
      c: c("tse_http_set_header"),
      doc: documented
        ? [
            `Replaces every value of a ${side.toLowerCase()} header with one value.`,
            `@throws TypeError when the name is not a token (or a pseudo-header such as ":path"), or the`,
            `  value holds a control character (CR, LF, NUL, ...; tab is allowed), as Node's setHeader does;`,
            `  a pseudo-header's value must also fit its line (no space in ":path", a token ":method";`,
            `  ":status" from "200" to "599" but "204" and "304", else RangeError).`,
          ]
        : ["Throws as setRequestHeader does."],
    },
    {
      name: `add${side}Header`,
      params: [{ name: "name", type: "string" }, { name: "value", type: "string" }],
      returns: "boolean",
      section,
      c: c("tse_http_add_header"),
      doc: documented ? [`Appends a value to a ${side.toLowerCase()} header. Throws as setRequestHeader does.`] : ["Throws as setRequestHeader does."],
    },
    { name: `remove${side}Header`, params: [{ name: "name", type: "string" }], returns: "boolean", section, c: c("tse_http_remove_header"), ...doc([`Removes every value of a ${side.toLowerCase()} header.`]) },
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
    {
      name: "AttributeId",
      doc: ["Stream attributes readable with `getAttributeString` / `getAttributeInt`. Values are the Envoy ABI's."],
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
  ] satisfies ApiMethod[],

  hooks: [
    { name: "onRequestHeaders", params: [{ name: "envoy", type: "EnvoyHttpFilter" }, { name: "endOfStream", type: "boolean" }], returns: "RequestHeadersStatus", failure: "request" },
    { name: "onResponseHeaders", params: [{ name: "envoy", type: "EnvoyHttpFilter" }, { name: "endOfStream", type: "boolean" }], returns: "ResponseHeadersStatus", failure: "response" },
    { name: "onStreamComplete", params: [{ name: "envoy", type: "EnvoyHttpFilter" }], returns: "void", doc: ["The exchange is over (completed or reset)."], failure: "none" },
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
  return (FILTER_API.methods as ApiMethod[]).find((m) => m.name === name) ?? (FILTER_API.configMethods as ApiMethod[]).find((m) => m.name === name);
}

/** The opaque metric handles (numbers at run time) and the methods' kinds that take them. */
export const METRIC_HANDLE_TYPES = ["Counter", "Gauge", "Histogram"] as const;

export function apiEnum(name: string): ApiEnum | undefined {
  return (FILTER_API.enums as ApiEnum[]).find((e) => e.name === name);
}
