/**
 * The tracer API (`registerTracer`, issue 11): Envoy 1.40's `envoy_dynamic_module_on_tracer_*`
 * hooks (a span's life: start, operation, tags, logs, finish, context injection, sampling) and the
 * `EnvoyTracer` methods over its `envoy_dynamic_module_callback_tracer_*` trace-context callbacks;
 * shaped as compiler/api/filter-api.ts (compiler/api/kinds.ts says how the kind registers). Pure data.
 */
import { FILTER_API, type ApiEnum, type ApiHook, type ApiMethod } from "./filter-api.js";

const handle = { name: "envoy", type: "EnvoyTracer" };
const context = "trace context";
const onlyWhileContext = "@throws TypeError outside onStart and onInjectContext (Envoy lends the headers only then).";

/** The stream's facts a tracer may read while Envoy lends the trace context (runtime-c/tracer.c). */
const streamFact = (name: string, constant: string, what: string): ApiMethod => ({
  name,
  params: [],
  returns: "string | undefined",
  section: context,
  c: { fn: "tse_tracer_get_fact", constants: [constant] },
  doc: [`The traced stream's ${what}; undefined when Envoy has none.`, onlyWhileContext],
});

export const TRACER_API = {
  enums: [] as ApiEnum[],

  methods: [
    {
      name: "getTraceContextValue",
      params: [{ name: "key", type: "string" }],
      returns: "string | undefined",
      section: context,
      c: { fn: "tse_tracer_get_context_value" },
      doc: ["A trace-context header of the stream (`traceparent`, say): in onStart the incoming request's, in onInjectContext the upstream request's.", onlyWhileContext],
    },
    {
      name: "setTraceContextValue",
      params: [{ name: "key", type: "string" }, { name: "value", type: "string" }],
      returns: "void",
      section: context,
      c: { fn: "tse_tracer_set_context_value" },
      doc: ["Sets a trace-context header: in onInjectContext, on the request Envoy sends upstream.", onlyWhileContext],
    },
    {
      name: "removeTraceContextValue",
      params: [{ name: "key", type: "string" }],
      returns: "void",
      section: context,
      c: { fn: "tse_tracer_remove_context_value" },
      doc: ["Removes a trace-context header.", onlyWhileContext],
    },
    streamFact("getProtocol", "TSE_TRACER_PROTOCOL", "protocol (\"HTTP/1.1\", \"HTTP/2\")"),
    streamFact("getHost", "TSE_TRACER_HOST", "host (authority)"),
    streamFact("getPath", "TSE_TRACER_PATH", "path"),
    streamFact("getMethod", "TSE_TRACER_METHOD", "method"),
    // EnvoyHttpFilter.writeLogLine's: the same C function over the config's log writers (runtime-c/log_writer.c)
    FILTER_API.methods.find((m) => m.name === "writeLogLine")!,
  ] satisfies ApiMethod[],

  configMethods: [] as ApiMethod[],

  hooks: [
    {
      name: "onStart",
      params: [handle, { name: "operationName", type: "string" }, { name: "traced", type: "boolean" }],
      returns: "void",
      doc: ["The span began (its object was just made by the factory): read the incoming trace context (getTraceContextValue); `traced` is Envoy's sampling decision."],
      failure: "none",
    },
    { name: "onSetOperation", params: [handle, { name: "operationName", type: "string" }], returns: "void", doc: ["Envoy renamed the span."], failure: "none" },
    { name: "onSetTag", params: [handle, { name: "key", type: "string" }, { name: "value", type: "string" }], returns: "void", doc: ["Envoy tagged the span (`http.status_code`, `upstream_cluster`, ...)."], failure: "none" },
    { name: "onLog", params: [handle, { name: "timestampMs", type: "number" }, { name: "event", type: "string" }], returns: "void", doc: ["An event on the span, at `timestampMs` (milliseconds since the epoch)."], failure: "none" },
    { name: "onSetSampled", params: [handle, { name: "sampled", type: "boolean" }], returns: "void", doc: ["Envoy overrode the sampling decision."], failure: "none" },
    {
      name: "onInjectContext",
      params: [handle],
      returns: "void",
      doc: ["Envoy sends the request upstream: write the outgoing trace context (setTraceContextValue)."],
      failure: "none",
    },
    { name: "onFinish", params: [handle], returns: "void", doc: ["The span is over: report it (writeLogLine)."], failure: "none" },
  ] satisfies ApiHook[],

  logLevels: [] as string[],
};
