/*
 * What the other kinds' glue shares (issue 11; network_filter.c, listener_filter.c): a filter
 * config (decoded filter_config, config stage, metrics, the failures counter, the failure-line
 * rate limit) and a connection's or socket's frame, each kind passing its own Envoy callbacks.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

enum { TSE_KIND_CONFIG_MEMORY_LIMIT = 64u << 20 };

static void kind_config_free(tse_kind_config* cfg) {
  tse_log_writers_close(&cfg->log_writers);
  tse_arena_free(&cfg->arena);
  tse_block_cache_hold(-1);
  free(cfg->failure_log);
  free(cfg);
}

tse_kind_config* tse_kind_config_new(const tse_kind_spec* spec, const tse_kind_def* def, void* envoy_config, envoy_dynamic_module_type_envoy_buffer config) {
  char message[4608];
  tse_kind_config* cfg = calloc(1, sizeof(tse_kind_config));
  tse_failure_log* failure_log = tse_failure_log_new();
  if (cfg == NULL || failure_log == NULL) {
    free(cfg);
    free(failure_log);
    return NULL;
  }
  cfg->spec = spec;
  cfg->def = def;
  cfg->failure_log = failure_log;
  cfg->envoy_config = envoy_config;
  tse_arena_init(&cfg->arena, TSE_KIND_CONFIG_MEMORY_LIMIT, NULL, 0);
  tse_block_cache_hold(1);
  char error[4096];
  const tse_site* site = NULL;
  bool ok = tse_decode_filter_config(&cfg->arena, def->config_type, def->config_literals, def->config_is_raw_string, config, &cfg->config_value, error,
                                     sizeof error);
  if (ok && def->configure != NULL) {
    tse_kind_config_stage stage = {def->configure, &cfg->arena, &cfg->metrics, envoy_config, &cfg->log_writers, spec->metric_ops};
    ok = tse_run_kind_config_stage(&stage, &cfg->config_value, error, sizeof error, &site);
  }
  if (!ok) {
    snprintf(message, sizeof message, "tsc2envoy: %s '%s' rejected its filter_config: %s", spec->label, def->name, error);
    tse_log_error_at(message, site);
    kind_config_free(cfg);
    return NULL;
  }
  char counter_name[256];
  snprintf(counter_name, sizeof counter_name, "%s.failures", def->name);
  cfg->has_failure_counter =
      spec->metric_ops->define(envoy_config, TSE_METRIC_COUNTER, counter_name, strlen(counter_name), &cfg->failure_counter) ==
      envoy_dynamic_module_type_metrics_result_Success;
  return cfg;
}

/* The def named `name` among `defs`, else NULL after logging what the module has. */
const tse_kind_def* tse_kind_def_named(const tse_kind_spec* spec, const tse_kind_def* const* defs, uint32_t count, envoy_dynamic_module_type_envoy_buffer name) {
  for (uint32_t i = 0; i < count; i++) {
    if (strlen(defs[i]->name) == name.length && memcmp(defs[i]->name, name.ptr, name.length) == 0) return defs[i];
  }
  char message[4608];
  int n = snprintf(message, sizeof message, "tsc2envoy: module %s has no %s named '%.*s'; it has:", tse_module_name, spec->label,
                   (int)(name.length > 200 ? 200 : name.length), name.ptr);
  for (uint32_t i = 0; i < count && n > 0 && (size_t)n < sizeof message; i++) n += snprintf(message + n, sizeof message - (size_t)n, " '%s'", defs[i]->name);
  tse_log_error_at(message, NULL);
  return NULL;
}

static void log_unreported(const tse_kind_config* cfg, uint64_t unreported) {
  if (unreported == 0) return;
  char message[512];
  snprintf(message, sizeof message,
           "tsc2envoy: %s '%s': %llu more failures were not logged (at most 10 failure lines a second); the counter %s.failures counts every failure",
           cfg->spec->label, cfg->def->name, (unsigned long long)unreported, cfg->def->name);
  tse_log_error_at(message, NULL);
}

void tse_kind_config_destroy(tse_kind_config* cfg) {
  log_unreported(cfg, tse_failure_log_suppressed(cfg->failure_log));
  kind_config_free(cfg);
}

void tse_kind_fail(tse_kind_frame* frame, void* envoy_filter, const char* phase, const char* reason, const tse_site* site) {
  frame->failed = true;
  tse_kind_config* cfg = frame->config;
  uint64_t unreported;
  bool admitted = tse_failure_log_take(cfg->failure_log, &unreported);
  log_unreported(cfg, unreported);
  if (admitted) {
    char message[4608];
    snprintf(message, sizeof message, "tsc2envoy: %s '%s' failed in %s: %s; %s", cfg->spec->label, cfg->def->name, phase, reason, cfg->spec->fail_action);
    tse_log_error_at(message, site);
  }
  if (cfg->has_failure_counter) cfg->spec->count_failure(envoy_filter, cfg->failure_counter);
  cfg->spec->close(envoy_filter);
}

enum { FIRST_CHUNK_OFFSET = (sizeof(tse_kind_frame) + 15) & ~(size_t)15 };

void tse_kind_ctx_enter(tse_ctx* ctx, tse_kind_frame* frame, void* envoy_filter, tse_jmp_buf* fail_target) {
  tse_kind_ctx_init(ctx, &frame->arena, envoy_filter, fail_target, &frame->config->metrics, &frame->config->log_writers, &frame->borrowed,
                    frame->config->spec->metric_ops);
}

static __attribute__((noinline)) void run_factory(tse_kind_frame* frame, void* envoy_filter) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_kind_ctx_enter(&ctx, frame, envoy_filter, &fail_target);
  if (tse_setjmp(fail_target) == 0) {
    frame->self = frame->config->def->new_filter(&ctx, frame->config->config_value);
    return;
  }
  /* Envoy is still creating the filter: fail closed at the first hook (tse_kind_factory_failed). */
  frame->factory_failed = true;
  frame->pending_message = strdup(ctx.fail_message);
  frame->pending_site = ctx.site;
  tse_ctx_release(&ctx);
}

tse_kind_frame* tse_kind_frame_new(tse_kind_config* cfg, void* envoy_filter) {
  tse_kind_frame* frame = tse_frame_new();
  if (frame == NULL) return NULL;
  memset(frame, 0, sizeof *frame);
  frame->config = cfg;
  tse_arena_init(&frame->arena, tse_module_stream_memory_limit, (tse_arena_chunk*)(void*)((char*)frame + FIRST_CHUNK_OFFSET),
                 TSE_FRAME_SIZE - FIRST_CHUNK_OFFSET);
  run_factory(frame, envoy_filter);
  return frame;
}

bool tse_kind_factory_failed(tse_kind_frame* frame, void* envoy_filter) {
  if (!frame->factory_failed || frame->failed) return false;
  tse_kind_fail(frame, envoy_filter, "the filter factory", frame->pending_message ? frame->pending_message : "out of memory (while reporting a failure)",
                frame->pending_site);
  return true;
}

void tse_kind_frame_free(tse_kind_frame* frame) {
  tse_arena_free(&frame->arena);
  free(frame->pending_message);
  tse_frame_free(frame);
}

/* ------------------------------------------------------------------ the metric methods (through the kind's callbacks) */

void tse_kind_increment_counter(tse_ctx* ctx, double counter, tse_value value) {
  static const char method[] = "incrementCounter";
  const tse_metric* metric = tse_metric_checked(ctx, method, TSE_METRIC_COUNTER, counter);
  uint64_t amount = value.tag == TSE_TAG_UNDEFINED ? 1 : tse_metric_amount(ctx, method, value.as.number);
  ctx->metric_ops->update(ctx->envoy_filter, TSE_METRIC_INCREMENT_COUNTER, metric->envoy_id, amount);
}

void tse_kind_update_metric(tse_ctx* ctx, int32_t update, double handle, double value) {
  static const char* const methods[] = {"setGauge", "increaseGauge", "decreaseGauge", "recordHistogramValue"};
  const char* method = methods[update];
  const tse_metric* metric = tse_metric_checked(ctx, method, update == TSE_METRIC_RECORD_HISTOGRAM ? TSE_METRIC_HISTOGRAM : TSE_METRIC_GAUGE, handle);
  ctx->metric_ops->update(ctx->envoy_filter, update, metric->envoy_id, tse_metric_amount(ctx, method, value));
}
