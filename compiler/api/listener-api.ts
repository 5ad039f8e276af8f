/**
 * The listener filter API (`registerListenerFilter`, issue 11): Envoy 1.40's
 * `envoy_dynamic_module_on_listener_filter_*` hooks and the `EnvoyListenerFilter` methods over its
 * `envoy_dynamic_module_callback_listener_filter_*` callbacks; shaped as compiler/api/filter-api.ts
 * (compiler/api/kinds.ts says how the kind registers). Pure data.
 */
import type { ApiEnum, ApiHook, ApiMethod } from "./filter-api.js";

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
  methods: [] as ApiMethod[],
  configMethods: [] as ApiMethod[],
  hooks: [] as ApiHook[],
  logLevels: [] as string[],
};
