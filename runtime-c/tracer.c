/*
 * Tracers (registerTracer, issue 11): the envoy_dynamic_module_on_tracer_* hooks Envoy 1.40 calls,
 * dispatching to the generated tse_module_tracers, and the EnvoyTracer methods
 * (compiler/api/tracer-api.ts) over Envoy's trace-context callbacks. One filter object per span,
 * in a kind_glue.c frame. Linked only into modules that register a tracer (compiler/cc.ts).
 *
 * Envoy lends the stream's trace context (its headers) only during start_span and inject_context:
 * the context's methods throw a TypeError in the other hooks. Child spans are Envoy's NullSpan
 * (spawn_child returns NULL), and the span keeps no baggage and reports no ids to Envoy.
 *
 * Failure policy: a throw in a hook (or the factory) logs the TypeScript file:line, counts
 * `<name>.failures` and drops the span: none of its other hooks run; the request goes on.
 */
#include <stdlib.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

#if TSE_ENVOY_MINOR >= 40

static int32_t define_metric(void* envoy_config, int32_t kind, const char* name, size_t length, size_t* id) {
  envoy_dynamic_module_type_module_buffer buffer = {name, length};
  switch (kind) {
    case TSE_METRIC_COUNTER:
      return envoy_dynamic_module_callback_tracer_define_counter(envoy_config, buffer, NULL, 0, id);
    case TSE_METRIC_GAUGE:
      return envoy_dynamic_module_callback_tracer_define_gauge(envoy_config, buffer, NULL, 0, id);
    default:
      return envoy_dynamic_module_callback_tracer_define_histogram(envoy_config, buffer, NULL, 0, id);
  }
}

/* EnvoyTracer has no metric methods (Envoy's tracer metrics take the config, which spans do not hold). */
static void update_metric(void* envoy, int32_t update, size_t id, uint64_t amount) { (void)envoy, (void)update, (void)id, (void)amount; }

/* tse_kind_fail is handed the config's Envoy pointer (struct span), so the failure counter counts there. */
static void count_failure(void* envoy_config, size_t counter) { envoy_dynamic_module_callback_tracer_increment_counter(envoy_config, counter, NULL, 0, 1); }

static void drop_span(void* envoy) { (void)envoy; }

static const tse_metric_ops tracer_metric_ops = {define_metric, update_metric};
static const tse_kind_spec tracer_kind = {"tracer", "dropped the span", &tracer_metric_ops, count_failure, drop_span};

/* What Envoy holds as the tracer config and as a span. */
typedef struct tracer_config {
  tse_kind_config* kind;
  void* envoy_config;
} tracer_config;

typedef struct span {
  tse_kind_frame* frame;
  void* envoy_config;
} span;

static const tse_tracer_def* def_of(const span* s) { return (const tse_tracer_def*)s->frame->config->def; }

/* ------------------------------------------------------------------ config */

TSE_EXPORT envoy_dynamic_module_type_tracer_config_module_ptr envoy_dynamic_module_on_tracer_config_new(envoy_dynamic_module_type_tracer_config_envoy_ptr config_envoy_ptr,
                                                                                                        envoy_dynamic_module_type_envoy_buffer name,
                                                                                                        envoy_dynamic_module_type_envoy_buffer config) {
  const tse_kind_def* def = tse_kind_def_named(&tracer_kind, (const tse_kind_def* const*)tse_module_tracers, tse_module_tracer_count, name);
  if (def == NULL) return NULL;
  tracer_config* cfg = calloc(1, sizeof *cfg);
  if (cfg == NULL) return NULL;
  cfg->envoy_config = config_envoy_ptr;
  cfg->kind = tse_kind_config_new(&tracer_kind, def, config_envoy_ptr, config);
  if (cfg->kind == NULL) {
    free(cfg);
    return NULL;
  }
  return cfg;
}

TSE_EXPORT void envoy_dynamic_module_on_tracer_config_destroy(envoy_dynamic_module_type_tracer_config_module_ptr config_module_ptr) {
  tracer_config* cfg = (tracer_config*)config_module_ptr;
  tse_kind_config_destroy(cfg->kind);
  free(cfg);
}

/* ------------------------------------------------------------------ hooks */

enum { HOOK_START, HOOK_OPERATION, HOOK_TAG, HOOK_LOG, HOOK_SAMPLED, HOOK_INJECT, HOOK_FINISH };
static const char* const hook_names[] = {"onStart", "onSetOperation", "onSetTag", "onLog", "onSetSampled", "onInjectContext", "onFinish"};

/* A hook's arguments as Envoy passes them (the strings are Envoy's, valid during the call). */
typedef struct hook_args {
  envoy_dynamic_module_type_envoy_buffer text, text2;
  bool flag;
  double number;
} hook_args;

static bool has_hook(const tse_tracer_def* def, int hook) {
  switch (hook) {
    case HOOK_START: return def->on_start != NULL;
    case HOOK_OPERATION: return def->on_set_operation != NULL;
    case HOOK_TAG: return def->on_set_tag != NULL;
    case HOOK_LOG: return def->on_log != NULL;
    case HOOK_SAMPLED: return def->on_set_sampled != NULL;
    case HOOK_INJECT: return def->on_inject_context != NULL;
    default: return def->on_finish != NULL;
  }
}

static tse_str text_of(tse_ctx* ctx, envoy_dynamic_module_type_envoy_buffer buffer) { return tse_str_from_utf8(ctx, buffer.ptr ? buffer.ptr : "", buffer.ptr ? buffer.length : 0); }

/* `envoy_span`: the trace context Envoy lends (start and inject), else NULL. */
static __attribute__((noinline)) void run_hook(span* s, void* envoy_span, int hook, const hook_args* args) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_kind_ctx_enter(&ctx, s->frame, envoy_span, &fail_target);
  if (tse_setjmp(fail_target) == 0) {
    const tse_tracer_def* def = def_of(s);
    void* self = s->frame->self;
    switch (hook) {
      case HOOK_START: def->on_start(&ctx, self, text_of(&ctx, args->text), args->flag); break;
      case HOOK_OPERATION: def->on_set_operation(&ctx, self, text_of(&ctx, args->text)); break;
      case HOOK_TAG: def->on_set_tag(&ctx, self, text_of(&ctx, args->text), text_of(&ctx, args->text2)); break;
      case HOOK_LOG: def->on_log(&ctx, self, args->number, text_of(&ctx, args->text)); break;
      case HOOK_SAMPLED: def->on_set_sampled(&ctx, self, args->flag); break;
      case HOOK_INJECT: def->on_inject_context(&ctx, self); break;
      default: def->on_finish(&ctx, self); break;
    }
    return;
  }
  tse_kind_fail(s->frame, s->envoy_config, hook_names[hook], ctx.fail_message, ctx.site);
  tse_ctx_release(&ctx);
}

static void dispatch(span* s, void* envoy_span, int hook, const hook_args* args) {
  if (s == NULL || s->frame->failed) return;
  if (tse_kind_factory_failed(s->frame, s->envoy_config)) return;
  if (has_hook(def_of(s), hook)) run_hook(s, envoy_span, hook, args);
}

TSE_EXPORT envoy_dynamic_module_type_tracer_span_module_ptr envoy_dynamic_module_on_tracer_start_span(
    envoy_dynamic_module_type_tracer_config_module_ptr config_module_ptr, envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr,
    envoy_dynamic_module_type_envoy_buffer operation_name, bool traced, envoy_dynamic_module_type_trace_reason reason) {
  (void)reason;
  tracer_config* cfg = (tracer_config*)config_module_ptr;
  span* s = malloc(sizeof *s);
  if (s == NULL) return NULL;
  s->envoy_config = cfg->envoy_config;
  s->frame = tse_kind_frame_new(cfg->kind, span_envoy_ptr);
  if (s->frame == NULL) {
    free(s);
    return NULL; /* Envoy uses a NullSpan */
  }
  hook_args args = {.text = operation_name, .flag = traced};
  dispatch(s, span_envoy_ptr, HOOK_START, &args);
  return s;
}

TSE_EXPORT void envoy_dynamic_module_on_tracer_span_set_operation(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr,
                                                                  envoy_dynamic_module_type_envoy_buffer operation) {
  hook_args args = {.text = operation};
  dispatch((span*)span_module_ptr, NULL, HOOK_OPERATION, &args);
}

TSE_EXPORT void envoy_dynamic_module_on_tracer_span_set_tag(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr,
                                                            envoy_dynamic_module_type_envoy_buffer key, envoy_dynamic_module_type_envoy_buffer value) {
  hook_args args = {.text = key, .text2 = value};
  dispatch((span*)span_module_ptr, NULL, HOOK_TAG, &args);
}

TSE_EXPORT void envoy_dynamic_module_on_tracer_span_reserve_tags(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr, size_t tags_size) {
  (void)span_module_ptr, (void)tags_size;
}

TSE_EXPORT void envoy_dynamic_module_on_tracer_span_log(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr, int64_t timestamp_ns,
                                                        envoy_dynamic_module_type_envoy_buffer event) {
  hook_args args = {.text = event, .number = (double)timestamp_ns / 1e6};
  dispatch((span*)span_module_ptr, NULL, HOOK_LOG, &args);
}

TSE_EXPORT void envoy_dynamic_module_on_tracer_span_finish(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr) {
  hook_args args = {0};
  dispatch((span*)span_module_ptr, NULL, HOOK_FINISH, &args);
}

TSE_EXPORT void envoy_dynamic_module_on_tracer_span_inject_context(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr,
                                                                   envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr) {
  hook_args args = {0};
  dispatch((span*)span_module_ptr, span_envoy_ptr, HOOK_INJECT, &args);
}

TSE_EXPORT envoy_dynamic_module_type_tracer_span_module_ptr envoy_dynamic_module_on_tracer_span_spawn_child(
    envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr, envoy_dynamic_module_type_envoy_buffer name, int64_t start_time_ns) {
  (void)span_module_ptr, (void)name, (void)start_time_ns;
  return NULL; /* a NullSpan: child spans are not modelled */
}

TSE_EXPORT void envoy_dynamic_module_on_tracer_span_set_sampled(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr, bool sampled) {
  hook_args args = {.flag = sampled};
  dispatch((span*)span_module_ptr, NULL, HOOK_SAMPLED, &args);
}

TSE_EXPORT bool envoy_dynamic_module_on_tracer_span_use_local_decision(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr) {
  (void)span_module_ptr;
  return true;
}

TSE_EXPORT bool envoy_dynamic_module_on_tracer_span_get_baggage(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr,
                                                                envoy_dynamic_module_type_envoy_buffer key, envoy_dynamic_module_type_module_buffer* value_out) {
  (void)span_module_ptr, (void)key, (void)value_out;
  return false;
}

TSE_EXPORT void envoy_dynamic_module_on_tracer_span_set_baggage(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr,
                                                                envoy_dynamic_module_type_envoy_buffer key, envoy_dynamic_module_type_envoy_buffer value) {
  (void)span_module_ptr, (void)key, (void)value;
}

TSE_EXPORT bool envoy_dynamic_module_on_tracer_span_get_trace_id(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr,
                                                                 envoy_dynamic_module_type_module_buffer* value_out) {
  (void)span_module_ptr, (void)value_out;
  return false;
}

TSE_EXPORT bool envoy_dynamic_module_on_tracer_span_get_span_id(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr,
                                                                envoy_dynamic_module_type_module_buffer* value_out) {
  (void)span_module_ptr, (void)value_out;
  return false;
}

TSE_EXPORT void envoy_dynamic_module_on_tracer_span_destroy(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr) {
  span* s = (span*)span_module_ptr;
  if (s == NULL) return;
  tse_kind_frame_free(s->frame);
  free(s);
}

/* ------------------------------------------------------------------ EnvoyTracer methods */

static void* lent_context(tse_ctx* ctx) {
  if (ctx->envoy_filter == NULL) tse_throw_js_error(ctx, "TypeError", "the trace context is Envoy's only during onStart and onInjectContext");
  return ctx->envoy_filter;
}

static envoy_dynamic_module_type_module_buffer text_buffer(tse_ctx* ctx, tse_str text) {
  size_t length;
  const char* bytes = tse_str_to_utf8(ctx, text, &length);
  envoy_dynamic_module_type_module_buffer buffer = {bytes, length};
  return buffer;
}

tse_str tse_tracer_get_context_value(tse_ctx* ctx, tse_str key) {
  void* envoy_span = lent_context(ctx);
  envoy_dynamic_module_type_envoy_buffer value = {NULL, 0};
  if (!envoy_dynamic_module_callback_tracer_get_trace_context_value(envoy_span, text_buffer(ctx, key), &value)) return NULL;
  return tse_str_from_utf8(ctx, value.ptr ? value.ptr : "", value.ptr ? value.length : 0);
}

void tse_tracer_set_context_value(tse_ctx* ctx, tse_str key, tse_str value) {
  void* envoy_span = lent_context(ctx);
  envoy_dynamic_module_callback_tracer_set_trace_context_value(envoy_span, text_buffer(ctx, key), text_buffer(ctx, value));
}

void tse_tracer_remove_context_value(tse_ctx* ctx, tse_str key) {
  void* envoy_span = lent_context(ctx);
  envoy_dynamic_module_callback_tracer_remove_trace_context_value(envoy_span, text_buffer(ctx, key));
}

tse_str tse_tracer_get_fact(tse_ctx* ctx, int32_t which) {
  void* envoy_span = lent_context(ctx);
  envoy_dynamic_module_type_envoy_buffer value = {NULL, 0};
  bool found;
  switch (which) {
    case TSE_TRACER_PROTOCOL: found = envoy_dynamic_module_callback_tracer_get_trace_context_protocol(envoy_span, &value); break;
    case TSE_TRACER_HOST: found = envoy_dynamic_module_callback_tracer_get_trace_context_host(envoy_span, &value); break;
    case TSE_TRACER_PATH: found = envoy_dynamic_module_callback_tracer_get_trace_context_path(envoy_span, &value); break;
    default: found = envoy_dynamic_module_callback_tracer_get_trace_context_method(envoy_span, &value); break;
  }
  if (!found) return NULL;
  return tse_str_from_utf8(ctx, value.ptr ? value.ptr : "", value.ptr ? value.length : 0);
}

#endif /* TSE_ENVOY_MINOR >= 40 */
