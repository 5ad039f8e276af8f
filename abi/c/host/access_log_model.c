/*
 * The test hosts' access loggers (issue 11): one log entry's model (what a finished stream left:
 * header maps, code, flags, timing, bytes, names, client address), Envoy's access logger callbacks
 * over it, and the protocol's commands (abi/ts/host/protocol.ts: J, j), printing what
 * abi/ts/host/reference-access-log.ts prints. Metrics go through network_model.c's (untagged).
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "envoy_model.h"

#define EXPORT __attribute__((visibility("default")))
#define EMIT(...) (model_transcript ? (void)fprintf(model_transcript, __VA_ARGS__) : (void)0)

/* The entry's fields, as the j line gives them (hex; "-" absent). */
enum { F_TYPE, F_CODE, F_FLAGS, F_START, F_LAST_TX, F_RX, F_TX, F_PROTOCOL, F_ROUTE, F_CLUSTER, F_REQUEST_ID, F_REMOTE, F_PORT, F_HEADERS0, F_HEADERS2, F_HEADERS3, F_COUNT };
static char* fields[F_COUNT];
static size_t lengths[F_COUNT];
static bool present[F_COUNT];

static long long number(int field) { return present[field] ? atoll(fields[field]) : 0; }

static bool string_field(int field, envoy_dynamic_module_type_envoy_buffer* out) {
  if (!present[field]) return false;
  *out = (envoy_dynamic_module_type_envoy_buffer){fields[field], lengths[field]};
  return true;
}

/* A header map field: "name\nvalue\n" pairs; the first value of `key` (any case). */
EXPORT bool envoy_dynamic_module_callback_access_logger_get_header_value(envoy_dynamic_module_type_access_logger_envoy_ptr l,
                                                                        envoy_dynamic_module_type_http_header_type type,
                                                                        envoy_dynamic_module_type_module_buffer key, envoy_dynamic_module_type_envoy_buffer* result,
                                                                        size_t index, size_t* total) {
  (void)l, (void)index;
  int field = type == 0 ? F_HEADERS0 : type == 2 ? F_HEADERS2 : F_HEADERS3;
  *total = 0;
  if (!present[field]) return false;
  const char* at = fields[field];
  const char* end = at + lengths[field];
  while (at < end) {
    const char* name_end = memchr(at, '\n', (size_t)(end - at));
    if (name_end == NULL) break;
    const char* value = name_end + 1;
    const char* value_end = memchr(value, '\n', (size_t)(end - value));
    if (value_end == NULL) value_end = end;
    if ((size_t)(name_end - at) == key.length && strncasecmp(at, key.ptr, key.length) == 0) {
      *result = (envoy_dynamic_module_type_envoy_buffer){value, (size_t)(value_end - value)};
      *total = 1;
      return true;
    }
    at = value_end + 1;
  }
  return false;
}
EXPORT uint32_t envoy_dynamic_module_callback_access_logger_get_response_code(envoy_dynamic_module_type_access_logger_envoy_ptr l) {
  (void)l;
  return (uint32_t)number(F_CODE);
}
EXPORT uint64_t envoy_dynamic_module_callback_access_logger_get_response_flags(envoy_dynamic_module_type_access_logger_envoy_ptr l) {
  (void)l;
  return (uint64_t)number(F_FLAGS);
}
EXPORT void envoy_dynamic_module_callback_access_logger_get_timing_info(envoy_dynamic_module_type_access_logger_envoy_ptr l, envoy_dynamic_module_type_timing_info* out) {
  (void)l;
  memset(out, 0xff, sizeof *out); /* -1: not known */
  out->start_time_unix_ns = number(F_START);
  out->last_downstream_tx_byte_sent_ns = present[F_LAST_TX] ? number(F_LAST_TX) : -1;
}
EXPORT void envoy_dynamic_module_callback_access_logger_get_bytes_info(envoy_dynamic_module_type_access_logger_envoy_ptr l, envoy_dynamic_module_type_bytes_info* out) {
  (void)l;
  memset(out, 0, sizeof *out);
  out->bytes_received = (uint64_t)number(F_RX);
  out->bytes_sent = (uint64_t)number(F_TX);
}
EXPORT bool envoy_dynamic_module_callback_access_logger_get_protocol(envoy_dynamic_module_type_access_logger_envoy_ptr l, envoy_dynamic_module_type_envoy_buffer* out) {
  (void)l;
  return string_field(F_PROTOCOL, out);
}
EXPORT bool envoy_dynamic_module_callback_access_logger_get_route_name(envoy_dynamic_module_type_access_logger_envoy_ptr l, envoy_dynamic_module_type_envoy_buffer* out) {
  (void)l;
  return string_field(F_ROUTE, out);
}
EXPORT bool envoy_dynamic_module_callback_access_logger_get_upstream_cluster(envoy_dynamic_module_type_access_logger_envoy_ptr l, envoy_dynamic_module_type_envoy_buffer* out) {
  (void)l;
  return string_field(F_CLUSTER, out);
}
EXPORT bool envoy_dynamic_module_callback_access_logger_get_request_id(envoy_dynamic_module_type_access_logger_envoy_ptr l, envoy_dynamic_module_type_envoy_buffer* out) {
  (void)l;
  return string_field(F_REQUEST_ID, out);
}
EXPORT bool envoy_dynamic_module_callback_access_logger_get_downstream_remote_address(envoy_dynamic_module_type_access_logger_envoy_ptr l,
                                                                                      envoy_dynamic_module_type_envoy_buffer* out, uint32_t* port) {
  (void)l;
  *port = (uint32_t)number(F_PORT);
  return string_field(F_REMOTE, out);
}

/* ------------------------------------------------------------------ the commands */

static struct {
  __typeof__(&envoy_dynamic_module_on_access_logger_config_new) config_new;
  __typeof__(&envoy_dynamic_module_on_access_logger_config_destroy) config_destroy;
  __typeof__(&envoy_dynamic_module_on_access_logger_new) logger_new;
  __typeof__(&envoy_dynamic_module_on_access_logger_log) log;
  __typeof__(&envoy_dynamic_module_on_access_logger_destroy) destroy;
} hooks;

static void resolve_hooks(void* handle) {
  if (hooks.config_new) return;
#define RESOLVE(field, hook) hooks.field = (__typeof__(hooks.field))model_resolve(handle, "envoy_dynamic_module_on_access_logger_" hook)
  RESOLVE(config_new, "config_new");
  RESOLVE(config_destroy, "config_destroy");
  RESOLVE(logger_new, "new");
  RESOLVE(log, "log");
  RESOLVE(destroy, "destroy");
#undef RESOLVE
}

static const void* config;
static const void* logger;
static int config_token, logger_token, entry_token;

/* J <name> <config>: the config and its logger; j <field>...: a log entry (F_COUNT hex fields). */
bool model_access_log_command(void* module_handle, const char* line) {
  char command = line[0];
  size_t length;
  if (command == 'J') {
    resolve_hooks(module_handle);
    char *name, *bytes;
    size_t name_length;
    model_config_line(line, &name, &name_length, &bytes, &length);
    config = hooks.config_new(&config_token, (envoy_dynamic_module_type_envoy_buffer){name, name_length}, (envoy_dynamic_module_type_envoy_buffer){bytes, length});
    EMIT("access_logger_config ");
    model_put_string(name, name_length);
    EMIT(" -> %s\n", config ? "ok" : "rejected");
    free(name);
    free(bytes);
    logger = config ? hooks.logger_new(config, &logger_token) : NULL;
  } else if (command == 'j') {
    const char* at = line + 1;
    for (int i = 0; i < F_COUNT; i++) {
      while (*at == ' ') at++;
      const char* end = strchr(at, ' ');
      size_t n = end ? (size_t)(end - at) : strlen(at);
      char hex[65536];
      snprintf(hex, sizeof hex, "%.*s", (int)(n < sizeof hex - 1 ? n : sizeof hex - 1), at);
      free(fields[i]);
      present[i] = strcmp(hex, "-") != 0;
      fields[i] = model_unhex(hex, &lengths[i]);
      at += n;
    }
    EMIT("log_entry %lld\n", number(F_TYPE));
    if (logger) hooks.log(&entry_token, logger, (envoy_dynamic_module_type_access_log_type)number(F_TYPE));
  } else if (command == 'X') {
    if (logger) hooks.destroy(logger);
    logger = NULL;
    if (config) hooks.config_destroy(config);
    config = NULL;
    return false; /* host.c prints "config destroyed" */
  } else {
    return false;
  }
  return true;
}
