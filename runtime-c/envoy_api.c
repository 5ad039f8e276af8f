/* The Envoy API offered to filter code (EnvoyHttpFilter methods, log), on top of the ABI callbacks. */
#include <string.h>

#include "envoy_abi.h"
#include "tse.h"

static const tse_field tuple_string_string_fields[] = {
    {"0", offsetof(tse_tuple_string_string, item0), &tse_type_string},
    {"1", offsetof(tse_tuple_string_string, item1), &tse_type_string},
};
const tse_type tse_type_tuple_string_string = {TSE_KIND_TUPLE, "[string, string]", sizeof(tse_tuple_string_string),
                                               NULL, 2, tuple_string_string_fields, NULL, 0};
const tse_type tse_type_array_tuple_string_string = {TSE_KIND_ARRAY, "[string, string][]", sizeof(tse_array*),
                                                     &tse_type_tuple_string_string, 0, NULL, NULL, 0};
const tse_type tse_type_array_string = {TSE_KIND_ARRAY, "string[]", sizeof(tse_array*), &tse_type_string, 0, NULL, NULL, 0};

static envoy_dynamic_module_type_module_buffer utf8_buffer(tse_ctx* ctx, tse_str s) {
  envoy_dynamic_module_type_module_buffer buffer;
  buffer.ptr = tse_str_to_utf8(ctx, s, &buffer.length);
  return buffer;
}

static envoy_dynamic_module_type_http_header_type header_kind(int32_t header_type) {
  return (envoy_dynamic_module_type_http_header_type)header_type;
}

tse_str tse_http_get_header(tse_ctx* ctx, int32_t header_type, tse_str name) {
  envoy_dynamic_module_type_envoy_buffer result = {NULL, 0};
  size_t count = 0;
  if (!envoy_dynamic_module_callback_http_get_header(ctx->envoy_filter, header_kind(header_type),
                                                     utf8_buffer(ctx, name), &result, 0, &count) ||
      count == 0 || result.ptr == NULL) {
    return NULL;
  }
  return tse_str_from_utf8(ctx, result.ptr, result.length);
}

tse_array* tse_http_get_header_values(tse_ctx* ctx, int32_t header_type, tse_str name) {
  envoy_dynamic_module_type_module_buffer key = utf8_buffer(ctx, name);
  envoy_dynamic_module_type_envoy_buffer result = {NULL, 0};
  size_t count = 0;
  envoy_dynamic_module_callback_http_get_header(ctx->envoy_filter, header_kind(header_type), key, &result, 0, &count);
  tse_array* values = tse_array_new(ctx, &tse_type_array_string, sizeof(tse_str), (uint32_t)count);
  for (size_t i = 0; i < count; i++) {
    if (!envoy_dynamic_module_callback_http_get_header(ctx->envoy_filter, header_kind(header_type), key, &result, i,
                                                       NULL)) {
      break;
    }
    *(tse_str*)tse_array_push_slot(ctx, values, sizeof(tse_str)) = tse_str_from_utf8(ctx, result.ptr, result.length);
  }
  return values;
}

tse_array* tse_http_get_headers(tse_ctx* ctx, int32_t header_type) {
  size_t count = envoy_dynamic_module_callback_http_get_headers_size(ctx->envoy_filter, header_kind(header_type));
  tse_array* headers =
      tse_array_new(ctx, &tse_type_array_tuple_string_string, sizeof(tse_tuple_string_string*), (uint32_t)count);
  if (count == 0) return headers;
  envoy_dynamic_module_type_envoy_http_header* raw =
      tse_alloc(ctx, count * sizeof(envoy_dynamic_module_type_envoy_http_header));
  if (!envoy_dynamic_module_callback_http_get_headers(ctx->envoy_filter, header_kind(header_type), raw)) {
    return headers;
  }
  for (size_t i = 0; i < count; i++) {
    tse_tuple_string_string* pair = tse_alloc(ctx, sizeof(tse_tuple_string_string));
    pair->header.type = &tse_type_tuple_string_string;
    pair->item0 = tse_str_from_utf8(ctx, raw[i].key_ptr, raw[i].key_length);
    pair->item1 = tse_str_from_utf8(ctx, raw[i].value_ptr, raw[i].value_length);
    *(tse_tuple_string_string**)tse_array_push_slot(ctx, headers, sizeof(pair)) = pair;
  }
  return headers;
}

bool tse_http_set_header(tse_ctx* ctx, int32_t header_type, tse_str name, tse_str value) {
  return envoy_dynamic_module_callback_http_set_header(ctx->envoy_filter, header_kind(header_type),
                                                       utf8_buffer(ctx, name), utf8_buffer(ctx, value));
}

bool tse_http_add_header(tse_ctx* ctx, int32_t header_type, tse_str name, tse_str value) {
  return envoy_dynamic_module_callback_http_add_header(ctx->envoy_filter, header_kind(header_type),
                                                       utf8_buffer(ctx, name), utf8_buffer(ctx, value));
}

bool tse_http_remove_header(tse_ctx* ctx, int32_t header_type, tse_str name) {
  envoy_dynamic_module_type_module_buffer none = {NULL, 0};
  return envoy_dynamic_module_callback_http_set_header(ctx->envoy_filter, header_kind(header_type),
                                                       utf8_buffer(ctx, name), none);
}

void tse_http_send_response(tse_ctx* ctx, double status, tse_array* headers, tse_str body, tse_str details) {
  if (!(status >= 100 && status <= 599) || status != (double)(uint32_t)status) {
    tse_fail(ctx, "sendResponse: status must be an integer from 100 to 599");
  }
  uint32_t count = headers ? headers->length : 0;
  envoy_dynamic_module_type_module_http_header* raw =
      count ? tse_alloc(ctx, count * sizeof(envoy_dynamic_module_type_module_http_header)) : NULL;
  for (uint32_t i = 0; i < count; i++) {
    tse_tuple_string_string* pair = ((tse_tuple_string_string**)headers->data)[i];
    raw[i].key_ptr = tse_str_to_utf8(ctx, pair->item0, &raw[i].key_length);
    raw[i].value_ptr = tse_str_to_utf8(ctx, pair->item1, &raw[i].value_length);
  }
  envoy_dynamic_module_type_module_buffer none = {NULL, 0};
  envoy_dynamic_module_callback_http_send_response(ctx->envoy_filter, (uint32_t)status, raw, count,
                                                   body ? utf8_buffer(ctx, body) : none,
                                                   details ? utf8_buffer(ctx, details) : none);
}

tse_str tse_http_get_attribute_string(tse_ctx* ctx, double attribute_id) {
  envoy_dynamic_module_type_envoy_buffer result = {NULL, 0};
  if (!envoy_dynamic_module_callback_http_filter_get_attribute_string(
          ctx->envoy_filter, (envoy_dynamic_module_type_attribute_id)(int)attribute_id, &result)) {
    return NULL;
  }
  return tse_str_from_utf8(ctx, result.ptr, result.length);
}

tse_value tse_http_get_attribute_int(tse_ctx* ctx, double attribute_id) {
  uint64_t value = 0;
  if (!envoy_dynamic_module_callback_http_filter_get_attribute_int(
          ctx->envoy_filter, (envoy_dynamic_module_type_attribute_id)(int)attribute_id, &value)) {
    return tse_value_undefined();
  }
  return tse_value_number((double)value);
}

void tse_log(tse_ctx* ctx, int32_t level, tse_str message, const char* source_file, uint32_t source_line) {
  envoy_dynamic_module_type_log_level envoy_level = (envoy_dynamic_module_type_log_level)level;
  if (!envoy_dynamic_module_callback_log_enabled(envoy_level)) return;
  envoy_dynamic_module_type_module_buffer file = {source_file, strlen(source_file)};
  envoy_dynamic_module_callback_log_v2(envoy_level, utf8_buffer(ctx, message), file, source_line);
}
