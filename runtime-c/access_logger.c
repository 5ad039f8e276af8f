/*
 * Access loggers (registerAccessLogger, issue 11): the envoy_dynamic_module_on_access_logger_* hooks
 * Envoy 1.40 calls, dispatching to the generated tse_module_access_loggers, and the
 * EnvoyAccessLogger methods (compiler/api/access-logger-api.ts). Linked only into modules that
 * register one (compiler/cc.ts).
 *
 * Envoy's logger instance (one per worker) is the config itself: each log entry gets a frame of
 * its own (the factory's logger object, its arena), freed when onLog returns, so memory never
 * grows with the entries a worker logs. Lines go to the config's log writers (log_writer.c:
 * queued under a mutex, written by the module's threads), so a worker never waits on the disk.
 * A throw in onLog (or the factory) loses that entry: it logs the TypeScript file:line and counts
 * `<name>.failures`.
 */
#include <stdlib.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

#if TSE_ENVOY_MINOR >= 40

/* Updates take Envoy's config (the ABI has no per-entry metric callbacks); EnvoyAccessLogger has no metric
 * methods yet, so only the failure counter (count_failure) updates one. */
TSE_KIND_METRIC_GLUE(envoy_dynamic_module_callback_access_logger_config, envoy_dynamic_module_callback_access_logger)

static void lose_entry(void* envoy_config) { (void)envoy_config; }

static const tse_metric_ops logger_metric_ops = {define_metric, update_metric};
static const tse_kind_spec logger_kind = {"access logger", "lost the log entry", &logger_metric_ops, count_failure, lose_entry};

/* ------------------------------------------------------------------ configs and log entries */

TSE_EXPORT envoy_dynamic_module_type_access_logger_config_module_ptr envoy_dynamic_module_on_access_logger_config_new(
    envoy_dynamic_module_type_access_logger_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config) {
  const tse_kind_def* def = tse_kind_def_named(&logger_kind, (const tse_kind_def* const*)tse_module_access_loggers, tse_module_access_logger_count, name);
  return def ? tse_kind_config_new(&logger_kind, def, config_envoy_ptr, config) : NULL;
}

TSE_EXPORT void envoy_dynamic_module_on_access_logger_config_destroy(envoy_dynamic_module_type_access_logger_config_module_ptr config_module_ptr) {
  tse_kind_config_destroy((tse_kind_config*)config_module_ptr);
}

/* The config is the logger (the ABI allows it): entries share nothing but the config. */
TSE_EXPORT envoy_dynamic_module_type_access_logger_module_ptr envoy_dynamic_module_on_access_logger_new(
    envoy_dynamic_module_type_access_logger_config_module_ptr config_module_ptr, envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr) {
  (void)logger_envoy_ptr;
  return config_module_ptr;
}

static const tse_access_logger_def* def_of(const tse_kind_frame* entry) { return (const tse_access_logger_def*)entry->config->def; }

static __attribute__((noinline)) void run_log(tse_kind_frame* entry, void* envoy_logger, uint32_t log_type) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_kind_ctx_enter(&ctx, entry, envoy_logger, &fail_target);
  if (tse_setjmp(fail_target) == 0) {
    def_of(entry)->on_log(&ctx, entry->self, (double)log_type);
    return;
  }
  tse_kind_fail(entry, entry->config->envoy_config, "onLog", ctx.fail_message, ctx.site);
  tse_ctx_release(&ctx);
}

TSE_EXPORT void envoy_dynamic_module_on_access_logger_log(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr,
                                                          envoy_dynamic_module_type_access_logger_module_ptr logger_module_ptr,
                                                          envoy_dynamic_module_type_access_log_type log_type) {
  tse_kind_config* cfg = (tse_kind_config*)logger_module_ptr;
  if (((const tse_access_logger_def*)cfg->def)->on_log == NULL) return;
  tse_kind_frame* entry = tse_kind_frame_new(cfg, logger_envoy_ptr);
  if (entry == NULL) return;
  if (!tse_kind_factory_failed(entry, cfg->envoy_config)) run_log(entry, logger_envoy_ptr, (uint32_t)log_type);
  tse_kind_frame_free(entry);
}

TSE_EXPORT void envoy_dynamic_module_on_access_logger_destroy(envoy_dynamic_module_type_access_logger_module_ptr logger_module_ptr) { (void)logger_module_ptr; }

/* Lines are the writers' to write: nothing is buffered here. */
TSE_EXPORT void envoy_dynamic_module_on_access_logger_flush(envoy_dynamic_module_type_access_logger_module_ptr logger_module_ptr) { (void)logger_module_ptr; }

/* ------------------------------------------------------------------ EnvoyAccessLogger methods */

tse_str tse_access_log_get_header(tse_ctx* ctx, int32_t map, tse_str name) {
  size_t length;
  const char* key = tse_str_to_utf8(ctx, name, &length);
  envoy_dynamic_module_type_module_buffer buffer = {key, length};
  envoy_dynamic_module_type_envoy_buffer result = {NULL, 0};
  size_t total = 0;
  if (!envoy_dynamic_module_callback_access_logger_get_header_value(ctx->envoy_filter, (envoy_dynamic_module_type_http_header_type)map, buffer, &result, 0,
                                                                    &total) ||
      result.ptr == NULL) {
    return NULL;
  }
  return tse_str_from_utf8(ctx, result.ptr, result.length);
}

tse_str tse_access_log_get_string(tse_ctx* ctx, int32_t which) {
  envoy_dynamic_module_type_envoy_buffer result = {NULL, 0};
  uint32_t port = 0;
  bool found;
  switch (which) {
    case TSE_ACCESS_LOG_PROTOCOL:
      found = envoy_dynamic_module_callback_access_logger_get_protocol(ctx->envoy_filter, &result);
      break;
    case TSE_ACCESS_LOG_ROUTE_NAME:
      found = envoy_dynamic_module_callback_access_logger_get_route_name(ctx->envoy_filter, &result);
      break;
    case TSE_ACCESS_LOG_UPSTREAM_CLUSTER:
      found = envoy_dynamic_module_callback_access_logger_get_upstream_cluster(ctx->envoy_filter, &result);
      break;
    case TSE_ACCESS_LOG_REQUEST_ID:
      found = envoy_dynamic_module_callback_access_logger_get_request_id(ctx->envoy_filter, &result);
      break;
    default:
      found = envoy_dynamic_module_callback_access_logger_get_downstream_remote_address(ctx->envoy_filter, &result, &port);
      break;
  }
  if (!found || result.ptr == NULL || result.length == 0) return NULL;
  return tse_str_from_utf8(ctx, result.ptr, result.length);
}

double tse_access_log_get_count(tse_ctx* ctx, int32_t which) {
  if (which == TSE_ACCESS_LOG_RESPONSE_FLAGS) return (double)envoy_dynamic_module_callback_access_logger_get_response_flags(ctx->envoy_filter);
  if (which == TSE_ACCESS_LOG_START_TIME) {
    envoy_dynamic_module_type_timing_info timing;
    memset(&timing, 0, sizeof timing);
    envoy_dynamic_module_callback_access_logger_get_timing_info(ctx->envoy_filter, &timing);
    return (double)timing.start_time_unix_ns / 1e6;
  }
  envoy_dynamic_module_type_bytes_info bytes;
  memset(&bytes, 0, sizeof bytes);
  envoy_dynamic_module_callback_access_logger_get_bytes_info(ctx->envoy_filter, &bytes);
  return (double)(which == TSE_ACCESS_LOG_BYTES_RECEIVED ? bytes.bytes_received : bytes.bytes_sent);
}

tse_value tse_access_log_get_optional(tse_ctx* ctx, int32_t which) {
  if (which == TSE_ACCESS_LOG_RESPONSE_CODE) {
    uint32_t code = envoy_dynamic_module_callback_access_logger_get_response_code(ctx->envoy_filter);
    return code == 0 ? tse_value_undefined() : tse_value_number((double)code);
  }
  if (which == TSE_ACCESS_LOG_DURATION) {
    envoy_dynamic_module_type_timing_info timing;
    memset(&timing, 0, sizeof timing);
    envoy_dynamic_module_callback_access_logger_get_timing_info(ctx->envoy_filter, &timing);
    return timing.last_downstream_tx_byte_sent_ns < 0 ? tse_value_undefined() : tse_value_number((double)timing.last_downstream_tx_byte_sent_ns / 1e6);
  }
  envoy_dynamic_module_type_envoy_buffer address = {NULL, 0};
  uint32_t port = 0;
  if (!envoy_dynamic_module_callback_access_logger_get_downstream_remote_address(ctx->envoy_filter, &address, &port)) return tse_value_undefined();
  return tse_value_number((double)port);
}

#endif /* TSE_ENVOY_MINOR >= 40 */
