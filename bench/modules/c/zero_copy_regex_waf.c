/*
 * Hand-written C counterpart of examples/zero_copy_regex_waf.ts, for the benchmarks: filter name
 * "zero_copy_regex_waf", filter_config the pattern (a StringValue), compiled once with POSIX
 * regcomp (extended syntax, which spells upstream's "^.*(curl|wget).*" the same; `.` also matches a
 * newline, unlike JavaScript's). Each received chunk is matched in place, without a copy
 * (glibc's REG_STARTEND), while Envoy buffers the body; a match spanning two chunks is found by
 * matching the last 256 bytes before each boundary with the first 256 after it, as the TypeScript
 * example does with characters. The headers are held until then. A match answers 403 "Access
 * forbidden".
 */
#define _GNU_SOURCE
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "bench_module.h"

#define OVERLAP 256

typedef struct waf_config {
  regex_t pattern;
} waf_config;

typedef struct waf_stream {
  const waf_config* config;
  size_t tail_length;
  char tail[2 * OVERLAP];
} waf_stream;

BENCH_EXPORT envoy_dynamic_module_type_http_filter_config_module_ptr envoy_dynamic_module_on_http_filter_config_new(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr envoy_config, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config) {
  (void)envoy_config;
  if (!bench_name_is(name, "zero_copy_regex_waf")) return NULL;
  char* text = strndup(config.ptr, config.length);
  waf_config* waf = text ? malloc(sizeof *waf) : NULL;
  int error = waf ? regcomp(&waf->pattern, text, REG_EXTENDED | REG_NOSUB) : REG_ESPACE;
  free(text);
  if (error != 0) {
    bench_log(envoy_dynamic_module_type_log_level_Error, __FILE__, "zero_copy_regex_waf: the pattern does not compile");
    free(waf);
    return NULL;
  }
  return waf;
}

BENCH_EXPORT void envoy_dynamic_module_on_http_filter_config_destroy(envoy_dynamic_module_type_http_filter_config_module_ptr config) {
  waf_config* waf = (waf_config*)config;
  regfree(&waf->pattern);
  free(waf);
}

BENCH_EXPORT envoy_dynamic_module_type_http_filter_module_ptr envoy_dynamic_module_on_http_filter_new(
    envoy_dynamic_module_type_http_filter_config_module_ptr config, envoy_dynamic_module_type_http_filter_envoy_ptr envoy) {
  (void)envoy;
  waf_stream* stream = calloc(1, sizeof *stream);
  if (stream) stream->config = config;
  return stream;
}

BENCH_EXPORT void envoy_dynamic_module_on_http_filter_destroy(envoy_dynamic_module_type_http_filter_module_ptr f) { free((void*)f); }

static bool matches(const waf_config* config, const char* data, size_t length) {
  regmatch_t range = {0, (regoff_t)length};
  return regexec(&config->pattern, data, 1, &range, REG_STARTEND) == 0;
}

/* Matches one chunk, and the boundary between the bytes before it and its start; keeps the new tail. */
static bool scan(waf_stream* stream, const char* data, size_t length) {
  if (length == 0) return false;
  if (matches(stream->config, data, length)) return true;
  if (stream->tail_length > 0) {
    size_t head = length < OVERLAP ? length : OVERLAP;
    memcpy(stream->tail + stream->tail_length, data, head);
    if (matches(stream->config, stream->tail, stream->tail_length + head)) return true;
  }
  /* The new tail: the last OVERLAP bytes of the old tail and this chunk. */
  if (length >= OVERLAP) {
    memcpy(stream->tail, data + length - OVERLAP, OVERLAP);
    stream->tail_length = OVERLAP;
  } else {
    size_t keep = stream->tail_length + length > OVERLAP ? OVERLAP - length : stream->tail_length;
    memmove(stream->tail, stream->tail + stream->tail_length - keep, keep);
    memcpy(stream->tail + keep, data, length);
    stream->tail_length = keep + length;
  }
  return false;
}

/* Holds the headers until the body has been scanned, as the TypeScript example does. */
BENCH_EXPORT envoy_dynamic_module_type_on_http_filter_request_headers_status envoy_dynamic_module_on_http_filter_request_headers(
    envoy_dynamic_module_type_http_filter_envoy_ptr envoy, envoy_dynamic_module_type_http_filter_module_ptr f, bool end_of_stream) {
  (void)envoy, (void)f;
  return end_of_stream ? envoy_dynamic_module_type_on_http_filter_request_headers_status_Continue
                       : envoy_dynamic_module_type_on_http_filter_request_headers_status_StopIteration;
}

BENCH_EXPORT envoy_dynamic_module_type_on_http_filter_request_body_status envoy_dynamic_module_on_http_filter_request_body(
    envoy_dynamic_module_type_http_filter_envoy_ptr envoy, envoy_dynamic_module_type_http_filter_module_ptr f, bool end_of_stream) {
  waf_stream* stream = (waf_stream*)f;
  envoy_dynamic_module_type_http_body_type received = envoy_dynamic_module_type_http_body_type_ReceivedRequestBody;
  size_t count = envoy_dynamic_module_callback_http_get_body_chunks_size(envoy, received);
  envoy_dynamic_module_type_envoy_buffer small[64];
  envoy_dynamic_module_type_envoy_buffer* chunks = count <= 64 ? small : malloc(count * sizeof *chunks);
  bool matched = false;
  if (chunks && envoy_dynamic_module_callback_http_get_body_chunks(envoy, received, chunks)) {
    for (size_t i = 0; i < count && !matched; i++) matched = scan(stream, chunks[i].ptr, chunks[i].length);
  }
  if (chunks != small) free(chunks);
  if (matched) {
    envoy_dynamic_module_callback_http_send_response(envoy, 403, NULL, 0, BENCH_LITERAL("Access forbidden"), BENCH_LITERAL(""));
    return envoy_dynamic_module_type_on_http_filter_request_body_status_StopIterationNoBuffer;
  }
  return end_of_stream ? envoy_dynamic_module_type_on_http_filter_request_body_status_Continue
                       : envoy_dynamic_module_type_on_http_filter_request_body_status_StopIterationAndBuffer;
}
