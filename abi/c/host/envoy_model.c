/*
 * Envoy's side of the ABI for the test hosts: see envoy_model.h.
 * Why this file is long: it is one model of one stream (header maps, attributes, bodies) and every
 * callback that reads or writes it; split, each part would reach into the others' state.
 */
#include "envoy_model.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))
#define EMIT(...) (model_transcript ? (void)fprintf(model_transcript, __VA_ARGS__) : (void)0)

FILE* model_transcript;
int model_log_level = 2;

/* ------------------------------------------------------------------ transcript */

static unsigned hex_digit(char c) {
  return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

/* Not sscanf("%2x") per byte: glibc's sscanf measures the rest of the string each call, so a 2 MB line took ~30 s. */
char* model_unhex(const char* hex, size_t* length_out) {
  if (strcmp(hex, "-") == 0) hex = ""; /* the protocol's empty string */
  size_t n = strlen(hex) / 2;
  char* bytes = malloc(n + 1);
  for (size_t i = 0; i < n; i++) bytes[i] = (char)(hex_digit(hex[2 * i]) << 4 | hex_digit(hex[2 * i + 1]));
  bytes[n] = 0;
  *length_out = n;
  return bytes;
}

void model_config_line(const char* line, char** name, size_t* name_length, char** config, size_t* config_length) {
  char name_hex[4096], config_hex[60000];
  sscanf(line + 1, " %4095s %59999s", name_hex, config_hex);
  *name = model_unhex(name_hex, name_length);
  *config = model_unhex(config_hex, config_length);
}

void model_put_string(const char* s, size_t n) {
  FILE* out = model_transcript;
  if (out == NULL) return;
  putc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '"': fputs("\\\"", out); break;
      case '\\': fputs("\\\\", out); break;
      case '\b': fputs("\\b", out); break;
      case '\f': fputs("\\f", out); break;
      case '\n': fputs("\\n", out); break;
      case '\r': fputs("\\r", out); break;
      case '\t': fputs("\\t", out); break;
      default:
        if (c < 0x20) fprintf(out, "\\u%04x", c);
        else putc(c, out);
    }
  }
  putc('"', out);
}

static const char* const level_names[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
static const char* const map_names[] = {"request", "request_trailers", "response", "response_trailers"};

/* ------------------------------------------------------------------ what the module may hand Envoy */

static void violation(const char* what, const char* bytes, size_t length) {
  fprintf(stderr, "host: the module handed Envoy %s: ", what);
  for (size_t i = 0; i < length; i++) fprintf(stderr, "%02x", (unsigned char)bytes[i]);
  fputc('\n', stderr);
  abort();
}

static bool is_token_byte(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool is_header_name(const char* name, size_t length) {
  static const char* const pseudo[] = {":authority", ":method", ":path", ":scheme", ":protocol", ":status"};
  if (length == 0) return false;
  if (name[0] == ':') {
    for (size_t i = 0; i < sizeof pseudo / sizeof pseudo[0]; i++) {
      if (strlen(pseudo[i]) == length && memcmp(pseudo[i], name, length) == 0) return true;
    }
    return false;
  }
  for (size_t i = 0; i < length; i++) {
    if (!is_token_byte((unsigned char)name[i])) return false;
  }
  return true;
}

static bool is_named(envoy_dynamic_module_type_module_buffer name, const char* expected) {
  return name.length == strlen(expected) && memcmp(name.ptr, expected, name.length) == 0;
}

/* Pseudo-headers become the HTTP/1 request and status lines (runtime-c/envoy_api.c). */
static void check_pseudo_value(envoy_dynamic_module_type_module_buffer name, envoy_dynamic_module_type_module_buffer value) {
  if (is_named(name, ":status")) {
    int status = 0;
    for (size_t i = 0; i < value.length && value.length == 3; i++) status = value.ptr[i] >= '0' && value.ptr[i] <= '9' ? status * 10 + value.ptr[i] - '0' : -1000;
    if (status < 200 || status > 599 || status == 204 || status == 304) violation("a :status a response cannot have", value.ptr, value.length);
  } else if (is_named(name, ":path") || is_named(name, ":authority")) {
    if (memchr(value.ptr, ' ', value.length) || memchr(value.ptr, '\t', value.length)) violation("whitespace in :path or :authority", value.ptr, value.length);
  } else {
    for (size_t i = 0; i < value.length; i++) {
      if (!is_token_byte((unsigned char)value.ptr[i])) violation("a pseudo-header value that is not a token", value.ptr, value.length);
    }
    if (value.length == 0) violation("an empty pseudo-header value", name.ptr, name.length);
  }
}

static void check_header(envoy_dynamic_module_type_module_buffer name, envoy_dynamic_module_type_module_buffer value) {
  if (!is_header_name(name.ptr, name.length)) violation("a header name that is not a token", name.ptr, name.length);
  for (size_t i = 0; i < value.length; i++) {
    unsigned char c = (unsigned char)value.ptr[i];
    if ((c < 0x20 && c != '\t') || c == 0x7f) violation("a header value with a control character", value.ptr, value.length);
  }
  if (name.ptr[0] == ':') check_pseudo_value(name, value);
}

/* ------------------------------------------------------------------ the model */

typedef struct header {
  char* name;
  size_t name_length;
  char* value;
  size_t value_length;
} header;

typedef struct header_map {
  header* items;
  size_t count;
  size_t capacity;
} header_map;

static header_map maps[MODEL_MAP_COUNT];
/* Whether a map has arrived: Envoy refuses writes to trailers the message has not got (false). */
static bool present[MODEL_MAP_COUNT];

typedef struct attribute {
  int id;
  int is_string;
  int is_bool;
  int is_time; /* read through the timing snapshot only */
  char* bytes;
  size_t length;
  uint64_t number;
} attribute;

enum { MAX_ATTRIBUTES = 128, MAX_COUNTERS = 64 };
static attribute attributes[MAX_ATTRIBUTES];
/* Metrics by kind: 0 counters, 1 gauges, 2 histograms. */
static char* metric_names[3][MAX_COUNTERS];
static size_t metric_tag_counts[3][MAX_COUNTERS];
static size_t metric_counts[3];

static size_t attribute_count;

static char* copy_bytes(const char* bytes, size_t length) {
  char* copy = malloc(length + 1);
  if (length) memcpy(copy, bytes, length);
  copy[length] = 0;
  return copy;
}

static char* lowercase(const char* bytes, size_t length) {
  char* copy = copy_bytes(bytes, length);
  for (size_t i = 0; i < length; i++) {
    if (copy[i] >= 'A' && copy[i] <= 'Z') copy[i] = (char)(copy[i] - 'A' + 'a');
  }
  return copy;
}

void model_clear_headers(int map_index) {
  header_map* map = &maps[map_index];
  for (size_t i = 0; i < map->count; i++) {
    free(map->items[i].name);
    free(map->items[i].value);
  }
  map->count = 0;
  present[map_index] = true;
}

void model_append_header(int map_index, const char* name, size_t name_length, const char* value, size_t value_length) {
  header_map* map = &maps[map_index];
  if (map->count == map->capacity) {
    map->capacity = map->capacity ? map->capacity * 2 : 16;
    map->items = realloc(map->items, map->capacity * sizeof(header));
  }
  header* h = &map->items[map->count++];
  h->name = lowercase(name, name_length);
  h->name_length = name_length;
  h->value = copy_bytes(value, value_length);
  h->value_length = value_length;
}

void model_put_headers(int map_index) {
  if (model_transcript == NULL || map_index < 0 || map_index >= MODEL_MAP_COUNT) return;
  const header_map* map = &maps[map_index];
  EMIT("headers %s [", map_names[map_index]);
  for (size_t i = 0; i < map->count; i++) {
    EMIT(i ? ",[" : "[");
    model_put_string(map->items[i].name, map->items[i].name_length);
    EMIT(",");
    model_put_string(map->items[i].value, map->items[i].value_length);
    EMIT("]");
  }
  EMIT("]\n");
}

static int name_is(const header* h, const char* name, size_t length) {
  if (h->name_length != length) return 0;
  for (size_t i = 0; i < length; i++) {
    char c = name[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (h->name[i] != c) return 0;
  }
  return 1;
}

static void map_remove(header_map* map, const char* name, size_t length) {
  size_t kept = 0;
  for (size_t i = 0; i < map->count; i++) {
    if (name_is(&map->items[i], name, length)) {
      free(map->items[i].name);
      free(map->items[i].value);
    } else {
      map->items[kept++] = map->items[i];
    }
  }
  map->count = kept;
}

/* Replaces the first value in place and drops the others; appends when absent. */
static void map_set(int map_index, const char* name, size_t name_length, const char* value, size_t value_length) {
  header_map* map = &maps[map_index];
  for (size_t i = 0; i < map->count; i++) {
    if (name_is(&map->items[i], name, name_length)) {
      free(map->items[i].value);
      map->items[i].value = copy_bytes(value, value_length);
      map->items[i].value_length = value_length;
      size_t kept = i + 1;
      for (size_t j = i + 1; j < map->count; j++) {
        if (name_is(&map->items[j], name, name_length)) {
          free(map->items[j].name);
          free(map->items[j].value);
        } else {
          map->items[kept++] = map->items[j];
        }
      }
      map->count = kept;
      return;
    }
  }
  model_append_header(map_index, name, name_length, value, value_length);
}

static attribute* find_attribute(int id) {
  for (size_t i = 0; i < attribute_count; i++) {
    if (attributes[i].id == id) return &attributes[i];
  }
  return NULL;
}

static attribute* attribute_slot(int id) {
  attribute* a = find_attribute(id);
  if (a == NULL) {
    if (attribute_count == MAX_ATTRIBUTES) return NULL;
    a = &attributes[attribute_count++];
  } else if (a->is_string) {
    free(a->bytes);
  }
  memset(a, 0, sizeof *a);
  a->id = id;
  return a;
}

void model_set_attribute_string(int id, const char* bytes, size_t length) {
  attribute* a = attribute_slot(id);
  if (a == NULL) return;
  a->is_string = 1;
  a->bytes = copy_bytes(bytes, length);
  a->length = length;
}

void model_set_attribute_int(int id, uint64_t value) {
  attribute* a = attribute_slot(id);
  if (a != NULL) a->number = value;
}

void model_set_attribute_bool(int id, bool value) {
  attribute* a = attribute_slot(id);
  if (a == NULL) return;
  a->is_bool = 1;
  a->number = value;
}

void model_set_attribute_time(int id, uint64_t ns) {
  attribute* a = attribute_slot(id);
  if (a == NULL) return;
  a->is_time = 1;
  a->number = ns;
}

static void bodies_clear(void);
static void store_clear(void);

void model_reset_stream(void) {
  for (size_t i = 0; i < attribute_count; i++) {
    if (attributes[i].is_string) free(attributes[i].bytes);
  }
  attribute_count = 0;
  for (int i = 0; i < MODEL_MAP_COUNT; i++) model_clear_headers(i), present[i] = false;
  bodies_clear();
  store_clear();
}

/* Streamed callouts open in the model, by id (below). */
#define MODEL_HTTP_STREAMS 4096
static bool http_stream_open[MODEL_HTTP_STREAMS];

void model_reset(void) {
  model_reset_stream();
  memset(http_stream_open, 0, sizeof http_stream_open);
  for (int i = 0; i < MODEL_MAP_COUNT; i++) {
    free(maps[i].items);
    maps[i] = (header_map){0};
  }
  for (int kind = 0; kind < 3; kind++) {
    for (size_t i = 0; i < metric_counts[kind]; i++) free(metric_names[kind][i]);
    metric_counts[kind] = 0;
  }
}

/* ------------------------------------------------------------------ ABI callbacks */

EXPORT void envoy_dynamic_module_callback_log_v2(envoy_dynamic_module_type_log_level level,
                                                 envoy_dynamic_module_type_module_buffer message,
                                                 envoy_dynamic_module_type_module_buffer source_file,
                                                 uint32_t source_line) {
  EMIT("log %s ", level_names[level]);
  model_put_string(source_file.ptr, source_file.length);
  EMIT(":%u ", source_line);
  model_put_string(message.ptr, message.length);
  EMIT("\n");
}

EXPORT bool envoy_dynamic_module_callback_log_enabled(envoy_dynamic_module_type_log_level level) {
  return (int)level >= model_log_level;
}

/* ------------------------------------------------------------------ metrics: kind 0 counters, 1 gauges, 2 histograms */

static const char* const metric_kind_names[] = {"counter", "gauge", "histogram"};

static void put_tags(envoy_dynamic_module_type_module_buffer* tags, size_t count) {
  EMIT("[");
  for (size_t i = 0; i < count; i++) {
    if (i) EMIT(",");
    model_put_string(tags[i].ptr, tags[i].length);
  }
  EMIT("]");
}

/* Defining prints `define <kind> "name" [tags]`; Envoy refuses nothing the module asks here. */
static envoy_dynamic_module_type_metrics_result define_metric(int kind, envoy_dynamic_module_type_module_buffer name,
                                                              envoy_dynamic_module_type_module_buffer* tags,
                                                              size_t tag_count, size_t* id) {
  if (metric_counts[kind] == MAX_COUNTERS) return envoy_dynamic_module_type_metrics_result_Frozen;
  EMIT("define %s ", metric_kind_names[kind]);
  model_put_string(name.ptr, name.length);
  EMIT(" ");
  put_tags(tags, tag_count);
  EMIT("\n");
  metric_names[kind][metric_counts[kind]] = copy_bytes(name.ptr, name.length);
  metric_tag_counts[kind][metric_counts[kind]] = tag_count;
  *id = metric_counts[kind]++;
  return envoy_dynamic_module_type_metrics_result_Success;
}

/* `<kind> "name" [tags] <op> value`; the counter of failures (no tags) keeps `counter "name" += N`. */
static envoy_dynamic_module_type_metrics_result update_metric(int kind, size_t id, envoy_dynamic_module_type_module_buffer* tags,
                                                              size_t tag_count, const char* op, uint64_t value) {
  if (id >= metric_counts[kind]) return envoy_dynamic_module_type_metrics_result_MetricNotFound;
  if (tag_count != metric_tag_counts[kind][id]) return envoy_dynamic_module_type_metrics_result_InvalidLabels;
  EMIT("%s ", metric_kind_names[kind]);
  model_put_string(metric_names[kind][id], strlen(metric_names[kind][id]));
  if (tag_count) {
    EMIT(" ");
    put_tags(tags, tag_count);
  }
  EMIT(" %s %llu\n", op, (unsigned long long)value);
  return envoy_dynamic_module_type_metrics_result_Success;
}

EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_define_counter(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr config, envoy_dynamic_module_type_module_buffer name,
    envoy_dynamic_module_type_module_buffer* label_names, size_t label_names_length, size_t* counter_id) {
  (void)config;
  return define_metric(0, name, label_names, label_names_length, counter_id);
}

EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_define_gauge(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr config, envoy_dynamic_module_type_module_buffer name,
    envoy_dynamic_module_type_module_buffer* label_names, size_t label_names_length, size_t* gauge_id) {
  (void)config;
  return define_metric(1, name, label_names, label_names_length, gauge_id);
}

EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_define_histogram(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr config, envoy_dynamic_module_type_module_buffer name,
    envoy_dynamic_module_type_module_buffer* label_names, size_t label_names_length, size_t* histogram_id) {
  (void)config;
  return define_metric(2, name, label_names, label_names_length, histogram_id);
}

EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_increment_counter(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t labels_length, uint64_t value) {
  (void)filter;
  return update_metric(0, id, labels, labels_length, "+=", value);
}

/* A background task's failures (Envoy 1.39 on). */
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_increment_counter(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr config, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t labels_length, uint64_t value) {
  (void)config;
  return update_metric(0, id, labels, labels_length, "+=", value);
}

EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_set_gauge(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t labels_length, uint64_t value) {
  (void)filter;
  return update_metric(1, id, labels, labels_length, "=", value);
}

EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_increment_gauge(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t labels_length, uint64_t value) {
  (void)filter;
  return update_metric(1, id, labels, labels_length, "+=", value);
}

EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_decrement_gauge(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t labels_length, uint64_t value) {
  (void)filter;
  return update_metric(1, id, labels, labels_length, "-=", value);
}

EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_record_histogram_value(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t labels_length, uint64_t value) {
  (void)filter;
  return update_metric(2, id, labels, labels_length, "<-", value);
}

/* One worker in the model. */
EXPORT uint32_t envoy_dynamic_module_callback_http_filter_get_worker_index(envoy_dynamic_module_type_http_filter_envoy_ptr filter) {
  (void)filter;
  return 0;
}

EXPORT bool envoy_dynamic_module_callback_http_get_header(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                          envoy_dynamic_module_type_http_header_type type,
                                                          envoy_dynamic_module_type_module_buffer key,
                                                          envoy_dynamic_module_type_envoy_buffer* result, size_t index,
                                                          size_t* optional_size) {
  (void)filter;
  header_map* map = &maps[type];
  size_t seen = 0;
  result->ptr = NULL;
  result->length = 0;
  for (size_t i = 0; i < map->count; i++) {
    if (name_is(&map->items[i], key.ptr, key.length)) {
      if (seen == index) {
        result->ptr = map->items[i].value;
        result->length = map->items[i].value_length;
      }
      seen++;
    }
  }
  if (optional_size) *optional_size = seen;
  return true;
}

EXPORT size_t envoy_dynamic_module_callback_http_get_headers_size(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                  envoy_dynamic_module_type_http_header_type type) {
  (void)filter;
  return maps[type].count;
}

EXPORT bool envoy_dynamic_module_callback_http_get_headers(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                           envoy_dynamic_module_type_http_header_type type,
                                                           envoy_dynamic_module_type_envoy_http_header* result) {
  (void)filter;
  for (size_t i = 0; i < maps[type].count; i++) {
    result[i].key_ptr = maps[type].items[i].name;
    result[i].key_length = maps[type].items[i].name_length;
    result[i].value_ptr = maps[type].items[i].value;
    result[i].value_length = maps[type].items[i].value_length;
  }
  return true;
}

static bool trailers_present(envoy_dynamic_module_type_http_header_type type) {
  bool trailers = type == envoy_dynamic_module_type_http_header_type_RequestTrailer || type == envoy_dynamic_module_type_http_header_type_ResponseTrailer;
  return !trailers || present[type];
}

/* A header the module sets or adds: checked, then shown in the transcript. */
static void header_written(const char* operation, envoy_dynamic_module_type_http_header_type type,
                           envoy_dynamic_module_type_module_buffer key, envoy_dynamic_module_type_module_buffer value) {
  check_header(key, value);
  EMIT("%s %s ", operation, map_names[type]);
  model_put_string(key.ptr, key.length);
  EMIT(" ");
  model_put_string(value.ptr, value.length);
  EMIT("\n");
}

EXPORT bool envoy_dynamic_module_callback_http_add_header(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                          envoy_dynamic_module_type_http_header_type type,
                                                          envoy_dynamic_module_type_module_buffer key,
                                                          envoy_dynamic_module_type_module_buffer value) {
  (void)filter;
  if (!trailers_present(type)) return false;
  header_written("add_header", type, key, value);
  model_append_header(type, key.ptr, key.length, value.ptr, value.length);
  return true;
}

EXPORT bool envoy_dynamic_module_callback_http_set_header(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                          envoy_dynamic_module_type_http_header_type type,
                                                          envoy_dynamic_module_type_module_buffer key,
                                                          envoy_dynamic_module_type_module_buffer value) {
  (void)filter;
  if (!trailers_present(type)) return false;
  if (value.ptr == NULL) {
    EMIT("remove_header %s ", map_names[type]);
    model_put_string(key.ptr, key.length);
    EMIT("\n");
    map_remove(&maps[type], key.ptr, key.length);
    return true;
  }
  header_written("set_header", type, key, value);
  map_set(type, key.ptr, key.length, value.ptr, value.length);
  return true;
}

static void put_module_headers(const envoy_dynamic_module_type_module_http_header* headers, size_t count) {
  EMIT("[");
  for (size_t i = 0; i < count; i++) {
    EMIT(i ? ",[" : "[");
    model_put_string(headers[i].key_ptr, headers[i].key_length);
    EMIT(",");
    model_put_string(headers[i].value_ptr, headers[i].value_length);
    EMIT("]");
  }
  EMIT("]");
}

EXPORT void envoy_dynamic_module_callback_http_send_response(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                             uint32_t status,
                                                             envoy_dynamic_module_type_module_http_header* headers,
                                                             size_t count, envoy_dynamic_module_type_module_buffer body,
                                                             envoy_dynamic_module_type_module_buffer details) {
  (void)filter;
  /* A local reply is a final response; 204 and 304 have no body on the wire. */
  if (status < 200 || status > 599) violation("a local reply status that is not a final one", (const char*)&status, sizeof status);
  if ((status == 204 || status == 304) && body.ptr != NULL && body.length > 0) violation("a body for a 204 or 304 reply", body.ptr, body.length);
  for (size_t i = 0; i < count; i++) {
    envoy_dynamic_module_type_module_buffer name = {headers[i].key_ptr, headers[i].key_length};
    envoy_dynamic_module_type_module_buffer value = {headers[i].value_ptr, headers[i].value_length};
    check_header(name, value);
  }
  EMIT("send_response %u ", status);
  put_module_headers(headers, count);
  EMIT(" ");
  model_put_string(body.ptr ? body.ptr : "", body.ptr ? body.length : 0);
  EMIT(" ");
  model_put_string(details.ptr ? details.ptr : "", details.ptr ? details.length : 0);
  EMIT("\n");
}

/* ---- a local reply in parts: each part printed as it goes to the client */

EXPORT void envoy_dynamic_module_callback_http_send_response_headers(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                     envoy_dynamic_module_type_module_http_header* headers,
                                                                     size_t count, bool end_stream) {
  (void)filter;
  for (size_t i = 0; i < count; i++) {
    envoy_dynamic_module_type_module_buffer name = {headers[i].key_ptr, headers[i].key_length};
    envoy_dynamic_module_type_module_buffer value = {headers[i].value_ptr, headers[i].value_length};
    bool status = name.length == 7 && memcmp(name.ptr, ":status", 7) == 0;
    if (!status) check_header(name, value);
  }
  EMIT("send_response_headers ");
  put_module_headers(headers, count);
  EMIT(" end_stream=%s\n", end_stream ? "true" : "false");
}

EXPORT void envoy_dynamic_module_callback_http_send_response_data(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                  envoy_dynamic_module_type_module_buffer data, bool end_stream) {
  (void)filter;
  EMIT("send_response_data ");
  model_put_string(data.ptr ? data.ptr : "", data.ptr ? data.length : 0);
  EMIT(" end_stream=%s\n", end_stream ? "true" : "false");
}

EXPORT void envoy_dynamic_module_callback_http_send_response_trailers(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                      envoy_dynamic_module_type_module_http_header* trailers,
                                                                      size_t count) {
  (void)filter;
  for (size_t i = 0; i < count; i++) {
    envoy_dynamic_module_type_module_buffer name = {trailers[i].key_ptr, trailers[i].key_length};
    envoy_dynamic_module_type_module_buffer value = {trailers[i].value_ptr, trailers[i].value_length};
    check_header(name, value);
  }
  EMIT("send_response_trailers ");
  put_module_headers(trailers, count);
  EMIT("\n");
}

EXPORT void envoy_dynamic_module_callback_http_filter_reset_stream(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, envoy_dynamic_module_type_http_filter_stream_reset_reason reason,
    envoy_dynamic_module_type_module_buffer details) {
  (void)filter;
  EMIT("reset_stream %d ", (int)reason);
  model_put_string(details.ptr ? details.ptr : "", details.ptr ? details.length : 0);
  EMIT("\n");
}

EXPORT void envoy_dynamic_module_callback_http_filter_continue_decoding(envoy_dynamic_module_type_http_filter_envoy_ptr filter) {
  (void)filter;
  EMIT("continue_decoding\n");
  model_trailers_done(0, 0); /* the buffered body goes on, as after trailers that continue */
}

EXPORT void envoy_dynamic_module_callback_http_filter_continue_encoding(envoy_dynamic_module_type_http_filter_envoy_ptr filter) {
  (void)filter;
  EMIT("continue_encoding\n");
  model_trailers_done(1, 0); /* the buffered body goes on, as after trailers that continue */
}

EXPORT bool envoy_dynamic_module_callback_http_filter_get_attribute_string(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, envoy_dynamic_module_type_attribute_id id,
    envoy_dynamic_module_type_envoy_buffer* result) {
  (void)filter;
  attribute* a = find_attribute((int)id);
  if (a == NULL || !a->is_string) return false;
  result->ptr = a->bytes;
  result->length = a->length;
  return true;
}

EXPORT bool envoy_dynamic_module_callback_http_filter_get_attribute_int(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                        envoy_dynamic_module_type_attribute_id id,
                                                                        uint64_t* result) {
  (void)filter;
  attribute* a = find_attribute((int)id);
  if (a == NULL || a->is_string || a->is_bool || a->is_time) return false;
  *result = a->number;
  return true;
}

EXPORT bool envoy_dynamic_module_callback_http_filter_get_attribute_bool(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                         envoy_dynamic_module_type_attribute_id id, bool* result) {
  (void)filter;
  attribute* a = find_attribute((int)id);
  if (a == NULL || !a->is_bool) return false;
  *result = a->number != 0;
  return true;
}

EXPORT void envoy_dynamic_module_callback_http_clear_route_cache(envoy_dynamic_module_type_http_filter_envoy_ptr filter) {
  (void)filter;
  EMIT("clear_route_cache\n");
}

EXPORT void envoy_dynamic_module_callback_http_clear_route_cluster_cache(envoy_dynamic_module_type_http_filter_envoy_ptr filter) {
  (void)filter;
  EMIT("clear_route_cluster_cache\n");
}

#if TSE_ENVOY_MINOR >= 40
/* The time attributes as Envoy's snapshot: RequestTime the start, RequestDuration the request's
   completion, ResponseBackendLatency the last upstream byte with the first sent at 0. */
EXPORT void envoy_dynamic_module_callback_http_get_timing_info(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                               envoy_dynamic_module_type_timing_info_v2* t) {
  (void)filter;
  memset(t, 0, sizeof *t);
  attribute* start = find_attribute(envoy_dynamic_module_type_attribute_id_RequestTime);
  attribute* duration = find_attribute(envoy_dynamic_module_type_attribute_id_RequestDuration);
  attribute* latency = find_attribute(envoy_dynamic_module_type_attribute_id_ResponseBackendLatency);
  if (start && start->is_time) t->has_start_time = true, t->start_time_unix_ns = (int64_t)start->number;
  if (duration && duration->is_time) t->has_request_complete = true, t->request_complete_duration_ns = (int64_t)duration->number;
  if (latency && latency->is_time) {
    t->has_first_upstream_tx_byte_sent = t->has_last_upstream_rx_byte_received = true;
    t->first_upstream_tx_byte_sent_ns = 0;
    t->last_upstream_rx_byte_received_ns = (int64_t)latency->number;
  }
}
#endif

/*
 * Bodies, as Envoy keeps them: the received chunk exists only during a body hook; the buffered
 * body exists once something was buffered (or appended to it), as a list of chunks.
 */
typedef struct model_body {
  bool present;
  size_t count;
  char* chunks[64];
  size_t lengths[64];
} model_body;

static model_body bodies[4];

static void body_clear(model_body* body) {
  for (size_t i = 0; i < body->count; i++) free(body->chunks[i]);
  *body = (model_body){0};
}

static size_t body_size(const model_body* body) {
  size_t total = 0;
  for (size_t i = 0; i < body->count; i++) total += body->lengths[i];
  return total;
}

static void body_add(model_body* body, const char* bytes, size_t length) {
  body->present = true;
  if (length == 0) return;
  if (body->count == 64) { /* merge into the last chunk: the model needs no more */
    size_t last = body->count - 1;
    body->chunks[last] = realloc(body->chunks[last], body->lengths[last] + length);
    memcpy(body->chunks[last] + body->lengths[last], bytes, length);
    body->lengths[last] += length;
    return;
  }
  body->chunks[body->count] = copy_bytes(bytes, length);
  body->lengths[body->count++] = length;
}

static void body_drain(model_body* body, size_t bytes) {
  while (bytes > 0 && body->count > 0) {
    size_t take = bytes < body->lengths[0] ? bytes : body->lengths[0];
    memmove(body->chunks[0], body->chunks[0] + take, body->lengths[0] - take);
    body->lengths[0] -= take;
    bytes -= take;
    if (body->lengths[0] == 0) {
      free(body->chunks[0]);
      memmove(body->chunks, body->chunks + 1, (body->count - 1) * sizeof body->chunks[0]);
      memmove(body->lengths, body->lengths + 1, (body->count - 1) * sizeof body->lengths[0]);
      body->count--;
    }
  }
}

void model_body_arrives(int side, const char* bytes, size_t length) {
  body_clear(&bodies[side * 2]);
  body_add(&bodies[side * 2], bytes, length);
}

/* Trailers that continue send a buffered body on first, as Envoy does (no received chunk then). */
void model_trailers_done(int side, int status) {
  if (status == 0 && bodies[side * 2 + 1].present) model_body_hook_done(side, 0);
}

void model_body_hook_done(int side, int status) {
  model_body* received = &bodies[side * 2];
  model_body* buffered = &bodies[side * 2 + 1];
  if (status == 1 || status == 2) {
    for (size_t i = 0; i < received->count; i++) body_add(buffered, received->chunks[i], received->lengths[i]);
    buffered->present = true;
  } else if (status == 0) {
    /* What goes on: the buffered chunks, then this one, each quoted, joined by "+". */
    EMIT("forward %s ", side == 0 ? "request" : "response");
    size_t printed = 0;
    for (model_body* body = buffered;; body = received) {
      for (size_t i = 0; i < body->count; i++, printed++) {
        if (printed) EMIT("+");
        model_put_string(body->chunks[i], body->lengths[i]);
      }
      if (body == received) break;
    }
    if (printed == 0) model_put_string("", 0);
    EMIT("\n");
    body_clear(buffered);
  }
  body_clear(received);
}

static void bodies_clear(void) {
  for (int i = 0; i < 4; i++) body_clear(&bodies[i]);
}

EXPORT size_t envoy_dynamic_module_callback_http_get_body_chunks_size(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                      envoy_dynamic_module_type_http_body_type type) {
  (void)filter;
  return bodies[type].count;
}
EXPORT bool envoy_dynamic_module_callback_http_get_body_chunks(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                               envoy_dynamic_module_type_http_body_type type,
                                                               envoy_dynamic_module_type_envoy_buffer* chunks) {
  (void)filter;
  /* Copies out of Envoy show in the transcript: a filter that does not read copies nothing. */
  EMIT("read_body %d\n", (int)type);
  if (!bodies[type].present) return false;
  for (size_t i = 0; i < bodies[type].count; i++) chunks[i] = (envoy_dynamic_module_type_envoy_buffer){bodies[type].chunks[i], bodies[type].lengths[i]};
  return true;
}
EXPORT size_t envoy_dynamic_module_callback_http_get_body_size(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                               envoy_dynamic_module_type_http_body_type type) {
  (void)filter;
  return body_size(&bodies[type]);
}
EXPORT bool envoy_dynamic_module_callback_http_append_body(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                           envoy_dynamic_module_type_http_body_type type,
                                                           envoy_dynamic_module_type_module_buffer data) {
  (void)filter;
  /* Envoy creates a missing buffered body (addDecodedData); a received one exists only in the hook. */
  if (!bodies[type].present && type % 2 == 0) return false;
  body_add(&bodies[type], data.ptr, data.length);
  return true;
}
EXPORT bool envoy_dynamic_module_callback_http_drain_body(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                          envoy_dynamic_module_type_http_body_type type, size_t bytes) {
  (void)filter;
  if (!bodies[type].present) return false;
  body_drain(&bodies[type], bytes);
  return true;
}

/*
 * Dynamic metadata and filter state of the stream (abi/ts/host/reference.ts keeps the same): a
 * list of entries, metadata under (namespace, key) holding a string, number or bool, filter state
 * under its key; a set replaces. A read of another type than the entry's fails, as Envoy's does.
 */
enum { STORE_STRING, STORE_NUMBER, STORE_BOOL, STORE_FILTER_STATE };
typedef struct store_entry {
  int kind;
  char* ns;
  size_t ns_length;
  char* key;
  size_t key_length;
  char* bytes;
  size_t length;
  double number;
} store_entry;

enum { MAX_STORE = 64, MODEL_BUFFER_LIMIT = 1048576 };
static store_entry store[MAX_STORE];
static size_t store_count;
static uint64_t buffer_limit = MODEL_BUFFER_LIMIT;
static size_t socket_option_count; /* the socket options below */

static void store_clear(void) {
  for (size_t i = 0; i < store_count; i++) free(store[i].ns), free(store[i].key), free(store[i].bytes);
  store_count = 0;
  buffer_limit = MODEL_BUFFER_LIMIT;
  socket_option_count = 0;
}

static bool same_bytes(const char* a, size_t a_length, const char* b, size_t b_length) {
  return a_length == b_length && (a_length == 0 || memcmp(a, b, a_length) == 0);
}

/* Filter state entries have no namespace (NULL, 0). */
static store_entry* store_find(bool filter_state, envoy_dynamic_module_type_module_buffer ns, envoy_dynamic_module_type_module_buffer key) {
  for (size_t i = 0; i < store_count; i++) {
    store_entry* e = &store[i];
    if ((e->kind == STORE_FILTER_STATE) == filter_state && same_bytes(e->ns, e->ns_length, ns.ptr, ns.length) &&
        same_bytes(e->key, e->key_length, key.ptr, key.length)) {
      return e;
    }
  }
  return NULL;
}

static store_entry* store_put(int kind, envoy_dynamic_module_type_module_buffer ns, envoy_dynamic_module_type_module_buffer key) {
  store_entry* e = store_find(kind == STORE_FILTER_STATE, ns, key);
  if (e == NULL) {
    if (store_count == MAX_STORE) return NULL;
    e = &store[store_count++];
    *e = (store_entry){.ns = copy_bytes(ns.ptr, ns.length), .ns_length = ns.length, .key = copy_bytes(key.ptr, key.length), .key_length = key.length};
  }
  free(e->bytes);
  e->bytes = NULL;
  e->length = 0;
  e->kind = kind;
  return e;
}

static void emit_metadata_set(envoy_dynamic_module_type_module_buffer ns, envoy_dynamic_module_type_module_buffer key) {
  EMIT("set_metadata ");
  model_put_string(ns.ptr, ns.length);
  EMIT(" ");
  model_put_string(key.ptr, key.length);
  EMIT(" ");
}

static const envoy_dynamic_module_type_module_buffer no_namespace = {NULL, 0};

EXPORT void envoy_dynamic_module_callback_http_set_dynamic_metadata_string(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                           envoy_dynamic_module_type_module_buffer ns,
                                                                           envoy_dynamic_module_type_module_buffer key,
                                                                           envoy_dynamic_module_type_module_buffer value) {
  (void)filter;
  emit_metadata_set(ns, key);
  model_put_string(value.ptr, value.length);
  EMIT("\n");
  store_entry* e = store_put(STORE_STRING, ns, key);
  if (e != NULL) e->bytes = copy_bytes(value.ptr, value.length), e->length = value.length;
}

EXPORT void envoy_dynamic_module_callback_http_set_dynamic_metadata_number(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                           envoy_dynamic_module_type_module_buffer ns,
                                                                           envoy_dynamic_module_type_module_buffer key, double value) {
  (void)filter;
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  emit_metadata_set(ns, key);
  EMIT("number 0x%016llx\n", (unsigned long long)bits);
  store_entry* e = store_put(STORE_NUMBER, ns, key);
  if (e != NULL) e->number = value;
}

EXPORT void envoy_dynamic_module_callback_http_set_dynamic_metadata_bool(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                         envoy_dynamic_module_type_module_buffer ns,
                                                                         envoy_dynamic_module_type_module_buffer key, bool value) {
  (void)filter;
  emit_metadata_set(ns, key);
  EMIT("%s\n", value ? "true" : "false");
  store_entry* e = store_put(STORE_BOOL, ns, key);
  if (e != NULL) e->number = value;
}

static store_entry* metadata_entry(envoy_dynamic_module_type_metadata_source source, envoy_dynamic_module_type_module_buffer ns,
                                   envoy_dynamic_module_type_module_buffer key, int kind) {
  store_entry* e = source == envoy_dynamic_module_type_metadata_source_Dynamic ? store_find(false, ns, key) : NULL;
  return e != NULL && e->kind == kind ? e : NULL;
}

EXPORT bool envoy_dynamic_module_callback_http_get_metadata_string(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                   envoy_dynamic_module_type_metadata_source source,
                                                                   envoy_dynamic_module_type_module_buffer ns,
                                                                   envoy_dynamic_module_type_module_buffer key,
                                                                   envoy_dynamic_module_type_envoy_buffer* result) {
  (void)filter;
  store_entry* e = metadata_entry(source, ns, key, STORE_STRING);
  if (e == NULL) return false;
  *result = (envoy_dynamic_module_type_envoy_buffer){e->bytes, e->length};
  return true;
}

EXPORT bool envoy_dynamic_module_callback_http_get_metadata_number(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                   envoy_dynamic_module_type_metadata_source source,
                                                                   envoy_dynamic_module_type_module_buffer ns,
                                                                   envoy_dynamic_module_type_module_buffer key, double* result) {
  (void)filter;
  store_entry* e = metadata_entry(source, ns, key, STORE_NUMBER);
  if (e == NULL) return false;
  *result = e->number;
  return true;
}

EXPORT bool envoy_dynamic_module_callback_http_get_metadata_bool(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                 envoy_dynamic_module_type_metadata_source source,
                                                                 envoy_dynamic_module_type_module_buffer ns,
                                                                 envoy_dynamic_module_type_module_buffer key, bool* result) {
  (void)filter;
  store_entry* e = metadata_entry(source, ns, key, STORE_BOOL);
  if (e == NULL) return false;
  *result = e->number != 0;
  return true;
}

#if TSE_ENVOY_MINOR >= 40
/* The Struct's bytes in hex: the model does not merge them into the entries above. */
EXPORT void envoy_dynamic_module_callback_http_set_dynamic_metadata_struct(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                           envoy_dynamic_module_type_module_buffer ns,
                                                                           envoy_dynamic_module_type_module_buffer serialized) {
  (void)filter;
  EMIT("set_metadata_struct ");
  model_put_string(ns.ptr, ns.length);
  EMIT(" ");
  for (size_t i = 0; i < serialized.length; i++) EMIT("%02x", (unsigned char)serialized.ptr[i]);
  EMIT("%s\n", serialized.length ? "" : "-");
}
#endif

EXPORT bool envoy_dynamic_module_callback_http_set_filter_state_bytes(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                      envoy_dynamic_module_type_module_buffer key,
                                                                      envoy_dynamic_module_type_module_buffer value) {
  (void)filter;
  EMIT("set_filter_state ");
  model_put_string(key.ptr, key.length);
  EMIT(" ");
  model_put_string(value.ptr, value.length);
  EMIT("\n");
  store_entry* e = store_put(STORE_FILTER_STATE, no_namespace, key);
  if (e == NULL) return false;
  e->bytes = copy_bytes(value.ptr, value.length);
  e->length = value.length;
  return true;
}

EXPORT bool envoy_dynamic_module_callback_http_get_filter_state_bytes(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                      envoy_dynamic_module_type_module_buffer key,
                                                                      envoy_dynamic_module_type_envoy_buffer* result) {
  (void)filter;
  store_entry* e = store_find(true, no_namespace, key);
  if (e == NULL) return false;
  *result = (envoy_dynamic_module_type_envoy_buffer){e->bytes, e->length};
  return true;
}

#if TSE_ENVOY_MINOR >= 40
EXPORT bool envoy_dynamic_module_callback_http_has_filter_state(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                envoy_dynamic_module_type_module_buffer key) {
  (void)filter;
  return store_find(true, no_namespace, key) != NULL;
}
#endif

/* Socket options the stream set, by direction, level and name (abi/ts/host/reference.ts keeps the same). */
typedef struct socket_option {
  int direction;
  int64_t level, name, value;
} socket_option;
static socket_option socket_options[16];

static socket_option* find_socket_option(int direction, int64_t level, int64_t name) {
  for (size_t i = 0; i < socket_option_count; i++) {
    socket_option* o = &socket_options[i];
    if (o->direction == direction && o->level == level && o->name == name) return o;
  }
  return NULL;
}

EXPORT bool envoy_dynamic_module_callback_http_set_socket_option_int(envoy_dynamic_module_type_http_filter_envoy_ptr filter, int64_t level,
                                                                     int64_t name, envoy_dynamic_module_type_socket_option_state state,
                                                                     envoy_dynamic_module_type_socket_direction direction, int64_t value) {
  (void)filter;
  (void)state;
  EMIT("set_socket_option %d %lld %lld %lld\n", (int)direction, (long long)level, (long long)name, (long long)value);
  socket_option* o = find_socket_option((int)direction, level, name);
  if (o == NULL && socket_option_count == 16) return false;
  if (o == NULL) o = &socket_options[socket_option_count++];
  *o = (socket_option){(int)direction, level, name, value};
  return true;
}

EXPORT bool envoy_dynamic_module_callback_http_get_socket_option_int(envoy_dynamic_module_type_http_filter_envoy_ptr filter, int64_t level,
                                                                     int64_t name, envoy_dynamic_module_type_socket_option_state state,
                                                                     envoy_dynamic_module_type_socket_direction direction, int64_t* value) {
  (void)filter;
  (void)state;
  socket_option* o = find_socket_option((int)direction, level, name);
  if (o != NULL) *value = o->value;
  return o != NULL;
}

EXPORT uint64_t envoy_dynamic_module_callback_http_get_buffer_limit(envoy_dynamic_module_type_http_filter_envoy_ptr filter) {
  (void)filter;
  return buffer_limit;
}

EXPORT void envoy_dynamic_module_callback_http_set_buffer_limit(envoy_dynamic_module_type_http_filter_envoy_ptr filter, uint64_t limit) {
  (void)filter;
  EMIT("set_buffer_limit %llu\n", (unsigned long long)limit);
  buffer_limit = limit;
}

const void* model_route_config;

EXPORT envoy_dynamic_module_type_http_filter_per_route_config_module_ptr envoy_dynamic_module_callback_get_most_specific_route_config(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter) {
  (void)filter;
  return model_route_config;
}

/* ------------------------------------------------------------------ loading a module */

static void* resolve(void* handle, const char* name) {
  void* symbol = dlsym(handle, name);
  if (symbol == NULL) {
    fprintf(stderr, "host: module lacks %s\n", name);
    exit(2);
  }
  return symbol;
}

void* model_resolve(void* handle, const char* name) { return resolve(handle, name); }

/* Hooks Envoy resolves only when it needs them (hooks.json "optional"): NULL when absent. */
#define RESOLVE_OPTIONAL(field, hook) module->field = (__typeof__(module->field))dlsym(handle, "envoy_dynamic_module_on_" hook)

/* ------------------------------------------------------------------ the HTTP filter scheduler (async hooks) */

/*
 * Committed events wait here until the host delivers them on its own thread, as Envoy posts them
 * to the stream's worker (host.c: during W, as they arrive). Any thread may commit.
 */
static pthread_mutex_t scheduled_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t scheduled_arrived = PTHREAD_COND_INITIALIZER;
static uint64_t scheduled_events[256];
static void* scheduled_filters[256]; /* the stream each event is for */
static int scheduled_count;

/* A stream's scheduler is its filter pointer (the host's token for the stream): events find their stream by it. */
EXPORT envoy_dynamic_module_type_http_filter_scheduler_module_ptr envoy_dynamic_module_callback_http_filter_scheduler_new(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter) {
  return filter;
}

EXPORT void envoy_dynamic_module_callback_http_filter_scheduler_commit(envoy_dynamic_module_type_http_filter_scheduler_module_ptr scheduler,
                                                                       uint64_t event_id) {
  pthread_mutex_lock(&scheduled_lock);
  if (scheduled_count < (int)(sizeof scheduled_events / sizeof scheduled_events[0])) {
    scheduled_filters[scheduled_count] = scheduler;
    scheduled_events[scheduled_count++] = event_id;
  }
  pthread_cond_signal(&scheduled_arrived);
  pthread_mutex_unlock(&scheduled_lock);
}

EXPORT void envoy_dynamic_module_callback_http_filter_scheduler_delete(envoy_dynamic_module_type_http_filter_scheduler_module_ptr scheduler) {
  (void)scheduler;
}

/* The config's scheduler (a background task's timers): its events go to the config (host.c). */
static const char config_owner;
const void* model_config_owner(void) { return &config_owner; }

EXPORT envoy_dynamic_module_type_http_filter_config_scheduler_module_ptr envoy_dynamic_module_callback_http_filter_config_scheduler_new(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr config) {
  (void)config;
  return (void*)&config_owner;
}

EXPORT void envoy_dynamic_module_callback_http_filter_config_scheduler_commit(envoy_dynamic_module_type_http_filter_config_scheduler_module_ptr scheduler,
                                                                              uint64_t event_id) {
  envoy_dynamic_module_callback_http_filter_scheduler_commit(scheduler, event_id);
}

EXPORT void envoy_dynamic_module_callback_http_filter_config_scheduler_delete(envoy_dynamic_module_type_http_filter_config_scheduler_module_ptr scheduler) {
  (void)scheduler;
}

int model_header_views(int map_index, envoy_dynamic_module_type_envoy_http_header* views, int capacity) {
  const header_map* map = &maps[map_index];
  int n = 0;
  for (size_t i = 0; i < map->count && n < capacity; i++, n++) {
    views[n].key_ptr = map->items[i].name;
    views[n].key_length = map->items[i].name_length;
    views[n].value_ptr = map->items[i].value;
    views[n].value_length = map->items[i].value_length;
  }
  return n;
}

/* HTTP callouts: printed and numbered; host.c's F line completes one. A cluster named "missing" is not found. */
static uint64_t callout_count;
/* The stream (filter pointer) that started each callout, by id, for ids up to 255. */
static const void* callout_owners[256];

const void* model_callout_owner(uint64_t id) { return id < 256 ? callout_owners[id] : NULL; }

/* Prints a callout's request (`what cluster [headers] body<extra>`); false for the cluster "missing", which is not found. */
static bool put_callout_request(const char* what, envoy_dynamic_module_type_module_buffer cluster, const envoy_dynamic_module_type_module_http_header* headers,
                                size_t count, envoy_dynamic_module_type_module_buffer body, const char* extra) {
  EMIT("%s ", what);
  model_put_string(cluster.ptr, cluster.length);
  EMIT(" ");
  put_module_headers(headers, count);
  EMIT(" ");
  model_put_string(body.ptr ? body.ptr : "", body.ptr ? body.length : 0);
  EMIT("%s", extra);
  return !(cluster.length == 7 && memcmp(cluster.ptr, "missing", 7) == 0);
}

/* A callout of `owner` (a stream's filter pointer, or the config's): printed as `what ...`, numbered. */
static envoy_dynamic_module_type_http_callout_init_result start_callout(const char* what, const void* owner, uint64_t* callout_id_out,
                                                                        envoy_dynamic_module_type_module_buffer cluster_name,
                                                                        const envoy_dynamic_module_type_module_http_header* headers, size_t headers_size,
                                                                        envoy_dynamic_module_type_module_buffer body, uint64_t timeout_milliseconds) {
  if (!put_callout_request(what, cluster_name, headers, headers_size, body, "")) {
    EMIT(" %llu -> refused 2\n", (unsigned long long)timeout_milliseconds);
    return envoy_dynamic_module_type_http_callout_init_result_ClusterNotFound;
  }
  *callout_id_out = ++callout_count;
  if (callout_count < 256) callout_owners[callout_count] = owner;
  EMIT(" %llu -> %llu\n", (unsigned long long)timeout_milliseconds, (unsigned long long)callout_count);
  return envoy_dynamic_module_type_http_callout_init_result_Success;
}

EXPORT envoy_dynamic_module_type_http_callout_init_result envoy_dynamic_module_callback_http_filter_http_callout(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, uint64_t* callout_id_out, envoy_dynamic_module_type_module_buffer cluster_name,
    envoy_dynamic_module_type_module_http_header* headers, size_t headers_size, envoy_dynamic_module_type_module_buffer body,
    uint64_t timeout_milliseconds) {
  return start_callout("http_callout", filter, callout_id_out, cluster_name, headers, headers_size, body, timeout_milliseconds);
}

/* A background task's callout (the config's): printed and numbered as a stream's; host.c's H line completes it. */
EXPORT envoy_dynamic_module_type_http_callout_init_result envoy_dynamic_module_callback_http_filter_config_http_callout(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr config, uint64_t* callout_id_out, envoy_dynamic_module_type_module_buffer cluster_name,
    envoy_dynamic_module_type_module_http_header* headers, size_t headers_size, envoy_dynamic_module_type_module_buffer body,
    uint64_t timeout_milliseconds) {
  (void)config;
  return start_callout("config_http_callout", &config_owner, callout_id_out, cluster_name, headers, headers_size, body, timeout_milliseconds);
}

/* Streamed callouts (as reference.ts): numbered with the callouts, open until complete or reset; host.c's y line
   delivers their events. Resetting an open one calls the module's reset hook inline, as Envoy does. */
void (*model_http_stream_reset)(uint64_t id);

static bool http_stream_is_open(uint64_t id) { return id < MODEL_HTTP_STREAMS && http_stream_open[id]; }

bool model_http_stream_close(uint64_t id) {
  bool was = http_stream_is_open(id);
  if (was) http_stream_open[id] = false;
  return was;
}

EXPORT envoy_dynamic_module_type_http_callout_init_result envoy_dynamic_module_callback_http_filter_start_http_stream(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, uint64_t* stream_id_out, envoy_dynamic_module_type_module_buffer cluster_name,
    envoy_dynamic_module_type_module_http_header* headers, size_t headers_size, envoy_dynamic_module_type_module_buffer body, bool end_stream,
    uint64_t timeout_milliseconds) {
  if (!put_callout_request("start_http_stream", cluster_name, headers, headers_size, body, end_stream ? " end_stream=true" : " end_stream=false")) {
    EMIT(" %llu -> refused 2\n", (unsigned long long)timeout_milliseconds);
    return envoy_dynamic_module_type_http_callout_init_result_ClusterNotFound;
  }
  *stream_id_out = ++callout_count;
  if (callout_count < 256) callout_owners[callout_count] = filter;
  if (callout_count < MODEL_HTTP_STREAMS) http_stream_open[callout_count] = true;
  EMIT(" %llu -> %llu\n", (unsigned long long)timeout_milliseconds, (unsigned long long)callout_count);
  return envoy_dynamic_module_type_http_callout_init_result_Success;
}

EXPORT bool envoy_dynamic_module_callback_http_stream_send_data(envoy_dynamic_module_type_http_filter_envoy_ptr filter, uint64_t stream_id,
                                                                envoy_dynamic_module_type_module_buffer data, bool end_stream) {
  (void)filter;
  bool open = http_stream_is_open(stream_id);
  EMIT("http_stream_send_data %llu ", (unsigned long long)stream_id);
  model_put_string(data.ptr ? data.ptr : "", data.ptr ? data.length : 0);
  EMIT(" end_stream=%s -> %s\n", end_stream ? "true" : "false", open ? "true" : "false");
  return open;
}

EXPORT bool envoy_dynamic_module_callback_http_stream_send_trailers(envoy_dynamic_module_type_http_filter_envoy_ptr filter, uint64_t stream_id,
                                                                    envoy_dynamic_module_type_module_http_header* trailers, size_t trailers_size) {
  (void)filter;
  bool open = http_stream_is_open(stream_id);
  EMIT("http_stream_send_trailers %llu ", (unsigned long long)stream_id);
  put_module_headers(trailers, trailers_size);
  EMIT(" -> %s\n", open ? "true" : "false");
  return open;
}

EXPORT void envoy_dynamic_module_callback_http_filter_reset_http_stream(envoy_dynamic_module_type_http_filter_envoy_ptr filter, uint64_t stream_id) {
  (void)filter;
  EMIT("reset_http_stream %llu\n", (unsigned long long)stream_id);
  if (model_http_stream_close(stream_id) && model_http_stream_reset) model_http_stream_reset(stream_id);
}

int model_wait_scheduled(const struct timespec* deadline, uint64_t* events, void** filters, int capacity) {
  pthread_mutex_lock(&scheduled_lock);
  while (scheduled_count == 0 && pthread_cond_timedwait(&scheduled_arrived, &scheduled_lock, deadline) == 0) {
  }
  int taken = scheduled_count < capacity ? scheduled_count : capacity;
  memcpy(events, scheduled_events, (size_t)taken * sizeof events[0]);
  memcpy(filters, scheduled_filters, (size_t)taken * sizeof filters[0]);
  memmove(scheduled_events, scheduled_events + taken, (size_t)(scheduled_count - taken) * sizeof events[0]);
  memmove(scheduled_filters, scheduled_filters + taken, (size_t)(scheduled_count - taken) * sizeof filters[0]);
  scheduled_count -= taken;
  pthread_mutex_unlock(&scheduled_lock);
  return taken;
}

void model_load_module(const char* path, model_module* module) {
  void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    fprintf(stderr, "host: %s\n", dlerror());
    exit(2);
  }
  module->handle = handle;
#define RESOLVE(field, hook) module->field = (__typeof__(module->field))resolve(handle, "envoy_dynamic_module_on_" hook)
  RESOLVE(program_init, "program_init");
  RESOLVE(config_new, "http_filter_config_new");
  RESOLVE(config_destroy, "http_filter_config_destroy");
  RESOLVE(filter_new, "http_filter_new");
  RESOLVE(request_headers, "http_filter_request_headers");
  RESOLVE(request_body, "http_filter_request_body");
  RESOLVE(request_trailers, "http_filter_request_trailers");
  RESOLVE(response_headers, "http_filter_response_headers");
  RESOLVE(response_body, "http_filter_response_body");
  RESOLVE(response_trailers, "http_filter_response_trailers");
  RESOLVE(local_reply, "http_filter_local_reply");
  RESOLVE(stream_complete, "http_filter_stream_complete");
  RESOLVE(watermark_above, "http_filter_downstream_above_write_buffer_high_watermark");
  RESOLVE(watermark_below, "http_filter_downstream_below_write_buffer_low_watermark");
  RESOLVE(filter_destroy, "http_filter_destroy");
  RESOLVE(scheduled, "http_filter_scheduled");
  RESOLVE(callout_done, "http_filter_http_callout_done");
  RESOLVE(http_stream_headers, "http_filter_http_stream_headers");
  RESOLVE(http_stream_data, "http_filter_http_stream_data");
  RESOLVE(http_stream_trailers, "http_filter_http_stream_trailers");
  RESOLVE(http_stream_complete, "http_filter_http_stream_complete");
  RESOLVE(http_stream_reset, "http_filter_http_stream_reset");
  RESOLVE_OPTIONAL(per_route_config_new, "http_filter_per_route_config_new");
  RESOLVE_OPTIONAL(per_route_config_destroy, "http_filter_per_route_config_destroy");
  RESOLVE_OPTIONAL(config_scheduled, "http_filter_config_scheduled");
  RESOLVE_OPTIONAL(config_callout_done, "http_filter_config_http_callout_done");
#undef RESOLVE
#undef RESOLVE_OPTIONAL
}

/* ------------------------------------------------------------------ several streams at once (host.c's m line) */

/* What model_reset_stream clears: one stream's side of the model. */
struct model_stream_state {
  header_map maps[MODEL_MAP_COUNT];
  bool present[MODEL_MAP_COUNT];
  attribute attributes[MAX_ATTRIBUTES];
  size_t attribute_count;
  model_body bodies[4];
  store_entry store[MAX_STORE];
  size_t store_count;
  uint64_t buffer_limit;
  socket_option socket_options[16];
  size_t socket_option_count;
};

model_stream_state* model_stream_state_new(void) {
  model_stream_state* state = calloc(1, sizeof *state);
  if (state == NULL) abort();
  state->buffer_limit = MODEL_BUFFER_LIMIT;
  return state;
}

#define SWAP(field)                                          \
  do {                                                       \
    char held[sizeof(field)];                                \
    memcpy(held, &(field), sizeof(field));                   \
    memcpy(&(field), &other->field, sizeof(field));          \
    memcpy(&other->field, held, sizeof(field));              \
  } while (0)

void model_swap_stream(model_stream_state* other) {
  SWAP(maps);
  SWAP(present);
  SWAP(attributes);
  SWAP(attribute_count);
  SWAP(bodies);
  SWAP(store);
  SWAP(store_count);
  SWAP(buffer_limit);
  SWAP(socket_options);
  SWAP(socket_option_count);
}
