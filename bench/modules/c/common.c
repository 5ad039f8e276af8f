/*
 * What every hand-written benchmark module shares: weak no-op definitions of the ABI hooks (a
 * module's own definitions replace them at link time), filter_config JSON through jsmn, header
 * checks done once on config values, and logging.
 */
#include <stdlib.h>
#include <string.h>

#define JSMN_STATIC
#define JSMN_STRICT
#include "vendor/jsmn.h"

#include "bench_module.h"

#define WEAK BENCH_EXPORT __attribute__((weak))

/* ------------------------------------------------------------------ hooks every module needs */

BENCH_EXPORT envoy_dynamic_module_type_abi_version_module_ptr envoy_dynamic_module_on_program_init(void) {
  return TSE_ENVOY_ABI_VERSION;
}

/* Filters without per-stream state (all but zero_copy_regex_waf.c, which defines its own): a stream's module pointer is the config. */
WEAK envoy_dynamic_module_type_http_filter_module_ptr envoy_dynamic_module_on_http_filter_new(
    envoy_dynamic_module_type_http_filter_config_module_ptr config, envoy_dynamic_module_type_http_filter_envoy_ptr envoy) {
  (void)envoy;
  return config;
}

WEAK envoy_dynamic_module_type_on_http_filter_request_headers_status envoy_dynamic_module_on_http_filter_request_headers(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, bool eos) {
  (void)e, (void)f, (void)eos;
  return envoy_dynamic_module_type_on_http_filter_request_headers_status_Continue;
}
WEAK envoy_dynamic_module_type_on_http_filter_request_body_status envoy_dynamic_module_on_http_filter_request_body(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, bool eos) {
  (void)e, (void)f, (void)eos;
  return envoy_dynamic_module_type_on_http_filter_request_body_status_Continue;
}
WEAK envoy_dynamic_module_type_on_http_filter_request_trailers_status envoy_dynamic_module_on_http_filter_request_trailers(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f) {
  (void)e, (void)f;
  return envoy_dynamic_module_type_on_http_filter_request_trailers_status_Continue;
}
WEAK envoy_dynamic_module_type_on_http_filter_response_headers_status envoy_dynamic_module_on_http_filter_response_headers(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, bool eos) {
  (void)e, (void)f, (void)eos;
  return envoy_dynamic_module_type_on_http_filter_response_headers_status_Continue;
}
WEAK envoy_dynamic_module_type_on_http_filter_response_body_status envoy_dynamic_module_on_http_filter_response_body(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, bool eos) {
  (void)e, (void)f, (void)eos;
  return envoy_dynamic_module_type_on_http_filter_response_body_status_Continue;
}
WEAK envoy_dynamic_module_type_on_http_filter_response_trailers_status envoy_dynamic_module_on_http_filter_response_trailers(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f) {
  (void)e, (void)f;
  return envoy_dynamic_module_type_on_http_filter_response_trailers_status_Continue;
}
WEAK void envoy_dynamic_module_on_http_filter_stream_complete(envoy_dynamic_module_type_http_filter_envoy_ptr e,
                                                              envoy_dynamic_module_type_http_filter_module_ptr f) {
  (void)e, (void)f;
}
WEAK void envoy_dynamic_module_on_http_filter_destroy(envoy_dynamic_module_type_http_filter_module_ptr f) { (void)f; }

/* Envoy's own local replies (404 without a route, ...) pass through unchanged. */
WEAK envoy_dynamic_module_type_on_http_filter_local_reply_status envoy_dynamic_module_on_http_filter_local_reply(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, uint32_t code,
    envoy_dynamic_module_type_envoy_buffer details, bool reset_imminent) {
  (void)e, (void)f, (void)code, (void)details, (void)reset_imminent;
  return envoy_dynamic_module_type_on_http_filter_local_reply_status_Continue;
}

/* Callouts, streams, scheduling and watermarks: none of the benchmark filters use them. */
BENCH_EXPORT void envoy_dynamic_module_on_http_filter_http_callout_done(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, uint64_t id,
    envoy_dynamic_module_type_http_callout_result r, envoy_dynamic_module_type_envoy_http_header* h, size_t hs,
    envoy_dynamic_module_type_envoy_buffer* b, size_t bs) {
  (void)e, (void)f, (void)id, (void)r, (void)h, (void)hs, (void)b, (void)bs;
}
BENCH_EXPORT void envoy_dynamic_module_on_http_filter_http_stream_headers(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, uint64_t id,
    envoy_dynamic_module_type_envoy_http_header* h, size_t hs, bool end) {
  (void)e, (void)f, (void)id, (void)h, (void)hs, (void)end;
}
BENCH_EXPORT void envoy_dynamic_module_on_http_filter_http_stream_data(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, uint64_t id,
    const envoy_dynamic_module_type_envoy_buffer* d, size_t dc, bool end) {
  (void)e, (void)f, (void)id, (void)d, (void)dc, (void)end;
}
BENCH_EXPORT void envoy_dynamic_module_on_http_filter_http_stream_trailers(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, uint64_t id,
    envoy_dynamic_module_type_envoy_http_header* t, size_t ts) {
  (void)e, (void)f, (void)id, (void)t, (void)ts;
}
BENCH_EXPORT void envoy_dynamic_module_on_http_filter_http_stream_complete(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, uint64_t id) {
  (void)e, (void)f, (void)id;
}
BENCH_EXPORT void envoy_dynamic_module_on_http_filter_http_stream_reset(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f, uint64_t id,
    envoy_dynamic_module_type_http_stream_reset_reason r) {
  (void)e, (void)f, (void)id, (void)r;
}
BENCH_EXPORT void envoy_dynamic_module_on_http_filter_scheduled(envoy_dynamic_module_type_http_filter_envoy_ptr e,
                                                                envoy_dynamic_module_type_http_filter_module_ptr f,
                                                                uint64_t id) {
  (void)e, (void)f, (void)id;
}
BENCH_EXPORT void envoy_dynamic_module_on_http_filter_downstream_above_write_buffer_high_watermark(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f) {
  (void)e, (void)f;
}
BENCH_EXPORT void envoy_dynamic_module_on_http_filter_downstream_below_write_buffer_low_watermark(
    envoy_dynamic_module_type_http_filter_envoy_ptr e, envoy_dynamic_module_type_http_filter_module_ptr f) {
  (void)e, (void)f;
}

/* ------------------------------------------------------------------ filter_config JSON */

bool bench_json_parse(envoy_dynamic_module_type_envoy_buffer config, bench_json* out) {
  memset(out, 0, sizeof *out);
  out->text = malloc(config.length + 1);
  if (config.length) memcpy(out->text, config.ptr, config.length);
  out->text[config.length] = 0;
  jsmn_parser parser;
  jsmn_init(&parser);
  int count = jsmn_parse(&parser, out->text, config.length, NULL, 0);
  if (count > 0) {
    out->tokens = calloc((size_t)count, sizeof(jsmntok_t));
    jsmn_init(&parser);
    count = jsmn_parse(&parser, out->text, config.length, out->tokens, (unsigned)count);
  }
  if (count <= 0) {
    bench_log(envoy_dynamic_module_type_log_level_Error, "common.c", "filter_config is not JSON");
    bench_json_free(out);
    return false;
  }
  out->count = count;
  return true;
}

void bench_json_free(bench_json* json) {
  free(json->text);
  free(json->tokens);
  memset(json, 0, sizeof *json);
}

static const jsmntok_t* token(const bench_json* json, int index) {
  return index >= 0 && index < json->count ? &((const jsmntok_t*)json->tokens)[index] : NULL;
}

int bench_json_next(const bench_json* json, int index) {
  const jsmntok_t* t = token(json, index);
  if (t == NULL) return json->count;
  int next = index + 1;
  int children = t->type == JSMN_OBJECT ? 2 * t->size : t->type == JSMN_ARRAY ? t->size : 0;
  for (int i = 0; i < children; i++) next = bench_json_next(json, next);
  return next;
}

int bench_json_member(const bench_json* json, int object, const char* key) {
  const jsmntok_t* t = token(json, object);
  if (t == NULL || t->type != JSMN_OBJECT) return -1;
  size_t key_length = strlen(key);
  int index = object + 1;
  for (int i = 0; i < t->size; i++) {
    const jsmntok_t* k = token(json, index);
    if (k == NULL) return -1;
    if (k->type == JSMN_STRING && (size_t)(k->end - k->start) == key_length &&
        memcmp(json->text + k->start, key, key_length) == 0) {
      return index + 1;
    }
    index = bench_json_next(json, index + 1);
  }
  return -1;
}

bool bench_json_is_array(const bench_json* json, int index) {
  const jsmntok_t* t = token(json, index);
  return t != NULL && t->type == JSMN_ARRAY;
}

int bench_json_size(const bench_json* json, int index) {
  const jsmntok_t* t = token(json, index);
  return t ? t->size : 0;
}

bool bench_json_string(const bench_json* json, int index, bench_bytes* out) {
  const jsmntok_t* t = token(json, index);
  if (t == NULL || t->type != JSMN_STRING) return false;
  const char* in = json->text + t->start;
  size_t length = (size_t)(t->end - t->start), n = 0;
  char* bytes = malloc(length + 1);
  for (size_t i = 0; i < length; i++) {
    char c = in[i];
    if (c == '\\') {
      static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
      const char* e = ++i < length && in[i] != 0 ? strchr(escapes, in[i]) : NULL;
      if (e == NULL || (e - escapes) % 2 != 0) { /* \uXXXX: not needed by the benchmark configs */
        free(bytes);
        return false;
      }
      c = e[1];
    }
    bytes[n++] = c;
  }
  bytes[n] = 0;
  out->ptr = bytes;
  out->length = n;
  return true;
}

bool bench_json_number(const bench_json* json, int index, double* out) {
  const jsmntok_t* t = token(json, index);
  if (t == NULL || t->type != JSMN_PRIMITIVE) return false;
  char c = json->text[t->start];
  if (c != '-' && (c < '0' || c > '9')) return false; /* true, false, null */
  *out = strtod(json->text + t->start, NULL);
  return true;
}

/* ------------------------------------------------------------------ checks and logging */

bool bench_is_header_name(const bench_bytes* name) {
  if (name->length == 0) return false;
  for (size_t i = 0; i < name->length; i++) {
    unsigned char c = (unsigned char)name->ptr[i];
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && (c == 0 || strchr("!#$%&'*+-.^_`|~", c) == NULL)) return false;
  }
  return true;
}

bool bench_is_header_value(const bench_bytes* value) {
  for (size_t i = 0; i < value->length; i++) {
    unsigned char c = (unsigned char)value->ptr[i];
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

bool bench_name_is(envoy_dynamic_module_type_envoy_buffer name, const char* expected) {
  size_t length = strlen(expected);
  return name.length == length && memcmp(name.ptr, expected, length) == 0;
}

void bench_log(envoy_dynamic_module_type_log_level level, const char* file, const char* message) {
  if (!envoy_dynamic_module_callback_log_enabled(level)) return;
  envoy_dynamic_module_callback_log_v2(level, bench_buffer(message, strlen(message)), bench_buffer(file, strlen(file)), 0);
}
