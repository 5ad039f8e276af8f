/*
 * UDP listener filters (registerUdpListenerFilter, issue 11): the
 * envoy_dynamic_module_on_udp_listener_filter_* hooks Envoy 1.40 calls, dispatching to the generated
 * tse_module_udp_listener_filters, and the EnvoyUdpListenerFilter methods
 * (compiler/api/udp-listener-api.ts). Linked only into modules that register one (compiler/cc.ts).
 *
 * Envoy makes one filter per listener and worker and keeps it as long as the listener, so a
 * failure cannot close anything: a throw in onDatagram logs the TypeScript file:line, counts
 * `<name>.failures` and drops that datagram (StopIteration); the next datagram runs the filter
 * again. A throw in the factory leaves no filter: every datagram is dropped (reported once).
 */
#include <stdlib.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

#if TSE_ENVOY_MINOR >= 40

TSE_KIND_METRIC_GLUE(envoy_dynamic_module_callback_udp_listener_filter_config, envoy_dynamic_module_callback_udp_listener_filter)

/* Nothing to close: the hook's StopIteration drops the datagram. */
static void drop_datagram(void* envoy_filter) { (void)envoy_filter; }

static const tse_metric_ops udp_metric_ops = {define_metric, update_metric};
static const tse_kind_spec udp_kind = {"UDP listener filter", "dropped the datagram", &udp_metric_ops, count_failure, drop_datagram};

/* ------------------------------------------------------------------ configs and filters */

TSE_EXPORT envoy_dynamic_module_type_udp_listener_filter_config_module_ptr envoy_dynamic_module_on_udp_listener_filter_config_new(
    envoy_dynamic_module_type_udp_listener_filter_config_envoy_ptr filter_config_envoy_ptr, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config) {
  const tse_kind_def* def =
      tse_kind_def_named(&udp_kind, (const tse_kind_def* const*)tse_module_udp_listener_filters, tse_module_udp_listener_filter_count, name);
  return def ? tse_kind_config_new(&udp_kind, def, filter_config_envoy_ptr, config) : NULL;
}

TSE_EXPORT void envoy_dynamic_module_on_udp_listener_filter_config_destroy(envoy_dynamic_module_type_udp_listener_filter_config_module_ptr filter_config_ptr) {
  tse_kind_config_destroy((tse_kind_config*)filter_config_ptr);
}

TSE_EXPORT envoy_dynamic_module_type_udp_listener_filter_module_ptr envoy_dynamic_module_on_udp_listener_filter_new(
    envoy_dynamic_module_type_udp_listener_filter_config_module_ptr filter_config_ptr, envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr) {
  return tse_kind_frame_new((tse_kind_config*)filter_config_ptr, filter_envoy_ptr);
}

static const tse_udp_listener_filter_def* def_of(const tse_kind_frame* filter) { return (const tse_udp_listener_filter_def*)filter->config->def; }

static __attribute__((noinline)) int32_t run_datagram(tse_kind_frame* filter, void* envoy_filter) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_kind_ctx_enter(&ctx, filter, envoy_filter, &fail_target);
  if (tse_setjmp(fail_target) == 0) {
    double length = (double)envoy_dynamic_module_callback_udp_listener_filter_get_datagram_data_size(envoy_filter);
    return def_of(filter)->on_datagram(&ctx, filter->self, length);
  }
  tse_kind_fail(filter, envoy_filter, "onDatagram", ctx.fail_message, ctx.site);
  filter->failed = false; /* this datagram only: the filter lives on */
  tse_ctx_release(&ctx);
  return envoy_dynamic_module_type_on_udp_listener_filter_status_StopIteration;
}

TSE_EXPORT envoy_dynamic_module_type_on_udp_listener_filter_status envoy_dynamic_module_on_udp_listener_filter_on_data(
    envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_udp_listener_filter_module_ptr filter_module_ptr) {
  tse_kind_frame* filter = (tse_kind_frame*)filter_module_ptr;
  if (filter->factory_failed) {
    tse_kind_factory_failed(filter, filter_envoy_ptr); /* logs and counts the first time only */
    return envoy_dynamic_module_type_on_udp_listener_filter_status_StopIteration;
  }
  if (def_of(filter)->on_datagram == NULL) return envoy_dynamic_module_type_on_udp_listener_filter_status_Continue;
  return (envoy_dynamic_module_type_on_udp_listener_filter_status)run_datagram(filter, filter_envoy_ptr);
}

TSE_EXPORT void envoy_dynamic_module_on_udp_listener_filter_destroy(envoy_dynamic_module_type_udp_listener_filter_module_ptr filter_module_ptr) {
  tse_kind_frame_free((tse_kind_frame*)filter_module_ptr);
}

/* ------------------------------------------------------------------ EnvoyUdpListenerFilter methods */

/* One chunk: a borrowed view (detached after the hook and by setDatagram); several: a copy. */
tse_bytes* tse_udp_get_datagram(tse_ctx* ctx) {
  size_t count = envoy_dynamic_module_callback_udp_listener_filter_get_datagram_data_chunks_size(ctx->envoy_filter);
  if (count == 0) return tse_bytes_borrow(ctx, NULL, 0);
  envoy_dynamic_module_type_envoy_buffer* chunks = tse_alloc(ctx, count * sizeof *chunks);
  if (!envoy_dynamic_module_callback_udp_listener_filter_get_datagram_data_chunks(ctx->envoy_filter, chunks)) return tse_bytes_borrow(ctx, NULL, 0);
  if (count == 1 && chunks[0].length <= UINT32_MAX) return tse_bytes_borrow(ctx, (uint8_t*)(uintptr_t)chunks[0].ptr, (uint32_t)chunks[0].length);
  size_t total = 0;
  for (size_t i = 0; i < count; i++) total += chunks[i].length;
  if (total > UINT32_MAX) tse_throw_js_error(ctx, "RangeError", "the datagram is larger than a Uint8Array can be");
  uint8_t* data = tse_alloc(ctx, total ? total : 1);
  size_t at = 0;
  for (size_t i = 0; i < count; i++) {
    if (chunks[i].length) memcpy(data + at, chunks[i].ptr, chunks[i].length);
    at += chunks[i].length;
  }
  return tse_bytes_view(ctx, data, (uint32_t)total);
}

tse_str tse_udp_get_datagram_text(tse_ctx* ctx) {
  tse_bytes* bytes = tse_udp_get_datagram(ctx);
  return tse_str_from_utf8(ctx, (const char*)bytes->data, bytes->length);
}

bool tse_udp_set_datagram(tse_ctx* ctx, tse_bytes* data) {
  envoy_dynamic_module_type_module_buffer buffer = tse_bytes_module_buffer(ctx, data);
  if (ctx->borrowed) tse_bytes_detach_all(ctx->borrowed);
  return envoy_dynamic_module_callback_udp_listener_filter_set_datagram_data(ctx->envoy_filter, buffer);
}

bool tse_udp_send_datagram(tse_ctx* ctx, tse_bytes* data, tse_str address, double port) {
  if (!(port >= 0 && port <= 65535 && port == (double)(uint32_t)port)) tse_throw_js_error(ctx, "RangeError", "sendDatagram: port must be an integer from 0 to 65535");
  envoy_dynamic_module_type_module_buffer bytes = tse_bytes_module_buffer(ctx, data);
  size_t length;
  const char* text = tse_str_to_utf8(ctx, address, &length);
  envoy_dynamic_module_type_module_buffer peer = {text, length};
  return envoy_dynamic_module_callback_udp_listener_filter_send_datagram(ctx->envoy_filter, bytes, peer, (uint32_t)port);
}

static bool get_address(tse_ctx* ctx, int32_t which, envoy_dynamic_module_type_envoy_buffer* address, uint32_t* port) {
  return which == TSE_NETWORK_REMOTE_ADDRESS ? envoy_dynamic_module_callback_udp_listener_filter_get_peer_address(ctx->envoy_filter, address, port)
                                             : envoy_dynamic_module_callback_udp_listener_filter_get_local_address(ctx->envoy_filter, address, port);
}

tse_str tse_udp_get_address(tse_ctx* ctx, int32_t which) {
  envoy_dynamic_module_type_envoy_buffer address = {NULL, 0};
  uint32_t port = 0;
  if (!get_address(ctx, which, &address, &port)) return NULL;
  return tse_str_from_utf8(ctx, address.ptr, address.length);
}

tse_value tse_udp_get_port(tse_ctx* ctx, int32_t which) {
  envoy_dynamic_module_type_envoy_buffer address = {NULL, 0};
  uint32_t port = 0;
  if (!get_address(ctx, which, &address, &port)) return tse_value_undefined();
  return tse_value_number((double)port);
}

#endif /* TSE_ENVOY_MINOR >= 40 */
