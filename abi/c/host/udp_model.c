/*
 * The test hosts' UDP listener filters (issue 11): one listener's filter and the datagram in hand
 * (its bytes, its peer), Envoy's UDP listener callbacks over them, and the protocol's commands
 * for them (abi/ts/host/protocol.ts: I, f), printing what abi/ts/host/reference-network.ts prints.
 * Metrics are network_model.c's (UNTAGGED_METRICS).
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_model.h"

#define EXPORT __attribute__((visibility("default")))
#define EMIT(...) (model_transcript ? (void)fprintf(model_transcript, __VA_ARGS__) : (void)0)

static char* datagram;
static size_t datagram_length;
static char peer_address[256] = "127.0.0.1", local_address[] = "127.0.0.1";
static uint32_t peer_port = 45678, local_port = 10000;

EXPORT size_t envoy_dynamic_module_callback_udp_listener_filter_get_datagram_data_chunks_size(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr f) {
  (void)f;
  return datagram_length ? 1 : 0;
}
EXPORT bool envoy_dynamic_module_callback_udp_listener_filter_get_datagram_data_chunks(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr f,
                                                                                      envoy_dynamic_module_type_envoy_buffer* chunks) {
  (void)f;
  if (datagram_length == 0) return false;
  chunks[0] = (envoy_dynamic_module_type_envoy_buffer){datagram, datagram_length};
  return true;
}
EXPORT size_t envoy_dynamic_module_callback_udp_listener_filter_get_datagram_data_size(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr f) {
  (void)f;
  return datagram_length;
}
EXPORT bool envoy_dynamic_module_callback_udp_listener_filter_set_datagram_data(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr f,
                                                                               envoy_dynamic_module_type_module_buffer data) {
  (void)f;
  char* copy = malloc(data.length + 1);
  if (data.length) memcpy(copy, data.ptr, data.length);
  free(datagram);
  datagram = copy;
  datagram_length = data.length;
  EMIT("set_datagram ");
  model_put_string(data.ptr, data.length);
  EMIT("\n");
  return true;
}
EXPORT bool envoy_dynamic_module_callback_udp_listener_filter_send_datagram(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr f,
                                                                           envoy_dynamic_module_type_module_buffer data,
                                                                           envoy_dynamic_module_type_module_buffer address, uint32_t port) {
  (void)f;
  EMIT("send_datagram ");
  model_put_string(data.ptr, data.length);
  EMIT(" to ");
  model_put_string(address.ptr, address.length);
  EMIT(":%u\n", port);
  return true;
}
EXPORT bool envoy_dynamic_module_callback_udp_listener_filter_get_peer_address(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr f,
                                                                              envoy_dynamic_module_type_envoy_buffer* address, uint32_t* port) {
  (void)f;
  *address = (envoy_dynamic_module_type_envoy_buffer){peer_address, strlen(peer_address)};
  *port = peer_port;
  return true;
}
EXPORT bool envoy_dynamic_module_callback_udp_listener_filter_get_local_address(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr f,
                                                                               envoy_dynamic_module_type_envoy_buffer* address, uint32_t* port) {
  (void)f;
  *address = (envoy_dynamic_module_type_envoy_buffer){local_address, strlen(local_address)};
  *port = local_port;
  return true;
}

/* ------------------------------------------------------------------ the commands */

static struct {
  __typeof__(&envoy_dynamic_module_on_udp_listener_filter_config_new) config_new;
  __typeof__(&envoy_dynamic_module_on_udp_listener_filter_config_destroy) config_destroy;
  __typeof__(&envoy_dynamic_module_on_udp_listener_filter_new) filter_new;
  __typeof__(&envoy_dynamic_module_on_udp_listener_filter_on_data) on_data;
  __typeof__(&envoy_dynamic_module_on_udp_listener_filter_destroy) destroy;
} hooks;

static void resolve_hooks(void* handle) {
  if (hooks.config_new) return;
#define RESOLVE(field, hook) hooks.field = (__typeof__(hooks.field))model_resolve(handle, "envoy_dynamic_module_on_udp_listener_filter_" hook)
  RESOLVE(config_new, "config_new");
  RESOLVE(config_destroy, "config_destroy");
  RESOLVE(filter_new, "new");
  RESOLVE(on_data, "on_data");
  RESOLVE(destroy, "destroy");
#undef RESOLVE
}

static const void* config;
static const void* filter;
static int config_token, filter_token;

/* I <name> <config>: the config and the listener's one filter; f <peer> <port> <data>: a datagram. */
bool model_udp_command(void* module_handle, const char* line) {
  char command = line[0];
  size_t length;
  if (command == 'I') {
    resolve_hooks(module_handle);
    char *name, *bytes;
    size_t name_length;
    model_config_line(line, &name, &name_length, &bytes, &length);
    config = hooks.config_new(&config_token, (envoy_dynamic_module_type_envoy_buffer){name, name_length},
                              (envoy_dynamic_module_type_envoy_buffer){bytes, length});
    EMIT("udp_listener_config ");
    model_put_string(name, name_length);
    EMIT(" -> %s\n", config ? "ok" : "rejected");
    free(name);
    free(bytes);
    filter = config ? hooks.filter_new(config, &filter_token) : NULL;
    EMIT("udp_filter new -> %s\n", filter ? "ok" : "refused");
  } else if (command == 'f') {
    char address_hex[600];
    unsigned port;
    sscanf(line, "f %599s %u", address_hex, &port);
    char* address = model_unhex(address_hex, &length);
    snprintf(peer_address, sizeof peer_address, "%s", address);
    peer_port = port;
    free(address);
    const char* data_hex = strchr(strchr(line + 2, ' ') + 1, ' ');
    free(datagram);
    datagram = model_unhex(data_hex ? data_hex + 1 : "-", &datagram_length);
    EMIT("datagram ");
    model_put_string(datagram, datagram_length);
    EMIT(" from ");
    model_put_string(peer_address, strlen(peer_address));
    EMIT(":%u\n", peer_port);
    int status = filter ? (int)hooks.on_data(&filter_token, filter) : -1;
    EMIT("-> %d\n", status);
    if (status == 0) {
      EMIT("forward datagram ");
      model_put_string(datagram, datagram_length);
      EMIT("\n");
    }
  } else if (command == 'X') {
    if (filter) hooks.destroy(filter);
    filter = NULL;
    if (config) hooks.config_destroy(config);
    config = NULL;
    return false; /* host.c prints "config destroyed" */
  } else {
    return false;
  }
  return true;
}
