/*
 * Network filters (registerNetworkFilter, issue 11): the envoy_dynamic_module_on_network_filter_*
 * hooks Envoy 1.40 calls, dispatching to the generated tse_module_network_filters, and the
 * EnvoyNetworkFilter methods (compiler/api/network-api.ts) over Envoy's network callbacks.
 * Linked only into modules that register a network filter (compiler/cc.ts), so other modules
 * export no network hooks.
 *
 * Failure policy: a throw in a hook (or the factory) logs the TypeScript file:line, counts
 * `<name>.failures`, and closes the connection (NoFlush: nothing the filter half-wrote is
 * flushed); no more filter code runs for that connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

#if TSE_ENVOY_MINOR >= 40

TSE_KIND_METRIC_GLUE(envoy_dynamic_module_callback_network_filter_config, envoy_dynamic_module_callback_network_filter)

/* Fail closed: nothing the filter half-wrote is flushed. */
static void close_connection(void* envoy_filter) {
  envoy_dynamic_module_callback_network_filter_close(envoy_filter, envoy_dynamic_module_type_network_connection_close_type_NoFlush);
}

static const tse_metric_ops network_metric_ops = {define_metric, update_metric};
static const tse_kind_spec network_kind = {"network filter", "closed the connection", &network_metric_ops, count_failure, close_connection};

/* ------------------------------------------------------------------ configs and connections */

TSE_EXPORT envoy_dynamic_module_type_network_filter_config_module_ptr envoy_dynamic_module_on_network_filter_config_new(
    envoy_dynamic_module_type_network_filter_config_envoy_ptr filter_config_envoy_ptr, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config) {
  const tse_kind_def* def =
      tse_kind_def_named(&network_kind, (const tse_kind_def* const*)tse_module_network_filters, tse_module_network_filter_count, name);
  return def ? tse_kind_config_new(&network_kind, def, filter_config_envoy_ptr, config) : NULL;
}

TSE_EXPORT void envoy_dynamic_module_on_network_filter_config_destroy(envoy_dynamic_module_type_network_filter_config_module_ptr filter_config_ptr) {
  tse_kind_config_destroy((tse_kind_config*)filter_config_ptr);
}

TSE_EXPORT envoy_dynamic_module_type_network_filter_module_ptr envoy_dynamic_module_on_network_filter_new(
    envoy_dynamic_module_type_network_filter_config_module_ptr filter_config_ptr, envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr) {
  return tse_kind_frame_new((tse_kind_config*)filter_config_ptr, filter_envoy_ptr);
}

static const tse_network_filter_def* def_of(const tse_kind_frame* conn) { return (const tse_network_filter_def*)conn->config->def; }

enum { HOOK_NEW_CONNECTION, HOOK_READ, HOOK_WRITE };

static __attribute__((noinline)) int32_t run_data_hook(tse_kind_frame* conn, void* envoy_filter, int hook, size_t length, bool end_stream) {
  static const char* const names[] = {"onNewConnection", "onRead", "onWrite"};
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_kind_ctx_enter(&ctx, conn, envoy_filter, &fail_target);
  if (tse_setjmp(fail_target) == 0) {
    const tse_network_filter_def* def = def_of(conn);
    if (hook == HOOK_NEW_CONNECTION) return def->on_new_connection(&ctx, conn->self);
    if (hook == HOOK_READ) return def->on_read(&ctx, conn->self, (double)length, end_stream);
    return def->on_write(&ctx, conn->self, (double)length, end_stream);
  }
  tse_kind_fail(conn, envoy_filter, names[hook], ctx.fail_message, ctx.site);
  tse_ctx_release(&ctx);
  return envoy_dynamic_module_type_on_network_filter_data_status_StopIteration;
}

static envoy_dynamic_module_type_on_network_filter_data_status data_hook(void* envoy_filter, const void* module_ptr, int hook, size_t length,
                                                                         bool end_stream) {
  tse_kind_frame* conn = (tse_kind_frame*)module_ptr;
  const tse_network_filter_def* def = def_of(conn);
  bool defined = hook == HOOK_NEW_CONNECTION ? def->on_new_connection != NULL : hook == HOOK_READ ? def->on_read != NULL : def->on_write != NULL;
  if (conn->failed) return envoy_dynamic_module_type_on_network_filter_data_status_StopIteration;
  if (!defined) return envoy_dynamic_module_type_on_network_filter_data_status_Continue;
  return (envoy_dynamic_module_type_on_network_filter_data_status)run_data_hook(conn, envoy_filter, hook, length, end_stream);
}

TSE_EXPORT envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_new_connection(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr) {
  if (tse_kind_factory_failed((tse_kind_frame*)filter_module_ptr, filter_envoy_ptr)) {
    return envoy_dynamic_module_type_on_network_filter_data_status_StopIteration;
  }
  return data_hook(filter_envoy_ptr, filter_module_ptr, HOOK_NEW_CONNECTION, 0, false);
}

TSE_EXPORT envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_read(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr,
    size_t data_length, bool end_stream) {
  return data_hook(filter_envoy_ptr, filter_module_ptr, HOOK_READ, data_length, end_stream);
}

TSE_EXPORT envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_write(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr,
    size_t data_length, bool end_stream) {
  return data_hook(filter_envoy_ptr, filter_module_ptr, HOOK_WRITE, data_length, end_stream);
}

static __attribute__((noinline)) void run_event(tse_kind_frame* conn, void* envoy_filter, int event) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_kind_ctx_enter(&ctx, conn, envoy_filter, &fail_target);
  if (tse_setjmp(fail_target) == 0) {
    def_of(conn)->on_event(&ctx, conn->self, (double)event);
    return;
  }
  tse_kind_fail(conn, envoy_filter, "onEvent", ctx.fail_message, ctx.site);
  tse_ctx_release(&ctx);
}

TSE_EXPORT void envoy_dynamic_module_on_network_filter_event(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                             envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr,
                                                             envoy_dynamic_module_type_network_connection_event event) {
  tse_kind_frame* conn = (tse_kind_frame*)filter_module_ptr;
  if (conn->failed || def_of(conn)->on_event == NULL) return;
  run_event(conn, filter_envoy_ptr, (int)event);
}

TSE_EXPORT void envoy_dynamic_module_on_network_filter_destroy(envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr) {
  tse_kind_frame_free((tse_kind_frame*)filter_module_ptr);
}

/* ------------------------------------------------------------------ hooks not offered to filters yet */

TSE_EXPORT void envoy_dynamic_module_on_network_filter_http_callout_done(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr,
    uint64_t callout_id, envoy_dynamic_module_type_http_callout_result result, envoy_dynamic_module_type_envoy_http_header* headers,
    size_t headers_size, envoy_dynamic_module_type_envoy_buffer* body_chunks, size_t body_chunks_size) {
  (void)filter_envoy_ptr, (void)filter_module_ptr, (void)callout_id, (void)result, (void)headers, (void)headers_size, (void)body_chunks,
      (void)body_chunks_size;
}

TSE_EXPORT void envoy_dynamic_module_on_network_filter_scheduled(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                 envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr, uint64_t event_id) {
  (void)filter_envoy_ptr, (void)filter_module_ptr, (void)event_id;
}

TSE_EXPORT void envoy_dynamic_module_on_network_filter_config_scheduled(envoy_dynamic_module_type_network_filter_config_module_ptr filter_config_ptr,
                                                                        uint64_t event_id) {
  (void)filter_config_ptr, (void)event_id;
}

TSE_EXPORT void envoy_dynamic_module_on_network_filter_above_write_buffer_high_watermark(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr) {
  (void)filter_envoy_ptr, (void)filter_module_ptr;
}

TSE_EXPORT void envoy_dynamic_module_on_network_filter_below_write_buffer_low_watermark(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr) {
  (void)filter_envoy_ptr, (void)filter_module_ptr;
}

/* ------------------------------------------------------------------ EnvoyNetworkFilter methods */

static void detach_views(tse_ctx* ctx) {
  if (ctx->borrowed) tse_bytes_detach_all(ctx->borrowed);
}

static envoy_dynamic_module_type_module_buffer text_buffer(tse_ctx* ctx, tse_str text) {
  size_t length;
  const char* bytes = tse_str_to_utf8(ctx, text, &length);
  envoy_dynamic_module_type_module_buffer buffer = {bytes, length};
  return buffer;
}

static size_t chunk_count(tse_ctx* ctx, int32_t which) {
  return which == TSE_NETWORK_READ_BUFFER ? envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks_size(ctx->envoy_filter)
                                          : envoy_dynamic_module_callback_network_filter_get_write_buffer_chunks_size(ctx->envoy_filter);
}

static bool get_chunks(tse_ctx* ctx, int32_t which, envoy_dynamic_module_type_envoy_buffer* chunks) {
  return which == TSE_NETWORK_READ_BUFFER ? envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks(ctx->envoy_filter, chunks)
                                          : envoy_dynamic_module_callback_network_filter_get_write_buffer_chunks(ctx->envoy_filter, chunks);
}

/* One chunk: a view over Envoy's memory; several: one copy in the arena. */
tse_bytes* tse_network_get_buffer(tse_ctx* ctx, int32_t which) {
  size_t count = chunk_count(ctx, which);
  if (count == 0) return tse_bytes_borrow(ctx, NULL, 0);
  envoy_dynamic_module_type_envoy_buffer* chunks = tse_alloc(ctx, count * sizeof *chunks);
  if (!get_chunks(ctx, which, chunks)) return tse_bytes_borrow(ctx, NULL, 0);
  if (count == 1 && chunks[0].length <= UINT32_MAX) return tse_bytes_borrow(ctx, (uint8_t*)(uintptr_t)chunks[0].ptr, (uint32_t)chunks[0].length);
  size_t total = 0;
  for (size_t i = 0; i < count; i++) total += chunks[i].length;
  if (total > UINT32_MAX) tse_throw_js_error(ctx, "RangeError", "the buffer is larger than a Uint8Array can be");
  uint8_t* data = tse_alloc(ctx, total ? total : 1);
  size_t at = 0;
  for (size_t i = 0; i < count; i++) {
    if (chunks[i].length) memcpy(data + at, chunks[i].ptr, chunks[i].length);
    at += chunks[i].length;
  }
  return tse_bytes_view(ctx, data, (uint32_t)total);
}

tse_str tse_network_get_buffer_text(tse_ctx* ctx, int32_t which) {
  tse_bytes* bytes = tse_network_get_buffer(ctx, which);
  return tse_str_from_utf8(ctx, (const char*)bytes->data, bytes->length);
}

double tse_network_get_buffer_size(tse_ctx* ctx, int32_t which) {
  return (double)(which == TSE_NETWORK_READ_BUFFER ? envoy_dynamic_module_callback_network_filter_get_read_buffer_size(ctx->envoy_filter)
                                                   : envoy_dynamic_module_callback_network_filter_get_write_buffer_size(ctx->envoy_filter));
}

bool tse_network_drain_buffer(tse_ctx* ctx, int32_t which, double bytes) {
  if (!(bytes >= 0 && bytes == (double)(uint64_t)bytes)) {
    tse_throw_js_error(ctx, "RangeError", which == TSE_NETWORK_READ_BUFFER ? "drainReadBuffer: bytes must be a non-negative integer"
                                                                           : "drainWriteBuffer: bytes must be a non-negative integer");
  }
  size_t size = (size_t)tse_network_get_buffer_size(ctx, which);
  size_t length = bytes < (double)size ? (size_t)bytes : size;
  detach_views(ctx);
  return which == TSE_NETWORK_READ_BUFFER ? envoy_dynamic_module_callback_network_filter_drain_read_buffer(ctx->envoy_filter, length)
                                          : envoy_dynamic_module_callback_network_filter_drain_write_buffer(ctx->envoy_filter, length);
}

static bool add_to_buffer(tse_ctx* ctx, int32_t which, bool prepend, envoy_dynamic_module_type_module_buffer data) {
  detach_views(ctx);
  void* filter = ctx->envoy_filter;
  if (which == TSE_NETWORK_READ_BUFFER) {
    return prepend ? envoy_dynamic_module_callback_network_filter_prepend_read_buffer(filter, data)
                   : envoy_dynamic_module_callback_network_filter_append_read_buffer(filter, data);
  }
  return prepend ? envoy_dynamic_module_callback_network_filter_prepend_write_buffer(filter, data)
                 : envoy_dynamic_module_callback_network_filter_append_write_buffer(filter, data);
}

bool tse_network_append_buffer(tse_ctx* ctx, int32_t which, tse_bytes* data) { return add_to_buffer(ctx, which, false, tse_bytes_module_buffer(ctx, data)); }

bool tse_network_append_buffer_text(tse_ctx* ctx, int32_t which, tse_str text) { return add_to_buffer(ctx, which, false, text_buffer(ctx, text)); }

bool tse_network_prepend_buffer(tse_ctx* ctx, int32_t which, tse_bytes* data) { return add_to_buffer(ctx, which, true, tse_bytes_module_buffer(ctx, data)); }

void tse_network_write(tse_ctx* ctx, tse_bytes* data, bool end_of_stream) {
  envoy_dynamic_module_type_module_buffer buffer = tse_bytes_module_buffer(ctx, data);
  envoy_dynamic_module_callback_network_filter_write(ctx->envoy_filter, buffer, end_of_stream);
}

void tse_network_write_text(tse_ctx* ctx, tse_str text, bool end_of_stream) {
  envoy_dynamic_module_callback_network_filter_write(ctx->envoy_filter, text_buffer(ctx, text), end_of_stream);
}

void tse_network_inject_data(tse_ctx* ctx, int32_t which, tse_bytes* data, bool end_of_stream) {
  envoy_dynamic_module_type_module_buffer buffer = tse_bytes_module_buffer(ctx, data);
  if (which == TSE_NETWORK_READ_BUFFER) envoy_dynamic_module_callback_network_filter_inject_read_data(ctx->envoy_filter, buffer, end_of_stream);
  else envoy_dynamic_module_callback_network_filter_inject_write_data(ctx->envoy_filter, buffer, end_of_stream);
}

void tse_network_continue_reading(tse_ctx* ctx) { envoy_dynamic_module_callback_network_filter_continue_reading(ctx->envoy_filter); }

void tse_network_close(tse_ctx* ctx, tse_value close_type) {
  double type = close_type.tag == TSE_TAG_UNDEFINED ? 0 : close_type.as.number;
  if (!(type >= 0 && type <= 4 && type == (double)(int)type)) tse_throw_js_error(ctx, "RangeError", "close: not a ConnectionCloseType");
  envoy_dynamic_module_callback_network_filter_close(ctx->envoy_filter, (envoy_dynamic_module_type_network_connection_close_type)(int)type);
}

static bool get_address(tse_ctx* ctx, int32_t which, envoy_dynamic_module_type_envoy_buffer* address, uint32_t* port) {
  return which == TSE_NETWORK_REMOTE_ADDRESS ? envoy_dynamic_module_callback_network_filter_get_remote_address(ctx->envoy_filter, address, port)
                                             : envoy_dynamic_module_callback_network_filter_get_local_address(ctx->envoy_filter, address, port);
}

tse_str tse_network_get_address(tse_ctx* ctx, int32_t which) {
  envoy_dynamic_module_type_envoy_buffer address = {NULL, 0};
  uint32_t port = 0;
  if (!get_address(ctx, which, &address, &port)) return NULL;
  return tse_str_from_utf8(ctx, address.ptr, address.length);
}

tse_value tse_network_get_port(tse_ctx* ctx, int32_t which) {
  envoy_dynamic_module_type_envoy_buffer address = {NULL, 0};
  uint32_t port = 0;
  if (!get_address(ctx, which, &address, &port)) return tse_value_undefined();
  return tse_value_number((double)port);
}

tse_str tse_network_get_requested_server_name(tse_ctx* ctx) {
  envoy_dynamic_module_type_envoy_buffer name = {NULL, 0};
  if (!envoy_dynamic_module_callback_network_filter_get_requested_server_name(ctx->envoy_filter, &name) || name.length == 0) return NULL;
  return tse_str_from_utf8(ctx, name.ptr, name.length);
}

bool tse_network_is_ssl(tse_ctx* ctx) { return envoy_dynamic_module_callback_network_filter_is_ssl(ctx->envoy_filter); }

double tse_network_get_connection_id(tse_ctx* ctx) { return (double)envoy_dynamic_module_callback_network_filter_get_connection_id(ctx->envoy_filter); }

#endif /* TSE_ENVOY_MINOR >= 40 */
