/*
 * Background tasks' API and Envoy's config-level hooks (docs/async.md "Config-level background
 * tasks"): startBackgroundTask records the task as an entry of the config's metric table (as a
 * snapshot is), which tse_http_config_task_start and _stop below find for http_filter.c (through
 * weak references, so a module without a task links neither them nor its failure report) once the
 * config stage has returned and in the config's destroy hook. Beside background.c (which the test
 * harnesses link alone), linked on demand with it (compiler/cc.ts): only modules with a task export
 * the two config hooks.
 */
#include <stdio.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

/* Envoy 1.38 lacks it (1.39 and 1.40 export it): weak, so the module loads there and counts nothing. */
extern envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_increment_counter(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr, size_t id, envoy_dynamic_module_type_module_buffer* label_values,
    size_t label_values_length, uint64_t value) __attribute__((weak));

/* A run threw (http_filter.c's report): the filter's failures counter, from the config (no stream). */
void tse_background_count_failure(void* envoy_config, size_t counter) {
  if (envoy_dynamic_module_callback_http_filter_config_increment_counter) {
    envoy_dynamic_module_callback_http_filter_config_increment_counter(envoy_config, counter, NULL, 0, 1);
  }
}

/* Called by http_filter.c once the config stage returned (a weak reference: only modules with a task link this file). */
void tse_http_config_task_start(void* config_module_ptr, void* envoy_config) {
  tse_background_task* task = tse_http_config_background_task(config_module_ptr);
  if (task == NULL) return;
  task->report = tse_http_config_report_task_failure;
  task->owner = config_module_ptr;
  tse_background_start(task, envoy_config);
}

/* The config's destroy hook, before its snapshots go: the task may hold versions of them. */
void tse_http_config_task_stop(void* config_module_ptr) {
  tse_background_task* task = tse_http_config_background_task(config_module_ptr);
  if (task != NULL) tse_background_stop(task);
}

void tse_background_define(tse_ctx* ctx, const tse_type* type, const void* task, double every_ms) {
  tse_metric_table* table = ctx->metrics;
  if (table == NULL || ctx->envoy_config == NULL) tse_throw_js_error(ctx, "TypeError", "startBackgroundTask: in the config stage only");
  if (tse_metric_table_find(table, TSE_METRIC_BACKGROUND_TASK) != NULL) {
    tse_throw_js_error(ctx, "TypeError", "startBackgroundTask: a filter config has one background task");
  }
  /* Envoy's timers count milliseconds in 32 bits; a day is far beyond any refresh. */
  if (!(every_ms >= 1 && every_ms <= 86400000.0)) {
    tse_throw_js_error(ctx, "TypeError", "startBackgroundTask: everyMs must be a number of milliseconds from 1 to 86400000");
  }
  void (*run)(tse_ctx*, void*) = NULL;
  for (uint32_t i = 0; i < tse_module_background_class_count; i++) {
    if (tse_module_background_classes[i].type == type) run = tse_module_background_classes[i].run;
  }
  if (run == NULL) tse_throw_js_error(ctx, "TypeError", "startBackgroundTask: not a task class of this module");
  /* Runs come and go with their arenas: nothing of a run may stay in the task object. */
  tse_deep_freeze(ctx, &task, type);
  tse_background_task* background = tse_alloc(ctx, sizeof *background);
  memset(background, 0, sizeof *background);
  background->run = run;
  background->self = (void*)task;
  background->every_ms = every_ms;
  background->memory_limit = tse_module_stream_memory_limit;
  background->metrics = table;
  background->log_writers = ctx->log_writers;
  tse_metric_table_add(ctx, table, (tse_metric){TSE_METRIC_BACKGROUND_TASK, 0, 0, "background task", background});
}

TSE_EXPORT void envoy_dynamic_module_on_http_filter_config_scheduled(envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr,
                                                                     envoy_dynamic_module_type_http_filter_config_module_ptr filter_config_ptr,
                                                                     uint64_t event_id) {
  (void)filter_config_envoy_ptr;
  tse_background_task* task = tse_http_config_background_task(filter_config_ptr);
  if (task != NULL) tse_background_scheduled(task, event_id);
}

TSE_EXPORT void envoy_dynamic_module_on_http_filter_config_http_callout_done(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr,
    envoy_dynamic_module_type_http_filter_config_module_ptr filter_config_ptr, uint64_t callout_id,
    envoy_dynamic_module_type_http_callout_result result, envoy_dynamic_module_type_envoy_http_header* headers, size_t headers_size,
    envoy_dynamic_module_type_envoy_buffer* body_chunks, size_t body_chunks_size) {
  (void)filter_config_envoy_ptr;
  tse_background_task* task = tse_http_config_background_task(filter_config_ptr);
  if (task == NULL) return;
  tse_callout_completion completion = {(int32_t)result, headers, headers_size, body_chunks, body_chunks_size};
  tse_background_callout_done(task, callout_id, &completion);
}
