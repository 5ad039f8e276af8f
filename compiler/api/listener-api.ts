/**
 * The listener filter API (`registerListenerFilter`, issue 11): Envoy 1.40's
 * `envoy_dynamic_module_on_listener_filter_*` hooks and the `EnvoyListenerFilter` methods over its
 * `envoy_dynamic_module_callback_listener_filter_*` callbacks; shaped as compiler/api/filter-api.ts
 * (compiler/api/kinds.ts says how the kind registers). Pure data.
 */
import type { ApiEnum, ApiHook, ApiMethod } from "./filter-api.js";
import { untaggedMetricMethods } from "./network-api.js";

const handle = { name: "envoy", type: "EnvoyListenerFilter" };

export const LISTENER_API = {
  enums: [
    {
      name: "ListenerFilterStatus",
      doc: ["What a listener filter's hooks tell Envoy to do next. Values are the Envoy ABI's."],
      members: [
        { name: "Continue", doc: "Done with the socket: the next listener filter (or the filter chain match) runs." },
        { name: "StopIteration", doc: "Wait: for more bytes (onData), or until the socket is closed." },
      ],
    },
  ] satisfies ApiEnum[],

  methods: [
    {
      name: "getBuffer",
      params: [],
      returns: "Uint8Array",
      section: "peeked bytes",
      c: { fn: "tse_listener_get_buffer" },
      doc: [
        "The bytes peeked from the socket so far (as many as getMaxReadBytes asked for; empty in onAccept): a",
        "read-only view over Envoy's memory, valid during this hook call only (detached after it and by drainBuffer).",
      ],
    },
    { name: "getBufferText", params: [], returns: "string", section: "peeked bytes", c: { fn: "tse_listener_get_buffer_text" }, doc: ["getBuffer() decoded as UTF-8 (invalid bytes become U+FFFD)."] },
    {
      name: "drainBuffer",
      params: [{ name: "bytes", type: "number" }],
      returns: "boolean",
      section: "peeked bytes",
      c: { fn: "tse_listener_drain_buffer" },
      doc: ["Consumes the first `bytes` peeked bytes: the filter chain never sees them.", "@throws RangeError when bytes is not a non-negative integer."],
    },
    {
      name: "setRequestedServerName",
      params: [{ name: "name", type: "string" }],
      returns: "void",
      section: "protocol detection",
      c: { fn: "tse_listener_set_string", constants: ["TSE_LISTENER_SERVER_NAME"] },
      doc: ["Sets the SNI filter chains match on (`server_names`), as tls_inspector does."],
    },
    {
      name: "setDetectedTransportProtocol",
      params: [{ name: "protocol", type: "string" }],
      returns: "void",
      section: "protocol detection",
      c: { fn: "tse_listener_set_string", constants: ["TSE_LISTENER_TRANSPORT_PROTOCOL"] },
      doc: ["Sets the transport protocol filter chains match on (`transport_protocol`, e.g. \"tls\", \"raw_buffer\")."],
    },
    {
      name: "setRequestedApplicationProtocols",
      params: [{ name: "protocols", type: "string[]" }],
      returns: "void",
      section: "protocol detection",
      c: { fn: "tse_listener_set_application_protocols" },
      doc: ["Sets the ALPN values filter chains match on (`application_protocols`)."],
    },
    {
      name: "getRequestedServerName",
      params: [],
      returns: "string | undefined",
      section: "protocol detection",
      c: { fn: "tse_listener_get_string", constants: ["TSE_LISTENER_SERVER_NAME"] },
      doc: ["The SNI set so far (by this or an earlier listener filter); undefined when none."],
    },
    {
      name: "getDetectedTransportProtocol",
      params: [],
      returns: "string | undefined",
      section: "protocol detection",
      c: { fn: "tse_listener_get_string", constants: ["TSE_LISTENER_TRANSPORT_PROTOCOL"] },
      doc: ["The transport protocol detected so far; undefined when none."],
    },
    {
      name: "closeSocket",
      params: [{ name: "details", type: "string", optional: true }],
      returns: "void",
      section: "socket",
      c: { fn: "tse_listener_close_socket" },
      doc: ["Closes the socket: no filter chain sees the connection. Return StopIteration after it."],
    },
    {
      name: "continueFilterChain",
      params: [{ name: "success", type: "boolean" }],
      returns: "void",
      section: "socket",
      c: { fn: "tse_listener_continue_filter_chain" },
      doc: ["Resumes a socket a hook returned StopIteration for (false: close it)."],
    },
    {
      name: "getRemoteAddress",
      params: [],
      returns: "string | undefined",
      section: "socket",
      c: { fn: "tse_listener_get_address", constants: ["TSE_NETWORK_REMOTE_ADDRESS"] },
      doc: ["The client's IP address; undefined when it is no IP address."],
    },
    { name: "getRemotePort", params: [], returns: "number | undefined", section: "socket", c: { fn: "tse_listener_get_port", constants: ["TSE_NETWORK_REMOTE_ADDRESS"] }, doc: ["The client's port."] },
    { name: "getLocalAddress", params: [], returns: "string | undefined", section: "socket", c: { fn: "tse_listener_get_address", constants: ["TSE_NETWORK_LOCAL_ADDRESS"] }, doc: ["The address the client connected to."] },
    { name: "getLocalPort", params: [], returns: "number | undefined", section: "socket", c: { fn: "tse_listener_get_port", constants: ["TSE_NETWORK_LOCAL_ADDRESS"] }, doc: ["The port the client connected to."] },
    ...untaggedMetricMethods(),
  ] satisfies ApiMethod[],

  configMethods: [] as ApiMethod[],

  hooks: [
    {
      name: "onAccept",
      params: [handle],
      returns: "ListenerFilterStatus",
      doc: ["A socket was accepted (no bytes read yet). Return StopIteration to peek at its first bytes (getMaxReadBytes, onData); Continue passes it on."],
      failure: "request",
    },
    {
      name: "getMaxReadBytes",
      params: [handle],
      returns: "number",
      doc: ["How many bytes to peek before onData (0, the default: none); asked once per socket, after onAccept returned StopIteration."],
      failure: "request",
    },
    {
      name: "onData",
      params: [handle, { name: "dataLength", type: "number" }],
      returns: "ListenerFilterStatus",
      doc: ["Bytes were peeked (getBuffer; `dataLength` of them): return StopIteration to wait for more."],
      failure: "request",
    },
    { name: "onClose", params: [handle], returns: "void", doc: ["The socket closed while this filter held it (StopIteration)."], failure: "none" },
  ] satisfies ApiHook[],

  logLevels: [] as string[],
};
