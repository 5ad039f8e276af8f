/*
 * Listener filters (registerListenerFilter, issue 11): the envoy_dynamic_module_on_listener_filter_*
 * hooks Envoy 1.40 calls, dispatching to the generated tse_module_listener_filters, and the
 * EnvoyListenerFilter methods (compiler/api/listener-api.ts). Linked only into modules that
 * register a listener filter (compiler/cc.ts).
 *
 * Failure policy: a throw in a hook (or the factory) logs the TypeScript file:line, counts
 * `<name>.failures` and closes the socket; no more filter code runs for it.
 */
#include <stdlib.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

#if TSE_ENVOY_MINOR >= 40

/* More than a TLS ClientHello needs; Envoy's own listener filters peek less. */
enum { TSE_LISTENER_MAX_READ_BYTES = 64 * 1024 };

TSE_KIND_METRIC_GLUE(envoy_dynamic_module_callback_listener_filter_config, envoy_dynamic_module_callback_listener_filter)

static void close_socket(void* envoy_filter) {
  static const char details[] = "tsc2envoy_filter_failed";
  envoy_dynamic_module_type_module_buffer buffer = {details, sizeof details - 1};
  envoy_dynamic_module_callback_listener_filter_close_socket(envoy_filter, buffer);
}

static const tse_metric_ops listener_metric_ops = {define_metric, update_metric};
static const tse_kind_spec listener_kind = {"listener filter", "closed the socket", &listener_metric_ops, count_failure, close_socket};

/* ------------------------------------------------------------------ configs and sockets */

TSE_EXPORT envoy_dynamic_module_type_listener_filter_config_module_ptr envoy_dynamic_module_on_listener_filter_config_new(
    envoy_dynamic_module_type_listener_filter_config_envoy_ptr filter_config_envoy_ptr, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config) {
  const tse_kind_def* def =
      tse_kind_def_named(&listener_kind, (const tse_kind_def* const*)tse_module_listener_filters, tse_module_listener_filter_count, name);
  return def ? tse_kind_config_new(&listener_kind, def, filter_config_envoy_ptr, config) : NULL;
}

TSE_EXPORT void envoy_dynamic_module_on_listener_filter_config_destroy(envoy_dynamic_module_type_listener_filter_config_module_ptr filter_config_ptr) {
  tse_kind_config_destroy((tse_kind_config*)filter_config_ptr);
}

TSE_EXPORT envoy_dynamic_module_type_listener_filter_module_ptr envoy_dynamic_module_on_listener_filter_new(
    envoy_dynamic_module_type_listener_filter_config_module_ptr filter_config_ptr, envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr) {
  tse_kind_frame* frame = tse_kind_frame_new((tse_kind_config*)filter_config_ptr, filter_envoy_ptr);
  if (frame) frame->kind_state = -1; /* max read bytes: not asked yet */
  return frame;
}

static const tse_listener_filter_def* def_of(const tse_kind_frame* socket) { return (const tse_listener_filter_def*)socket->config->def; }

enum { HOOK_ACCEPT, HOOK_DATA };

static __attribute__((noinline)) int32_t run_status_hook(tse_kind_frame* socket, void* envoy_filter, int hook, size_t length) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_kind_ctx_enter(&ctx, socket, envoy_filter, &fail_target);
  if (tse_setjmp(fail_target) == 0) {
    return hook == HOOK_ACCEPT ? def_of(socket)->on_accept(&ctx, socket->self) : def_of(socket)->on_data(&ctx, socket->self, (double)length);
  }
  tse_kind_fail(socket, envoy_filter, hook == HOOK_ACCEPT ? "onAccept" : "onData", ctx.fail_message, ctx.site);
  tse_ctx_release(&ctx);
  return envoy_dynamic_module_type_on_listener_filter_status_StopIteration;
}

TSE_EXPORT envoy_dynamic_module_type_on_listener_filter_status envoy_dynamic_module_on_listener_filter_on_accept(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr) {
  tse_kind_frame* socket = (tse_kind_frame*)filter_module_ptr;
  if (tse_kind_factory_failed(socket, filter_envoy_ptr) || socket->failed) return envoy_dynamic_module_type_on_listener_filter_status_StopIteration;
  if (def_of(socket)->on_accept == NULL) return envoy_dynamic_module_type_on_listener_filter_status_Continue;
  return (envoy_dynamic_module_type_on_listener_filter_status)run_status_hook(socket, filter_envoy_ptr, HOOK_ACCEPT, 0);
}

TSE_EXPORT envoy_dynamic_module_type_on_listener_filter_status envoy_dynamic_module_on_listener_filter_on_data(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr,
    size_t data_length) {
  tse_kind_frame* socket = (tse_kind_frame*)filter_module_ptr;
  if (socket->failed) return envoy_dynamic_module_type_on_listener_filter_status_StopIteration;
  if (def_of(socket)->on_data == NULL) return envoy_dynamic_module_type_on_listener_filter_status_Continue;
  return (envoy_dynamic_module_type_on_listener_filter_status)run_status_hook(socket, filter_envoy_ptr, HOOK_DATA, data_length);
}

/* An integer from 0 to TSE_LISTENER_MAX_READ_BYTES, or a failure. */
static __attribute__((noinline)) int64_t run_max_read_bytes(tse_kind_frame* socket, void* envoy_filter) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_kind_ctx_enter(&ctx, socket, envoy_filter, &fail_target);
  if (tse_setjmp(fail_target) == 0) {
    double bytes = def_of(socket)->get_max_read_bytes(&ctx, socket->self);
    if (!(bytes >= 0 && bytes <= TSE_LISTENER_MAX_READ_BYTES && bytes == (double)(int64_t)bytes)) {
      ctx.site = NULL;
      tse_failf(&ctx, "getMaxReadBytes returned %.17g, not an integer from 0 to %d", bytes, TSE_LISTENER_MAX_READ_BYTES);
    }
    return (int64_t)bytes;
  }
  tse_kind_fail(socket, envoy_filter, "getMaxReadBytes", ctx.fail_message, ctx.site);
  tse_ctx_release(&ctx);
  return 0;
}

/* Envoy asks often: the hook runs once per socket and its answer is kept. */
TSE_EXPORT size_t envoy_dynamic_module_on_listener_filter_get_max_read_bytes(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                             envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr) {
  tse_kind_frame* socket = (tse_kind_frame*)filter_module_ptr;
  if (socket->kind_state < 0) {
    socket->kind_state = socket->failed || socket->factory_failed || def_of(socket)->get_max_read_bytes == NULL ? 0 : run_max_read_bytes(socket, filter_envoy_ptr);
  }
  return (size_t)socket->kind_state;
}

static __attribute__((noinline)) void run_close(tse_kind_frame* socket, void* envoy_filter) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_kind_ctx_enter(&ctx, socket, envoy_filter, &fail_target);
  if (tse_setjmp(fail_target) == 0) {
    def_of(socket)->on_close(&ctx, socket->self);
    return;
  }
  tse_kind_fail(socket, envoy_filter, "onClose", ctx.fail_message, ctx.site);
  tse_ctx_release(&ctx);
}

TSE_EXPORT void envoy_dynamic_module_on_listener_filter_on_close(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                 envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr) {
  tse_kind_frame* socket = (tse_kind_frame*)filter_module_ptr;
  if (socket->failed || socket->factory_failed || def_of(socket)->on_close == NULL) return;
  run_close(socket, filter_envoy_ptr);
}

TSE_EXPORT void envoy_dynamic_module_on_listener_filter_destroy(envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr) {
  tse_kind_frame_free((tse_kind_frame*)filter_module_ptr);
}

TSE_EXPORT void envoy_dynamic_module_on_listener_filter_scheduled(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                  envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr, uint64_t event_id) {
  (void)filter_envoy_ptr, (void)filter_module_ptr, (void)event_id;
}

TSE_EXPORT void envoy_dynamic_module_on_listener_filter_config_scheduled(envoy_dynamic_module_type_listener_filter_config_envoy_ptr filter_config_envoy_ptr,
                                                                         envoy_dynamic_module_type_listener_filter_config_module_ptr filter_config_module_ptr,
                                                                         uint64_t event_id) {
  (void)filter_config_envoy_ptr, (void)filter_config_module_ptr, (void)event_id;
}

TSE_EXPORT void envoy_dynamic_module_on_listener_filter_http_callout_done(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr,
    uint64_t callout_id, envoy_dynamic_module_type_http_callout_result result, envoy_dynamic_module_type_envoy_http_header* headers,
    size_t headers_size, envoy_dynamic_module_type_envoy_buffer* body_chunks, size_t body_chunks_size) {
  (void)filter_envoy_ptr, (void)filter_module_ptr, (void)callout_id, (void)result, (void)headers, (void)headers_size, (void)body_chunks,
      (void)body_chunks_size;
}

/* ------------------------------------------------------------------ EnvoyListenerFilter methods */

static envoy_dynamic_module_type_module_buffer text_buffer(tse_ctx* ctx, tse_str text) {
  size_t length;
  const char* bytes = tse_str_to_utf8(ctx, text, &length);
  envoy_dynamic_module_type_module_buffer buffer = {bytes, length};
  return buffer;
}

/* The peeked bytes are one chunk: a borrowed view, detached by the next hook call and by a drain. */
tse_bytes* tse_listener_get_buffer(tse_ctx* ctx) {
  envoy_dynamic_module_type_envoy_buffer chunk = {NULL, 0};
  if (!envoy_dynamic_module_callback_listener_filter_get_buffer_chunk(ctx->envoy_filter, &chunk) || chunk.length > UINT32_MAX) {
    return tse_bytes_borrow(ctx, NULL, 0);
  }
  return tse_bytes_borrow(ctx, (uint8_t*)(uintptr_t)chunk.ptr, (uint32_t)chunk.length);
}

tse_str tse_listener_get_buffer_text(tse_ctx* ctx) {
  tse_bytes* bytes = tse_listener_get_buffer(ctx);
  return tse_str_from_utf8(ctx, (const char*)bytes->data, bytes->length);
}

bool tse_listener_drain_buffer(tse_ctx* ctx, double bytes) {
  if (!(bytes >= 0 && bytes == (double)(uint64_t)bytes)) tse_throw_js_error(ctx, "RangeError", "drainBuffer: bytes must be a non-negative integer");
  size_t size = tse_listener_get_buffer(ctx)->length;
  if (ctx->borrowed) tse_bytes_detach_all(ctx->borrowed);
  return envoy_dynamic_module_callback_listener_filter_drain_buffer(ctx->envoy_filter, bytes < (double)size ? (size_t)bytes : size);
}

void tse_listener_set_string(tse_ctx* ctx, int32_t which, tse_str value) {
  envoy_dynamic_module_type_module_buffer buffer = text_buffer(ctx, value);
  if (which == TSE_LISTENER_SERVER_NAME) envoy_dynamic_module_callback_listener_filter_set_requested_server_name(ctx->envoy_filter, buffer);
  else envoy_dynamic_module_callback_listener_filter_set_detected_transport_protocol(ctx->envoy_filter, buffer);
}

tse_str tse_listener_get_string(tse_ctx* ctx, int32_t which) {
  envoy_dynamic_module_type_envoy_buffer result = {NULL, 0};
  bool found = which == TSE_LISTENER_SERVER_NAME ? envoy_dynamic_module_callback_listener_filter_get_requested_server_name(ctx->envoy_filter, &result)
                                                 : envoy_dynamic_module_callback_listener_filter_get_detected_transport_protocol(ctx->envoy_filter, &result);
  if (!found || result.length == 0) return NULL;
  return tse_str_from_utf8(ctx, result.ptr, result.length);
}

void tse_listener_set_application_protocols(tse_ctx* ctx, tse_array* protocols) {
  uint32_t count = protocols ? protocols->length : 0;
  envoy_dynamic_module_type_module_buffer* buffers = tse_alloc(ctx, (count ? count : 1) * sizeof *buffers);
  for (uint32_t i = 0; i < count; i++) buffers[i] = text_buffer(ctx, ((tse_str*)protocols->data)[i]);
  envoy_dynamic_module_callback_listener_filter_set_requested_application_protocols(ctx->envoy_filter, buffers, count);
}

void tse_listener_close_socket(tse_ctx* ctx, tse_str details) {
  envoy_dynamic_module_type_module_buffer buffer = {"", 0};
  if (details) buffer = text_buffer(ctx, details);
  envoy_dynamic_module_callback_listener_filter_close_socket(ctx->envoy_filter, buffer);
}

void tse_listener_continue_filter_chain(tse_ctx* ctx, bool success) {
  envoy_dynamic_module_callback_listener_filter_continue_filter_chain(ctx->envoy_filter, success);
}

static bool get_address(tse_ctx* ctx, int32_t which, envoy_dynamic_module_type_envoy_buffer* address, uint32_t* port) {
  return which == TSE_NETWORK_REMOTE_ADDRESS ? envoy_dynamic_module_callback_listener_filter_get_remote_address(ctx->envoy_filter, address, port)
                                             : envoy_dynamic_module_callback_listener_filter_get_local_address(ctx->envoy_filter, address, port);
}

tse_str tse_listener_get_address(tse_ctx* ctx, int32_t which) {
  envoy_dynamic_module_type_envoy_buffer address = {NULL, 0};
  uint32_t port = 0;
  if (!get_address(ctx, which, &address, &port)) return NULL;
  return tse_str_from_utf8(ctx, address.ptr, address.length);
}

tse_value tse_listener_get_port(tse_ctx* ctx, int32_t which) {
  envoy_dynamic_module_type_envoy_buffer address = {NULL, 0};
  uint32_t port = 0;
  if (!get_address(ctx, which, &address, &port)) return tse_value_undefined();
  return tse_value_number((double)port);
}

#endif /* TSE_ENVOY_MINOR >= 40 */
