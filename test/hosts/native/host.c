/*
 * Native test host: loads a compiled lib<name>.so and drives its hooks the way Envoy does, without
 * Envoy. It plays Envoy's side of the ABI with a small model (ordered header maps with lowercased
 * names, attributes, counters) and prints a transcript of everything the module does. The Node
 * reference host (test/hosts/reference) implements the same model and prints the same transcript,
 * so a filter's TypeScript run in Node and its compiled .so can be compared byte for byte.
 *
 * Input (stdin), one command per line, byte strings hex-encoded:
 *   L <level>                 log level Envoy has enabled (0 trace .. 6 off)
 *   C <name-hex> <config-hex>|-   create a filter config
 *   S                         new stream
 *   A <id> s <hex> | A <id> i <u64>   set an attribute of the current stream
 *   Q <eos> <n>  then n lines "H <name-hex> <value-hex>"   request headers arrive
 *   P <eos> <n>  then n header lines                        response headers arrive
 *   E                         stream complete
 *   W <ms>                    time passes (the host sleeps)
 *   D                         stream destroyed
 *   X                         config destroyed
 * Usage: host <module.so>
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envoy_abi.h"

#define EXPORT __attribute__((visibility("default")))

/* ------------------------------------------------------------------ transcript */

static void put_string(const char* s, size_t n) {
  putchar('"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '"': fputs("\\\"", stdout); break;
      case '\\': fputs("\\\\", stdout); break;
      case '\b': fputs("\\b", stdout); break;
      case '\f': fputs("\\f", stdout); break;
      case '\n': fputs("\\n", stdout); break;
      case '\r': fputs("\\r", stdout); break;
      case '\t': fputs("\\t", stdout); break;
      default:
        if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
  }
  putchar('"');
}

static const char* const level_names[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
static const char* const map_names[] = {"request", "request_trailers", "response", "response_trailers"};

/* ------------------------------------------------------------------ Envoy model */

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

static header_map maps[4];
static int log_level = 2;

typedef struct attribute {
  int id;
  int is_string;
  char* bytes;
  size_t length;
  uint64_t number;
} attribute;

static attribute attributes[128];
static size_t attribute_count;
static char* counter_names[64];
static size_t counter_count;

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

static void map_clear(header_map* map) {
  for (size_t i = 0; i < map->count; i++) {
    free(map->items[i].name);
    free(map->items[i].value);
  }
  map->count = 0;
}

static void map_append(header_map* map, const char* name, size_t name_length, const char* value, size_t value_length) {
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
static void map_set(header_map* map, const char* name, size_t name_length, const char* value, size_t value_length) {
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
  map_append(map, name, name_length, value, value_length);
}

/* ------------------------------------------------------------------ ABI callbacks */

EXPORT void envoy_dynamic_module_callback_log_v2(envoy_dynamic_module_type_log_level level,
                                                 envoy_dynamic_module_type_module_buffer message,
                                                 envoy_dynamic_module_type_module_buffer source_file,
                                                 uint32_t source_line) {
  printf("log %s ", level_names[level]);
  put_string(source_file.ptr, source_file.length);
  printf(":%u ", source_line);
  put_string(message.ptr, message.length);
  putchar('\n');
}

EXPORT bool envoy_dynamic_module_callback_log_enabled(envoy_dynamic_module_type_log_level level) {
  return (int)level >= log_level;
}

EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_define_counter(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr config, envoy_dynamic_module_type_module_buffer name,
    envoy_dynamic_module_type_module_buffer* label_names, size_t label_names_length, size_t* counter_id) {
  (void)config, (void)label_names, (void)label_names_length;
  counter_names[counter_count] = copy_bytes(name.ptr, name.length);
  *counter_id = counter_count++;
  return envoy_dynamic_module_type_metrics_result_Success;
}

EXPORT envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_increment_counter(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, size_t id, envoy_dynamic_module_type_module_buffer* labels,
    size_t labels_length, uint64_t value) {
  (void)filter, (void)labels, (void)labels_length;
  printf("counter ");
  put_string(counter_names[id], strlen(counter_names[id]));
  printf(" += %llu\n", (unsigned long long)value);
  return envoy_dynamic_module_type_metrics_result_Success;
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

EXPORT bool envoy_dynamic_module_callback_http_add_header(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                          envoy_dynamic_module_type_http_header_type type,
                                                          envoy_dynamic_module_type_module_buffer key,
                                                          envoy_dynamic_module_type_module_buffer value) {
  (void)filter;
  printf("add_header %s ", map_names[type]);
  put_string(key.ptr, key.length);
  putchar(' ');
  put_string(value.ptr, value.length);
  putchar('\n');
  map_append(&maps[type], key.ptr, key.length, value.ptr, value.length);
  return true;
}

EXPORT bool envoy_dynamic_module_callback_http_set_header(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                          envoy_dynamic_module_type_http_header_type type,
                                                          envoy_dynamic_module_type_module_buffer key,
                                                          envoy_dynamic_module_type_module_buffer value) {
  (void)filter;
  if (value.ptr == NULL) {
    printf("remove_header %s ", map_names[type]);
    put_string(key.ptr, key.length);
    putchar('\n');
    map_remove(&maps[type], key.ptr, key.length);
    return true;
  }
  printf("set_header %s ", map_names[type]);
  put_string(key.ptr, key.length);
  putchar(' ');
  put_string(value.ptr, value.length);
  putchar('\n');
  map_set(&maps[type], key.ptr, key.length, value.ptr, value.length);
  return true;
}

EXPORT void envoy_dynamic_module_callback_http_send_response(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                             uint32_t status,
                                                             envoy_dynamic_module_type_module_http_header* headers,
                                                             size_t count, envoy_dynamic_module_type_module_buffer body,
                                                             envoy_dynamic_module_type_module_buffer details) {
  (void)filter;
  printf("send_response %u [", status);
  for (size_t i = 0; i < count; i++) {
    printf(i ? ",[" : "[");
    put_string(headers[i].key_ptr, headers[i].key_length);
    putchar(',');
    put_string(headers[i].value_ptr, headers[i].value_length);
    putchar(']');
  }
  printf("] ");
  put_string(body.ptr ? body.ptr : "", body.ptr ? body.length : 0);
  putchar(' ');
  put_string(details.ptr ? details.ptr : "", details.ptr ? details.length : 0);
  putchar('\n');
}

EXPORT void envoy_dynamic_module_callback_http_filter_reset_stream(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter, envoy_dynamic_module_type_http_filter_stream_reset_reason reason,
    envoy_dynamic_module_type_module_buffer details) {
  (void)filter;
  printf("reset_stream %d ", (int)reason);
  put_string(details.ptr ? details.ptr : "", details.ptr ? details.length : 0);
  putchar('\n');
}

EXPORT void envoy_dynamic_module_callback_http_filter_continue_decoding(envoy_dynamic_module_type_http_filter_envoy_ptr filter) {
  (void)filter;
  puts("continue_decoding");
}

EXPORT void envoy_dynamic_module_callback_http_filter_continue_encoding(envoy_dynamic_module_type_http_filter_envoy_ptr filter) {
  (void)filter;
  puts("continue_encoding");
}

static attribute* find_attribute(int id) {
  for (size_t i = 0; i < attribute_count; i++) {
    if (attributes[i].id == id) return &attributes[i];
  }
  return NULL;
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
  if (a == NULL || a->is_string) return false;
  *result = a->number;
  return true;
}

EXPORT size_t envoy_dynamic_module_callback_http_get_body_chunks_size(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                                      envoy_dynamic_module_type_http_body_type type) {
  (void)filter, (void)type;
  return 0;
}
EXPORT bool envoy_dynamic_module_callback_http_get_body_chunks(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                               envoy_dynamic_module_type_http_body_type type,
                                                               envoy_dynamic_module_type_envoy_buffer* chunks) {
  (void)filter, (void)type, (void)chunks;
  return false;
}
EXPORT size_t envoy_dynamic_module_callback_http_get_body_size(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                               envoy_dynamic_module_type_http_body_type type) {
  (void)filter, (void)type;
  return 0;
}
EXPORT bool envoy_dynamic_module_callback_http_append_body(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                           envoy_dynamic_module_type_http_body_type type,
                                                           envoy_dynamic_module_type_module_buffer data) {
  (void)filter, (void)type, (void)data;
  return false;
}
EXPORT bool envoy_dynamic_module_callback_http_drain_body(envoy_dynamic_module_type_http_filter_envoy_ptr filter,
                                                          envoy_dynamic_module_type_http_body_type type, size_t bytes) {
  (void)filter, (void)type, (void)bytes;
  return false;
}

/* ------------------------------------------------------------------ driver */

#define HOOK(name) static __typeof__(&envoy_dynamic_module_##name) name
HOOK(on_program_init);
HOOK(on_http_filter_config_new);
HOOK(on_http_filter_config_destroy);
HOOK(on_http_filter_new);
HOOK(on_http_filter_request_headers);
HOOK(on_http_filter_response_headers);
HOOK(on_http_filter_stream_complete);
HOOK(on_http_filter_destroy);

static void* resolve(void* module, const char* name) {
  void* symbol = dlsym(module, name);
  if (symbol == NULL) {
    fprintf(stderr, "host: module lacks %s\n", name);
    exit(2);
  }
  return symbol;
}

static char* unhex(const char* hex, size_t* length_out) {
  size_t n = strlen(hex) / 2;
  char* bytes = malloc(n + 1);
  for (size_t i = 0; i < n; i++) {
    unsigned value;
    sscanf(hex + 2 * i, "%2x", &value);
    bytes[i] = (char)value;
  }
  bytes[n] = 0;
  *length_out = n;
  return bytes;
}

static void read_headers(header_map* map, int count) {
  map_clear(map);
  char line[65536], name_hex[32768], value_hex[32768];
  for (int i = 0; i < count && fgets(line, sizeof line, stdin); i++) {
    name_hex[0] = value_hex[0] = 0;
    sscanf(line, "H %32767s %32767s", name_hex, value_hex);
    if (strcmp(value_hex, "-") == 0) value_hex[0] = 0;
    size_t name_length, value_length;
    char* name = unhex(name_hex, &name_length);
    char* value = unhex(value_hex, &value_length);
    map_append(map, name, name_length, value, value_length);
    free(name);
    free(value);
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: host <module.so>\n");
    return 2;
  }
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  void* module = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (module == NULL) {
    fprintf(stderr, "host: %s\n", dlerror());
    return 2;
  }
  on_program_init = resolve(module, "envoy_dynamic_module_on_program_init");
  on_http_filter_config_new = resolve(module, "envoy_dynamic_module_on_http_filter_config_new");
  on_http_filter_config_destroy = resolve(module, "envoy_dynamic_module_on_http_filter_config_destroy");
  on_http_filter_new = resolve(module, "envoy_dynamic_module_on_http_filter_new");
  on_http_filter_request_headers = resolve(module, "envoy_dynamic_module_on_http_filter_request_headers");
  on_http_filter_response_headers = resolve(module, "envoy_dynamic_module_on_http_filter_response_headers");
  on_http_filter_stream_complete = resolve(module, "envoy_dynamic_module_on_http_filter_stream_complete");
  on_http_filter_destroy = resolve(module, "envoy_dynamic_module_on_http_filter_destroy");

  printf("program_init -> %s\n", on_program_init() ? "ok" : "refused");
  static int config_token, stream_token;
  const void* config = NULL;
  const void* stream = NULL;
  char line[65536];
  while (fgets(line, sizeof line, stdin)) {
    char command = line[0];
    if (command == 'L') {
      log_level = atoi(line + 2);
    } else if (command == 'C') {
      char name_hex[4096], config_hex[60000];
      sscanf(line, "C %4095s %59999s", name_hex, config_hex);
      size_t name_length, config_length = 0;
      char* name = unhex(name_hex, &name_length);
      char* bytes = strcmp(config_hex, "-") == 0 ? NULL : unhex(config_hex, &config_length);
      envoy_dynamic_module_type_envoy_buffer name_buffer = {name, name_length};
      envoy_dynamic_module_type_envoy_buffer config_buffer = {bytes ? bytes : "", config_length};
      config = on_http_filter_config_new(&config_token, name_buffer, config_buffer);
      printf("config ");
      put_string(name, name_length);
      printf(" -> %s\n", config ? "ok" : "rejected");
      free(name);
      free(bytes);
    } else if (command == 'S') {
      attribute_count = 0;
      for (int i = 0; i < 4; i++) map_clear(&maps[i]);
      /* Envoy creates no streams for a rejected config. */
      stream = config ? on_http_filter_new(config, &stream_token) : NULL;
      printf("stream new -> %s\n", stream ? "ok" : "refused");
    } else if (command == 'A') {
      int id;
      char kind;
      char value[4096];
      sscanf(line, "A %d %c %4095s", &id, &kind, value);
      attribute* a = &attributes[attribute_count++];
      a->id = id;
      a->is_string = kind == 's';
      if (a->is_string) a->bytes = unhex(strcmp(value, "-") == 0 ? "" : value, &a->length);
      else a->number = strtoull(value, NULL, 10);
    } else if (command == 'Q' || command == 'P') {
      int eos, count;
      sscanf(line + 2, "%d %d", &eos, &count);
      int request = command == 'Q';
      read_headers(&maps[request ? 0 : 2], count);
      printf("%s_headers end_of_stream=%s\n", request ? "request" : "response", eos ? "true" : "false");
      int status = !stream   ? -1
                   : request ? (int)on_http_filter_request_headers(&stream_token, stream, eos != 0)
                             : (int)on_http_filter_response_headers(&stream_token, stream, eos != 0);
      printf("-> %d\n", status);
    } else if (command == 'W') {
      long ms = atol(line + 2);
      struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
      nanosleep(&pause, NULL);
      printf("wait %ldms\n", ms);
    } else if (command == 'E') {
      puts("stream_complete");
      if (stream) on_http_filter_stream_complete(&stream_token, stream);
    } else if (command == 'D') {
      if (stream) on_http_filter_destroy(stream);
      puts("stream destroyed");
      stream = NULL;
    } else if (command == 'X') {
      if (config) on_http_filter_config_destroy(config);
      puts("config destroyed");
      config = NULL;
    }
    fflush(stdout);
  }
  return 0;
}
