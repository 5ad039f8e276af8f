/*
 * Hand-written C counterpart of examples/header_mutation.ts, for the benchmarks: same filter name,
 * config keys and behaviour. The config's header names and values are checked once, when the config
 * is created (a bad one rejects the config; the TypeScript filter fails each request instead).
 */
#include <stdlib.h>
#include <string.h>

#include "bench_module.h"

typedef struct header_list {
  bench_bytes* names;
  bench_bytes* values; /* NULL for a list of names to remove */
  size_t count;
} header_list;

typedef struct header_mutation_config {
  header_list request_set, request_remove, response_set, response_remove;
} header_mutation_config;

static void free_list(header_list* list) {
  for (size_t i = 0; i < list->count; i++) {
    free(list->names[i].ptr);
    if (list->values) free(list->values[i].ptr);
  }
  free(list->names);
  free(list->values);
}

static void free_config(header_mutation_config* config) {
  free_list(&config->request_set);
  free_list(&config->request_remove);
  free_list(&config->response_set);
  free_list(&config->response_remove);
  free(config);
}

/* `key`: an array of [name, value] pairs (pairs) or of names; every name a token, every value clean. */
static bool read_list(const bench_json* json, const char* key, bool pairs, header_list* out) {
  int array = bench_json_member(json, 0, key);
  if (!bench_json_is_array(json, array)) return false;
  size_t count = (size_t)bench_json_size(json, array);
  out->names = calloc(count + 1, sizeof(bench_bytes));
  out->values = pairs ? calloc(count + 1, sizeof(bench_bytes)) : NULL;
  int item = array + 1;
  for (size_t i = 0; i < count; i++, item = bench_json_next(json, item)) {
    out->count = i + 1;
    if (!pairs) {
      if (!bench_json_string(json, item, &out->names[i]) || !bench_is_header_name(&out->names[i])) return false;
      continue;
    }
    if (!bench_json_is_array(json, item) || bench_json_size(json, item) != 2 ||
        !bench_json_string(json, item + 1, &out->names[i]) ||
        !bench_json_string(json, bench_json_next(json, item + 1), &out->values[i]) ||
        !bench_is_header_name(&out->names[i]) || !bench_is_header_value(&out->values[i])) {
      return false;
    }
  }
  return true;
}

BENCH_EXPORT envoy_dynamic_module_type_http_filter_config_module_ptr envoy_dynamic_module_on_http_filter_config_new(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr envoy_config, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config) {
  (void)envoy_config;
  if (!bench_name_is(name, "header_mutation")) return NULL;
  bench_json json;
  if (!bench_json_parse(config, &json)) return NULL;
  header_mutation_config* parsed = calloc(1, sizeof *parsed);
  bool ok = read_list(&json, "request_headers", true, &parsed->request_set) &&
            read_list(&json, "remove_request_headers", false, &parsed->request_remove) &&
            read_list(&json, "response_headers", true, &parsed->response_set) &&
            read_list(&json, "remove_response_headers", false, &parsed->response_remove);
  bench_json_free(&json);
  if (!ok) {
    bench_log(envoy_dynamic_module_type_log_level_Error, "header_mutation.c", "header_mutation: invalid filter_config");
    free_config(parsed);
    return NULL;
  }
  return parsed;
}

BENCH_EXPORT void envoy_dynamic_module_on_http_filter_config_destroy(
    envoy_dynamic_module_type_http_filter_config_module_ptr config) {
  free_config((header_mutation_config*)config);
}

static void apply(envoy_dynamic_module_type_http_filter_envoy_ptr envoy, envoy_dynamic_module_type_http_header_type type,
                  const header_list* set, const header_list* remove) {
  for (size_t i = 0; i < set->count; i++) {
    envoy_dynamic_module_callback_http_set_header(envoy, type, bench_module_bytes(&set->names[i]),
                                                  bench_module_bytes(&set->values[i]));
  }
  for (size_t i = 0; i < remove->count; i++) {
    envoy_dynamic_module_callback_http_set_header(envoy, type, bench_module_bytes(&remove->names[i]), bench_buffer(NULL, 0));
  }
}

BENCH_EXPORT envoy_dynamic_module_type_on_http_filter_request_headers_status
envoy_dynamic_module_on_http_filter_request_headers(envoy_dynamic_module_type_http_filter_envoy_ptr envoy,
                                                    envoy_dynamic_module_type_http_filter_module_ptr filter, bool eos) {
  (void)eos;
  const header_mutation_config* config = filter;
  apply(envoy, envoy_dynamic_module_type_http_header_type_RequestHeader, &config->request_set, &config->request_remove);
  return envoy_dynamic_module_type_on_http_filter_request_headers_status_Continue;
}

static void copy_attribute(envoy_dynamic_module_type_http_filter_envoy_ptr envoy, envoy_dynamic_module_type_attribute_id id,
                           envoy_dynamic_module_type_module_buffer header) {
  envoy_dynamic_module_type_envoy_buffer value = {NULL, 0};
  if (envoy_dynamic_module_callback_http_filter_get_attribute_string(envoy, id, &value)) {
    envoy_dynamic_module_callback_http_set_header(envoy, envoy_dynamic_module_type_http_header_type_ResponseHeader, header,
                                                  bench_buffer(value.ptr, value.length));
  }
}

BENCH_EXPORT envoy_dynamic_module_type_on_http_filter_response_headers_status
envoy_dynamic_module_on_http_filter_response_headers(envoy_dynamic_module_type_http_filter_envoy_ptr envoy,
                                                     envoy_dynamic_module_type_http_filter_module_ptr filter, bool eos) {
  (void)eos;
  const header_mutation_config* config = filter;
  copy_attribute(envoy, envoy_dynamic_module_type_attribute_id_SourceAddress, BENCH_LITERAL("X-Downstream-Address"));
  copy_attribute(envoy, envoy_dynamic_module_type_attribute_id_UpstreamAddress, BENCH_LITERAL("X-Upstream-Address"));
  uint64_t code = 0;
  if (envoy_dynamic_module_callback_http_filter_get_attribute_int(envoy, envoy_dynamic_module_type_attribute_id_ResponseCode,
                                                                  &code)) {
    char digits[24];
    char* start = digits + sizeof digits;
    do *--start = (char)('0' + code % 10); while (code /= 10);
    envoy_dynamic_module_callback_http_set_header(envoy, envoy_dynamic_module_type_http_header_type_ResponseHeader,
                                                  BENCH_LITERAL("X-Response-Code"),
                                                  bench_buffer(start, (size_t)(digits + sizeof digits - start)));
  }
  apply(envoy, envoy_dynamic_module_type_http_header_type_ResponseHeader, &config->response_set, &config->response_remove);
  return envoy_dynamic_module_type_on_http_filter_response_headers_status_Continue;
}
