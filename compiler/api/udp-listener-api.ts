/**
 * The UDP listener filter API (`registerUdpListenerFilter`, issue 11): Envoy 1.40's
 * `envoy_dynamic_module_on_udp_listener_filter_*` hooks and the `EnvoyUdpListenerFilter` methods
 * over its `envoy_dynamic_module_callback_udp_listener_filter_*` callbacks; shaped as
 * compiler/api/filter-api.ts (compiler/api/kinds.ts says how the kind registers). Pure data.
 */
import type { ApiEnum, ApiHook, ApiMethod } from "./filter-api.js";
import { sharedCounterMethod, untaggedMetricMethods } from "./network-api.js";

const handle = { name: "envoy", type: "EnvoyUdpListenerFilter" };

export const UDP_LISTENER_API = {
  enums: [
    {
      name: "UdpListenerFilterStatus",
      doc: ["What a UDP listener filter's onDatagram tells Envoy to do with the datagram. Values are the Envoy ABI's."],
      members: [
        { name: "Continue", doc: "Pass the datagram (as setDatagram left it) to the next UDP listener filter." },
        { name: "StopIteration", doc: "Consume it: no later filter sees it (after sendDatagram answered it, or to drop it)." },
      ],
    },
  ] satisfies ApiEnum[],

  methods: [
    {
      name: "getDatagram",
      params: [],
      returns: "Uint8Array",
      section: "datagram",
      c: { fn: "tse_udp_get_datagram" },
      doc: ["The datagram's bytes: a read-only view valid during this hook call only (detached after it and by setDatagram)."],
    },
    { name: "getDatagramText", params: [], returns: "string", section: "datagram", c: { fn: "tse_udp_get_datagram_text" }, doc: ["getDatagram() decoded as UTF-8 (invalid bytes become U+FFFD)."] },
    {
      name: "setDatagram",
      params: [{ name: "data", type: "Uint8Array" }],
      returns: "boolean",
      section: "datagram",
      c: { fn: "tse_udp_set_datagram" },
      doc: ["Replaces the datagram's bytes, which later filters see when onDatagram returns Continue."],
    },
    {
      name: "sendDatagram",
      params: [
        { name: "data", type: "Uint8Array" },
        { name: "address", type: "string" },
        { name: "port", type: "number" },
      ],
      returns: "boolean",
      section: "datagram",
      c: { fn: "tse_udp_send_datagram" },
      doc: [
        "Sends a datagram from the listener's socket to `address`:`port` (a reply: getPeerAddress(), getPeerPort()); false when Envoy could not.",
        "@throws RangeError when port is not an integer from 0 to 65535.",
      ],
    },
    {
      name: "getPeerAddress",
      params: [],
      returns: "string | undefined",
      section: "addresses",
      c: { fn: "tse_udp_get_address", constants: ["TSE_NETWORK_REMOTE_ADDRESS"] },
      doc: ["The IP address the datagram came from; undefined when it is no IP address."],
    },
    { name: "getPeerPort", params: [], returns: "number | undefined", section: "addresses", c: { fn: "tse_udp_get_port", constants: ["TSE_NETWORK_REMOTE_ADDRESS"] }, doc: ["The port the datagram came from."] },
    { name: "getLocalAddress", params: [], returns: "string | undefined", section: "addresses", c: { fn: "tse_udp_get_address", constants: ["TSE_NETWORK_LOCAL_ADDRESS"] }, doc: ["The listener's address."] },
    { name: "getLocalPort", params: [], returns: "number | undefined", section: "addresses", c: { fn: "tse_udp_get_port", constants: ["TSE_NETWORK_LOCAL_ADDRESS"] }, doc: ["The listener's port."] },
    ...untaggedMetricMethods(),
    sharedCounterMethod("the filter on every worker"),
  ] satisfies ApiMethod[],

  configMethods: [] as ApiMethod[],

  hooks: [
    {
      name: "onDatagram",
      params: [handle, { name: "dataLength", type: "number" }],
      returns: "UdpListenerFilterStatus",
      doc: [
        "A datagram arrived (getDatagram; `dataLength` bytes, from getPeerAddress():getPeerPort()). The filter",
        "object lives as long as the listener on its worker, so its fields carry state from one datagram to the next.",
      ],
      failure: "request",
    },
  ] satisfies ApiHook[],

  logLevels: [] as string[],
};
