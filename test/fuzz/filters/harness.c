/*
 * libFuzzer target for compiled filters: loads the module named by TSE_FUZZ_MODULE (built with
 * ASan, UBSan and -fsanitize=fuzzer-no-link, so its coverage guides the fuzzer) as Envoy does and
 * plays Envoy's callbacks with abi/c/host/envoy_model.c, which also aborts when the module
 * hands Envoy a header or local reply it must not (see envoy_model.h). TSE_FUZZ_FILTERS lists the
 * filter names to configure (comma-separated; default "test").
 *
 * An input is read as bytes (test/fuzz/filters/fuzz.ts writes the same format from test vectors):
 *   flags            u8: log level (flags % 8; 7 is "off" too), filter (flags / 8 % (filters + 1);
 *                    the extra index names a filter read as a string8: usually one the module lacks)
 *   config           string16: filter_config bytes
 *   then operations until the input ends, each an op byte (op % 9):
 *     0 new stream         (the current one is destroyed first)
 *     1 request headers    u8 end_of_stream, u8 count (% 48), count x (string8 name, string8 value)
 *     2 response headers   the same
 *     3 stream complete
 *     4 stream destroyed
 *     5 attribute          u8 id (% 72), u8 kind (even: string8, odd: u64 little endian)
 *     6 body or trailers   u8 which (% 4: request body, request trailers, response body, response
 *                          trailers), u8 end_of_stream, then a body's chunk as a string8 (the
 *                          model's received body during the hook) or trailers as in 1
 *     7 local reply        u16 status, string8 details, u8 reset_imminent
 *     8 new config         string16 (the stream and the old config are destroyed first)
 *   string8: u8 length (255: a u16 length follows), then the bytes; string16: u16 length, bytes.
 * Bytes past the end read as zeros. Every buffer handed to the module is an exact-size heap copy,
 * so a read past its end is an ASan report.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_model.h"

static model_module module;
enum { MAX_FILTERS = 16 };
static char* filter_names[MAX_FILTERS];
static size_t filter_count;

int LLVMFuzzerInitialize(int* argc, char*** argv) {
  (void)argc, (void)argv;
  const char* path = getenv("TSE_FUZZ_MODULE");
  if (path == NULL) {
    fprintf(stderr, "fuzz harness: set TSE_FUZZ_MODULE to the lib<name>.so to fuzz\n");
    exit(2);
  }
  model_load_module(path, &module);
  if (module.program_init() == NULL) {
    fprintf(stderr, "fuzz harness: the module refused program_init\n");
    exit(2);
  }
  const char* names = getenv("TSE_FUZZ_FILTERS");
  char* list = strdup(names && *names ? names : "test");
  for (char* name = strtok(list, ","); name && filter_count < MAX_FILTERS; name = strtok(NULL, ",")) {
    filter_names[filter_count++] = strdup(name);
  }
  free(list);
  return 0;
}

typedef struct reader {
  const uint8_t* data;
  size_t size;
  size_t pos;
} reader;

static uint8_t u8(reader* r) { return r->pos < r->size ? r->data[r->pos++] : 0; }

static uint16_t u16(reader* r) {
  uint16_t low = u8(r);
  return (uint16_t)(low | (u8(r) << 8));
}

static uint64_t u64(reader* r) {
  uint64_t value = 0;
  for (int i = 0; i < 8; i++) value |= (uint64_t)u8(r) << (8 * i);
  return value;
}

/* The next `length` bytes (fewer at the end of the input) as an exact-size heap copy. */
typedef struct bytes {
  char* ptr;
  size_t length;
} bytes;

static bytes take(reader* r, size_t length) {
  size_t left = r->size - r->pos;
  if (length > left) length = left;
  bytes out = {malloc(length ? length : 1), length};
  if (length) memcpy(out.ptr, r->data + r->pos, length);
  r->pos += length;
  return out;
}

static bytes string8(reader* r) {
  size_t length = u8(r);
  if (length == 255) length = u16(r);
  return take(r, length);
}

static bytes string16(reader* r) { return take(r, u16(r)); }

static int config_token, stream_token;

static void read_headers(reader* r, int map) {
  model_clear_headers(map);
  unsigned count = u8(r) % 48;
  for (unsigned i = 0; i < count && r->pos < r->size; i++) {
    bytes name = string8(r);
    bytes value = string8(r);
    model_append_header(map, name.ptr, name.length, value.ptr, value.length);
    free(name.ptr);
    free(value.ptr);
  }
}

/* Hook statuses are the ABI's enumerators; anything else would make Envoy misbehave. */
static void check_status(const char* hook, int status, int max) {
  if (status < 0 || status > max) {
    fprintf(stderr, "fuzz harness: %s returned %d, not a status the ABI defines\n", hook, status);
    abort();
  }
}

static const void* new_config(reader* r, uint8_t flags) {
  size_t choice = (size_t)(flags / 8) % (filter_count + 1);
  bytes name;
  if (choice < filter_count) {
    size_t length = strlen(filter_names[choice]);
    name = (bytes){malloc(length), length};
    memcpy(name.ptr, filter_names[choice], length);
  } else {
    name = string8(r);
  }
  bytes config = string16(r);
  envoy_dynamic_module_type_envoy_buffer name_buffer = {name.ptr, name.length};
  envoy_dynamic_module_type_envoy_buffer config_buffer = {config.ptr, config.length};
  const void* made = module.config_new(&config_token, name_buffer, config_buffer);
  free(name.ptr);
  free(config.ptr);
  return made;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  reader r = {data, size, 0};
  model_reset();
  uint8_t flags = u8(&r);
  model_log_level = flags % 8 == 7 ? 6 : flags % 8;
  const void* config = new_config(&r, flags);
  const void* stream = NULL;
  while (r.pos < r.size) {
    uint8_t op = u8(&r) % 9;
    switch (op) {
      case 0:
        if (stream) module.filter_destroy(stream);
        model_reset_stream();
        /* Envoy creates no streams for a rejected config. */
        stream = config ? module.filter_new(config, &stream_token) : NULL;
        break;
      case 1:
      case 2: {
        bool request = op == 1;
        bool end_of_stream = u8(&r) & 1;
        read_headers(&r, request ? 0 : 2);
        if (stream == NULL) break;
        if (request) check_status("request_headers", module.request_headers(&stream_token, stream, end_of_stream), 4);
        else check_status("response_headers", module.response_headers(&stream_token, stream, end_of_stream), 4);
        break;
      }
      case 3:
        if (stream) module.stream_complete(&stream_token, stream);
        break;
      case 4:
        if (stream) module.filter_destroy(stream);
        stream = NULL;
        break;
      case 5: {
        int id = u8(&r) % 72;
        if (u8(&r) % 2 == 0) {
          bytes value = string8(&r);
          model_set_attribute_string(id, value.ptr, value.length);
          free(value.ptr);
        } else {
          model_set_attribute_int(id, u64(&r));
        }
        break;
      }
      case 6: {
        int which = u8(&r) % 4;
        bool end_of_stream = u8(&r) & 1;
        if (which == 1 || which == 3) read_headers(&r, which);
        bytes chunk = {NULL, 0};
        if (which == 0 || which == 2) chunk = string8(&r);
        if (stream == NULL) {
          free(chunk.ptr);
          break;
        }
        if (which == 0 || which == 2) {
          model_body_arrives(which / 2, chunk.ptr, chunk.length);
          free(chunk.ptr);
          int status = which == 0 ? (int)module.request_body(&stream_token, stream, end_of_stream)
                                  : (int)module.response_body(&stream_token, stream, end_of_stream);
          check_status(which == 0 ? "request_body" : "response_body", status, 3);
          model_body_hook_done(which / 2, status);
          break;
        }
        switch (which) {
          case 0: check_status("request_body", module.request_body(&stream_token, stream, end_of_stream), 3); break;
          case 1: check_status("request_trailers", module.request_trailers(&stream_token, stream), 1); break;
          case 2: check_status("response_body", module.response_body(&stream_token, stream, end_of_stream), 3); break;
          default: check_status("response_trailers", module.response_trailers(&stream_token, stream), 1); break;
        }
        break;
      }
      case 7: {
        uint16_t status = u16(&r);
        bytes details = string8(&r);
        bool reset_imminent = u8(&r) & 1;
        envoy_dynamic_module_type_envoy_buffer details_buffer = {details.ptr, details.length};
        if (stream) check_status("local_reply", module.local_reply(&stream_token, stream, status, details_buffer, reset_imminent), 1);
        free(details.ptr);
        break;
      }
      default:
        if (stream) module.filter_destroy(stream);
        stream = NULL;
        if (config) module.config_destroy(config);
        config = new_config(&r, u8(&r));
        break;
    }
  }
  if (stream) module.filter_destroy(stream);
  if (config) module.config_destroy(config);
  return 0;
}
