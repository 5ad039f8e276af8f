/*
 * Stats sinks (registerStatsSink, issue 11): the envoy_dynamic_module_on_stat_sink_* hooks Envoy
 * 1.40 calls, dispatching to the generated tse_module_stats_sinks, and the EnvoyStatsSink methods
 * (compiler/api/stats-sink-api.ts) over the flush's snapshot callbacks. Linked only into modules
 * that register a stats sink (compiler/cc.ts).
 *
 * Each flush runs in a fresh kind_glue.c frame: the factory makes the sink object, onFlush reads
 * the snapshot, and the frame (its arena) goes when the flush is over, so a long-running Envoy's
 * flushes never pile up memory. The flush runs on Envoy's main thread: sinks hand their lines to
 * log writers (log_writer.c), whose threads do the writing.
 *
 * Failure policy: a throw in the factory or onFlush logs the TypeScript file:line and ends that
 * flush (the next flush runs afresh). Envoy's stats sink ABI defines no counters, so there is no
 * `<name>.failures` counter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

#if TSE_ENVOY_MINOR >= 40

/* No counters or histograms for stats sinks in Envoy's ABI: defineCounter and the like are refused. */
static int32_t define_metric(void* envoy_config, int32_t kind, const char* name, size_t length, size_t* id) {
  (void)envoy_config, (void)kind, (void)name, (void)length, (void)id;
  return envoy_dynamic_module_type_metrics_result_MetricNotFound;
}

static void update_metric(void* envoy, int32_t update, size_t id, uint64_t amount) { (void)envoy, (void)update, (void)id, (void)amount; }
static void count_failure(void* envoy, size_t counter) { (void)envoy, (void)counter; }
static void end_flush(void* envoy) { (void)envoy; }

static const tse_metric_ops sink_metric_ops = {define_metric, update_metric};
static const tse_kind_spec sink_kind = {"stats sink", "skipped the rest of this flush", &sink_metric_ops, count_failure, end_flush};

TSE_EXPORT envoy_dynamic_module_type_stat_sink_config_module_ptr envoy_dynamic_module_on_stat_sink_config_new(
    envoy_dynamic_module_type_stat_sink_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_envoy_buffer sink_name,
    envoy_dynamic_module_type_envoy_buffer sink_config) {
  const tse_kind_def* def = tse_kind_def_named(&sink_kind, (const tse_kind_def* const*)tse_module_stats_sinks, tse_module_stats_sink_count, sink_name);
  return def ? tse_kind_config_new(&sink_kind, def, config_envoy_ptr, sink_config) : NULL;
}

TSE_EXPORT void envoy_dynamic_module_on_stat_sink_config_destroy(envoy_dynamic_module_type_stat_sink_config_module_ptr config_module_ptr) {
  tse_kind_config_destroy((tse_kind_config*)config_module_ptr);
}

static __attribute__((noinline)) void run_flush(tse_kind_frame* frame, void* snapshot) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_kind_ctx_enter(&ctx, frame, snapshot, &fail_target);
  if (tse_setjmp(fail_target) == 0) {
    ((const tse_stats_sink_def*)frame->config->def)->on_flush(&ctx, frame->self);
    return;
  }
  tse_kind_fail(frame, snapshot, "onFlush", ctx.fail_message, ctx.site);
  tse_ctx_release(&ctx);
}

TSE_EXPORT void envoy_dynamic_module_on_stat_sink_flush(envoy_dynamic_module_type_stat_sink_config_module_ptr config_module_ptr,
                                                        envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr) {
  tse_kind_config* cfg = (tse_kind_config*)config_module_ptr;
  tse_kind_frame* frame = tse_kind_frame_new(cfg, snapshot_envoy_ptr);
  if (frame == NULL) return;
  bool has_hook = ((const tse_stats_sink_def*)cfg->def)->on_flush != NULL;
  if (!tse_kind_factory_failed(frame, snapshot_envoy_ptr) && has_hook) run_flush(frame, snapshot_envoy_ptr);
  tse_kind_frame_free(frame);
}

/* Called on the worker recording the value; sinks see histograms at the flush instead. */
TSE_EXPORT void envoy_dynamic_module_on_stat_sink_on_histogram_complete(envoy_dynamic_module_type_stat_sink_config_module_ptr config_module_ptr,
                                                                        envoy_dynamic_module_type_envoy_buffer histogram_name, uint64_t value) {
  (void)config_module_ptr, (void)histogram_name, (void)value;
}

TSE_EXPORT void envoy_dynamic_module_on_stat_sink_config_scheduled(envoy_dynamic_module_type_stat_sink_config_envoy_ptr config_envoy_ptr,
                                                                   envoy_dynamic_module_type_stat_sink_config_module_ptr config_module_ptr, uint64_t event_id) {
  (void)config_envoy_ptr, (void)config_module_ptr, (void)event_id;
}

/* ------------------------------------------------------------------ EnvoyStatsSink methods */

static size_t index_of(tse_ctx* ctx, double index, size_t count, const char* what) {
  if (!(index >= 0 && index < (double)count && index == (double)(size_t)index)) {
    char message[160];
    snprintf(message, sizeof message, "%s index %.17g is out of range (the snapshot has %zu)", what, index, count);
    tse_throw_js_error(ctx, "RangeError", message);
  }
  return (size_t)index;
}

double tse_stats_count(tse_ctx* ctx, int32_t family) {
  switch (family) {
    case TSE_STATS_COUNTERS: return (double)envoy_dynamic_module_callback_stat_sink_snapshot_get_counter_count(ctx->envoy_filter);
    case TSE_STATS_GAUGES: return (double)envoy_dynamic_module_callback_stat_sink_snapshot_get_gauge_count(ctx->envoy_filter);
    case TSE_STATS_HISTOGRAMS: return (double)envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_count(ctx->envoy_filter);
    default: return (double)envoy_dynamic_module_callback_stat_sink_snapshot_get_text_readout_count(ctx->envoy_filter);
  }
}

static const char* const family_names[] = {"counter", "gauge", "histogram", "text readout"};

/* One read of the family's entry `i` into `name` (capacity bytes): the name's full size, or SIZE_MAX for a bad index. */
static size_t read_name(tse_ctx* ctx, int32_t family, size_t i, char* name, size_t capacity) {
  size_t size = 0, value_size = 0;
  uint64_t a, b;
  double sum;
  bool ok;
  switch (family) {
    case TSE_STATS_COUNTERS: ok = envoy_dynamic_module_callback_stat_sink_snapshot_get_counter(ctx->envoy_filter, i, name, capacity, &size, &a, &b); break;
    case TSE_STATS_GAUGES: ok = envoy_dynamic_module_callback_stat_sink_snapshot_get_gauge(ctx->envoy_filter, i, name, capacity, &size, &a); break;
    case TSE_STATS_HISTOGRAMS: ok = envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram(ctx->envoy_filter, i, name, capacity, &size, &a, &sum); break;
    default:
      ok = envoy_dynamic_module_callback_stat_sink_snapshot_get_text_readout(ctx->envoy_filter, i, name, capacity, &size, NULL, 0, &value_size);
      break;
  }
  return ok ? size : SIZE_MAX;
}

tse_str tse_stats_name(tse_ctx* ctx, int32_t family, double index) {
  size_t i = index_of(ctx, index, (size_t)tse_stats_count(ctx, family), family_names[family]);
  char small[256];
  size_t size = read_name(ctx, family, i, small, sizeof small);
  if (size == SIZE_MAX) tse_throw_js_error(ctx, "RangeError", "the snapshot has no such entry");
  if (size <= sizeof small) return tse_str_from_utf8(ctx, small, size);
  char* large = tse_alloc(ctx, size);
  size_t again = read_name(ctx, family, i, large, size);
  return tse_str_from_utf8(ctx, large, again < size ? again : size);
}

double tse_stats_counter_number(tse_ctx* ctx, int32_t which, double index) {
  size_t size = 0;
  uint64_t value = 0, delta = 0;
  if (which == TSE_STATS_GAUGE_VALUE) {
    size_t i = index_of(ctx, index, envoy_dynamic_module_callback_stat_sink_snapshot_get_gauge_count(ctx->envoy_filter), "gauge");
    envoy_dynamic_module_callback_stat_sink_snapshot_get_gauge(ctx->envoy_filter, i, NULL, 0, &size, &value);
    return (double)value;
  }
  size_t i = index_of(ctx, index, envoy_dynamic_module_callback_stat_sink_snapshot_get_counter_count(ctx->envoy_filter), "counter");
  envoy_dynamic_module_callback_stat_sink_snapshot_get_counter(ctx->envoy_filter, i, NULL, 0, &size, &value, &delta);
  return (double)(which == TSE_STATS_DELTA ? delta : value);
}

double tse_stats_histogram_number(tse_ctx* ctx, int32_t which, double index) {
  size_t i = index_of(ctx, index, envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_count(ctx->envoy_filter), "histogram");
  if (which == TSE_STATS_BUCKET_COUNT) return (double)envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_bucket_count(ctx->envoy_filter, i);
  size_t size = 0;
  uint64_t count = 0;
  double sum = 0;
  envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram(ctx->envoy_filter, i, NULL, 0, &size, &count, &sum);
  return which == TSE_STATS_SAMPLE_COUNT ? (double)count : sum;
}

double tse_stats_bucket_number(tse_ctx* ctx, int32_t which, double index, double bucket) {
  size_t i = index_of(ctx, index, envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_count(ctx->envoy_filter), "histogram");
  size_t b = index_of(ctx, bucket, envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_bucket_count(ctx->envoy_filter, i), "bucket");
  double upper = 0;
  uint64_t cumulative = 0;
  envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_bucket(ctx->envoy_filter, i, b, &upper, &cumulative);
  return which == TSE_STATS_UPPER_BOUND ? upper : (double)cumulative;
}

tse_str tse_stats_text_readout_value(tse_ctx* ctx, double index) {
  size_t i = index_of(ctx, index, envoy_dynamic_module_callback_stat_sink_snapshot_get_text_readout_count(ctx->envoy_filter), "text readout");
  size_t name_size = 0, value_size = 0;
  char small[256];
  envoy_dynamic_module_callback_stat_sink_snapshot_get_text_readout(ctx->envoy_filter, i, NULL, 0, &name_size, small, sizeof small, &value_size);
  if (value_size <= sizeof small) return tse_str_from_utf8(ctx, small, value_size);
  char* large = tse_alloc(ctx, value_size);
  size_t capacity = value_size;
  envoy_dynamic_module_callback_stat_sink_snapshot_get_text_readout(ctx->envoy_filter, i, NULL, 0, &name_size, large, capacity, &value_size);
  return tse_str_from_utf8(ctx, large, value_size < capacity ? value_size : capacity);
}

#endif /* TSE_ENVOY_MINOR >= 40 */
