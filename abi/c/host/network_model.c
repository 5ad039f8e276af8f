/*
 * The test hosts' network and listener filters (issue 11): one connection's model (read and write
 * buffers, addresses, SNI) and one accepted socket's (peeked bytes, what the filter set), Envoy's
 * callbacks over them, and the protocol's commands for them (abi/ts/host/protocol.ts), printing
 * what abi/ts/host/reference-network.ts prints. Metrics go to envoy_model.c's (these ABIs take no
 * tags).
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_model.h"

#define EXPORT __attribute__((visibility("default")))
#define EMIT(...) (model_transcript ? (void)fprintf(model_transcript, __VA_ARGS__) : (void)0)

typedef struct byte_buffer {
  char* data;
  size_t length;
} byte_buffer;

static byte_buffer buffers[2]; /* read, write */
static char remote_address[256] = "127.0.0.1", local_address[256] = "127.0.0.1";
static uint32_t remote_port = 45678, local_port = 10000;
static char* server_name;
static size_t server_name_length;
static const char* const buffer_names[] = {"read", "write"};

static void buffer_put(byte_buffer* buffer, size_t at, const char* bytes, size_t length) {
  buffer->data = realloc(buffer->data, buffer->length + length + 1);
  memmove(buffer->data + at + length, buffer->data + at, buffer->length - at);
  if (length) memcpy(buffer->data + at, bytes, length);
  buffer->length += length;
}

static void buffer_drain(byte_buffer* buffer, size_t length) {
  if (length > buffer->length) length = buffer->length;
  memmove(buffer->data, buffer->data + length, buffer->length - length);
  buffer->length -= length;
}

/* ------------------------------------------------------------------ Envoy's network callbacks */

static size_t chunks_size(int which) { return buffers[which].length ? 1 : 0; }

static bool chunks(int which, envoy_dynamic_module_type_envoy_buffer* out) {
  if (buffers[which].length) out[0] = (envoy_dynamic_module_type_envoy_buffer){buffers[which].data, buffers[which].length};
  return true;
}

EXPORT size_t envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks_size(envoy_dynamic_module_type_network_filter_envoy_ptr f) {
  (void)f;
  return chunks_size(0);
}
EXPORT size_t envoy_dynamic_module_callback_network_filter_get_write_buffer_chunks_size(envoy_dynamic_module_type_network_filter_envoy_ptr f) {
  (void)f;
  return chunks_size(1);
}
EXPORT size_t envoy_dynamic_module_callback_network_filter_get_read_buffer_size(envoy_dynamic_module_type_network_filter_envoy_ptr f) {
  (void)f;
  return buffers[0].length;
}
EXPORT size_t envoy_dynamic_module_callback_network_filter_get_write_buffer_size(envoy_dynamic_module_type_network_filter_envoy_ptr f) {
  (void)f;
  return buffers[1].length;
}
EXPORT bool envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                                envoy_dynamic_module_type_envoy_buffer* out) {
  (void)f;
  return chunks(0, out);
}
EXPORT bool envoy_dynamic_module_callback_network_filter_get_write_buffer_chunks(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                                 envoy_dynamic_module_type_envoy_buffer* out) {
  (void)f;
  return chunks(1, out);
}
EXPORT bool envoy_dynamic_module_callback_network_filter_drain_read_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr f, size_t length) {
  (void)f;
  buffer_drain(&buffers[0], length);
  return true;
}
EXPORT bool envoy_dynamic_module_callback_network_filter_drain_write_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr f, size_t length) {
  (void)f;
  buffer_drain(&buffers[1], length);
  return true;
}
EXPORT bool envoy_dynamic_module_callback_network_filter_prepend_read_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                             envoy_dynamic_module_type_module_buffer data) {
  (void)f;
  buffer_put(&buffers[0], 0, data.ptr, data.length);
  return true;
}
EXPORT bool envoy_dynamic_module_callback_network_filter_append_read_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                            envoy_dynamic_module_type_module_buffer data) {
  (void)f;
  buffer_put(&buffers[0], buffers[0].length, data.ptr, data.length);
  return true;
}
EXPORT bool envoy_dynamic_module_callback_network_filter_prepend_write_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                              envoy_dynamic_module_type_module_buffer data) {
  (void)f;
  buffer_put(&buffers[1], 0, data.ptr, data.length);
  return true;
}
EXPORT bool envoy_dynamic_module_callback_network_filter_append_write_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                             envoy_dynamic_module_type_module_buffer data) {
  (void)f;
  buffer_put(&buffers[1], buffers[1].length, data.ptr, data.length);
  return true;
}

static void emit_data(const char* what, envoy_dynamic_module_type_module_buffer data, bool end_stream) {
  EMIT("%s ", what);
  model_put_string(data.ptr, data.length);
  EMIT(" end_of_stream=%s\n", end_stream ? "true" : "false");
}

EXPORT void envoy_dynamic_module_callback_network_filter_write(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                               envoy_dynamic_module_type_module_buffer data, bool end_stream) {
  (void)f;
  emit_data("write", data, end_stream);
}
EXPORT void envoy_dynamic_module_callback_network_filter_inject_read_data(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                          envoy_dynamic_module_type_module_buffer data, bool end_stream) {
  (void)f;
  emit_data("inject_read", data, end_stream);
}
EXPORT void envoy_dynamic_module_callback_network_filter_inject_write_data(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                           envoy_dynamic_module_type_module_buffer data, bool end_stream) {
  (void)f;
  emit_data("inject_write", data, end_stream);
}
EXPORT void envoy_dynamic_module_callback_network_filter_continue_reading(envoy_dynamic_module_type_network_filter_envoy_ptr f) {
  (void)f;
  EMIT("continue_reading\n");
}
EXPORT void envoy_dynamic_module_callback_network_filter_close(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                               envoy_dynamic_module_type_network_connection_close_type close_type) {
  (void)f;
  EMIT("close %d\n", (int)close_type);
}
EXPORT uint64_t envoy_dynamic_module_callback_network_filter_get_connection_id(envoy_dynamic_module_type_network_filter_envoy_ptr f) {
  (void)f;
  return 7;
}
EXPORT bool envoy_dynamic_module_callback_network_filter_get_remote_address(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                           envoy_dynamic_module_type_envoy_buffer* address, uint32_t* port) {
  (void)f;
  *address = (envoy_dynamic_module_type_envoy_buffer){remote_address, strlen(remote_address)};
  *port = remote_port;
  return true;
}
EXPORT bool envoy_dynamic_module_callback_network_filter_get_local_address(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                          envoy_dynamic_module_type_envoy_buffer* address, uint32_t* port) {
  (void)f;
  *address = (envoy_dynamic_module_type_envoy_buffer){local_address, strlen(local_address)};
  *port = local_port;
  return true;
}
EXPORT bool envoy_dynamic_module_callback_network_filter_is_ssl(envoy_dynamic_module_type_network_filter_envoy_ptr f) {
  (void)f;
  return false;
}
EXPORT bool envoy_dynamic_module_callback_network_filter_get_requested_server_name(envoy_dynamic_module_type_network_filter_envoy_ptr f,
                                                                                  envoy_dynamic_module_type_envoy_buffer* out) {
  (void)f;
  if (server_name == NULL) return false;
  *out = (envoy_dynamic_module_type_envoy_buffer){server_name, server_name_length};
  return true;
}

/* ------------------------------------------------------------------ Envoy's listener callbacks */

static byte_buffer peeked;
static byte_buffer listener_strings[2]; /* requested server name, detected transport protocol */
static bool listener_string_set[2];

static void emit_string_call(const char* what, envoy_dynamic_module_type_module_buffer value) {
  EMIT("%s ", what);
  model_put_string(value.ptr, value.length);
  EMIT("\n");
}

EXPORT bool envoy_dynamic_module_callback_listener_filter_get_buffer_chunk(envoy_dynamic_module_type_listener_filter_envoy_ptr f,
                                                                           envoy_dynamic_module_type_envoy_buffer* out) {
  (void)f;
  if (peeked.length == 0) return false;
  *out = (envoy_dynamic_module_type_envoy_buffer){peeked.data, peeked.length};
  return true;
}
EXPORT bool envoy_dynamic_module_callback_listener_filter_drain_buffer(envoy_dynamic_module_type_listener_filter_envoy_ptr f, size_t length) {
  (void)f;
  buffer_drain(&peeked, length);
  return true;
}
static void set_listener_string(int which, envoy_dynamic_module_type_module_buffer value) {
  listener_strings[which].length = 0;
  buffer_put(&listener_strings[which], 0, value.ptr, value.length);
  listener_string_set[which] = true;
  emit_string_call(which == 0 ? "set_server_name" : "set_transport_protocol", value);
}
EXPORT void envoy_dynamic_module_callback_listener_filter_set_requested_server_name(envoy_dynamic_module_type_listener_filter_envoy_ptr f,
                                                                                    envoy_dynamic_module_type_module_buffer name) {
  (void)f;
  set_listener_string(0, name);
}
EXPORT void envoy_dynamic_module_callback_listener_filter_set_detected_transport_protocol(envoy_dynamic_module_type_listener_filter_envoy_ptr f,
                                                                                         envoy_dynamic_module_type_module_buffer protocol) {
  (void)f;
  set_listener_string(1, protocol);
}
static bool get_listener_string(int which, envoy_dynamic_module_type_envoy_buffer* out) {
  if (!listener_string_set[which]) return false;
  *out = (envoy_dynamic_module_type_envoy_buffer){listener_strings[which].data, listener_strings[which].length};
  return true;
}
EXPORT bool envoy_dynamic_module_callback_listener_filter_get_requested_server_name(envoy_dynamic_module_type_listener_filter_envoy_ptr f,
                                                                                    envoy_dynamic_module_type_envoy_buffer* out) {
  (void)f;
  return get_listener_string(0, out);
}
EXPORT bool envoy_dynamic_module_callback_listener_filter_get_detected_transport_protocol(envoy_dynamic_module_type_listener_filter_envoy_ptr f,
                                                                                         envoy_dynamic_module_type_envoy_buffer* out) {
  (void)f;
  return get_listener_string(1, out);
}
EXPORT void envoy_dynamic_module_callback_listener_filter_set_requested_application_protocols(envoy_dynamic_module_type_listener_filter_envoy_ptr f,
                                                                                             envoy_dynamic_module_type_module_buffer* protocols,
                                                                                             size_t count) {
  (void)f;
  EMIT("set_application_protocols [");
  for (size_t i = 0; i < count; i++) {
    if (i) EMIT(",");
    model_put_string(protocols[i].ptr, protocols[i].length);
  }
  EMIT("]\n");
}
EXPORT void envoy_dynamic_module_callback_listener_filter_close_socket(envoy_dynamic_module_type_listener_filter_envoy_ptr f,
                                                                       envoy_dynamic_module_type_module_buffer details) {
  (void)f;
  emit_string_call("close_socket", details);
}
EXPORT void envoy_dynamic_module_callback_listener_filter_continue_filter_chain(envoy_dynamic_module_type_listener_filter_envoy_ptr f, bool success) {
  (void)f;
  EMIT("continue_filter_chain %s\n", success ? "true" : "false");
}
EXPORT bool envoy_dynamic_module_callback_listener_filter_get_remote_address(envoy_dynamic_module_type_listener_filter_envoy_ptr f,
                                                                            envoy_dynamic_module_type_envoy_buffer* address, uint32_t* port) {
  return envoy_dynamic_module_callback_network_filter_get_remote_address(f, address, port);
}
EXPORT bool envoy_dynamic_module_callback_listener_filter_get_local_address(envoy_dynamic_module_type_listener_filter_envoy_ptr f,
                                                                           envoy_dynamic_module_type_envoy_buffer* address, uint32_t* port) {
  return envoy_dynamic_module_callback_network_filter_get_local_address(f, address, port);
}
/* Metrics: envoy_model.c's, without tags (the network and listener ABIs take none). */
#define UNTAGGED_METRICS(kind)                                                                                                                  \
  EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_##kind##_config_define_counter(                                \
      void* c, envoy_dynamic_module_type_module_buffer name, size_t* id) {                                                                    \
    return envoy_dynamic_module_callback_http_filter_config_define_counter(c, name, NULL, 0, id);                                            \
  }                                                                                                                                           \
  EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_##kind##_config_define_gauge(                                  \
      void* c, envoy_dynamic_module_type_module_buffer name, size_t* id) {                                                                    \
    return envoy_dynamic_module_callback_http_filter_config_define_gauge(c, name, NULL, 0, id);                                              \
  }                                                                                                                                           \
  EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_##kind##_config_define_histogram(                              \
      void* c, envoy_dynamic_module_type_module_buffer name, size_t* id) {                                                                    \
    return envoy_dynamic_module_callback_http_filter_config_define_histogram(c, name, NULL, 0, id);                                          \
  }                                                                                                                                           \
  EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_##kind##_increment_counter(void* f, size_t id, uint64_t v) { \
    return envoy_dynamic_module_callback_http_filter_increment_counter(f, id, NULL, 0, v);                                                   \
  }                                                                                                                                           \
  EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_##kind##_set_gauge(void* f, size_t id, uint64_t v) {         \
    return envoy_dynamic_module_callback_http_filter_set_gauge(f, id, NULL, 0, v);                                                           \
  }                                                                                                                                           \
  EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_##kind##_increment_gauge(void* f, size_t id, uint64_t v) {   \
    return envoy_dynamic_module_callback_http_filter_increment_gauge(f, id, NULL, 0, v);                                                     \
  }                                                                                                                                           \
  EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_##kind##_decrement_gauge(void* f, size_t id, uint64_t v) {   \
    return envoy_dynamic_module_callback_http_filter_decrement_gauge(f, id, NULL, 0, v);                                                     \
  }                                                                                                                                           \
  EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_##kind##_record_histogram_value(void* f, size_t id,          \
                                                                                                               uint64_t v) {                  \
    return envoy_dynamic_module_callback_http_filter_record_histogram_value(f, id, NULL, 0, v);                                              \
  }

UNTAGGED_METRICS(network_filter)
UNTAGGED_METRICS(listener_filter)
UNTAGGED_METRICS(udp_listener_filter) /* udp_model.c's kind */
/* access_log_model.c's kind: its updates take the config, which the model ignores as it does the filter. */
UNTAGGED_METRICS(access_logger)

/* ------------------------------------------------------------------ the commands */

static struct {
  __typeof__(&envoy_dynamic_module_on_network_filter_config_new) config_new;
  __typeof__(&envoy_dynamic_module_on_network_filter_config_destroy) config_destroy;
  __typeof__(&envoy_dynamic_module_on_network_filter_new) filter_new;
  __typeof__(&envoy_dynamic_module_on_network_filter_new_connection) new_connection;
  __typeof__(&envoy_dynamic_module_on_network_filter_read) read;
  __typeof__(&envoy_dynamic_module_on_network_filter_write) write;
  __typeof__(&envoy_dynamic_module_on_network_filter_event) event;
  __typeof__(&envoy_dynamic_module_on_network_filter_destroy) destroy;
} hooks;

static struct {
  __typeof__(&envoy_dynamic_module_on_listener_filter_config_new) config_new;
  __typeof__(&envoy_dynamic_module_on_listener_filter_config_destroy) config_destroy;
  __typeof__(&envoy_dynamic_module_on_listener_filter_new) filter_new;
  __typeof__(&envoy_dynamic_module_on_listener_filter_on_accept) on_accept;
  __typeof__(&envoy_dynamic_module_on_listener_filter_get_max_read_bytes) max_read_bytes;
  __typeof__(&envoy_dynamic_module_on_listener_filter_on_data) on_data;
  __typeof__(&envoy_dynamic_module_on_listener_filter_on_close) on_close;
  __typeof__(&envoy_dynamic_module_on_listener_filter_destroy) destroy;
} listener_hooks;

static void* resolve(void* handle, const char* name) {
  void* symbol = dlsym(handle, name);
  if (symbol == NULL) {
    fprintf(stderr, "host: module lacks %s (it registers no network filter)\n", name);
    exit(2);
  }
  return symbol;
}

static void resolve_hooks(void* handle) {
  if (hooks.config_new) return;
#define RESOLVE(field, hook) hooks.field = (__typeof__(hooks.field))resolve(handle, "envoy_dynamic_module_on_network_filter_" hook)
  RESOLVE(config_new, "config_new");
  RESOLVE(config_destroy, "config_destroy");
  RESOLVE(filter_new, "new");
  RESOLVE(new_connection, "new_connection");
  RESOLVE(read, "read");
  RESOLVE(write, "write");
  RESOLVE(event, "event");
  RESOLVE(destroy, "destroy");
#undef RESOLVE
}

static void resolve_listener_hooks(void* handle) {
  if (listener_hooks.config_new) return;
#define RESOLVE(field, hook) listener_hooks.field = (__typeof__(listener_hooks.field))resolve(handle, "envoy_dynamic_module_on_listener_filter_" hook)
  RESOLVE(config_new, "config_new");
  RESOLVE(config_destroy, "config_destroy");
  RESOLVE(filter_new, "new");
  RESOLVE(on_accept, "on_accept");
  RESOLVE(max_read_bytes, "get_max_read_bytes");
  RESOLVE(on_data, "on_data");
  RESOLVE(on_close, "on_close");
  RESOLVE(destroy, "destroy");
#undef RESOLVE
}


static const void* config;
static const void* connection;
static int config_token, connection_token;
static const void* listener_config;
static const void* socket_filter;
static int listener_config_token, socket_token;

static void reset_connection(void) {
  for (int i = 0; i < 2; i++) buffers[i].length = 0;
  strcpy(remote_address, "127.0.0.1");
  strcpy(local_address, "127.0.0.1");
  remote_port = 45678;
  local_port = 10000;
  free(server_name);
  server_name = NULL;
  peeked.length = 0;
  listener_string_set[0] = listener_string_set[1] = false;
}

bool model_network_command(void* module_handle, const char* line) {
  char command = line[0];
  size_t length;
  if (command == 'N') {
    resolve_hooks(module_handle);
    char name_hex[4096], config_hex[60000];
    sscanf(line, "N %4095s %59999s", name_hex, config_hex);
    size_t name_length;
    char* name = model_unhex(name_hex, &name_length);
    char* bytes = model_unhex(config_hex, &length);
    config = hooks.config_new(&config_token, (envoy_dynamic_module_type_envoy_buffer){name, name_length},
                              (envoy_dynamic_module_type_envoy_buffer){bytes, length});
    EMIT("network_config ");
    model_put_string(name, name_length);
    EMIT(" -> %s\n", config ? "ok" : "rejected");
    free(name);
    free(bytes);
  } else if (command == 'a') {
    char which, address_hex[600];
    unsigned port;
    sscanf(line, "a %c %599s %u", &which, address_hex, &port);
    char* address = model_unhex(address_hex, &length);
    snprintf(which == 'r' ? remote_address : local_address, 256, "%s", address);
    if (which == 'r') remote_port = port;
    else local_port = port;
    free(address);
  } else if (command == 'n') {
    free(server_name);
    server_name = model_unhex(line + 2, &server_name_length);
  } else if (command == 'c') {
    connection = config ? hooks.filter_new(config, &connection_token) : NULL;
    EMIT("connection new -> %s\nnew_connection\n", connection ? "ok" : "refused");
    EMIT("-> %d\n", connection ? (int)hooks.new_connection(&connection_token, connection) : -1);
  } else if (command == 'r' || command == 'w') {
    int which = command == 'r' ? 0 : 1;
    int eos = atoi(line + 2);
    const char* data_hex = strchr(line + 2, ' ');
    char* data = model_unhex(data_hex ? data_hex + 1 : "-", &length);
    buffer_put(&buffers[which], buffers[which].length, data, length);
    free(data);
    EMIT("%s end_of_stream=%s\n", buffer_names[which], eos ? "true" : "false");
    size_t size = buffers[which].length;
    int status = !connection ? -1
                 : which == 0 ? (int)hooks.read(&connection_token, connection, size, eos != 0)
                              : (int)hooks.write(&connection_token, connection, size, eos != 0);
    EMIT("-> %d\n", status);
    if (status == 0 && buffers[which].length > 0) {
      EMIT("forward %s ", buffer_names[which]);
      model_put_string(buffers[which].data, buffers[which].length);
      EMIT("\n");
      buffers[which].length = 0;
    }
  } else if (command == 'v') {
    int event = atoi(line + 2);
    EMIT("event %d\n", event);
    if (connection) hooks.event(&connection_token, connection, (envoy_dynamic_module_type_network_connection_event)event);
  } else if (command == 'd') {
    if (connection) hooks.destroy(connection);
    if (buffers[0].length || buffers[1].length) {
      EMIT("buffers read ");
      model_put_string(buffers[0].data, buffers[0].length);
      EMIT(" write ");
      model_put_string(buffers[1].data, buffers[1].length);
      EMIT("\n");
    }
    EMIT("connection destroyed\n");
    connection = NULL;
    reset_connection();
  } else if (command == 'G') {
    resolve_listener_hooks(module_handle);
    char name_hex[4096], config_hex[60000];
    sscanf(line, "G %4095s %59999s", name_hex, config_hex);
    size_t name_length;
    char* name = model_unhex(name_hex, &name_length);
    char* bytes = model_unhex(config_hex, &length);
    listener_config = listener_hooks.config_new(&listener_config_token, (envoy_dynamic_module_type_envoy_buffer){name, name_length},
                                                (envoy_dynamic_module_type_envoy_buffer){bytes, length});
    EMIT("listener_config ");
    model_put_string(name, name_length);
    EMIT(" -> %s\n", listener_config ? "ok" : "rejected");
    free(name);
    free(bytes);
  } else if (command == 's') {
    socket_filter = listener_config ? listener_hooks.filter_new(listener_config, &socket_token) : NULL;
    EMIT("socket new -> %s\naccept\n", socket_filter ? "ok" : "refused");
    int status = socket_filter ? (int)listener_hooks.on_accept(&socket_token, socket_filter) : -1;
    EMIT("-> %d\n", status);
    if (status == 1) EMIT("max_read_bytes -> %zu\n", listener_hooks.max_read_bytes(&socket_token, socket_filter));
  } else if (command == 'p') {
    char* data = model_unhex(line + 2, &length);
    buffer_put(&peeked, peeked.length, data, length);
    free(data);
    EMIT("data\n");
    EMIT("-> %d\n", socket_filter ? (int)listener_hooks.on_data(&socket_token, socket_filter, peeked.length) : -1);
  } else if (command == 'k') {
    EMIT("socket_close\n");
    if (socket_filter) listener_hooks.on_close(&socket_token, socket_filter);
  } else if (command == 'q') {
    if (socket_filter) listener_hooks.destroy(socket_filter);
    EMIT("socket destroyed\n");
    socket_filter = NULL;
    reset_connection();
  } else if (command == 'X') {
    if (listener_config) listener_hooks.config_destroy(listener_config);
    listener_config = NULL;
    if (config) hooks.config_destroy(config);
    config = NULL;
    return false; /* host.c prints "config destroyed" */
  } else {
    return false;
  }
  return true;
}
