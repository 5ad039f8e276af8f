/**
 * HTTP hooks with nothing to run in this module, defined here as "continue" (runtime-c/http_filter.c
 * defines them weak, for the module that needs them): a hook no filter of the module defines, and,
 * when every filter's streams share one instance and define no hook (ir/purity.ts), a stream's
 * creation and destruction too, so such a module's streams cost what a hand-written one's do.
 * Request headers also report a factory that failed for the stream; with every instance shared no
 * factory runs per stream (http_filter.c refuses a config whose instance cannot be made). Stream
 * completion, where streams may be light, only forgets a failed one.
 */
import { filterKind, FilterRegistration, IrModule, sharesInstance } from "../ir/index.js";
import { asyncPlan } from "./c-async.js";

/** What follows headers on a path: while an async hook of that path waits, http_filter.c's own hooks hold it (waiting_hook). */
const HELD_WHILE_WAITING = new Set(["onRequestBody", "onResponseBody", "onRequestTrailers", "onResponseTrailers"]);

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function idleHttpHooks(module: IrModule): string[] {
  const http = module.filters.filter((f) => (f.kind ?? "http") === "http");
  if (http.length === 0) return [];
  const shared = http.every((f) => sharesInstance(f, module));
  const defined = (name: string) => http.some((f: FilterRegistration) => f.hooks[name] !== undefined);
  const waits = module.functions.some((fn) => asyncPlan(fn).states.size > 0);
  // A light stream's failure is remembered until the stream completes (runtime-c/failed_streams.c):
  // where a filter's streams may be light (shared, with hooks to fail in), completion forgets it.
  const mayBeLight = http.some((f) => sharesInstance(f, module) && Object.values(f.hooks).some((h) => h !== undefined));
  const lines: string[] = [];
  for (const hook of filterKind("http").api.hooks) {
    if (defined(hook.name) || (hook.name === "onRequestHeaders" && !shared) || (waits && HELD_WHILE_WAITING.has(hook.name))) continue;
    const params = ["void* filter_envoy_ptr", "void* filter_module_ptr", ...hook.params.slice(1).map((p) => `${p.type === "boolean" ? "bool" : "double"} ${snakeCase(p.name)}`)];
    const name = `envoy_dynamic_module_on_http_filter${snakeCase(hook.name.replace(/^on/, ""))}`;
    const unused = ["filter_envoy_ptr", "filter_module_ptr", ...hook.params.slice(1).map((p) => snakeCase(p.name))].map((p) => `(void)${p}`).join(", ");
    if (hook.name === "onStreamComplete" && mayBeLight) {
      lines.push(`TSE_EXPORT void ${name}(${params.join(", ")}) { (void)filter_module_ptr; (void)tse_failed_streams_take(filter_envoy_ptr); }`);
      continue;
    }
    lines.push(
      hook.returns === "void" ? `TSE_EXPORT void ${name}(${params.join(", ")}) { ${unused}; }` : `TSE_EXPORT int32_t ${name}(${params.join(", ")}) { ${unused}; return 0; /* Continue */ }`,
    );
  }
  if (shared && http.every((f) => Object.values(f.hooks).every((h) => h === undefined))) {
    // The stream is the config itself (never read: no hook of this module reads one).
    lines.push(
      "TSE_EXPORT void* envoy_dynamic_module_on_http_filter_new(void* filter_config_ptr, void* filter_envoy_ptr) { (void)filter_envoy_ptr; return filter_config_ptr; }",
      "TSE_EXPORT void envoy_dynamic_module_on_http_filter_destroy(void* filter_module_ptr) { (void)filter_module_ptr; }",
    );
  }
  return lines.length ? ["", "/* HTTP hooks with nothing to run in this module (runtime-c/http_filter.c's are weak). */", ...lines] : [];
}
