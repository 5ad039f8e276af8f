/**
 * The kinds of extension a module may register (issue 11), one entry each: the register function,
 * the handle and class types of its declarations, its API table, and its C side (the definition
 * struct and table the emitter writes, the runtime file that holds its Envoy hooks). HTTP filters
 * are the first kind; their table is compiler/api/filter-api.ts. Every other kind's methods are
 * runtime operations named `envoy.<kind>.<method>`, so kinds may share method names. Pure data
 * and lookups: every stage may read it.
 */
import { apiEnum as httpApiEnum, apiMethod as httpApiMethod, FILTER_API, type ApiEnum, type ApiHook, type ApiMethod } from "./filter-api.js";
import { LISTENER_API } from "./listener-api.js";
import { NETWORK_API } from "./network-api.js";
import { STATS_SINK_API } from "./stats-sink-api.js";
import { TRACER_API } from "./tracer-api.js";
import { UDP_LISTENER_API } from "./udp-listener-api.js";
import { ACCESS_LOGGER_API } from "./access-logger-api.js";

export interface KindApi {
  enums: ApiEnum[];
  methods: ApiMethod[];
  hooks: ApiHook[];
}

export interface FilterKind {
  kind: "http" | "network" | "listener" | "udp_listener" | "access_logger" | "tracer" | "stats_sink";
  /** The "tsc2envoy" export that registers one. */
  register: string;
  /** The Envoy handle the hooks get (no run-time value: the context carries it). */
  handle: string;
  /** The interface its classes implement. */
  classInterface: string;
  api: KindApi;
  /** The C struct of one registration (runtime-c/tse.h) and the table of them the emitter writes. */
  cDef: string;
  cTable: string;
  /** The runtime file with its Envoy hooks, linked only into modules that register one; none: always linked. */
  runtimeSource?: string;
  /** The first Envoy minor release whose ABI this runtime supports for the kind. */
  minEnvoyMinor: number;
}

export const FILTER_KINDS: readonly FilterKind[] = [
  { kind: "http", register: "registerHttpFilter", handle: "EnvoyHttpFilter", classInterface: "HttpFilter", api: FILTER_API, cDef: "tse_filter_def", cTable: "tse_module_filters", minEnvoyMinor: 38 },
  {
    kind: "network",
    register: "registerNetworkFilter",
    handle: "EnvoyNetworkFilter",
    classInterface: "NetworkFilter",
    api: NETWORK_API,
    cDef: "tse_network_filter_def",
    cTable: "tse_module_network_filters",
    runtimeSource: "network_filter.c",
    minEnvoyMinor: 40,
  },
  {
    kind: "listener",
    register: "registerListenerFilter",
    handle: "EnvoyListenerFilter",
    classInterface: "ListenerFilter",
    api: LISTENER_API,
    cDef: "tse_listener_filter_def",
    cTable: "tse_module_listener_filters",
    runtimeSource: "listener_filter.c",
    minEnvoyMinor: 40,
  },
  // UDP listener filters (issue 11): one filter per listener and worker, a hook per datagram.
  {
    kind: "udp_listener",
    register: "registerUdpListenerFilter",
    handle: "EnvoyUdpListenerFilter",
    classInterface: "UdpListenerFilter",
    api: UDP_LISTENER_API,
    cDef: "tse_udp_listener_filter_def",
    cTable: "tse_module_udp_listener_filters",
    runtimeSource: "udp_listener_filter.c",
    minEnvoyMinor: 40,
  },
  // Access loggers (issue 11): a logger object per log entry, its lines to the module's log writers.
  {
    kind: "access_logger",
    register: "registerAccessLogger",
    handle: "EnvoyAccessLogger",
    classInterface: "AccessLogger",
    api: ACCESS_LOGGER_API,
    cDef: "tse_access_logger_def",
    cTable: "tse_module_access_loggers",
    runtimeSource: "access_logger.c",
    minEnvoyMinor: 40,
  },
  // tracer (issue 11): one object per span; Envoy 1.38 and 1.39 export no tracer hooks
  {
    kind: "tracer",
    register: "registerTracer",
    handle: "EnvoyTracer",
    classInterface: "TracerSpan",
    api: TRACER_API,
    cDef: "tse_tracer_def",
    cTable: "tse_module_tracers",
    runtimeSource: "tracer.c",
    minEnvoyMinor: 40,
  },
  // stats sink (issue 11): one object per flush; Envoy 1.38 and 1.39 export no stats sink hooks
  {
    kind: "stats_sink",
    register: "registerStatsSink",
    handle: "EnvoyStatsSink",
    classInterface: "StatsSink",
    api: STATS_SINK_API,
    cDef: "tse_stats_sink_def",
    cTable: "tse_module_stats_sinks",
    runtimeSource: "stats_sink.c",
    minEnvoyMinor: 40,
  },
];

export type FilterKindName = FilterKind["kind"];

export function filterKind(kind: FilterKindName): FilterKind {
  return FILTER_KINDS.find((k) => k.kind === kind)!;
}

export function kindOfRegister(name: string): FilterKind | undefined {
  return FILTER_KINDS.find((k) => k.register === name);
}

export function kindOfHandle(name: string): FilterKind | undefined {
  return FILTER_KINDS.find((k) => k.handle === name);
}

/** The runtime operation's name of a kind's method: `envoy.<method>` for HTTP, `envoy.<kind>.<method>` else. */
export function kindOpName(kind: FilterKindName, method: string): string {
  return kind === "http" ? `envoy.${method}` : `envoy.${kind}.${method}`;
}

/** The method an `envoy.*` operation names (without the `envoy.` prefix), of any kind. */
export function apiMethod(name: string): ApiMethod | undefined {
  const dot = name.indexOf(".");
  if (dot < 0) return httpApiMethod(name);
  const kind = FILTER_KINDS.find((k) => k.kind === name.slice(0, dot));
  return kind?.api.methods.find((m) => m.name === name.slice(dot + 1));
}

/** An enum of any kind's table. */
export function apiEnum(name: string): ApiEnum | undefined {
  return httpApiEnum(name) ?? FILTER_KINDS.flatMap((k) => (k.kind === "http" ? [] : k.api.enums)).find((e) => e.name === name);
}

/** Every kind's hook by name (hook names are unique across kinds). */
export function kindHook(kind: FilterKindName, name: string): ApiHook | undefined {
  return filterKind(kind).api.hooks.find((h) => h.name === name);
}
