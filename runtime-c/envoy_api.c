/*
 * The Envoy API offered to filter code (EnvoyHttpFilter methods, log), on top of the ABI callbacks.
 *
 * What crosses into Envoy is checked first, because Envoy writes header bytes to the wire as given
 * (a CR LF in a value would start a header of the client's choosing): header names must be tokens
 * or one of Envoy's pseudo-headers, values must not hold control characters, and a local reply's
 * status must be one a final reply can carry. Violations throw the TypeError/RangeError Node's
 * http module throws (same messages as abi/ts/sdk.ts), catchable by filter code.
 *
 * Why this file is long: one section per family of EnvoyHttpFilter methods (headers, local
 * replies, attributes, bodies, metrics); they share the header checks and buffer helpers above.
 */
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

/* As the compiler emits a descriptor with fields: the descriptor, its fields, their names, its name (tse_type). */
#define TUPLE_TYPE struct tse_tuple_string_string_type
const TUPLE_TYPE tse_type_tuple_string_string_named = {
    {.kind = TSE_KIND_TUPLE, .size = sizeof(tse_tuple_string_string), .field_count = 2, .name_offset = offsetof(TUPLE_TYPE, name), .extent = sizeof(TUPLE_TYPE)},
    {{offsetof(tse_tuple_string_string, item0), offsetof(TUPLE_TYPE, names) - offsetof(TUPLE_TYPE, fields[0]), &tse_type_string},
     {offsetof(tse_tuple_string_string, item1), offsetof(TUPLE_TYPE, names) + 2 - offsetof(TUPLE_TYPE, fields[1]), &tse_type_string}},
    "0\0" "1",
    "[string, string]"};
#undef TUPLE_TYPE
TSE_NAMED_TYPE(tse_type_array_tuple_string_string, "[string, string][]", .kind = TSE_KIND_ARRAY, .size = sizeof(tse_array*), .elem = &tse_type_tuple_string_string);
TSE_NAMED_TYPE(tse_type_array_string, "string[]", .kind = TSE_KIND_ARRAY, .size = sizeof(tse_array*), .elem = &tse_type_string);

/* Out of line, so callers keep no local whose address escapes: their call into Envoy can be a jump. */
static __attribute__((noinline)) envoy_dynamic_module_type_module_buffer wide_utf8_buffer(tse_ctx* ctx, tse_str s) {
  envoy_dynamic_module_type_module_buffer buffer;
  buffer.ptr = tse_str_to_utf8(ctx, s, &buffer.length);
  return buffer;
}

static envoy_dynamic_module_type_module_buffer utf8_buffer(tse_ctx* ctx, tse_str s) {
  if (TSE_LIKELY(!s->wide)) { /* ASCII: the string's own bytes (no call) */
    envoy_dynamic_module_type_module_buffer buffer = {(const char*)s->data, s->length};
    return buffer;
  }
  return wide_utf8_buffer(ctx, s);
}

static envoy_dynamic_module_type_http_header_type header_kind(int32_t header_type) {
  return (envoy_dynamic_module_type_http_header_type)header_type;
}

static tse_str envoy_value_string(tse_ctx* ctx, const char* bytes, size_t length);

tse_str tse_http_get_header(tse_ctx* ctx, int32_t header_type, tse_str name) {
  envoy_dynamic_module_type_envoy_buffer result = {NULL, 0};
  size_t count = 0;
  if (!envoy_dynamic_module_callback_http_get_header(ctx->envoy_filter, header_kind(header_type),
                                                     utf8_buffer(ctx, name), &result, 0, &count) ||
      count == 0 || result.ptr == NULL) {
    return NULL;
  }
  return envoy_value_string(ctx, result.ptr, result.length);
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
    *(tse_str*)tse_array_push_slot(ctx, values, sizeof(tse_str)) = envoy_value_string(ctx, result.ptr, result.length);
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
    pair->item1 = envoy_value_string(ctx, raw[i].value_ptr, raw[i].value_length);
    *(tse_tuple_string_string**)tse_array_push_slot(ctx, headers, sizeof(pair)) = pair;
  }
  return headers;
}

/* RFC 9110 tchar, what Node's checkIsHttpToken accepts (!#$%&'*+-.^_`|~, digits, letters), as a
   table of the 256 byte values: header checks run on every set. */
static const uint8_t token_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static bool is_token_unit(uint16_t c) { return c < 256 && token_byte[c]; }

/* RFC 9110 field-value: no control characters but HTAB (Node's checkInvalidHeaderChar, on code units). */
static bool is_value_unit(uint16_t c) { return (c >= 0x20 || c == '\t') && c != 0x7f; }

static const uint64_t byte_ones = UINT64_C(0x0101010101010101), byte_highs = UINT64_C(0x8080808080808080);

/* Eight bytes at a time: nonzero when the word may hold a byte below 0x20 or equal to 0x7f. */
static uint64_t control_bytes(uint64_t word) {
  uint64_t del = word ^ (byte_ones * 0x7f);
  return (((word - byte_ones * 0x20) & ~word) | ((del - byte_ones) & ~del)) & byte_highs;
}

/* A word with no byte below 0x20 and none equal to 0x7f is fine as it is. */
static bool is_narrow_header_value(const unsigned char* data, uint32_t length) {
  uint32_t i = 0;
  for (; i + 8 <= length; i += 8) {
    uint64_t word;
    memcpy(&word, data + i, sizeof word);
    bool suspicious = control_bytes(word) != 0;
    if (suspicious) {
      for (uint32_t j = i; j < i + 8; j++) {
        if (!is_value_unit(data[j])) return false;
      }
    }
  }
  if (length >= 8) {
    /* The last eight bytes, overlapping what was read: no byte-wise tail. */
    uint64_t word;
    memcpy(&word, data + length - 8, sizeof word);
    if (!control_bytes(word)) return true;
  }
  for (; i < length; i++) {
    if (!is_value_unit(data[i])) return false;
  }
  return true;
}

static bool is_header_value(tse_str value) {
  if (!value->wide) return is_narrow_header_value(value->data, value->length);
  for (uint32_t i = 0; i < value->length; i++) {
    if (!is_value_unit(tse_str_unit(value, i))) return false;
  }
  return true;
}

/* Throws `kind` with the message prefix + middle + suffix, the middle kept as its code units. */
static TSE_NORETURN void throw_composed(tse_ctx* ctx, int32_t kind, const char* prefix, tse_str middle, const char* suffix) {
  tse_str parts[3] = {tse_str_from_ascii(ctx, prefix, strlen(prefix)), middle, tse_str_from_ascii(ctx, suffix, strlen(suffix))};
  tse_throw(ctx, tse_error_new(ctx, kind, tse_str_concat_all(ctx, parts, 3)));
}

static bool is_token(tse_str s) {
  if (s->length == 0) return false;
  if (!s->wide) {
    for (uint32_t i = 0; i < s->length; i++) {
      if (!token_byte[s->data[i]]) return false;
    }
    return true;
  }
  for (uint32_t i = 0; i < s->length; i++) {
    if (!is_token_unit(tse_str_unit(s, i))) return false;
  }
  return true;
}

static bool has_unit(tse_str s, uint16_t a, uint16_t b) {
  for (uint32_t i = 0; i < s->length; i++) {
    uint16_t c = tse_str_unit(s, i);
    if (c == a || c == b) return true;
  }
  return false;
}

static bool pseudo_is(tse_str name, const char* pseudo) {
  size_t length = strlen(pseudo);
  if (name->length != length) return false;
  for (uint32_t i = 0; i < length; i++) {
    if (tse_str_unit(name, i) != (unsigned char)pseudo[i]) return false;
  }
  return true;
}

/*
 * Envoy writes pseudo-headers into the HTTP/1 request and status lines as they are: a space in
 * :path or :method splits the request line differently upstream, and a :status of 1xx, 204 or 304
 * over a response with a body makes the client read the body as the next response. A :status of
 * 204 or 304 is for local replies, which know they have no body.
 */
static void check_pseudo_value(tse_ctx* ctx, tse_str name, tse_str value) {
  if (pseudo_is(name, ":status")) {
    bool digits = value->length == 3;
    for (uint32_t i = 0; digits && i < 3; i++) digits = tse_str_unit(value, i) >= '0' && tse_str_unit(value, i) <= '9';
    int status = digits ? (tse_str_unit(value, 0) - '0') * 100 + (tse_str_unit(value, 1) - '0') * 10 + (tse_str_unit(value, 2) - '0') : 0;
    if (status < 200 || status > 599 || status == 204 || status == 304) {
      throw_composed(ctx, TSE_RANGE_ERROR, "Invalid status code: ", value, " (a :status set by a filter is from 200 to 599, not 204 or 304)");
    }
  } else if (pseudo_is(name, ":path") || pseudo_is(name, ":authority") ? has_unit(value, ' ', '\t') : !is_token(value)) {
    throw_composed(ctx, TSE_TYPE_ERROR, "Invalid character in header content [\"", name, "\"]");
  }
}

/* Envoy's pseudo-headers, which filters may set (":path" rewrites the path, ":status" the status). */
static bool is_pseudo_header(tse_str name) {
  /* Arrays, not pointers: no relocations when the module loads. */
  static const char pseudo[][11] = {":authority", ":method", ":path", ":scheme", ":protocol", ":status"};
  for (size_t i = 0; i < sizeof pseudo / sizeof pseudo[0]; i++) {
    if (pseudo_is(name, pseudo[i])) return true;
  }
  return false;
}

static bool is_header_name(tse_str name) {
  return name->length > 0 && tse_str_unit(name, 0) == ':' ? is_pseudo_header(name) : is_token(name);
}

/*
 * Strings are immutable, so a check a string passed stays passed: its `checks` remember it, and the
 * same config value or literal is checked once, not on every request. Config strings are shared by
 * worker threads: relaxed atomics, and a lost update only means checking again.
 */
static bool passed(tse_str s, uint16_t check) { return (__atomic_load_n(&s->checks, __ATOMIC_RELAXED) & check) != 0; }

/* A literal's checks were written when it was compiled: it is read-only. */
static void remember(tse_str s, uint16_t check) {
  uint16_t* checks = &((tse_string*)(uintptr_t)s)->checks;
  uint16_t old = __atomic_load_n(checks, __ATOMIC_RELAXED);
  if (!(old & TSE_STR_READ_ONLY)) __atomic_store_n(checks, (uint16_t)(old | check), __ATOMIC_RELAXED);
}

/* Printable ASCII (0x20 to 0x7e), eight bytes at a time: an ASCII string that is a valid header value. */
static bool is_printable_ascii(const unsigned char* data, size_t length) {
  size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    uint64_t word;
    memcpy(&word, data + i, sizeof word);
    if ((word & byte_highs) | control_bytes(word)) return false;
  }
  if (length >= 8) {
    uint64_t word;
    memcpy(&word, data + length - 8, sizeof word);
    return !((word & byte_highs) | control_bytes(word));
  }
  for (; i < length; i++) {
    if (data[i] < 0x20 || data[i] >= 0x7f) return false;
  }
  return true;
}

/* Values up to this long are copied and checked in one pass (far below a string's length limit). */
enum { ENVOY_VALUE_ONE_PASS = 1 << 20 };

/*
 * A header value or attribute read from Envoy, copied into the arena. Printable ASCII (addresses,
 * most header values) is copied as it is and remembered as a valid header value from the same
 * scan, so setting it on a header (copying an address or a header) does not scan it again;
 * anything else decodes as UTF-8 and is checked if it is ever set.
 */
static tse_str envoy_value_string(tse_ctx* ctx, const char* bytes, size_t length) {
  if (length >= 8 && length <= ENVOY_VALUE_ONE_PASS) {
    /*
     * Copied and checked in one pass, eight bytes at a time, the last eight overlapping (no
     * byte-wise tail; reads stay inside Envoy's buffer, writes inside the string's). A value that
     * is not printable ASCII (rare) leaves its copy unused in the arena and decodes below.
     */
    tse_string* s = tse_alloc(ctx, sizeof(tse_string) + length + 1);
    uint64_t word, refused = 0;
    for (size_t i = 0; i + 8 <= length; i += 8) {
      memcpy(&word, bytes + i, sizeof word);
      refused |= (word & byte_highs) | control_bytes(word);
      memcpy(s->data + i, &word, sizeof word);
    }
    memcpy(&word, bytes + length - 8, sizeof word);
    refused |= (word & byte_highs) | control_bytes(word);
    memcpy(s->data + length - 8, &word, sizeof word);
    if (!refused) {
      s->type = &tse_type_string;
      s->length = (uint32_t)length;
      s->wide = 0;
      s->checks = TSE_STR_CHECKED_HEADER_VALUE; /* made just now: no other thread sees it yet */
      s->data[length] = 0;
      return s;
    }
  } else if (length > 0 && is_printable_ascii((const unsigned char*)bytes, length)) {
    tse_string* s = (tse_string*)(uintptr_t)tse_str_from_ascii(ctx, bytes, length);
    s->checks = TSE_STR_CHECKED_HEADER_VALUE;
    return s;
  }
  return tse_str_from_utf8(ctx, bytes, length);
}

/* Node 20's ERR_INVALID_HTTP_TOKEN and ERR_INVALID_CHAR (http.OutgoingMessage.setHeader). */
static void check_header(tse_ctx* ctx, tse_str name, tse_str value) {
  if (!passed(name, TSE_STR_CHECKED_HEADER_NAME)) {
    if (!is_header_name(name)) throw_composed(ctx, TSE_TYPE_ERROR, "Header name must be a valid HTTP token [\"", name, "\"]");
    remember(name, TSE_STR_CHECKED_HEADER_NAME);
  }
  if (!passed(value, TSE_STR_CHECKED_HEADER_VALUE)) {
    if (!is_header_value(value)) throw_composed(ctx, TSE_TYPE_ERROR, "Invalid character in header content [\"", name, "\"]");
    remember(value, TSE_STR_CHECKED_HEADER_VALUE);
  }
  /* A pseudo-header's value must also fit its name: a pair, checked each time. */
  if (name->length > 0 && tse_str_unit(name, 0) == ':') check_pseudo_value(ctx, name, value);
}

/* Pseudo-headers belong to header blocks: a trailer named ":path" is refused as Node's addTrailers does. */
static void check_trailer_name(tse_ctx* ctx, int32_t header_type, tse_str name) {
  if ((header_type == TSE_REQUEST_TRAILER || header_type == TSE_RESPONSE_TRAILER) && name->length > 0 && tse_str_unit(name, 0) == ':') {
    throw_composed(ctx, TSE_TYPE_ERROR, "Header name must be a valid HTTP token [\"", name, "\"]");
  }
}

static __attribute__((noinline)) void check_header_fully(tse_ctx* ctx, int32_t header_type, tse_str name, tse_str value) {
  check_trailer_name(ctx, header_type, name);
  check_header(ctx, name, value);
}

/*
 * Set, add and remove: the common case (ASCII strings; for set and add, a name and value that
 * passed before and no pseudo-header, whose value is checked against its name each time and which
 * trailers refuse) jumps straight to Envoy's callback with the strings' own bytes and no stack
 * frame; anything else takes the out-of-line path, which checks and converts first.
 */
static bool ready_to_set(tse_str name, tse_str value) {
  return passed(name, TSE_STR_CHECKED_HEADER_NAME) && passed(value, TSE_STR_CHECKED_HEADER_VALUE) && !name->wide && !value->wide &&
         name->data[0] != ':';
}

static envoy_dynamic_module_type_module_buffer narrow_buffer(tse_str s) {
  envoy_dynamic_module_type_module_buffer buffer = {(const char*)s->data, s->length};
  return buffer;
}

static __attribute__((noinline)) bool set_header_checked(tse_ctx* ctx, int32_t header_type, tse_str name, tse_str value, bool add) {
  check_header_fully(ctx, header_type, name, value);
  return (add ? envoy_dynamic_module_callback_http_add_header : envoy_dynamic_module_callback_http_set_header)(
      ctx->envoy_filter, header_kind(header_type), utf8_buffer(ctx, name), utf8_buffer(ctx, value));
}

bool tse_http_set_header(tse_ctx* ctx, int32_t header_type, tse_str name, tse_str value) {
  if (TSE_LIKELY(ready_to_set(name, value))) {
    return envoy_dynamic_module_callback_http_set_header(ctx->envoy_filter, header_kind(header_type), narrow_buffer(name), narrow_buffer(value));
  }
  return set_header_checked(ctx, header_type, name, value, false);
}

bool tse_http_add_header(tse_ctx* ctx, int32_t header_type, tse_str name, tse_str value) {
  if (TSE_LIKELY(ready_to_set(name, value))) {
    return envoy_dynamic_module_callback_http_add_header(ctx->envoy_filter, header_kind(header_type), narrow_buffer(name), narrow_buffer(value));
  }
  return set_header_checked(ctx, header_type, name, value, true);
}

static __attribute__((noinline)) bool remove_wide_header(tse_ctx* ctx, int32_t header_type, tse_str name) {
  envoy_dynamic_module_type_module_buffer none = {NULL, 0};
  return envoy_dynamic_module_callback_http_set_header(ctx->envoy_filter, header_kind(header_type), wide_utf8_buffer(ctx, name), none);
}

bool tse_http_remove_header(tse_ctx* ctx, int32_t header_type, tse_str name) {
  envoy_dynamic_module_type_module_buffer none = {NULL, 0};
  if (TSE_LIKELY(!name->wide)) return envoy_dynamic_module_callback_http_set_header(ctx->envoy_filter, header_kind(header_type), narrow_buffer(name), none);
  return remove_wide_header(ctx, header_type, name);
}

/*
 * A local reply is a final response: Envoy sends a 1xx as if final (the client then waits for
 * another response) and a 204/304 body with a content-length, which HTTP/1 framing ignores (the
 * body would be read as the next response). Node's ERR_HTTP_INVALID_STATUS_CODE, with the reason.
 */
static void check_reply_status(tse_ctx* ctx, double status, tse_str body) {
  const char* reason = NULL;
  if (!(status >= 200 && status <= 599) || status != (double)(uint32_t)status) {
    reason = " (a local reply's status is an integer from 200 to 599)";
  } else if ((status == 204 || status == 304) && body != NULL && body->length > 0) {
    reason = " (a 204 or 304 local reply cannot carry a body)";
  }
  if (reason) throw_composed(ctx, TSE_RANGE_ERROR, "Invalid status code: ", tse_number_to_string(ctx, status), reason);
}

void tse_http_send_response(tse_ctx* ctx, double status, tse_array* headers, tse_str body, tse_str details) {
  tse_http_body_changes(ctx); /* a local reply may drop the buffered bodies */
  check_reply_status(ctx, status, body);
  /* Envoy runs no more of the path after a local reply: what a waiting body hook held is dropped. */
  if (ctx->async_state != NULL) ctx->async_state->held = 0;
  uint32_t count = headers ? headers->length : 0;
  envoy_dynamic_module_type_module_http_header* raw =
      count ? tse_alloc(ctx, count * sizeof(envoy_dynamic_module_type_module_http_header)) : NULL;
  for (uint32_t i = 0; i < count; i++) {
    tse_tuple_string_string* pair = ((tse_tuple_string_string**)headers->data)[i];
    check_header(ctx, pair->item0, pair->item1);
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
  return envoy_value_string(ctx, result.ptr, result.length);
}

tse_value tse_http_get_attribute_int(tse_ctx* ctx, double attribute_id) {
  uint64_t value = 0;
  if (!envoy_dynamic_module_callback_http_filter_get_attribute_int(
          ctx->envoy_filter, (envoy_dynamic_module_type_attribute_id)(int)attribute_id, &value)) {
    return tse_value_undefined();
  }
  return tse_value_number((double)value);
}

/*
 * One line in Envoy's log at the filter's source location. Envoy 1.40's log_v2 shows the location
 * itself; before 1.40 the callback takes the message only, so the line starts "[file:line] ".
 */
void tse_envoy_log_at(int32_t level, const char* message, size_t length, const char* source_file, uint32_t source_line) {
  envoy_dynamic_module_type_log_level envoy_level = (envoy_dynamic_module_type_log_level)level;
#if TSE_ENVOY_MINOR >= 40
  envoy_dynamic_module_type_module_buffer text = {message, length}, file = {source_file, strlen(source_file)};
  envoy_dynamic_module_callback_log_v2(envoy_level, text, file, source_line);
#else
  char line[8192];
  int prefix = snprintf(line, sizeof line, "[%s:%u] ", source_file, (unsigned)source_line);
  if (prefix < 0) prefix = 0;
  size_t room = sizeof line - (size_t)prefix;
  size_t kept = length < room ? length : room;
  memcpy(line + prefix, message, kept);
  envoy_dynamic_module_type_module_buffer text = {line, (size_t)prefix + kept};
  envoy_dynamic_module_callback_log(envoy_level, text);
#endif
}

bool tse_log_enabled(int32_t level) { return envoy_dynamic_module_callback_log_enabled((envoy_dynamic_module_type_log_level)level); }

/* A message built under `if (tse_log_enabled(level))`: Envoy was asked once, not again (a callback each). */
void tse_log_on(tse_ctx* ctx, int32_t level, tse_str message, const char* source_file, uint32_t source_line) {
  envoy_dynamic_module_type_module_buffer text = utf8_buffer(ctx, message);
  tse_envoy_log_at(level, text.ptr, text.length, source_file, source_line);
}

void tse_log(tse_ctx* ctx, int32_t level, tse_str message, const char* source_file, uint32_t source_line) {
  if (envoy_dynamic_module_callback_log_enabled((envoy_dynamic_module_type_log_level)level)) tse_log_on(ctx, level, message, source_file, source_line);
}

/* ------------------------------------------------------------------ routing, bool and time attributes */

void tse_http_clear_route_cache(tse_ctx* ctx) { envoy_dynamic_module_callback_http_clear_route_cache(ctx->envoy_filter); }

void tse_http_clear_route_cluster_cache(tse_ctx* ctx) {
  envoy_dynamic_module_callback_http_clear_route_cluster_cache(ctx->envoy_filter);
}

tse_value tse_http_get_attribute_bool(tse_ctx* ctx, double attribute_id) {
  bool value = false;
  if (!envoy_dynamic_module_callback_http_filter_get_attribute_bool(
          ctx->envoy_filter, (envoy_dynamic_module_type_attribute_id)(int)attribute_id, &value)) {
    return tse_value_undefined();
  }
  return tse_value_boolean(value);
}

/*
 * Envoy's attribute callbacks give no time-valued attribute (they read false); 1.40's timing
 * snapshot has what they mean, in nanoseconds. RequestTime in whole milliseconds since the epoch
 * (as Date.now()); durations in fractional milliseconds. abi/ts/sdk.ts computes the same.
 */
tse_value tse_http_get_attribute_time(tse_ctx* ctx, double attribute_id) {
#if TSE_ENVOY_MINOR >= 40
  envoy_dynamic_module_type_timing_info_v2 t;
  memset(&t, 0, sizeof t);
  envoy_dynamic_module_callback_http_get_timing_info(ctx->envoy_filter, &t);
  switch ((int)attribute_id) {
    case envoy_dynamic_module_type_attribute_id_RequestTime:
      if (t.has_start_time) return tse_value_number((double)(t.start_time_unix_ns / 1000000));
      break;
    case envoy_dynamic_module_type_attribute_id_RequestDuration:
      if (t.has_request_complete) return tse_value_number((double)t.request_complete_duration_ns / 1e6);
      break;
    case envoy_dynamic_module_type_attribute_id_ResponseBackendLatency:
      if (t.has_first_upstream_tx_byte_sent && t.has_last_upstream_rx_byte_received) {
        return tse_value_number((double)(t.last_upstream_rx_byte_received_ns - t.first_upstream_tx_byte_sent_ns) / 1e6);
      }
      break;
    default:
      break;
  }
#else
  (void)ctx, (void)attribute_id;
#endif
  return tse_value_undefined();
}

/* ------------------------------------------------------------------ bodies */

static envoy_dynamic_module_type_http_body_type body_kind(int32_t body_type) {
  return (envoy_dynamic_module_type_http_body_type)body_type;
}

/* The body's bytes gathered into the arena; NULL when Envoy has no such body now. */
static const char* body_bytes(tse_ctx* ctx, int32_t body_type, size_t* length_out) {
  size_t count = envoy_dynamic_module_callback_http_get_body_chunks_size(ctx->envoy_filter, body_kind(body_type));
  envoy_dynamic_module_type_envoy_buffer* chunks =
      tse_alloc(ctx, (count ? count : 1) * sizeof(envoy_dynamic_module_type_envoy_buffer));
  if (!envoy_dynamic_module_callback_http_get_body_chunks(ctx->envoy_filter, body_kind(body_type), chunks)) return NULL;
  size_t total = 0;
  for (size_t i = 0; i < count; i++) total += chunks[i].length;
  char* bytes = tse_alloc(ctx, total + 1);
  size_t at = 0;
  for (size_t i = 0; i < count; i++) {
    if (chunks[i].length) memcpy(bytes + at, chunks[i].ptr, chunks[i].length);
    at += chunks[i].length;
  }
  *length_out = total;
  return bytes;
}

tse_str tse_http_get_body_text(tse_ctx* ctx, int32_t body_type) {
  size_t length = 0;
  const char* bytes = body_bytes(ctx, body_type, &length);
  return bytes ? tse_str_from_utf8(ctx, bytes, length) : &tse_empty_string;
}

double tse_http_get_body_size(tse_ctx* ctx, int32_t body_type) {
  return (double)envoy_dynamic_module_callback_http_get_body_size(ctx->envoy_filter, body_kind(body_type));
}

bool tse_http_drain_body(tse_ctx* ctx, int32_t body_type, double bytes) {
  tse_http_body_changes(ctx);
  if (!(bytes >= 0 && bytes == floor(bytes) && bytes != INFINITY)) {
    throw_composed(ctx, TSE_RANGE_ERROR, "Invalid byte count: ", tse_number_to_string(ctx, bytes), " (a non-negative integer)");
  }
  /* Past SIZE_MAX the cast is undefined; Envoy drains at most the whole body anyway. */
  size_t count = bytes >= 9007199254740992.0 ? SIZE_MAX : (size_t)bytes;
  return envoy_dynamic_module_callback_http_drain_body(ctx->envoy_filter, body_kind(body_type), count);
}

bool tse_http_append_body_text(tse_ctx* ctx, int32_t body_type, tse_str text) {
  tse_http_body_changes(ctx);
  return envoy_dynamic_module_callback_http_append_body(ctx->envoy_filter, body_kind(body_type), utf8_buffer(ctx, text));
}

/* The ABI has no prepend: copy the body, drain it, append the bytes and the copy. */
static bool prepend_buffer(tse_ctx* ctx, int32_t body_type, envoy_dynamic_module_type_module_buffer first) {
  tse_http_body_changes(ctx);
  size_t length = 0;
  const char* old = body_bytes(ctx, body_type, &length);
  if (old == NULL) return false;
  envoy_dynamic_module_callback_http_drain_body(ctx->envoy_filter, body_kind(body_type), length);
  envoy_dynamic_module_type_module_buffer rest = {old, length};
  return envoy_dynamic_module_callback_http_append_body(ctx->envoy_filter, body_kind(body_type), first) &&
         envoy_dynamic_module_callback_http_append_body(ctx->envoy_filter, body_kind(body_type), rest);
}

static bool replace_buffer(tse_ctx* ctx, int32_t body_type, envoy_dynamic_module_type_module_buffer data) {
  tse_http_body_changes(ctx);
  size_t size = envoy_dynamic_module_callback_http_get_body_size(ctx->envoy_filter, body_kind(body_type));
  return envoy_dynamic_module_callback_http_drain_body(ctx->envoy_filter, body_kind(body_type), size) &&
         envoy_dynamic_module_callback_http_append_body(ctx->envoy_filter, body_kind(body_type), data);
}

bool tse_http_prepend_body_text(tse_ctx* ctx, int32_t body_type, tse_str text) {
  return prepend_buffer(ctx, body_type, utf8_buffer(ctx, text));
}

bool tse_http_replace_body_text(tse_ctx* ctx, int32_t body_type, tse_str text) {
  return replace_buffer(ctx, body_type, utf8_buffer(ctx, text));
}

/* ------------------------------------------------------------------ metrics and the worker index */

/* Every kind of metric-table entry, as messages name it (snapshots: snapshot_api.c). Characters, not
   pointers: no relocation per entry in the module. */
static const char metric_kinds[][sizeof "shared counter"] = {
    [TSE_METRIC_COUNTER] = "counter",
    [TSE_METRIC_GAUGE] = "gauge",
    [TSE_METRIC_HISTOGRAM] = "histogram",
    [TSE_METRIC_SHARED_COUNTER] = "shared counter",
    [TSE_METRIC_SNAPSHOT] = "snapshot",
};

/* The tag names or values as the ABI's buffers (NULL for none). */
static envoy_dynamic_module_type_module_buffer* tag_buffers(tse_ctx* ctx, tse_array* tags) {
  if (tags == NULL || tags->length == 0) return NULL;
  envoy_dynamic_module_type_module_buffer* buffers = tse_alloc(ctx, tags->length * sizeof *buffers);
  for (uint32_t i = 0; i < tags->length; i++) buffers[i] = utf8_buffer(ctx, ((tse_str*)tags->data)[i]);
  return buffers;
}

/* Adds a metric (or shared counter) to the config's table, in the config's arena; its handle. */
static double metric_table_append(tse_ctx* ctx, tse_metric_table* table, tse_metric metric) {
  if (table->count == table->capacity) {
    uint32_t capacity = table->capacity ? table->capacity * 2 : 8;
    tse_metric* items = tse_alloc(ctx, capacity * sizeof *items);
    if (table->count) memcpy(items, table->items, table->count * sizeof *items);
    table->items = items;
    table->capacity = capacity;
  }
  table->items[table->count] = metric;
  return table->count++;
}

double tse_config_define_metric(tse_ctx* ctx, int32_t kind, tse_str name, tse_array* tag_names) {
  tse_metric_table* table = ctx->metrics;
  if (table == NULL || ctx->envoy_config == NULL) tse_throw_js_error(ctx, "TypeError", "metrics are defined in the config stage only");
  size_t length;
  const char* bytes = tse_str_to_utf8(ctx, name, &length);
  char message[400];
  if (length == 0) {
    snprintf(message, sizeof message, "a %s needs a name", metric_kinds[kind]);
    tse_throw_js_error(ctx, "TypeError", message);
  }
  uint32_t tag_count = tag_names ? tag_names->length : 0;
  envoy_dynamic_module_type_module_buffer* labels = tag_buffers(ctx, tag_names);
  envoy_dynamic_module_type_module_buffer buffer = {bytes, length};
  size_t id = 0;
  envoy_dynamic_module_type_metrics_result result;
  if (ctx->metric_ops != NULL) {
    /* Another kind's config stage (network_filter.c, ...): its ABI's callbacks, which take no tags. */
    if (tag_count) tse_throw_js_error(ctx, "TypeError", "metrics of network and listener filters take no tags");
    result = (envoy_dynamic_module_type_metrics_result)ctx->metric_ops->define(ctx->envoy_config, kind, bytes, length, &id);
  } else switch (kind) {
    case TSE_METRIC_COUNTER:
      result = envoy_dynamic_module_callback_http_filter_config_define_counter(ctx->envoy_config, buffer, labels, tag_count, &id);
      break;
    case TSE_METRIC_GAUGE:
      result = envoy_dynamic_module_callback_http_filter_config_define_gauge(ctx->envoy_config, buffer, labels, tag_count, &id);
      break;
    default:
      result = envoy_dynamic_module_callback_http_filter_config_define_histogram(ctx->envoy_config, buffer, labels, tag_count, &id);
      break;
  }
  if (result != envoy_dynamic_module_type_metrics_result_Success) {
    snprintf(message, sizeof message, "Envoy refused to define the %s '%.*s' (metrics result %d)", metric_kinds[kind],
             (int)(length > 200 ? 200 : length), bytes, (int)result);
    tse_throw_js_error(ctx, "TypeError", message);
  }
  char* stored = tse_alloc(ctx, length + 1);
  memcpy(stored, bytes, length);
  stored[length] = 0;
  return metric_table_append(ctx, table, (tse_metric){kind, tag_count, id, stored});
}

/* The metric-table entry a handle names, checked against the method's kind (any kind: shared counters, snapshots). */
const tse_metric* tse_metric_entry(tse_ctx* ctx, const char* method, int32_t kind, double handle) {
  const tse_metric_table* table = ctx->metrics;
  if (table == NULL || !(handle >= 0 && handle < table->count && handle == (double)(uint32_t)handle) ||
      table->items[(uint32_t)handle].kind != kind) {
    char message[200];
    snprintf(message, sizeof message, "%s: not a %s defined by this filter's config", method, metric_kinds[kind]);
    tse_throw_js_error(ctx, "TypeError", message);
  }
  return &table->items[(uint32_t)handle];
}

/* The Envoy metric a handle names, checked against the method's kind and the number of tag values. */
static const tse_metric* metric_for(tse_ctx* ctx, const char* method, int32_t kind, double handle, tse_array* tag_values) {
  const tse_metric* metric = tse_metric_entry(ctx, method, kind, handle);
  uint32_t given = tag_values ? tag_values->length : 0;
  if (given != metric->tag_count) {
    char message[400];
    snprintf(message, sizeof message, "%s: the %s '%s' has %u tags, got %u tag values", method, metric_kinds[kind], metric->name,
             metric->tag_count, given);
    tse_throw_js_error(ctx, "TypeError", message);
  }
  return metric;
}

/* Envoy's metrics take unsigned 64-bit integers; JavaScript's safe integers fit. */
static uint64_t metric_value(tse_ctx* ctx, const char* method, double value) {
  if (value >= 0 && value <= 9007199254740991.0 && value == (double)(uint64_t)value) return (uint64_t)value;
  size_t length;
  const char* text = tse_str_to_utf8(ctx, tse_number_to_string(ctx, value), &length);
  char message[300];
  snprintf(message, sizeof message, "%s: the value must be an integer from 0 to 2^53 - 1, got %.*s", method, (int)length, text);
  tse_throw_js_error(ctx, "RangeError", message);
}

void tse_http_increment_counter(tse_ctx* ctx, double counter, tse_value value, tse_array* tag_values) {
  static const char method[] = "incrementCounter";
  const tse_metric* metric = metric_for(ctx, method, TSE_METRIC_COUNTER, counter, tag_values);
  uint64_t amount = value.tag == TSE_TAG_UNDEFINED ? 1 : metric_value(ctx, method, value.as.number);
  envoy_dynamic_module_callback_http_filter_increment_counter(ctx->envoy_filter, metric->envoy_id, tag_buffers(ctx, tag_values),
                                                              metric->tag_count, amount);
}

void tse_http_update_metric(tse_ctx* ctx, int32_t update, double handle, double value, tse_array* tag_values) {
  static const char* const methods[] = {"setGauge", "increaseGauge", "decreaseGauge", "recordHistogramValue"};
  const char* method = methods[update];
  int32_t kind = update == TSE_METRIC_RECORD_HISTOGRAM ? TSE_METRIC_HISTOGRAM : TSE_METRIC_GAUGE;
  const tse_metric* metric = metric_for(ctx, method, kind, handle, tag_values);
  uint64_t amount = metric_value(ctx, method, value);
  envoy_dynamic_module_type_module_buffer* labels = tag_buffers(ctx, tag_values);
  void* filter = ctx->envoy_filter;
  switch (update) {
    case TSE_METRIC_SET_GAUGE:
      envoy_dynamic_module_callback_http_filter_set_gauge(filter, metric->envoy_id, labels, metric->tag_count, amount);
      break;
    case TSE_METRIC_INCREASE_GAUGE:
      envoy_dynamic_module_callback_http_filter_increment_gauge(filter, metric->envoy_id, labels, metric->tag_count, amount);
      break;
    case TSE_METRIC_DECREASE_GAUGE:
      envoy_dynamic_module_callback_http_filter_decrement_gauge(filter, metric->envoy_id, labels, metric->tag_count, amount);
      break;
    default:
      envoy_dynamic_module_callback_http_filter_record_histogram_value(filter, metric->envoy_id, labels, metric->tag_count, amount);
      break;
  }
}

double tse_http_get_worker_index(tse_ctx* ctx) {
  return envoy_dynamic_module_callback_http_filter_get_worker_index(ctx->envoy_filter);
}

/* ------------------------------------------------------------------ dynamic metadata, filter state, buffer limit */

/* What Envoy returns points into its metadata or filter state, valid only until the next setter:
   copied into the arena (tse_str_from_utf8) before filter code sees it. */
tse_str tse_http_get_metadata_string(tse_ctx* ctx, int32_t source, tse_str ns, tse_str key) {
  envoy_dynamic_module_type_envoy_buffer result = {NULL, 0};
  if (!envoy_dynamic_module_callback_http_get_metadata_string(ctx->envoy_filter, (envoy_dynamic_module_type_metadata_source)source,
                                                              utf8_buffer(ctx, ns), utf8_buffer(ctx, key), &result)) {
    return NULL;
  }
  return tse_str_from_utf8(ctx, result.ptr, result.length);
}

tse_value tse_http_get_metadata_number(tse_ctx* ctx, int32_t source, tse_str ns, tse_str key) {
  double value = 0;
  if (!envoy_dynamic_module_callback_http_get_metadata_number(ctx->envoy_filter, (envoy_dynamic_module_type_metadata_source)source,
                                                              utf8_buffer(ctx, ns), utf8_buffer(ctx, key), &value)) {
    return tse_value_undefined();
  }
  return tse_value_number(value);
}

tse_value tse_http_get_metadata_bool(tse_ctx* ctx, int32_t source, tse_str ns, tse_str key) {
  bool value = false;
  if (!envoy_dynamic_module_callback_http_get_metadata_bool(ctx->envoy_filter, (envoy_dynamic_module_type_metadata_source)source,
                                                            utf8_buffer(ctx, ns), utf8_buffer(ctx, key), &value)) {
    return tse_value_undefined();
  }
  return tse_value_boolean(value);
}

void tse_http_set_metadata_string(tse_ctx* ctx, tse_str ns, tse_str key, tse_str value) {
  envoy_dynamic_module_callback_http_set_dynamic_metadata_string(ctx->envoy_filter, utf8_buffer(ctx, ns), utf8_buffer(ctx, key),
                                                                 utf8_buffer(ctx, value));
}

void tse_http_set_metadata_number(tse_ctx* ctx, tse_str ns, tse_str key, double value) {
  envoy_dynamic_module_callback_http_set_dynamic_metadata_number(ctx->envoy_filter, utf8_buffer(ctx, ns), utf8_buffer(ctx, key), value);
}

void tse_http_set_metadata_bool(tse_ctx* ctx, tse_str ns, tse_str key, bool value) {
  envoy_dynamic_module_callback_http_set_dynamic_metadata_bool(ctx->envoy_filter, utf8_buffer(ctx, ns), utf8_buffer(ctx, key), value);
}

bool tse_http_set_filter_state(tse_ctx* ctx, tse_str key, tse_str value) {
  return envoy_dynamic_module_callback_http_set_filter_state_bytes(ctx->envoy_filter, utf8_buffer(ctx, key), utf8_buffer(ctx, value));
}

tse_str tse_http_get_filter_state(tse_ctx* ctx, tse_str key) {
  envoy_dynamic_module_type_envoy_buffer result = {NULL, 0};
  if (!envoy_dynamic_module_callback_http_get_filter_state_bytes(ctx->envoy_filter, utf8_buffer(ctx, key), &result)) return NULL;
  return tse_str_from_utf8(ctx, result.ptr, result.length);
}

/* has_filter_state is new in 1.40; before it, only byte-string entries can be seen. */
bool tse_http_has_filter_state(tse_ctx* ctx, tse_str key) {
#if TSE_ENVOY_MINOR >= 40
  return envoy_dynamic_module_callback_http_has_filter_state(ctx->envoy_filter, utf8_buffer(ctx, key));
#else
  envoy_dynamic_module_type_envoy_buffer result = {NULL, 0};
  return envoy_dynamic_module_callback_http_get_filter_state_bytes(ctx->envoy_filter, utf8_buffer(ctx, key), &result);
#endif
}

/* The ABI takes int64s; JavaScript's safe integers fit (abi/ts/sdk.ts socketInteger). */
static int64_t socket_integer(tse_ctx* ctx, const char* method, double n) {
  if (n >= -9007199254740991.0 && n <= 9007199254740991.0 && n == floor(n)) return (int64_t)n;
  size_t length;
  const char* text = tse_str_to_utf8(ctx, tse_number_to_string(ctx, n), &length);
  char message[300];
  snprintf(message, sizeof message, "%s: %.*s is not an integer from -(2^53 - 1) to 2^53 - 1", method, (int)length, text);
  tse_throw_js_error(ctx, "RangeError", message);
}

/* Prebind: for an upstream connection, applied before it binds; Envoy ignores it downstream. */
bool tse_http_set_socket_option_int(tse_ctx* ctx, double direction, double level, double name, double value) {
  static const char method[] = "setSocketOptionInt";
  int64_t l = socket_integer(ctx, method, level), n = socket_integer(ctx, method, name), v = socket_integer(ctx, method, value);
  return envoy_dynamic_module_callback_http_set_socket_option_int(ctx->envoy_filter, l, n, envoy_dynamic_module_type_socket_option_state_Prebind,
                                                                  (envoy_dynamic_module_type_socket_direction)(int)direction, v);
}

tse_value tse_http_get_socket_option_int(tse_ctx* ctx, double direction, double level, double name) {
  static const char method[] = "getSocketOptionInt";
  int64_t l = socket_integer(ctx, method, level), n = socket_integer(ctx, method, name), value = 0;
  if (!envoy_dynamic_module_callback_http_get_socket_option_int(ctx->envoy_filter, l, n, envoy_dynamic_module_type_socket_option_state_Prebind,
                                                                (envoy_dynamic_module_type_socket_direction)(int)direction, &value)) {
    return tse_value_undefined();
  }
  return tse_value_number((double)value);
}

double tse_http_get_buffer_limit(tse_ctx* ctx) {
  return (double)envoy_dynamic_module_callback_http_get_buffer_limit(ctx->envoy_filter);
}

void tse_http_set_buffer_limit(tse_ctx* ctx, double bytes) {
  if (!(bytes >= 0 && bytes <= 9007199254740991.0 && bytes == floor(bytes))) {
    throw_composed(ctx, TSE_RANGE_ERROR, "Invalid buffer limit: ", tse_number_to_string(ctx, bytes), " (an integer from 0 to 2^53 - 1)");
  }
  envoy_dynamic_module_callback_http_set_buffer_limit(ctx->envoy_filter, (uint64_t)bytes);
}

/* ------------------------------------------------------------------ per-route config */

/* The value lives in the per-route config's arena, frozen, as long as the route: the stream holds
   the route, so no copy. Types compare by descriptor (one per structure, as layouts are). */
void* tse_http_get_per_route_config(tse_ctx* ctx, const tse_type* type) {
  const tse_per_route* route = envoy_dynamic_module_callback_get_most_specific_route_config(ctx->envoy_filter);
  if (route == NULL) return NULL;
  if (route->def->per_route_type != type) {
    char message[600];
    snprintf(message, sizeof message, "getPerRouteConfig: the route's per-route config is %s, not %s", tse_type_name(route->def->per_route_type),
             tse_type_name(type));
    tse_throw_js_error(ctx, "TypeError", message);
  }
  return route->value;
}

/* ------------------------------------------------------------------ dynamic metadata as a Struct */

/*
 * setDynamicMetadataStruct: the value's JSON.stringify text, re-encoded as a google.protobuf.Struct
 * (Value: 1 null, 2 number, 3 string, 4 bool, 5 struct, 6 list; Struct fields and ListValue values
 * are field 1). Going through the JSON text gives exactly what JSON.stringify keeps (property order,
 * undefined left out, NaN as null); abi/ts/sdk.ts encodes the same bytes.
 */
typedef struct pb_buffer {
  char* data;
  size_t length, capacity;
} pb_buffer;

static void pb_put(tse_ctx* ctx, pb_buffer* b, const void* bytes, size_t n) {
  if (b->length + n > b->capacity) {
    size_t capacity = b->capacity * 2 > b->length + n ? b->capacity * 2 : b->length + n + 64;
    char* data = tse_alloc(ctx, capacity);
    if (b->length) memcpy(data, b->data, b->length);
    b->data = data;
    b->capacity = capacity;
  }
  if (n) memcpy(b->data + b->length, bytes, n);
  b->length += n;
}

static void pb_varint(tse_ctx* ctx, pb_buffer* b, uint64_t v) {
  unsigned char bytes[10];
  size_t n = 0;
  do {
    bytes[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>= 7;
  } while (v);
  pb_put(ctx, b, bytes, n);
}

/* Field `field` (wire type 2) holding `inner`. */
static void pb_message(tse_ctx* ctx, pb_buffer* b, int field, const pb_buffer* inner) {
  pb_varint(ctx, b, (uint64_t)field << 3 | 2);
  pb_varint(ctx, b, inner->length);
  pb_put(ctx, b, inner->data, inner->length);
}

static uint32_t hex4(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v = v * 16 + (uint32_t)(p[i] <= '9' ? p[i] - '0' : (p[i] | 0x20) - 'a' + 10);
  return v;
}

static void utf8_put(tse_ctx* ctx, pb_buffer* b, uint32_t c) {
  unsigned char u[4];
  size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  if (n == 1) u[0] = (unsigned char)c;
  else if (n == 2) u[0] = (unsigned char)(0xc0 | c >> 6), u[1] = (unsigned char)(0x80 | (c & 0x3f));
  else if (n == 3) u[0] = (unsigned char)(0xe0 | c >> 12), u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f)), u[2] = (unsigned char)(0x80 | (c & 0x3f));
  else u[0] = (unsigned char)(0xf0 | c >> 18), u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f)), u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f)), u[3] = (unsigned char)(0x80 | (c & 0x3f));
  pb_put(ctx, b, u, n);
}

/* A JSON string at *p (JSON.stringify's, so well-formed) as UTF-8; a lone surrogate becomes U+FFFD. */
static pb_buffer json_string(tse_ctx* ctx, const char** p) {
  pb_buffer out = {0};
  const char* s = *p + 1;
  while (*s != '"') {
    if (*s != '\\') {
      pb_put(ctx, &out, s++, 1);
      continue;
    }
    char e = s[1];
    s += 2;
    if (e != 'u') {
      char c = e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
      pb_put(ctx, &out, &c, 1);
      continue;
    }
    uint32_t unit = hex4(s);
    s += 4;
    if (unit >= 0xd800 && unit < 0xdc00 && s[0] == '\\' && s[1] == 'u' && hex4(s + 2) >= 0xdc00 && hex4(s + 2) < 0xe000) {
      unit = 0x10000 + ((unit - 0xd800) << 10) + (hex4(s + 2) - 0xdc00);
      s += 6;
    } else if (unit >= 0xd800 && unit < 0xe000) {
      unit = 0xfffd;
    }
    utf8_put(ctx, &out, unit);
  }
  *p = s + 1;
  return out;
}

static void json_value_to_pb(tse_ctx* ctx, const char** p, pb_buffer* value);

/* The members of an object or the elements of an array after its bracket, as Struct or ListValue fields. */
static void json_container_to_pb(tse_ctx* ctx, const char** p, pb_buffer* out, bool object) {
  char close = object ? '}' : ']';
  while (**p != close) {
    pb_buffer entry = {0};
    if (object) {
      pb_buffer key = json_string(ctx, p);
      (*p)++; /* ':' */
      pb_message(ctx, &entry, 1, &key);
      pb_buffer value = {0};
      json_value_to_pb(ctx, p, &value);
      pb_message(ctx, &entry, 2, &value);
    } else {
      json_value_to_pb(ctx, p, &entry);
    }
    pb_message(ctx, out, 1, &entry);
    if (**p == ',') (*p)++;
  }
  (*p)++;
}

static void json_value_to_pb(tse_ctx* ctx, const char** p, pb_buffer* value) {
  const char* s = *p;
  if (*s == 'n' || *s == 't' || *s == 'f') {
    unsigned char field = *s == 'n' ? 0x08 : 0x20, flag = *s == 't';
    pb_put(ctx, value, &field, 1);
    pb_put(ctx, value, &flag, 1);
    *p = s + (*s == 'f' ? 5 : 4);
  } else if (*s == '"') {
    pb_buffer text = json_string(ctx, p);
    pb_message(ctx, value, 3, &text);
  } else if (*s == '{' || *s == '[') {
    pb_buffer inner = {0};
    *p = s + 1;
    json_container_to_pb(ctx, p, &inner, *s == '{');
    pb_message(ctx, value, *s == '{' ? 5 : 6, &inner);
  } else {
    char* end;
    double number = strtod(s, &end);
    uint64_t bits;
    memcpy(&bits, &number, sizeof bits);
    unsigned char bytes[9] = {0x11};
    for (int i = 0; i < 8; i++) bytes[1 + i] = (unsigned char)(bits >> (8 * i));
    pb_put(ctx, value, bytes, sizeof bytes);
    *p = end;
  }
}

void tse_http_set_metadata_struct(tse_ctx* ctx, const tse_type* type, tse_str ns, const void* value) {
  tse_str json = tse_json_stringify(ctx, &value, type, tse_value_undefined());
  size_t length = 0;
  const char* text = json ? tse_str_to_utf8(ctx, json, &length) : "";
  if (length == 0 || text[0] != '{') {
    tse_throw_js_error(ctx, "TypeError", "setDynamicMetadataStruct: the value must be a plain object (its JSON an object)");
  }
#if TSE_ENVOY_MINOR >= 40
  const char* p = text + 1;
  pb_buffer fields = {0};
  json_container_to_pb(ctx, &p, &fields, true);
  envoy_dynamic_module_type_module_buffer serialized = {fields.data, fields.length};
  envoy_dynamic_module_callback_http_set_dynamic_metadata_struct(ctx->envoy_filter, utf8_buffer(ctx, ns), serialized);
#else
  (void)ns;
  tse_throw_js_error(ctx, "TypeError", "setDynamicMetadataStruct: Envoy's struct metadata callback is new in 1.40");
#endif
}

/* ------------------------------------------------------------------ bodies as bytes */

/*
 * A body as a Uint8Array: a view over Envoy's memory when the body is one chunk (no copy), else
 * one copy into the arena. Either way a borrowed view (bytes.c): the next hook call or a body
 * mutation detaches it, because Envoy may free the chunks then.
 */
tse_bytes* tse_http_get_body(tse_ctx* ctx, int32_t body_type) {
  size_t count = envoy_dynamic_module_callback_http_get_body_chunks_size(ctx->envoy_filter, body_kind(body_type));
  if (count == 1) {
    envoy_dynamic_module_type_envoy_buffer chunk = {NULL, 0};
    if (envoy_dynamic_module_callback_http_get_body_chunks(ctx->envoy_filter, body_kind(body_type), &chunk) &&
        chunk.length <= UINT32_MAX) {
      return tse_bytes_borrow(ctx, (uint8_t*)(uintptr_t)chunk.ptr, (uint32_t)chunk.length);
    }
  }
  size_t length = 0;
  const char* bytes = body_bytes(ctx, body_type, &length);
  if (bytes == NULL || length > UINT32_MAX) return tse_bytes_borrow(ctx, NULL, 0);
  return tse_bytes_borrow(ctx, (uint8_t*)(uintptr_t)bytes, (uint32_t)length);
}

TSE_NAMED_TYPE(tse_type_array_bytes, "Uint8Array[]", .kind = TSE_KIND_ARRAY, .size = sizeof(tse_array*), .elem = &tse_type_bytes);

/* A borrowed view per chunk: nothing copied, whatever the body's size. */
tse_array* tse_http_get_body_chunks(tse_ctx* ctx, int32_t body_type) {
  size_t count = envoy_dynamic_module_callback_http_get_body_chunks_size(ctx->envoy_filter, body_kind(body_type));
  envoy_dynamic_module_type_envoy_buffer* chunks = tse_alloc(ctx, (count ? count : 1) * sizeof *chunks);
  if (!envoy_dynamic_module_callback_http_get_body_chunks(ctx->envoy_filter, body_kind(body_type), chunks) || count > UINT32_MAX) count = 0;
  tse_array* views = tse_array_new(ctx, &tse_type_array_bytes, sizeof(tse_bytes*), (uint32_t)count);
  for (size_t i = 0; i < count; i++) {
    uint32_t length = chunks[i].length > UINT32_MAX ? UINT32_MAX : (uint32_t)chunks[i].length;
    *(tse_bytes**)tse_array_push_slot(ctx, views, sizeof(tse_bytes*)) = tse_bytes_borrow(ctx, (uint8_t*)(uintptr_t)chunks[i].ptr, length);
  }
  return views;
}

/* Views over the bodies may point at chunks a mutation frees: detach them first. */
void tse_http_body_changes(tse_ctx* ctx) {
  if (ctx->borrowed) tse_bytes_detach_all(ctx->borrowed);
}

/* The bytes as a module buffer, copied when they are a body view (the mutation may free them). */
static envoy_dynamic_module_type_module_buffer bytes_buffer(tse_ctx* ctx, const tse_bytes* b) {
  if (b->flags & TSE_BYTES_DETACHED) tse_throw_js_error(ctx, "TypeError", "Cannot perform %TypedArray%.prototype.slice on a detached ArrayBuffer");
  envoy_dynamic_module_type_module_buffer buffer = {(const char*)b->data, b->length};
  if ((b->flags & TSE_BYTES_BORROWED) && b->length) {
    char* copy = tse_alloc(ctx, b->length);
    memcpy(copy, b->data, b->length);
    buffer.ptr = copy;
  }
  return buffer;
}

bool tse_http_append_body(tse_ctx* ctx, int32_t body_type, tse_bytes* data) {
  envoy_dynamic_module_type_module_buffer buffer = bytes_buffer(ctx, data);
  tse_http_body_changes(ctx);
  return envoy_dynamic_module_callback_http_append_body(ctx->envoy_filter, body_kind(body_type), buffer);
}

bool tse_http_prepend_body(tse_ctx* ctx, int32_t body_type, tse_bytes* data) {
  return prepend_buffer(ctx, body_type, bytes_buffer(ctx, data));
}

bool tse_http_replace_body(tse_ctx* ctx, int32_t body_type, tse_bytes* data) {
  return replace_buffer(ctx, body_type, bytes_buffer(ctx, data));
}

/* ------------------------------------------------------------------ streaming local replies */

/* The pairs as the ABI's headers, each checked as setRequestHeader (trailer: as a trailer) checks it. */
static envoy_dynamic_module_type_module_http_header* module_headers(tse_ctx* ctx, tse_array* pairs, uint32_t first, int32_t header_type) {
  uint32_t count = pairs ? pairs->length : 0;
  envoy_dynamic_module_type_module_http_header* raw = tse_alloc(ctx, (first + count + 1) * sizeof *raw);
  for (uint32_t i = 0; i < count; i++) {
    tse_tuple_string_string* pair = ((tse_tuple_string_string**)pairs->data)[i];
    check_trailer_name(ctx, header_type, pair->item0);
    check_header(ctx, pair->item0, pair->item1);
    raw[first + i].key_ptr = tse_str_to_utf8(ctx, pair->item0, &raw[first + i].key_length);
    raw[first + i].value_ptr = tse_str_to_utf8(ctx, pair->item1, &raw[first + i].value_length);
  }
  return raw;
}

void tse_http_send_response_headers(tse_ctx* ctx, double status, tse_array* headers, bool end_of_stream) {
  tse_http_body_changes(ctx);
  check_reply_status(ctx, status, NULL);
  envoy_dynamic_module_type_module_http_header* raw = module_headers(ctx, headers, 1, TSE_RESPONSE_HEADER);
  static const char status_name[] = ":status";
  char* digits = tse_alloc(ctx, 4);
  snprintf(digits, 4, "%u", (unsigned)status);
  raw[0] = (envoy_dynamic_module_type_module_http_header){status_name, sizeof status_name - 1, digits, 3};
  envoy_dynamic_module_callback_http_send_response_headers(ctx->envoy_filter, raw, 1 + (headers ? headers->length : 0), end_of_stream);
}

void tse_http_send_response_data(tse_ctx* ctx, tse_bytes* data, bool end_of_stream) {
  envoy_dynamic_module_type_module_buffer buffer = bytes_buffer(ctx, data);
  envoy_dynamic_module_callback_http_send_response_data(ctx->envoy_filter, buffer, end_of_stream);
}

void tse_http_send_response_data_text(tse_ctx* ctx, tse_str text, bool end_of_stream) {
  envoy_dynamic_module_callback_http_send_response_data(ctx->envoy_filter, utf8_buffer(ctx, text), end_of_stream);
}

void tse_http_send_response_trailers(tse_ctx* ctx, tse_array* trailers) {
  envoy_dynamic_module_type_module_http_header* raw = module_headers(ctx, trailers, 0, TSE_RESPONSE_TRAILER);
  envoy_dynamic_module_callback_http_send_response_trailers(ctx->envoy_filter, raw, trailers ? trailers->length : 0);
}

/* ------------------------------------------------------------------ metric checks for the other kinds (issue 11) */

double tse_metric_table_add(tse_ctx* ctx, tse_metric_table* table, tse_metric metric) { return metric_table_append(ctx, table, metric); }

void* tse_metric_table_find(const tse_metric_table* table, int32_t kind) {
  for (uint32_t i = 0; i < table->count; i++) {
    if (table->items[i].kind == kind) return table->items[i].shared_value;
  }
  return NULL;
}

const tse_metric* tse_metric_checked(tse_ctx* ctx, const char* method, int32_t kind, double handle) {
  return metric_for(ctx, method, kind, handle, NULL);
}

uint64_t tse_metric_amount(tse_ctx* ctx, const char* method, double value) { return metric_value(ctx, method, value); }

/* The bytes as a module buffer, copied when they are a borrowed view (bytes_buffer), for the other kinds' methods. */
envoy_dynamic_module_type_module_buffer tse_bytes_module_buffer(tse_ctx* ctx, const tse_bytes* b) { return bytes_buffer(ctx, b); }

/* ------------------------------------------------------------------ shared counters (issue 11)
 * The one mutable state shared across connections and workers: an _Atomic int64_t in the config's
 * arena, which outlives every connection of the config. Each update is one atomic fetch-add, so no
 * lock and no other shared memory; the entry sits in the metric table so every context reaches it. */
#include <stdatomic.h>

static const double shared_counter_max = 9007199254740991.0; /* 2^53 - 1: exact as a JS number */

double tse_config_define_shared_counter(tse_ctx* ctx) {
  tse_metric_table* table = ctx->metrics;
  if (table == NULL || ctx->envoy_config == NULL) tse_throw_js_error(ctx, "TypeError", "shared counters are defined in the config stage only");
  _Atomic int64_t* value = tse_alloc(ctx, sizeof *value);
  atomic_init(value, 0);
  return metric_table_append(ctx, table, (tse_metric){TSE_METRIC_SHARED_COUNTER, 0, 0, "shared counter", (void*)value});
}

double tse_shared_counter_add(tse_ctx* ctx, double counter, double delta) {
  const tse_metric* entry = tse_metric_entry(ctx, "addSharedCounter", TSE_METRIC_SHARED_COUNTER, counter);
  if (!(delta >= -shared_counter_max && delta <= shared_counter_max && delta == (double)(int64_t)delta)) {
    tse_throw_js_error(ctx, "RangeError", "addSharedCounter: delta must be an integer from -(2^53 - 1) to 2^53 - 1");
  }
  _Atomic int64_t* value = entry->shared_value;
  int64_t amount = (int64_t)delta;
  return (double)(atomic_fetch_add(value, amount) + amount);
}
