/*
 * Shared by the hand-written C modules the benchmarks compare compiled TypeScript with
 * (passthrough.c, header_mutation.c, route_rules.c): written against our ABI declarations
 * (abi/c/envoy-v1.40/envoy_abi.h), as a C author would write them. common.c gives every hook a weak
 * no-op definition, so a module defines only the hooks it uses, and reads filter_config JSON with
 * jsmn (Debian libjsmn-dev, header-only). Configs are read and checked once, when Envoy creates the
 * filter config; hooks then work on plain bytes.
 */
#ifndef BENCH_MODULE_H
#define BENCH_MODULE_H

#include <stdbool.h>
#include <stddef.h>

#include "envoy_abi.h"

#define BENCH_EXPORT __attribute__((visibility("default")))

typedef struct bench_bytes {
  char* ptr; /* NUL-terminated copy, owned by the config */
  size_t length;
} bench_bytes;

/* A parsed filter_config: the tokens jsmn found in `text` (a copy of the config bytes). */
typedef struct bench_json {
  char* text;
  void* tokens; /* jsmntok_t[], known to common.c only */
  int count;
} bench_json;

/* Parses `config`; false (and a log line) when it is not one JSON value. */
bool bench_json_parse(envoy_dynamic_module_type_envoy_buffer config, bench_json* out);
void bench_json_free(bench_json* json);
/* Token index of `key`'s value in the object at `object`, or -1. */
int bench_json_member(const bench_json* json, int object, const char* key);
/* Token index just past the value at `index` (its nested tokens included). */
int bench_json_next(const bench_json* json, int index);
bool bench_json_is_array(const bench_json* json, int index);
/* Array elements: the first at index + 1, each next one at bench_json_next. Element count. */
int bench_json_size(const bench_json* json, int index);
/* The string at `index`, unescaped (\uXXXX left out: false, as for any non-string). */
bool bench_json_string(const bench_json* json, int index, bench_bytes* out);
/* The number at `index`. */
bool bench_json_number(const bench_json* json, int index, double* out);

/* An HTTP token (RFC 9110), as Envoy's header names must be. */
bool bench_is_header_name(const bench_bytes* name);
/* No control characters but tab, as header values must have. */
bool bench_is_header_value(const bench_bytes* value);

bool bench_name_is(envoy_dynamic_module_type_envoy_buffer name, const char* expected);
void bench_log(envoy_dynamic_module_type_log_level level, const char* file, const char* message);

static inline envoy_dynamic_module_type_module_buffer bench_buffer(const char* ptr, size_t length) {
  envoy_dynamic_module_type_module_buffer buffer = {ptr, length};
  return buffer;
}
static inline envoy_dynamic_module_type_module_buffer bench_module_bytes(const bench_bytes* bytes) {
  return bench_buffer(bytes->ptr, bytes->length);
}
#define BENCH_LITERAL(s) bench_buffer(s, sizeof(s) - 1)

#endif
