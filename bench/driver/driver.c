/*
 * Module driver for the benchmarks: loads one lib<name>.so, creates one filter config, and runs
 * N streams of one fixed exchange through it, playing Envoy with a minimal fake of its callbacks
 * (below). The fake only keeps what the hooks read back (two small header maps, three attributes),
 * copies what modules hand it as Envoy does, and is the same for every module, so it costs little
 * and the same per call; it is not the test hosts' model (test/hosts/native), which checks and
 * prints every call.
 *
 * The exchange, per stream: filter_new; request_headers (a GET with 9 headers, end of stream);
 * response_headers (a 200 with 6 headers); response_body (one 2-byte chunk, end of stream);
 * stream_complete; destroy. With --body BYTESxCHUNKS (the WAF: 65536x16, 1 MiB), the request is a
 * POST whose headers do not end the stream, followed by CHUNKS request_body calls, each receiving
 * one chunk of BYTES of fixed text (the last with end of stream); a local reply ends the exchange.
 * The chunks point into one static payload, as Envoy's slices point into its buffer: nothing is
 * copied for the module.
 *
 *   driver <module.so> <filter name> <config file, or -> <streams> [--time] [--show] [--calls] [--debug-logs] [--wrk-request] [--body BYTESxCHUNKS] [--cold]
 *
 * Without --time it just runs the streams (bench/module-bench.mjs runs it under callgrind with
 * --toggle-collect on the stream hooks); --time runs a tenth as many first to warm up, then prints
 * nanoseconds per stream over the N streams (CLOCK_MONOTONIC); --show prints the header maps as the
 * last stream left them, and what else the module did; --calls runs one stream first (one-time work
 * such as lazy setup), then prints the host callbacks per stream over the N streams, by name;
 * --debug-logs plays Envoy with its log level at debug (info without it); --wrk-request sends the
 * Envoy benchmark's request instead of the GET above; --cold evicts the L1 caches before each hook
 * (evict_caches), as Envoy's own work between hooks does.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "envoy_abi.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_HEADERS = 64, POOL_BYTES = 1 << 16 };

typedef struct header {
  const char* name;
  size_t name_length;
  const char* value;
  size_t value_length;
} header;

typedef struct header_map {
  header items[MAX_HEADERS];
  size_t count;
} header_map;

#define H(n, v) {n, sizeof(n) - 1, v, sizeof(v) - 1}
static const header_map request_template = {
    {H(":method", "GET"), H(":path", "/api/v3/items"), H(":authority", "bench.example"), H(":scheme", "http"),
     H("user-agent", "wrk"), H("accept", "*/*"), H("apple", "1"), H("authorization", "Bearer abc_1.def-2"),
     H("x-request-id", "3b2f6c2e-4d1a-4c1e-9a57-2f1f0e6b8d10")},
    9};
/* --wrk-request: the Envoy benchmark's request, wrk's `GET /` with a Host header, as Envoy hands it to
 * the filter (pseudo-headers, and the x-forwarded-proto and x-request-id it adds). */
static const header_map wrk_request_template = {
    {H(":authority", "127.0.0.1:10000"), H(":path", "/"), H(":method", "GET"), H(":scheme", "http"),
     H("x-forwarded-proto", "http"), H("x-request-id", "3b2f6c2e-4d1a-4c1e-9a57-2f1f0e6b8d10")},
    6};
static const header_map* request = &request_template;
static const header_map response_template = {
    {H(":status", "200"), H("content-type", "text/plain"), H("content-length", "2"), H("date", "Thu, 01 Jan 2026 00:00:00 GMT"),
     H("server", "envoy"), H("access-control-allow-credentials", "true")},
    6};
static const char body[] = "ok";
/* --body: the request body's chunk size and count, the chunk being received, and the payload:
 * English-like text without `curl` or `wget` (a WAF scans all of it and passes it). */
static size_t body_chunk_bytes, body_chunks, body_received;
static char* body_payload;
static const char body_text[] = "the quick brown fox jumps over the lazy dog; ";
static const char source_address[] = "127.0.0.1:51234";
static const char upstream_address[] = "127.0.0.1:10001";

/* Per stream: the two maps and the bytes copied into them (reset by a copy of the templates). */
static header_map maps[4];
static char pool[POOL_BYTES];
static size_t pool_used;
static unsigned long local_replies, log_lines, counter_increments;

static const char* copy_in(const char* bytes, size_t length) {
  if (pool_used + length > POOL_BYTES) {
    fprintf(stderr, "driver: a stream wrote more than %d header bytes\n", POOL_BYTES);
    exit(1);
  }
  char* out = pool + pool_used;
  memcpy(out, bytes, length);
  pool_used += length;
  return out;
}

static header* find(header_map* map, const char* name, size_t length, size_t nth) {
  for (size_t i = 0; i < map->count; i++) {
    header* h = &map->items[i];
    if (h->name_length == length && strncasecmp(h->name, name, length) == 0 && nth-- == 0) return h;
  }
  return NULL;
}

static header_map* map_of(envoy_dynamic_module_type_http_header_type type) { return &maps[type & 3]; }

/* ------------------------------------------------------------------ the callbacks modules import */

/* Host callbacks made during the counted streams, by name (--calls): in Envoy each is a call across
 * the ABI into C++ (header map lookups, string copies), far costlier than in this fake, so the
 * benchmark compares how many a TS module makes with the hand-written C module's. One increment each. */
#define CALLBACKS(X) \
  X(log_v2) X(log_enabled) X(define_counter) X(increment_counter) X(define_gauge) \
  X(define_histogram) X(increment_gauge) X(decrement_gauge) X(set_gauge) X(record_histogram_value) \
  X(get_worker_index) X(get_header) X(get_headers_size) X(get_headers) X(add_header) X(set_header) \
  X(send_response) X(reset_stream) X(continue_decoding) X(continue_encoding) \
  X(get_attribute_string) X(get_attribute_int) X(get_body_chunks_size) X(get_body_chunks) \
  X(get_body_size) X(append_body) X(drain_body)
#define CALL_ENUM(name) CALL_##name,
enum { CALLBACKS(CALL_ENUM) CALL_COUNT };
#define CALL_NAME(name) #name,
static const char* const call_names[CALL_COUNT] = {CALLBACKS(CALL_NAME)};
static unsigned long calls[CALL_COUNT];
#define CALLED(name) (calls[CALL_##name]++)


EXPORT void envoy_dynamic_module_callback_log_v2(envoy_dynamic_module_type_log_level level,
                                                 envoy_dynamic_module_type_module_buffer message,
                                                 envoy_dynamic_module_type_module_buffer file, uint32_t line) {
  CALLED(log_v2);
  (void)level, (void)message, (void)file, (void)line;
  log_lines++;
}
/* Envoy's default level, info, or --debug-logs: debug. */
static envoy_dynamic_module_type_log_level log_level = envoy_dynamic_module_type_log_level_Info;
EXPORT bool envoy_dynamic_module_callback_log_enabled(envoy_dynamic_module_type_log_level level) {
  CALLED(log_enabled);
  return level >= log_level;
}
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_define_counter(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr c, envoy_dynamic_module_type_module_buffer name,
    envoy_dynamic_module_type_module_buffer* labels, size_t label_count, size_t* id) {
  CALLED(define_counter);
  (void)c, (void)name, (void)labels, (void)label_count;
  *id = 0;
  return envoy_dynamic_module_type_metrics_result_Success;
}
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_increment_counter(
    envoy_dynamic_module_type_http_filter_envoy_ptr f, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t label_count, uint64_t value) {
  CALLED(increment_counter);
  (void)f, (void)id, (void)labels, (void)label_count, (void)value;
  counter_increments++;
  return envoy_dynamic_module_type_metrics_result_Success;
}
/* Gauges, histograms, the worker index: modules link them (metrics methods), no benchmark calls them. */
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_define_gauge(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr c, envoy_dynamic_module_type_module_buffer name,
    envoy_dynamic_module_type_module_buffer* labels, size_t label_count, size_t* id) {
  CALLED(define_gauge);
  (void)c, (void)name, (void)labels, (void)label_count;
  *id = 0;
  return envoy_dynamic_module_type_metrics_result_Success;
}
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_define_histogram(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr c, envoy_dynamic_module_type_module_buffer name,
    envoy_dynamic_module_type_module_buffer* labels, size_t label_count, size_t* id) {
  CALLED(define_histogram);
  (void)c, (void)name, (void)labels, (void)label_count;
  *id = 0;
  return envoy_dynamic_module_type_metrics_result_Success;
}
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_increment_gauge(
    envoy_dynamic_module_type_http_filter_envoy_ptr f, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t label_count, uint64_t value) {
  CALLED(increment_gauge);
  (void)f, (void)id, (void)labels, (void)label_count, (void)value;
  return envoy_dynamic_module_type_metrics_result_Success;
}
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_decrement_gauge(
    envoy_dynamic_module_type_http_filter_envoy_ptr f, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t label_count, uint64_t value) {
  CALLED(decrement_gauge);
  (void)f, (void)id, (void)labels, (void)label_count, (void)value;
  return envoy_dynamic_module_type_metrics_result_Success;
}
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_set_gauge(
    envoy_dynamic_module_type_http_filter_envoy_ptr f, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t label_count, uint64_t value) {
  CALLED(set_gauge);
  (void)f, (void)id, (void)labels, (void)label_count, (void)value;
  return envoy_dynamic_module_type_metrics_result_Success;
}
EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_record_histogram_value(
    envoy_dynamic_module_type_http_filter_envoy_ptr f, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t label_count, uint64_t value) {
  CALLED(record_histogram_value);
  (void)f, (void)id, (void)labels, (void)label_count, (void)value;
  return envoy_dynamic_module_type_metrics_result_Success;
}
EXPORT uint32_t envoy_dynamic_module_callback_http_filter_get_worker_index(envoy_dynamic_module_type_http_filter_envoy_ptr f) {
  CALLED(get_worker_index);
  (void)f;
  return 0;
}
EXPORT bool envoy_dynamic_module_callback_http_get_header(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                          envoy_dynamic_module_type_http_header_type type,
                                                          envoy_dynamic_module_type_module_buffer key,
                                                          envoy_dynamic_module_type_envoy_buffer* result, size_t index,
                                                          size_t* optional_size) {
  CALLED(get_header);
  (void)f;
  header_map* map = map_of(type);
  if (optional_size) {
    size_t count = 0;
    while (find(map, key.ptr, key.length, count)) count++;
    *optional_size = count;
  }
  header* h = find(map, key.ptr, key.length, index);
  if (h == NULL) return false;
  result->ptr = h->value;
  result->length = h->value_length;
  return true;
}
EXPORT size_t envoy_dynamic_module_callback_http_get_headers_size(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                                  envoy_dynamic_module_type_http_header_type type) {
  CALLED(get_headers_size);
  (void)f;
  return map_of(type)->count;
}
EXPORT bool envoy_dynamic_module_callback_http_get_headers(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                           envoy_dynamic_module_type_http_header_type type,
                                                           envoy_dynamic_module_type_envoy_http_header* out) {
  CALLED(get_headers);
  (void)f;
  header_map* map = map_of(type);
  for (size_t i = 0; i < map->count; i++) {
    out[i] = (envoy_dynamic_module_type_envoy_http_header){map->items[i].name, map->items[i].name_length,
                                                           map->items[i].value, map->items[i].value_length};
  }
  return true;
}
static bool same_name(const header* h, envoy_dynamic_module_type_module_buffer key) {
  return h->name_length == key.length && strncasecmp(h->name, key.ptr, key.length) == 0;
}

/* Drops every value of `key` from the map at and after index `from`. */
static void drop(header_map* map, size_t from, envoy_dynamic_module_type_module_buffer key) {
  size_t kept = from;
  for (size_t i = from; i < map->count; i++)
    if (!same_name(&map->items[i], key)) map->items[kept++] = map->items[i];
  map->count = kept;
}

/* Envoy's setter replaces every value of the name by one (a NULL value removes them); add appends. */
static bool write_header(envoy_dynamic_module_type_http_header_type type, envoy_dynamic_module_type_module_buffer key,
                         envoy_dynamic_module_type_module_buffer value, bool replace) {
  header_map* map = map_of(type);
  header* existing = replace ? find(map, key.ptr, key.length, 0) : NULL;
  if (existing && value.ptr == NULL) {
    drop(map, (size_t)(existing - map->items), key);
    return true;
  }
  if (existing) {
    existing->value = copy_in(value.ptr, value.length);
    existing->value_length = value.length;
    if (find(map, key.ptr, key.length, 1)) drop(map, (size_t)(existing - map->items) + 1, key);
    return true;
  }
  if (value.ptr == NULL) return true;
  if (map->count == MAX_HEADERS) return false;
  map->items[map->count++] = (header){copy_in(key.ptr, key.length), key.length, copy_in(value.ptr, value.length), value.length};
  return true;
}

EXPORT bool envoy_dynamic_module_callback_http_add_header(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                          envoy_dynamic_module_type_http_header_type type,
                                                          envoy_dynamic_module_type_module_buffer key,
                                                          envoy_dynamic_module_type_module_buffer value) {
  CALLED(add_header);
  (void)f;
  return write_header(type, key, value, false);
}
EXPORT bool envoy_dynamic_module_callback_http_set_header(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                          envoy_dynamic_module_type_http_header_type type,
                                                          envoy_dynamic_module_type_module_buffer key,
                                                          envoy_dynamic_module_type_module_buffer value) {
  CALLED(set_header);
  (void)f;
  return write_header(type, key, value, true);
}
EXPORT void envoy_dynamic_module_callback_http_send_response(envoy_dynamic_module_type_http_filter_envoy_ptr f, uint32_t status,
                                                             envoy_dynamic_module_type_module_http_header* headers, size_t count,
                                                             envoy_dynamic_module_type_module_buffer reply_body,
                                                             envoy_dynamic_module_type_module_buffer details) {
  CALLED(send_response);
  (void)f, (void)status, (void)headers, (void)count, (void)reply_body, (void)details;
  local_replies++;
}
EXPORT void envoy_dynamic_module_callback_http_filter_reset_stream(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                                   envoy_dynamic_module_type_http_filter_stream_reset_reason r,
                                                                   envoy_dynamic_module_type_module_buffer details) {
  CALLED(reset_stream);
  (void)f, (void)r, (void)details;
  fprintf(stderr, "driver: the module reset the stream\n");
  exit(1);
}
EXPORT void envoy_dynamic_module_callback_http_filter_continue_decoding(envoy_dynamic_module_type_http_filter_envoy_ptr f) {
  CALLED(continue_decoding);
  (void)f;
}
EXPORT void envoy_dynamic_module_callback_http_filter_continue_encoding(envoy_dynamic_module_type_http_filter_envoy_ptr f) {
  CALLED(continue_encoding);
  (void)f;
}
EXPORT bool envoy_dynamic_module_callback_http_filter_get_attribute_string(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                                           envoy_dynamic_module_type_attribute_id id,
                                                                           envoy_dynamic_module_type_envoy_buffer* result) {
  CALLED(get_attribute_string);
  (void)f;
  const char* value = id == envoy_dynamic_module_type_attribute_id_SourceAddress     ? source_address
                      : id == envoy_dynamic_module_type_attribute_id_UpstreamAddress ? upstream_address
                                                                                     : NULL;
  if (value == NULL) return false;
  *result = (envoy_dynamic_module_type_envoy_buffer){value, strlen(value)};
  return true;
}
EXPORT bool envoy_dynamic_module_callback_http_filter_get_attribute_int(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                                        envoy_dynamic_module_type_attribute_id id, uint64_t* result) {
  CALLED(get_attribute_int);
  (void)f;
  if (id != envoy_dynamic_module_type_attribute_id_ResponseCode) return false;
  *result = 200;
  return true;
}
/* The request body: the chunk being received, or those buffered before it; the response's: "ok". */
static size_t request_chunks(envoy_dynamic_module_type_http_body_type type) {
  return type == envoy_dynamic_module_type_http_body_type_ReceivedRequestBody ? 1 : body_received;
}
static bool is_request_body(envoy_dynamic_module_type_http_body_type type) {
  return body_payload && (type == envoy_dynamic_module_type_http_body_type_ReceivedRequestBody ||
                          type == envoy_dynamic_module_type_http_body_type_BufferedRequestBody);
}
EXPORT size_t envoy_dynamic_module_callback_http_get_body_chunks_size(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                                      envoy_dynamic_module_type_http_body_type type) {
  CALLED(get_body_chunks_size);
  (void)f;
  return is_request_body(type) ? request_chunks(type) : 1;
}
EXPORT bool envoy_dynamic_module_callback_http_get_body_chunks(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                               envoy_dynamic_module_type_http_body_type type,
                                                               envoy_dynamic_module_type_envoy_buffer* out) {
  CALLED(get_body_chunks);
  (void)f;
  if (!is_request_body(type)) {
    out[0] = (envoy_dynamic_module_type_envoy_buffer){body, sizeof body - 1};
    return true;
  }
  for (size_t i = 0; i < request_chunks(type); i++) out[i] = (envoy_dynamic_module_type_envoy_buffer){body_payload, body_chunk_bytes};
  return true;
}
EXPORT size_t envoy_dynamic_module_callback_http_get_body_size(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                               envoy_dynamic_module_type_http_body_type type) {
  CALLED(get_body_size);
  (void)f;
  return is_request_body(type) ? request_chunks(type) * body_chunk_bytes : sizeof body - 1;
}
EXPORT bool envoy_dynamic_module_callback_http_append_body(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                           envoy_dynamic_module_type_http_body_type type,
                                                           envoy_dynamic_module_type_module_buffer data) {
  CALLED(append_body);
  (void)f, (void)type, (void)data;
  return true;
}
EXPORT bool envoy_dynamic_module_callback_http_drain_body(envoy_dynamic_module_type_http_filter_envoy_ptr f,
                                                          envoy_dynamic_module_type_http_body_type type, size_t n) {
  CALLED(drain_body);
  (void)f, (void)type, (void)n;
  return true;
}

/* ------------------------------------------------------------------ running streams */

typedef struct hooks {
  __typeof__(&envoy_dynamic_module_on_program_init) program_init;
  __typeof__(&envoy_dynamic_module_on_http_filter_config_new) config_new;
  __typeof__(&envoy_dynamic_module_on_http_filter_config_destroy) config_destroy;
  __typeof__(&envoy_dynamic_module_on_http_filter_new) filter_new;
  __typeof__(&envoy_dynamic_module_on_http_filter_request_headers) request_headers;
  __typeof__(&envoy_dynamic_module_on_http_filter_request_body) request_body; /* --body only */
  __typeof__(&envoy_dynamic_module_on_http_filter_response_headers) response_headers;
  __typeof__(&envoy_dynamic_module_on_http_filter_response_body) response_body;
  __typeof__(&envoy_dynamic_module_on_http_filter_stream_complete) stream_complete;
  __typeof__(&envoy_dynamic_module_on_http_filter_destroy) destroy;
} hooks;

static void* symbol(void* module, const char* name) {
  void* found = dlsym(module, name);
  if (found == NULL) {
    fprintf(stderr, "driver: the module lacks %s\n", name);
    exit(1);
  }
  return found;
}

static char envoy_config_token, envoy_stream_token;

/*
 * --cold: in Envoy some 200,000 instructions of its own run between two hooks of a stream, over far
 * more than L1's 32 KiB of code and of data, so each hook starts with cold L1 caches and every line
 * of code or data it touches is a miss. Before each hook the driver evicts both the same way:
 * touching 64 KiB of data and running 64 KiB of code (long nops), outside the hooks callgrind counts.
 */
static bool cold;
static unsigned char eviction_data[1 << 16];
static __attribute__((noinline)) void evict_caches(void) {
  if (!cold) return;
  for (size_t at = 0; at < sizeof eviction_data; at += 64) eviction_data[at]++;
#if defined(__x86_64__)
  __asm__ volatile(".rept 8192\n\t.byte 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00\n\t.endr"); /* 8-byte nopl */
#else
  __asm__ volatile(".rept 16384\n\tnop\n\t.endr");
#endif
}

static void run_stream(const hooks* h, const void* config) {
  maps[envoy_dynamic_module_type_http_header_type_RequestHeader] = *request;
  maps[envoy_dynamic_module_type_http_header_type_ResponseHeader] = response_template;
  pool_used = 0;
  evict_caches();
  const void* filter = h->filter_new(config, &envoy_stream_token);
  if (filter == NULL) {
    fprintf(stderr, "driver: filter_new refused the stream\n");
    exit(1);
  }
  evict_caches();
  if (body_payload) {
    unsigned long replies = local_replies;
    h->request_headers(&envoy_stream_token, filter, false);
    for (body_received = 0; body_received < body_chunks && local_replies == replies; body_received++) {
      evict_caches();
      h->request_body(&envoy_stream_token, filter, body_received + 1 == body_chunks);
    }
    if (local_replies == replies) {
      evict_caches();
      h->response_headers(&envoy_stream_token, filter, false);
      evict_caches();
      h->response_body(&envoy_stream_token, filter, true);
    }
  } else if (h->request_headers(&envoy_stream_token, filter, true) == envoy_dynamic_module_type_on_http_filter_request_headers_status_Continue) {
    evict_caches();
    h->response_headers(&envoy_stream_token, filter, false);
    evict_caches();
    h->response_body(&envoy_stream_token, filter, true);
  }
  evict_caches();
  h->stream_complete(&envoy_stream_token, filter);
  evict_caches();
  h->destroy(filter);
}

static char* read_file(const char* path, size_t* length) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    exit(1);
  }
  char* bytes = NULL;
  size_t capacity = 0;
  *length = 0;
  for (;;) {
    if (*length + 4096 > capacity) bytes = realloc(bytes, capacity = 2 * capacity + 4096);
    size_t n = fread(bytes + *length, 1, 4096, f);
    if (n == 0) break;
    *length += n;
  }
  fclose(f);
  return bytes;
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void show_map(const char* label, const header_map* map) {
  for (size_t i = 0; i < map->count; i++) {
    printf("%s %.*s: %.*s\n", label, (int)map->items[i].name_length, map->items[i].name, (int)map->items[i].value_length,
           map->items[i].value);
  }
}

int main(int argc, char** argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: driver <module.so> <filter name> <config file|-> <streams> [--time] [--show] [--calls] [--debug-logs] [--wrk-request] [--body BYTESxCHUNKS] [--cold]\n");
    return 2;
  }
  bool time_it = false, show = false, count_calls = false;
  for (int i = 5; i < argc; i++) {
    time_it |= strcmp(argv[i], "--time") == 0;
    show |= strcmp(argv[i], "--show") == 0;
    cold |= strcmp(argv[i], "--cold") == 0;
    count_calls |= strcmp(argv[i], "--calls") == 0;
    if (strcmp(argv[i], "--debug-logs") == 0) log_level = envoy_dynamic_module_type_log_level_Debug;
    if (strcmp(argv[i], "--wrk-request") == 0) request = &wrk_request_template;
    if (strcmp(argv[i], "--body") == 0 && i + 1 < argc) {
      if (sscanf(argv[++i], "%zux%zu", &body_chunk_bytes, &body_chunks) != 2 || body_chunk_bytes == 0 || body_chunks == 0) {
        fprintf(stderr, "driver: --body wants BYTESxCHUNKS\n");
        return 2;
      }
      body_payload = malloc(body_chunk_bytes);
      for (size_t at = 0; at < body_chunk_bytes; at++) body_payload[at] = body_text[at % (sizeof body_text - 1)];
    }
  }
  long streams = atol(argv[4]);
  void* module = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (module == NULL) {
    fprintf(stderr, "driver: %s\n", dlerror());
    return 1;
  }
  hooks h = {
      symbol(module, "envoy_dynamic_module_on_program_init"),
      symbol(module, "envoy_dynamic_module_on_http_filter_config_new"),
      symbol(module, "envoy_dynamic_module_on_http_filter_config_destroy"),
      symbol(module, "envoy_dynamic_module_on_http_filter_new"),
      symbol(module, "envoy_dynamic_module_on_http_filter_request_headers"),
      body_payload ? symbol(module, "envoy_dynamic_module_on_http_filter_request_body") : NULL,
      symbol(module, "envoy_dynamic_module_on_http_filter_response_headers"),
      symbol(module, "envoy_dynamic_module_on_http_filter_response_body"),
      symbol(module, "envoy_dynamic_module_on_http_filter_stream_complete"),
      symbol(module, "envoy_dynamic_module_on_http_filter_destroy"),
  };
  if (h.program_init() == NULL) {
    fprintf(stderr, "driver: program_init refused\n");
    return 1;
  }
  size_t config_length = 0;
  char* config_bytes = strcmp(argv[3], "-") == 0 ? NULL : read_file(argv[3], &config_length);
  envoy_dynamic_module_type_envoy_buffer name = {argv[2], strlen(argv[2])};
  envoy_dynamic_module_type_envoy_buffer config_buffer = {config_bytes ? config_bytes : "", config_length};
  const void* config = h.config_new(&envoy_config_token, name, config_buffer);
  if (config == NULL) {
    fprintf(stderr, "driver: the module rejected the filter config\n");
    return 1;
  }

  if (time_it) {
    for (long i = 0; i < streams / 10; i++) run_stream(&h, config);
    double start = now_ns();
    for (long i = 0; i < streams; i++) run_stream(&h, config);
    printf("%.1f ns per stream\n", (now_ns() - start) / (double)streams);
  } else if (count_calls) {
    run_stream(&h, config);
    memset(calls, 0, sizeof calls);
    for (long i = 0; i < streams; i++) run_stream(&h, config);
    for (int i = 0; i < CALL_COUNT; i++) {
      if (calls[i]) printf("calls %s %g\n", call_names[i], (double)calls[i] / (double)streams);
    }
  } else {
    for (long i = 0; i < streams; i++) run_stream(&h, config);
  }
  if (show) {
    show_map("request", &maps[envoy_dynamic_module_type_http_header_type_RequestHeader]);
    show_map("response", &maps[envoy_dynamic_module_type_http_header_type_ResponseHeader]);
    printf("local replies %lu, log lines %lu, counter increments %lu\n", local_replies, log_lines, counter_increments);
  }
  h.config_destroy(config);
  free(config_bytes);
  free(body_payload);
  return 0;
}
