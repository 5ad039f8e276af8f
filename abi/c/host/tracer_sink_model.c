/*
 * The test hosts' tracers and stats sinks (issue 11): one span's trace context (its headers, the
 * stream's protocol, host, path and method as the keys ":protocol", ":authority", ":path",
 * ":method") and one flush's snapshot, Envoy's callbacks over them, and the protocol's commands
 * for them (abi/ts/host/protocol.ts), printing what abi/ts/host/reference-tracer-sink.ts prints.
 * Tracer metrics go to envoy_model.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "envoy_model.h"

#define EXPORT __attribute__((visibility("default")))
#define EMIT(...) (model_transcript ? (void)fprintf(model_transcript, __VA_ARGS__) : (void)0)

typedef struct entry {
  char *key, *value;
  size_t key_length, value_length;
  uint64_t a, b; /* a counter's value and delta, a gauge's value, a histogram's count */
  double sum;
  size_t buckets;
  double bounds[32];
  uint64_t cumulative[32];
} entry;

enum { CONTEXT = 0, COUNTERS = 1, GAUGES = 2, HISTOGRAMS = 3, TEXT_READOUTS = 4, LISTS = 5 };
static entry lists[LISTS][256];
static size_t counts[LISTS];

static void clear(int list) {
  for (size_t i = 0; i < counts[list]; i++) free(lists[list][i].key), free(lists[list][i].value);
  counts[list] = 0;
}

static entry* find(const char* key, size_t length) {
  for (size_t i = 0; i < counts[CONTEXT]; i++) {
    entry* e = &lists[CONTEXT][i];
    if (e->key_length == length && memcmp(e->key, key, length) == 0) return e;
  }
  return NULL;
}

static entry* add(int list, const char* key_hex) {
  entry* e = &lists[list][counts[list]++];
  memset(e, 0, sizeof *e);
  e->key = model_unhex(key_hex, &e->key_length);
  return e;
}

/* ------------------------------------------------------------------ Envoy's tracer callbacks */

static bool get(const char* key, size_t length, envoy_dynamic_module_type_envoy_buffer* out) {
  entry* e = find(key, length);
  if (e) *out = (envoy_dynamic_module_type_envoy_buffer){e->value, e->value_length};
  return e != NULL;
}

EXPORT bool envoy_dynamic_module_callback_tracer_get_trace_context_value(void* span, envoy_dynamic_module_type_module_buffer key,
                                                                         envoy_dynamic_module_type_envoy_buffer* out) {
  (void)span;
  return get(key.ptr, key.length, out);
}
EXPORT void envoy_dynamic_module_callback_tracer_set_trace_context_value(void* span, envoy_dynamic_module_type_module_buffer key,
                                                                         envoy_dynamic_module_type_module_buffer value) {
  (void)span;
  EMIT("set_trace_context ");
  model_put_string(key.ptr, key.length);
  EMIT(" ");
  model_put_string(value.ptr, value.length);
  EMIT("\n");
}
EXPORT void envoy_dynamic_module_callback_tracer_remove_trace_context_value(void* span, envoy_dynamic_module_type_module_buffer key) {
  (void)span;
  EMIT("remove_trace_context ");
  model_put_string(key.ptr, key.length);
  EMIT("\n");
}
#define FACT(name, key)                                                                                                  \
  EXPORT bool envoy_dynamic_module_callback_tracer_get_trace_context_##name(void* span, envoy_dynamic_module_type_envoy_buffer* out) { \
    (void)span;                                                                                                          \
    return get(key, strlen(key), out);                                                                                   \
  }
FACT(protocol, ":protocol")
FACT(host, ":authority")
FACT(path, ":path")
FACT(method, ":method")

/* Metrics: envoy_model.c's (the tracer's ABI takes labels as HTTP's does). */
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_tracer_define_counter(void* c, envoy_dynamic_module_type_module_buffer name,
                                                                                                   envoy_dynamic_module_type_module_buffer* labels, size_t n,
                                                                                                   size_t* id) {
  return envoy_dynamic_module_callback_http_filter_config_define_counter(c, name, labels, n, id);
}
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_tracer_define_gauge(void* c, envoy_dynamic_module_type_module_buffer name,
                                                                                                 envoy_dynamic_module_type_module_buffer* labels, size_t n,
                                                                                                 size_t* id) {
  return envoy_dynamic_module_callback_http_filter_config_define_gauge(c, name, labels, n, id);
}
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_tracer_define_histogram(void* c, envoy_dynamic_module_type_module_buffer name,
                                                                                                     envoy_dynamic_module_type_module_buffer* labels, size_t n,
                                                                                                     size_t* id) {
  return envoy_dynamic_module_callback_http_filter_config_define_histogram(c, name, labels, n, id);
}
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_tracer_increment_counter(void* c, size_t id,
                                                                                                      envoy_dynamic_module_type_module_buffer* labels, size_t n,
                                                                                                      uint64_t value) {
  return envoy_dynamic_module_callback_http_filter_increment_counter(c, id, labels, n, value);
}

/* ------------------------------------------------------------------ Envoy's stats sink callbacks */

static bool copy_out(const char* bytes, size_t length, char* buffer, size_t capacity, size_t* size) {
  *size = length;
  if (buffer && capacity) memcpy(buffer, bytes, length < capacity ? length : capacity);
  return true;
}

#define ENTRY(list, index) \
  if (index >= counts[list]) return false; \
  const entry* e = &lists[list][index]

EXPORT size_t envoy_dynamic_module_callback_stat_sink_snapshot_get_counter_count(void* s) { return (void)s, counts[COUNTERS]; }
EXPORT size_t envoy_dynamic_module_callback_stat_sink_snapshot_get_gauge_count(void* s) { return (void)s, counts[GAUGES]; }
EXPORT size_t envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_count(void* s) { return (void)s, counts[HISTOGRAMS]; }
EXPORT size_t envoy_dynamic_module_callback_stat_sink_snapshot_get_text_readout_count(void* s) { return (void)s, counts[TEXT_READOUTS]; }

EXPORT bool envoy_dynamic_module_callback_stat_sink_snapshot_get_counter(void* s, size_t index, char* name, size_t capacity, size_t* size,
                                                                         uint64_t* value, uint64_t* delta) {
  (void)s;
  ENTRY(COUNTERS, index);
  *value = e->a, *delta = e->b;
  return copy_out(e->key, e->key_length, name, capacity, size);
}
EXPORT bool envoy_dynamic_module_callback_stat_sink_snapshot_get_gauge(void* s, size_t index, char* name, size_t capacity, size_t* size, uint64_t* value) {
  (void)s;
  ENTRY(GAUGES, index);
  *value = e->a;
  return copy_out(e->key, e->key_length, name, capacity, size);
}
EXPORT bool envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram(void* s, size_t index, char* name, size_t capacity, size_t* size,
                                                                           uint64_t* count, double* sum) {
  (void)s;
  ENTRY(HISTOGRAMS, index);
  *count = e->a, *sum = e->sum;
  return copy_out(e->key, e->key_length, name, capacity, size);
}
EXPORT size_t envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_bucket_count(void* s, size_t index) {
  (void)s;
  return index < counts[HISTOGRAMS] ? lists[HISTOGRAMS][index].buckets : 0;
}
EXPORT bool envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_bucket(void* s, size_t index, size_t bucket, double* bound, uint64_t* cumulative) {
  (void)s;
  ENTRY(HISTOGRAMS, index);
  if (bucket >= e->buckets) return false;
  *bound = e->bounds[bucket], *cumulative = e->cumulative[bucket];
  return true;
}
EXPORT bool envoy_dynamic_module_callback_stat_sink_snapshot_get_text_readout(void* s, size_t index, char* name, size_t name_capacity, size_t* name_size,
                                                                              char* value, size_t value_capacity, size_t* value_size) {
  (void)s;
  ENTRY(TEXT_READOUTS, index);
  copy_out(e->value, e->value_length, value, value_capacity, value_size);
  return copy_out(e->key, e->key_length, name, name_capacity, name_size);
}

/* ------------------------------------------------------------------ the commands */

static struct {
  __typeof__(&envoy_dynamic_module_on_tracer_config_new) config_new;
  __typeof__(&envoy_dynamic_module_on_tracer_config_destroy) config_destroy;
  __typeof__(&envoy_dynamic_module_on_tracer_start_span) start_span;
  __typeof__(&envoy_dynamic_module_on_tracer_span_set_operation) set_operation;
  __typeof__(&envoy_dynamic_module_on_tracer_span_set_tag) set_tag;
  __typeof__(&envoy_dynamic_module_on_tracer_span_log) log;
  __typeof__(&envoy_dynamic_module_on_tracer_span_set_sampled) set_sampled;
  __typeof__(&envoy_dynamic_module_on_tracer_span_inject_context) inject_context;
  __typeof__(&envoy_dynamic_module_on_tracer_span_finish) finish;
  __typeof__(&envoy_dynamic_module_on_tracer_span_destroy) destroy;
} tracer;

static struct {
  __typeof__(&envoy_dynamic_module_on_stat_sink_config_new) config_new;
  __typeof__(&envoy_dynamic_module_on_stat_sink_config_destroy) config_destroy;
  __typeof__(&envoy_dynamic_module_on_stat_sink_flush) flush;
} sink;

static void resolve_hooks(void* handle) {
  if (tracer.config_new) return;
#define RESOLVE(s, field, hook) s.field = (__typeof__(s.field))model_resolve(handle, "envoy_dynamic_module_on_" hook)
  RESOLVE(tracer, config_new, "tracer_config_new");
  RESOLVE(tracer, config_destroy, "tracer_config_destroy");
  RESOLVE(tracer, start_span, "tracer_start_span");
  RESOLVE(tracer, set_operation, "tracer_span_set_operation");
  RESOLVE(tracer, set_tag, "tracer_span_set_tag");
  RESOLVE(tracer, log, "tracer_span_log");
  RESOLVE(tracer, set_sampled, "tracer_span_set_sampled");
  RESOLVE(tracer, inject_context, "tracer_span_inject_context");
  RESOLVE(tracer, finish, "tracer_span_finish");
  RESOLVE(tracer, destroy, "tracer_span_destroy");
#undef RESOLVE
}

static void resolve_sink_hooks(void* handle) {
  if (sink.config_new) return;
  sink.config_new = (__typeof__(sink.config_new))model_resolve(handle, "envoy_dynamic_module_on_stat_sink_config_new");
  sink.config_destroy = (__typeof__(sink.config_destroy))model_resolve(handle, "envoy_dynamic_module_on_stat_sink_config_destroy");
  sink.flush = (__typeof__(sink.flush))model_resolve(handle, "envoy_dynamic_module_on_stat_sink_flush");
}

static const void *tracer_config, *span, *sink_config;
static int tracer_config_token, span_token, sink_config_token, snapshot_token;

/* "<name-hex> <config-hex>|-" after the command letter: the buffers, hex decoded (free both). */
static void name_and_config(const char* line, char** name, size_t* name_length, char** config, size_t* config_length) {
  char name_hex[4096], config_hex[60000];
  sscanf(line + 2, "%4095s %59999s", name_hex, config_hex);
  *name = model_unhex(name_hex, name_length);
  *config = model_unhex(config_hex, config_length);
}

/* The line's words after the command letter: up to `capacity`. */
static int words(const char* line, char words_out[][60000], int capacity) {
  int n = 0;
  const char* at = line + 1;
  while (n < capacity && *at) {
    while (*at == ' ') at++;
    if (!*at) break;
    const char* end = strchr(at, ' ');
    size_t length = end ? (size_t)(end - at) : strlen(at);
    if (length >= 60000) length = 59999;
    memcpy(words_out[n], at, length);
    words_out[n++][length] = 0;
    at += length;
  }
  return n;
}

static envoy_dynamic_module_type_envoy_buffer hex_buffer(const char* hex, char** owned) {
  size_t length;
  *owned = model_unhex(hex, &length);
  return (envoy_dynamic_module_type_envoy_buffer){*owned, length};
}

bool model_tracer_sink_command(void* module_handle, const char* line) {
  static char w[5][60000];
  char command = line[0];
  char *a = NULL, *b = NULL;
  size_t a_length, b_length;
  if (command == 'Z' || command == 'V') {
    if (command == 'Z') resolve_hooks(module_handle);
    else resolve_sink_hooks(module_handle);
    name_and_config(line, &a, &a_length, &b, &b_length);
    envoy_dynamic_module_type_envoy_buffer name = {a, a_length}, config = {b, b_length};
    const void* made = command == 'Z' ? (tracer_config = tracer.config_new(&tracer_config_token, name, config))
                                      : (sink_config = sink.config_new(&sink_config_token, name, config));
    EMIT("%s ", command == 'Z' ? "tracer_config" : "sink_config");
    model_put_string(a, a_length);
    EMIT(" -> %s\n", made ? "ok" : "rejected");
  } else if (command == 'h') {
    words(line, w, 2);
    entry* e = add(CONTEXT, w[0]);
    e->value = model_unhex(w[1], &e->value_length);
  } else if (command == 'b') {
    words(line, w, 2);
    span = tracer_config ? tracer.start_span(tracer_config, &span_token, hex_buffer(w[1], &a), strcmp(w[0], "1") == 0,
                                             envoy_dynamic_module_type_trace_reason_Sampling)
                         : NULL;
    EMIT("start_span -> %s\n", span ? "ok" : "null");
  } else if (command == 'o' || command == 'g') {
    words(line, w, 2);
    if (command == 'o') {
      EMIT("set_operation\n");
      if (span) tracer.set_operation(span, hex_buffer(w[0], &a));
    } else {
      EMIT("log %s\n", w[0]);
      if (span) tracer.log(span, strtoll(w[0], NULL, 10), hex_buffer(w[1], &a));
    }
  } else if (command == 't') {
    words(line, w, 2);
    EMIT("set_tag\n");
    if (span) tracer.set_tag(span, hex_buffer(w[0], &a), hex_buffer(w[1], &b));
  } else if (command == 'x') {
    EMIT("set_sampled %s\n", line[2] == '1' ? "true" : "false");
    if (span) tracer.set_sampled(span, line[2] == '1');
  } else if (command == 'i') {
    EMIT("inject_context\n");
    if (span) tracer.inject_context(span, &span_token);
  } else if (command == 'e') {
    EMIT("finish\n");
    if (span) tracer.finish(span);
  } else if (command == 'z') {
    if (span) tracer.destroy(span);
    EMIT("span destroyed\n");
    span = NULL;
    clear(CONTEXT);
  } else if (command == 'u') {
    /* u c|g|h|t <name-hex> <numbers or value-hex>: an entry of the next flush's snapshot */
    int n = words(line, w, 5);
    int list = w[0][0] == 'c' ? COUNTERS : w[0][0] == 'g' ? GAUGES : w[0][0] == 'h' ? HISTOGRAMS : TEXT_READOUTS;
    entry* e = add(list, w[1]);
    if (list == TEXT_READOUTS) e->value = model_unhex(n > 2 ? w[2] : "-", &e->value_length);
    else if (list == HISTOGRAMS) {
      /* u h <name-hex> <count> <sum> <bound>:<cumulative>,... */
      e->a = strtoull(w[2], NULL, 10);
      e->sum = n > 3 ? strtod(w[3], NULL) : 0;
      char* rest = n > 4 ? w[4] : "";
      while (*rest && e->buckets < 32) {
        e->bounds[e->buckets] = strtod(rest, &rest);
        if (*rest == ':') rest++;
        e->cumulative[e->buckets++] = strtoull(rest, &rest, 10);
        while (*rest == ',') rest++;
      }
    } else {
      e->a = strtoull(w[2], NULL, 10);
      if (list == COUNTERS && n > 3) e->b = strtoull(w[3], NULL, 10);
    }
  } else if (command == 'l') {
    EMIT("flush\n");
    if (sink_config) sink.flush(sink_config, &snapshot_token);
    for (int list = COUNTERS; list < LISTS; list++) clear(list);
  } else if (command == 'X') {
    if (tracer_config) tracer.config_destroy(tracer_config);
    if (sink_config) sink.config_destroy(sink_config);
    tracer_config = sink_config = NULL;
    return false; /* host.c prints "config destroyed" */
  } else {
    return false;
  }
  free(a);
  free(b);
  return true;
}
