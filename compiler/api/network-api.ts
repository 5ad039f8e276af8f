/**
 * The network filter API (`registerNetworkFilter`, issue 11): Envoy 1.40's
 * `envoy_dynamic_module_on_network_filter_*` hooks and the `EnvoyNetworkFilter` methods over its
 * `envoy_dynamic_module_callback_network_filter_*` callbacks. The same shape as the HTTP table
 * (compiler/api/filter-api.ts), read the same ways: declarations, lowering (`envoy.<method>`), the
 * C emitter, test/api's probe; compiler/api/kinds.ts says how the kind registers. Pure data.
 */
import type { ApiEnum, ApiHook, ApiMethod } from "./filter-api.js";

/** Buffer access over one of the connection's two buffers (runtime-c/network_api.c, docs/api.md "Network filters"). */
const bufferMethods = (side: "Read" | "Write", constant: string): ApiMethod[] => {
  const section = `${side.toLowerCase()} buffer`;
  const buffer = `${side}Buffer`;
  const c = (fn: string) => ({ fn, constants: [constant] });
  const what = side === "Read" ? "the bytes read from the client that this filter has not passed on" : "the bytes on their way to the client";
  return [
    {
      name: `get${buffer}`,
      params: [],
      returns: "Uint8Array",
      section,
      c: c("tse_network_get_buffer"),
      doc: [
        `${what[0]!.toUpperCase()}${what.slice(1)}: a read-only view over Envoy's memory when it is one chunk (no copy),`,
        "else one copy. Valid during this hook call only: the next hook call and any change to the buffer",
        "detach it (length 0, methods throw TypeError). Keep a copy with slice().",
      ],
    },
    { name: `get${buffer}Text`, params: [], returns: "string", section, c: c("tse_network_get_buffer_text"), doc: [`get${buffer}() decoded as UTF-8 (invalid bytes become U+FFFD).`] },
    { name: `get${buffer}Size`, params: [], returns: "number", section, c: c("tse_network_get_buffer_size"), doc: [`The size in bytes of ${what}.`] },
    {
      name: `drain${buffer}`,
      params: [{ name: "bytes", type: "number" }],
      returns: "boolean",
      section,
      c: c("tse_network_drain_buffer"),
      doc: ["Removes the first `bytes` bytes (all of them when fewer).", "@throws RangeError when bytes is not a non-negative integer."],
    },
    { name: `append${buffer}`, params: [{ name: "data", type: "Uint8Array" }], returns: "boolean", section, c: c("tse_network_append_buffer"), doc: ["Appends the bytes."] },
    { name: `append${buffer}Text`, params: [{ name: "text", type: "string" }], returns: "boolean", section, c: c("tse_network_append_buffer_text"), doc: ["Appends the text as UTF-8."] },
    { name: `prepend${buffer}`, params: [{ name: "data", type: "Uint8Array" }], returns: "boolean", section, c: c("tse_network_prepend_buffer"), doc: ["Puts the bytes before the buffer's."] },
  ];
};

/** The metric methods of the kinds whose ABI's metrics take no tags (network, listener; runtime-c/kind_glue.c). */
export const untaggedMetricMethods = (): ApiMethod[] => {
  const section = "metrics";
  const checks = "@throws TypeError for a handle this filter's config did not define; RangeError when the value is not an integer from 0 to 2^53 - 1.";
  const update = (name: string, type: string, constant: string, doc: string): ApiMethod => ({
    name,
    params: [{ name: type.toLowerCase(), type }, { name: "value", type: "number" }],
    returns: "void",
    section,
    c: { fn: "tse_kind_update_metric", constants: [constant] },
    doc: [doc, checks],
  });
  return [
    {
      name: "incrementCounter",
      params: [{ name: "counter", type: "Counter" }, { name: "value", type: "number", optional: true }],
      returns: "void",
      section,
      c: { fn: "tse_kind_increment_counter" },
      doc: ["Adds `value` (default 1) to a counter.", checks],
    },
    update("setGauge", "Gauge", "TSE_METRIC_SET_GAUGE", "Sets a gauge."),
    update("increaseGauge", "Gauge", "TSE_METRIC_INCREASE_GAUGE", "Adds `value` to a gauge."),
    update("decreaseGauge", "Gauge", "TSE_METRIC_DECREASE_GAUGE", "Subtracts `value` from a gauge."),
    update("recordHistogramValue", "Histogram", "TSE_METRIC_RECORD_HISTOGRAM", "Records a value in a histogram."),
  ];
};

/** addSharedCounter (issue 11; the counter defined by EnvoyFilterConfig.defineSharedCounter), for kinds that have it; `seenBy` says who shares it. */
export const sharedCounterMethod = (seenBy: string): ApiMethod => ({
  name: "addSharedCounter",
  params: [{ name: "counter", type: "SharedCounter" }, { name: "delta", type: "number" }],
  returns: "number",
  section: "shared counters",
  c: { fn: "tse_shared_counter_add" },
  doc: [
    "Adds `delta` (negative to subtract, 0 to read) to the shared counter in one atomic step and",
    `returns the new value, as seen by ${seenBy}.`,
    "@throws TypeError for a handle this filter's config did not define; RangeError when delta is not an integer from -(2^53 - 1) to 2^53 - 1.",
  ],
});

export const NETWORK_API = {
  enums: [
    {
      name: "NetworkFilterStatus",
      doc: ["What a network filter's data hooks tell Envoy to do next. Values are the Envoy ABI's."],
      members: [
        { name: "Continue", doc: "Pass the data (or the new connection) on to the next filter." },
        { name: "StopIteration", doc: "Stop here: later filters do not see it (until continueReading, for reads)." },
      ],
    },
    {
      name: "ConnectionCloseType",
      doc: ["How `EnvoyNetworkFilter.close` closes the connection. Values are the Envoy ABI's."],
      members: [
        { name: "FlushWrite", doc: "Write what is buffered for the client, then close." },
        { name: "NoFlush", doc: "Close now; buffered data goes to the transport as it can." },
        { name: "FlushWriteAndDelay", doc: "Flush, then wait for Envoy's delayed_close_timeout before closing." },
        { name: "Abort", doc: "Close now, dropping buffered data." },
        { name: "AbortReset", doc: "Close now with a TCP RST, dropping buffered data." },
      ],
    },
    {
      name: "ConnectionEvent",
      doc: ["What happened to the connection (`onEvent`). Values are the Envoy ABI's."],
      members: ["RemoteClose", "LocalClose", "Connected", "ConnectedZeroRtt"],
    },
  ] satisfies ApiEnum[],

  methods: [
    ...bufferMethods("Read", "TSE_NETWORK_READ_BUFFER"),
    ...bufferMethods("Write", "TSE_NETWORK_WRITE_BUFFER"),
    {
      name: "write",
      params: [{ name: "data", type: "Uint8Array" }, { name: "endOfStream", type: "boolean" }],
      returns: "void",
      section: "connection",
      c: { fn: "tse_network_write" },
      doc: ["Writes the bytes to the client, through the filters before this one (an echo, a reply); `endOfStream` half-closes after them."],
    },
    {
      name: "writeText",
      params: [{ name: "text", type: "string" }, { name: "endOfStream", type: "boolean" }],
      returns: "void",
      section: "connection",
      c: { fn: "tse_network_write_text" },
      doc: ["Writes the text (UTF-8) to the client, as write does."],
    },
    {
      name: "injectReadData",
      params: [{ name: "data", type: "Uint8Array" }, { name: "endOfStream", type: "boolean" }],
      returns: "void",
      section: "connection",
      c: { fn: "tse_network_inject_data", constants: ["TSE_NETWORK_READ_BUFFER"] },
      doc: ["Hands the bytes to the filters after this one as if read from the client (not from inside onRead)."],
    },
    {
      name: "injectWriteData",
      params: [{ name: "data", type: "Uint8Array" }, { name: "endOfStream", type: "boolean" }],
      returns: "void",
      section: "connection",
      c: { fn: "tse_network_inject_data", constants: ["TSE_NETWORK_WRITE_BUFFER"] },
      doc: ["Hands the bytes to the filters before this one as if written by the upstream side (not from inside onWrite)."],
    },
    {
      name: "continueReading",
      params: [],
      returns: "void",
      section: "connection",
      c: { fn: "tse_network_continue_reading" },
      doc: ["Resumes the filter chain after onNewConnection or onRead returned StopIteration."],
    },
    {
      name: "close",
      params: [{ name: "closeType", type: "ConnectionCloseType", optional: true }],
      returns: "void",
      section: "connection",
      c: { fn: "tse_network_close" },
      doc: ["Closes the connection (default FlushWrite: what was written reaches the client first)."],
    },
    {
      name: "getRemoteAddress",
      params: [],
      returns: "string | undefined",
      section: "connection attributes",
      c: { fn: "tse_network_get_address", constants: ["TSE_NETWORK_REMOTE_ADDRESS"] },
      doc: ["The client's IP address (\"127.0.0.1\", \"::1\"), as Envoy sees it; undefined when it is no IP address (a pipe)."],
    },
    {
      name: "getRemotePort",
      params: [],
      returns: "number | undefined",
      section: "connection attributes",
      c: { fn: "tse_network_get_port", constants: ["TSE_NETWORK_REMOTE_ADDRESS"] },
      doc: ["The client's port; undefined when the address is no IP address."],
    },
    {
      name: "getLocalAddress",
      params: [],
      returns: "string | undefined",
      section: "connection attributes",
      c: { fn: "tse_network_get_address", constants: ["TSE_NETWORK_LOCAL_ADDRESS"] },
      doc: ["The IP address the client connected to (the listener's side)."],
    },
    {
      name: "getLocalPort",
      params: [],
      returns: "number | undefined",
      section: "connection attributes",
      c: { fn: "tse_network_get_port", constants: ["TSE_NETWORK_LOCAL_ADDRESS"] },
      doc: ["The port the client connected to."],
    },
    {
      name: "getRequestedServerName",
      params: [],
      returns: "string | undefined",
      section: "connection attributes",
      c: { fn: "tse_network_get_requested_server_name" },
      doc: ["The SNI the client asked for (TLS, or set by a listener filter such as tls_inspector); undefined when none."],
    },
    { name: "isSsl", params: [], returns: "boolean", section: "connection attributes", c: { fn: "tse_network_is_ssl" }, doc: ["Whether the connection is TLS terminated by Envoy."] },
    { name: "getConnectionId", params: [], returns: "number", section: "connection attributes", c: { fn: "tse_network_get_connection_id" }, doc: ["Envoy's id of the connection (as in its logs)."] },
    ...untaggedMetricMethods(),
    sharedCounterMethod("every connection on every worker"),
  ] satisfies ApiMethod[],

  /** The config stage's `EnvoyFilterConfig` is the HTTP table's (runtime-c picks the kind's callbacks). */
  configMethods: [] as ApiMethod[],

  hooks: [
    {
      name: "onNewConnection",
      params: [{ name: "envoy", type: "EnvoyNetworkFilter" }],
      returns: "NetworkFilterStatus",
      doc: ["A client connected (before any data)."],
      failure: "request",
    },
    {
      name: "onRead",
      params: [{ name: "envoy", type: "EnvoyNetworkFilter" }, { name: "dataLength", type: "number" }, { name: "endOfStream", type: "boolean" }],
      returns: "NetworkFilterStatus",
      doc: ["Data arrived from the client: the read buffer holds `dataLength` bytes (getReadBuffer); `endOfStream` when the client half-closed."],
      failure: "request",
    },
    {
      name: "onWrite",
      params: [{ name: "envoy", type: "EnvoyNetworkFilter" }, { name: "dataLength", type: "number" }, { name: "endOfStream", type: "boolean" }],
      returns: "NetworkFilterStatus",
      doc: ["Data is on its way to the client: the write buffer holds `dataLength` bytes (getWriteBuffer)."],
      failure: "request",
    },
    {
      name: "onEvent",
      params: [{ name: "envoy", type: "EnvoyNetworkFilter" }, { name: "event", type: "ConnectionEvent" }],
      returns: "void",
      doc: ["The connection was closed (by either side) or connected."],
      failure: "none",
    },
  ] satisfies ApiHook[],

  logLevels: [] as string[],
};
