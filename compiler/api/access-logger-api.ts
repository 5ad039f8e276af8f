/**
 * The access logger API (`registerAccessLogger`, issue 11): Envoy 1.40's
 * `envoy_dynamic_module_on_access_logger_*` hooks and the `EnvoyAccessLogger` methods over its
 * `envoy_dynamic_module_callback_access_logger_*` callbacks (what a finished stream left: headers,
 * response code and flags, timings, bytes, names); shaped as compiler/api/filter-api.ts
 * (compiler/api/kinds.ts says how the kind registers). Pure data.
 */
import { FILTER_API, type ApiEnum, type ApiHook, type ApiMethod } from "./filter-api.js";

const section = "the finished stream";
const header = (name: string, constant: string, what: string): ApiMethod => ({
  name,
  params: [{ name: "name", type: "string" }],
  returns: "string | undefined",
  section,
  c: { fn: "tse_access_log_get_header", constants: [constant] },
  doc: [`The first value of the ${what} \`name\` (any case); undefined when it has none.`],
});
const text = (name: string, constant: string, doc: string): ApiMethod => ({ name, params: [], returns: "string | undefined", section, c: { fn: "tse_access_log_get_string", constants: [constant] }, doc: [doc] });
const count = (name: string, constant: string, doc: string): ApiMethod => ({ name, params: [], returns: "number", section, c: { fn: "tse_access_log_get_count", constants: [constant] }, doc: [doc] });
const optional = (name: string, constant: string, doc: string): ApiMethod => ({ name, params: [], returns: "number | undefined", section, c: { fn: "tse_access_log_get_optional", constants: [constant] }, doc: [doc] });

export const ACCESS_LOGGER_API = {
  enums: [
    {
      name: "AccessLogType",
      doc: ["Why Envoy logs (onLog's `logType`). Values are the Envoy ABI's."],
      members: [
        { name: "NotSet", doc: "Not said." },
        { name: "TcpUpstreamConnected", doc: "A TCP proxy connected upstream." },
        { name: "TcpPeriodic", doc: "A TCP proxy's periodic log." },
        { name: "TcpConnectionEnd", doc: "A TCP proxy's connection ended." },
        { name: "DownstreamStart", doc: "An HTTP stream began." },
        { name: "DownstreamPeriodic", doc: "An HTTP stream's periodic log." },
        { name: "DownstreamEnd", doc: "An HTTP stream ended (the usual access log entry)." },
        { name: "UpstreamPoolReady", doc: "An upstream connection pool was ready." },
        { name: "UpstreamPeriodic", doc: "An upstream request's periodic log." },
        { name: "UpstreamEnd", doc: "An upstream request ended." },
        { name: "DownstreamTunnelSuccessfullyEstablished", doc: "A tunnel was established." },
        { name: "UdpTunnelUpstreamConnected", doc: "A UDP tunnel connected upstream." },
        { name: "UdpPeriodic", doc: "A UDP session's periodic log." },
        { name: "UdpSessionEnd", doc: "A UDP session ended." },
      ],
    },
  ] satisfies ApiEnum[],

  methods: [
    header("getRequestHeader", "TSE_ACCESS_LOG_REQUEST_HEADERS", "request header"),
    header("getResponseHeader", "TSE_ACCESS_LOG_RESPONSE_HEADERS", "response header"),
    header("getResponseTrailer", "TSE_ACCESS_LOG_RESPONSE_TRAILERS", "response trailer"),
    optional("getResponseCode", "TSE_ACCESS_LOG_RESPONSE_CODE", "The response's status code; undefined when there was no response."),
    count("getResponseFlags", "TSE_ACCESS_LOG_RESPONSE_FLAGS", "Envoy's response flags as a bit mask (bit n: the ABI's response flag n, e.g. 1 << 8 NoRouteFound)."),
    count("getStartTimeMs", "TSE_ACCESS_LOG_START_TIME", "When the stream began, in milliseconds since the Unix epoch (fractions of a millisecond included)."),
    optional("getDurationMs", "TSE_ACCESS_LOG_DURATION", "Milliseconds from the start to the last byte sent downstream (%DURATION%); undefined when none was sent."),
    count("getBytesReceived", "TSE_ACCESS_LOG_BYTES_RECEIVED", "Body bytes received from downstream."),
    count("getBytesSent", "TSE_ACCESS_LOG_BYTES_SENT", "Body bytes sent downstream."),
    text("getProtocol", "TSE_ACCESS_LOG_PROTOCOL", "The downstream protocol (\"HTTP/1.1\", \"HTTP/2\"); undefined when not HTTP."),
    text("getRouteName", "TSE_ACCESS_LOG_ROUTE_NAME", "The name of the route the stream took; undefined when none."),
    text("getUpstreamCluster", "TSE_ACCESS_LOG_UPSTREAM_CLUSTER", "The upstream cluster's name; undefined when there was none."),
    text("getRequestId", "TSE_ACCESS_LOG_REQUEST_ID", "The stream's x-request-id; undefined when none."),
    text("getDownstreamRemoteAddress", "TSE_ACCESS_LOG_REMOTE_ADDRESS", "The client's IP address; undefined when it is no IP address."),
    optional("getDownstreamRemotePort", "TSE_ACCESS_LOG_REMOTE_PORT", "The client's port."),
    // The HTTP table's: the same queue (runtime-c/log_writer.c), through the context's log writers.
    FILTER_API.methods.find((method) => method.name === "writeLogLine")!,
  ] satisfies ApiMethod[],

  configMethods: [] as ApiMethod[],

  hooks: [
    {
      name: "onLog",
      params: [
        { name: "envoy", type: "EnvoyAccessLogger" },
        { name: "logType", type: "number" },
      ],
      returns: "void",
      doc: ["A log entry (an AccessLogType): read what the stream left through `envoy`, write it with writeLogLine."],
      failure: "none",
    },
  ] satisfies ApiHook[],

  logLevels: [] as string[],
};
