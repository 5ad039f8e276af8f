/*
 * bytes.c: Uint8Array, TextEncoder/TextDecoder (UTF-8), atob/btoa, URI coding, and the clocks (Date.now,
 * performance.now), with the semantics and messages of V8 and Node.
 *
 * A Uint8Array is a header, a data pointer and a length: the data may be the arena's, shared by
 * views (subarray), or memory the arena does not own (tse_bytes_view).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tse_internal.h"

TSE_NAMED_TYPE(tse_type_bytes, "Uint8Array", .kind = TSE_KIND_OTHER, .size = sizeof(tse_bytes));
TSE_NAMED_TYPE(tse_type_text_encoder, "TextEncoder", .kind = TSE_KIND_OTHER, .size = sizeof(tse_text_codec));
TSE_NAMED_TYPE(tse_type_text_decoder, "TextDecoder", .kind = TSE_KIND_OTHER, .size = sizeof(tse_text_codec));

/* ------------------------------------------------------------------ Uint8Array */

static uint8_t to_uint8(double value) { return (uint8_t)(tse_to_uint32(value) & 0xFF); }

tse_bytes* tse_bytes_view(tse_ctx* ctx, uint8_t* data, uint32_t length) {
  tse_bytes* b = tse_new_object(ctx, sizeof(tse_bytes), &tse_type_bytes);
  b->data = data;
  b->length = length;
  return b;
}

/* What an empty or detached borrowed view points at (never written: borrowed views are read-only). */
static uint8_t no_bytes[1];

tse_bytes* tse_bytes_borrow(tse_ctx* ctx, uint8_t* data, uint32_t length) {
  tse_bytes* b = tse_bytes_view(ctx, data ? data : no_bytes, length);
  b->flags = TSE_BYTES_BORROWED;
  if (ctx->borrowed) {
    b->next_borrowed = *ctx->borrowed;
    *ctx->borrowed = b;
  }
  return b;
}

void tse_bytes_detach_all(tse_bytes** list) {
  for (tse_bytes* b = *list; b != NULL; b = b->next_borrowed) {
    b->flags |= TSE_BYTES_DETACHED;
    b->length = 0;
    b->data = no_bytes;
  }
  *list = NULL;
}

/* V8's TypeError for a method on a detached buffer's view. */
static void check_attached(tse_ctx* ctx, const tse_bytes* b, const char* method) {
  if (TSE_UNLIKELY(b->flags & TSE_BYTES_DETACHED)) {
    char message[128];
    snprintf(message, sizeof message, "Cannot perform %s on a detached ArrayBuffer", method);
    tse_throw_js_error(ctx, "TypeError", message);
  }
}

static tse_bytes* bytes_alloc(tse_ctx* ctx, uint32_t length) {
  uint8_t* data = tse_alloc(ctx, length ? length : 1);
  memset(data, 0, length);
  return tse_bytes_view(ctx, data, length);
}

tse_bytes* tse_bytes_new(tse_ctx* ctx, double length) {
  /* ToIndex: NaN is 0, fractions truncate; V8's messages. */
  double n = isnan(length) ? 0 : trunc(length);
  if (n < 0) {
    char message[96];
    tse_str text = tse_number_to_string(ctx, length);
    size_t size;
    const char* utf8 = tse_str_to_utf8(ctx, text, &size);
    snprintf(message, sizeof message, "Invalid typed array length: %.*s", (int)(size > 40 ? 40 : size), utf8);
    tse_throw_js_error(ctx, "RangeError", message);
  }
  if (n > (double)UINT32_MAX) tse_throw_js_error(ctx, "RangeError", "Invalid array length");
  return bytes_alloc(ctx, (uint32_t)n);
}

tse_bytes* tse_bytes_from_numbers(tse_ctx* ctx, const double* values, uint32_t count) {
  tse_bytes* b = bytes_alloc(ctx, count);
  for (uint32_t i = 0; i < count; i++) b->data[i] = to_uint8(values[i]);
  return b;
}

tse_bytes* tse_bytes_copy(tse_ctx* ctx, const tse_bytes* source) {
  check_attached(ctx, source, "Construct");
  tse_bytes* b = bytes_alloc(ctx, source->length);
  if (source->length) memcpy(b->data, source->data, source->length);
  return b;
}

tse_array* tse_bytes_to_array(tse_ctx* ctx, const tse_bytes* b, const tse_type* array_type) {
  check_attached(ctx, b, "%TypedArray%.prototype.values");
  tse_array* array = tse_array_new(ctx, array_type, sizeof(double), b->length);
  for (uint32_t i = 0; i < b->length; i++) *(double*)tse_array_push_slot(ctx, array, sizeof(double)) = b->data[i];
  return array;
}

tse_value tse_bytes_get(const tse_bytes* b, double index) {
  return index >= 0 && index < (double)b->length && index == (double)(uint32_t)index ? tse_value_number(b->data[(uint32_t)index]) : tse_value_undefined();
}

double tse_bytes_read(const tse_bytes* b, double index) {
  return index >= 0 && index < (double)b->length && index == (double)(uint32_t)index ? (double)b->data[(uint32_t)index] : NAN;
}

void tse_bytes_write(tse_bytes* b, double index, double value) {
  /* Envoy's body memory may be read-only (fragments): a body view is read-only. */
  if (b->flags & TSE_BYTES_BORROWED) return;
  if (index >= 0 && index < (double)b->length && index == (double)(uint32_t)index) b->data[(uint32_t)index] = to_uint8(value);
}

tse_bytes* tse_bytes_subarray(tse_ctx* ctx, tse_bytes* b, double begin, bool has_begin, double end, bool has_end) {
  check_attached(ctx, b, "Construct");
  uint32_t from = has_begin ? tse_relative_index(begin, b->length) : 0;
  uint32_t to = has_end ? tse_relative_index(end, b->length) : b->length;
  if (to < from) to = from;
  /* A view of a borrowed view shares its memory, and is detached with it. */
  return b->flags & TSE_BYTES_BORROWED ? tse_bytes_borrow(ctx, b->data + from, to - from) : tse_bytes_view(ctx, b->data + from, to - from);
}

tse_bytes* tse_bytes_slice(tse_ctx* ctx, const tse_bytes* b, double begin, bool has_begin, double end, bool has_end) {
  check_attached(ctx, b, "%TypedArray%.prototype.slice");
  uint32_t from = has_begin ? tse_relative_index(begin, b->length) : 0;
  uint32_t to = has_end ? tse_relative_index(end, b->length) : b->length;
  if (to < from) to = from;
  tse_bytes* out = bytes_alloc(ctx, to - from);
  if (to > from) memcpy(out->data, b->data + from, to - from);
  return out;
}

/* target.set(source, offset): RangeError unless the source fits at the offset. */
static uint32_t set_offset(tse_ctx* ctx, const tse_bytes* target, double offset, uint32_t count) {
  double at = isnan(offset) ? 0 : trunc(offset);
  if (at < 0 || at + count > (double)target->length) tse_throw_js_error(ctx, "RangeError", "offset is out of bounds");
  return (uint32_t)at;
}

void tse_bytes_set_bytes(tse_ctx* ctx, tse_bytes* target, const tse_bytes* source, double offset) {
  check_attached(ctx, target, "%TypedArray%.prototype.set");
  check_attached(ctx, source, "%TypedArray%.prototype.set");
  if (target->flags & TSE_BYTES_BORROWED) return;
  uint32_t at = set_offset(ctx, target, offset, source->length);
  /* Views of one buffer may overlap: JavaScript copies as if through a clone. */
  if (source->length) memmove(target->data + at, source->data, source->length);
}

void tse_bytes_set_numbers(tse_ctx* ctx, tse_bytes* target, const tse_array* source, double offset) {
  check_attached(ctx, target, "%TypedArray%.prototype.set");
  uint32_t at = set_offset(ctx, target, offset, source->length);
  if (target->flags & TSE_BYTES_BORROWED) return;
  const double* values = source->data;
  for (uint32_t i = 0; i < source->length; i++) target->data[at + i] = to_uint8(values[i]);
}

tse_bytes* tse_bytes_fill(tse_bytes* b, double value, double start, bool has_start, double end, bool has_end) {
  uint32_t from = has_start ? tse_relative_index(start, b->length) : 0;
  uint32_t to = has_end ? tse_relative_index(end, b->length) : b->length;
  if (b->flags & TSE_BYTES_BORROWED) return b;
  if (to > from) memset(b->data + from, to_uint8(value), to - from);
  return b;
}

double tse_bytes_index_of(const tse_bytes* b, double value, double from) {
  if (!(value >= 0 && value <= 255 && value == trunc(value))) return -1;
  for (uint32_t i = tse_relative_index(from, b->length); i < b->length; i++) {
    if (b->data[i] == (uint8_t)value) return i;
  }
  return -1;
}

tse_str tse_bytes_join(tse_ctx* ctx, const tse_bytes* b, tse_str separator) {
  check_attached(ctx, b, "%TypedArray%.prototype.join");
  /* At most 3 digits per byte, plus the separators. */
  size_t sep_length = 0;
  const char* sep = tse_str_to_utf8(ctx, separator, &sep_length);
  size_t capacity = (size_t)b->length * (3 + sep_length) + 1;
  char* out = tse_alloc(ctx, capacity);
  size_t n = 0;
  for (uint32_t i = 0; i < b->length; i++) {
    if (i) {
      memcpy(out + n, sep, sep_length);
      n += sep_length;
    }
    n += (size_t)snprintf(out + n, capacity - n, "%u", (unsigned)b->data[i]);
  }
  return tse_str_from_utf8(ctx, out, n);
}

tse_str tse_bytes_to_string(tse_ctx* ctx, const void* ref) {
  const tse_type* type = ((const tse_header*)ref)->type;
  if (type == &tse_type_bytes) return tse_bytes_join(ctx, ref, tse_str_from_ascii(ctx, ",", 1));
  if (type == &tse_type_text_encoder) return tse_str_from_ascii(ctx, "[object TextEncoder]", 20);
  if (type == &tse_type_text_decoder) return tse_str_from_ascii(ctx, "[object TextDecoder]", 20);
  return NULL;
}

/* ------------------------------------------------------------------ TextEncoder, TextDecoder */

tse_text_codec* tse_text_codec_new(tse_ctx* ctx, const tse_type* type, bool fatal, bool ignore_bom) {
  tse_text_codec* codec = tse_new_object(ctx, sizeof(tse_text_codec), type);
  codec->fatal = fatal;
  codec->ignore_bom = ignore_bom;
  return codec;
}

tse_bytes* tse_text_encode(tse_ctx* ctx, tse_str s) {
  size_t length = 0;
  const char* utf8 = tse_str_to_utf8(ctx, s, &length);
  tse_bytes* b = bytes_alloc(ctx, (uint32_t)length);
  if (length) memcpy(b->data, utf8, length);
  return b;
}

/* Whether `in` is well-formed UTF-8 (what the fatal decoder accepts). */
static bool utf8_valid(const uint8_t* in, size_t length) {
  size_t i = 0;
  while (i < length) {
    uint8_t b0 = in[i];
    size_t need;
    uint8_t lower = 0x80, upper = 0xBF;
    if (b0 < 0x80) {
      i++;
      continue;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      if (b0 == 0xE0) lower = 0xA0;
      if (b0 == 0xED) upper = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      if (b0 == 0xF0) lower = 0x90;
      if (b0 == 0xF4) upper = 0x8F;
    } else {
      return false;
    }
    for (size_t j = 1; j <= need; j++) {
      if (i + j >= length || in[i + j] < lower || in[i + j] > upper) return false;
      lower = 0x80;
      upper = 0xBF;
    }
    i += need + 1;
  }
  return true;
}

tse_str tse_text_decode(tse_ctx* ctx, const tse_text_codec* decoder, const tse_bytes* b /* NULL: nothing */) {
  if (!b) return &tse_empty_string;
  const uint8_t* data = b->data;
  size_t length = b->length;
  if (decoder->fatal && !utf8_valid(data, length)) tse_throw_js_error(ctx, "TypeError", "The encoded data was not valid for encoding utf-8");
  if (!decoder->ignore_bom && length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
    data += 3;
    length -= 3;
  }
  /* tse_str_from_utf8 replaces ill-formed sequences with U+FFFD as the WHATWG decoder does. */
  return tse_str_from_utf8(ctx, (const char*)data, length);
}

/*
 * `re.test(decoder.decode(b))`, as the compiler fuses it (lower/builtins/regexp.ts): the decoded
 * text is a temporary only the test sees, and the test keeps nothing of it (lastIndex is a
 * number), so what both allocate is released afterwards; a body scanned window by window then
 * does not keep every window. The operands were evaluated before, outside the release (a view
 * made by subarray joins the stream's list of borrowed views, so it must not be released). A
 * throw skips the release: the error and what it points to stay.
 */
bool tse_regexp_test_decoded(tse_ctx* ctx, tse_regexp* re, const tse_text_codec* decoder, const tse_bytes* b) {
  tse_arena_mark mark = tse_arena_save(ctx->arena);
  bool result = tse_regexp_test(ctx, re, tse_text_decode(ctx, decoder, b));
  tse_arena_restore(ctx->arena, mark);
  return result;
}

/* ------------------------------------------------------------------ atob, btoa */

/* Node throws a DOMException; here an Error with its name and message (instanceof Error holds in both). */
static TSE_NORETURN void invalid_character(tse_ctx* ctx, const char* message) {
  tse_error* error = tse_error_new(ctx, TSE_ERROR, tse_str_from_ascii(ctx, message, strlen(message)));
  error->name = tse_str_from_ascii(ctx, "InvalidCharacterError", 21);
  tse_throw(ctx, error);
}

static const char BASE64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

tse_str tse_btoa(tse_ctx* ctx, tse_str s) {
  for (uint32_t i = 0; i < s->length; i++) {
    if (tse_str_unit(s, i) > 0xFF) invalid_character(ctx, "Invalid character");
  }
  if (s->length > (TSE_JS_MAX_STRING_LENGTH / 4) * 3) tse_throw_js_error(ctx, "RangeError", "Invalid string length");
  size_t out_length = ((size_t)s->length + 2) / 3 * 4;
  char* out = tse_alloc(ctx, out_length + 1);
  size_t n = 0;
  for (uint32_t i = 0; i < s->length; i += 3) {
    uint32_t b0 = tse_str_unit(s, i);
    uint32_t b1 = i + 1 < s->length ? tse_str_unit(s, i + 1) : 0;
    uint32_t b2 = i + 2 < s->length ? tse_str_unit(s, i + 2) : 0;
    uint32_t triple = (b0 << 16) | (b1 << 8) | b2;
    out[n++] = BASE64[(triple >> 18) & 63];
    out[n++] = BASE64[(triple >> 12) & 63];
    out[n++] = i + 1 < s->length ? BASE64[(triple >> 6) & 63] : '=';
    out[n++] = i + 2 < s->length ? BASE64[triple & 63] : '=';
  }
  return tse_str_from_ascii(ctx, out, n);
}

static int base64_value(uint16_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

static bool is_base64_space(uint16_t c) { return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20; }

/* Forgiving-base64 decode (WHATWG), checked in the order Node checks, with its messages. */
tse_str tse_atob(tse_ctx* ctx, tse_str s) {
  uint32_t significant = 0, equals = 0;
  for (uint32_t i = 0; i < s->length; i++) {
    uint16_t c = tse_str_unit(s, i);
    if (is_base64_space(c)) continue;
    significant++;
    if (c == '=') {
      if (++equals > 2) invalid_character(ctx, "Invalid character");
    } else if (base64_value(c) < 0 || equals) {
      invalid_character(ctx, "Invalid character");
    }
  }
  uint32_t remainder = significant % 4;
  if (remainder == 0) remainder = (significant - equals) % 4;
  else if (equals) invalid_character(ctx, "Invalid character");
  if (remainder == 1) invalid_character(ctx, "The string to be decoded is not correctly encoded.");
  uint32_t digits = significant - equals;
  uint16_t* out = tse_alloc(ctx, ((size_t)digits * 3 / 4 + 1) * sizeof(uint16_t));
  uint32_t n = 0, bits = 0, count = 0;
  for (uint32_t i = 0; i < s->length; i++) {
    int v = base64_value(tse_str_unit(s, i));
    if (v < 0) continue;
    bits = (bits << 6) | (uint32_t)v;
    if (++count == 4) {
      out[n++] = (uint16_t)((bits >> 16) & 0xFF);
      out[n++] = (uint16_t)((bits >> 8) & 0xFF);
      out[n++] = (uint16_t)(bits & 0xFF);
      bits = count = 0;
    }
  }
  if (count == 2) {
    out[n++] = (uint16_t)((bits >> 4) & 0xFF);
  } else if (count == 3) {
    out[n++] = (uint16_t)((bits >> 10) & 0xFF);
    out[n++] = (uint16_t)((bits >> 2) & 0xFF);
  }
  return tse_str_from_units(ctx, out, n);
}

/* ------------------------------------------------------------------ clocks */

double tse_date_now(void) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return floor((double)now.tv_sec * 1000.0 + (double)(now.tv_nsec / 1000000));
}

/* The origin of performance.now(): the first reading in this process (Node's is the process start). */
static int64_t monotonic_origin_ns;

double tse_performance_now(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  int64_t ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
  int64_t expected = 0;
  /* Keep 0 free to mean "unset": a first reading of exactly 0 ns moves the origin 1 ns back. */
  __atomic_compare_exchange_n(&monotonic_origin_ns, &expected, ns ? ns - 1 : -1, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
  int64_t origin = __atomic_load_n(&monotonic_origin_ns, __ATOMIC_RELAXED);
  /* Microsecond resolution, as Node reports it. */
  return (double)((ns - origin) / 1000) / 1000.0;
}

/* ------------------------------------------------------------------ URI coding */

/* ECMAScript's sets: encodeURIComponent leaves the unreserved marks; encodeURI and decodeURI also the reserved. */
static const char URI_MARKS[] = "-_.!~*'()";
static const char URI_RESERVED[] = ";/?:@&=+$,#";

static TSE_NORETURN void uri_malformed(tse_ctx* ctx) { tse_throw_js_error(ctx, "URIError", "URI malformed"); }

static bool uri_in(const char* set, uint32_t c) { return c != 0 && c < 0x80 && strchr(set, (int)c) != NULL; }

static bool uri_unescaped(uint32_t c, bool whole) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || uri_in(URI_MARKS, c)) return true;
  return whole && uri_in(URI_RESERVED, c);
}

/* The code point at i (a pair counts as one); a lone surrogate cannot be encoded. */
static uint32_t uri_code_point(tse_ctx* ctx, tse_str s, uint32_t i, uint32_t* width) {
  uint32_t c = tse_str_unit(s, i);
  *width = 1;
  if (c >= 0xDC00 && c <= 0xDFFF) uri_malformed(ctx);
  if (c < 0xD800 || c > 0xDBFF) return c;
  uint32_t low = i + 1 < s->length ? tse_str_unit(s, i + 1) : 0;
  if (low < 0xDC00 || low > 0xDFFF) uri_malformed(ctx);
  *width = 2;
  return 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
}

static uint32_t uri_utf8_length(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

static tse_str uri_encode(tse_ctx* ctx, tse_str s, bool whole) {
  size_t out_length = 0;
  for (uint32_t i = 0, width; i < s->length; i += width) {
    uint32_t cp = uri_code_point(ctx, s, i, &width);
    out_length += uri_unescaped(cp, whole) ? 1 : 3 * (size_t)uri_utf8_length(cp);
  }
  if (out_length > TSE_JS_MAX_STRING_LENGTH) tse_throw_js_error(ctx, "RangeError", "Invalid string length");
  char* out = tse_alloc(ctx, out_length + 1);
  static const char HEX[] = "0123456789ABCDEF";
  size_t n = 0;
  for (uint32_t i = 0, width; i < s->length; i += width) {
    uint32_t cp = uri_code_point(ctx, s, i, &width);
    if (uri_unescaped(cp, whole)) {
      out[n++] = (char)cp;
      continue;
    }
    uint8_t bytes[4];
    uint32_t count = uri_utf8_length(cp);
    if (count == 1) bytes[0] = (uint8_t)cp;
    else if (count == 2) bytes[0] = (uint8_t)(0xC0 | (cp >> 6));
    else if (count == 3) bytes[0] = (uint8_t)(0xE0 | (cp >> 12));
    else bytes[0] = (uint8_t)(0xF0 | (cp >> 18));
    for (uint32_t j = 1; j < count; j++) bytes[j] = (uint8_t)(0x80 | ((cp >> (6 * (count - 1 - j))) & 0x3F));
    for (uint32_t j = 0; j < count; j++) {
      out[n++] = '%';
      out[n++] = HEX[bytes[j] >> 4];
      out[n++] = HEX[bytes[j] & 15];
    }
  }
  return tse_str_from_ascii(ctx, out, n);
}

static int uri_hex(uint32_t c) {
  if (c >= '0' && c <= '9') return (int)(c - '0');
  if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
  return -1;
}

/* The byte of the escape "%XX" at k. */
static uint32_t uri_escaped_byte(tse_ctx* ctx, tse_str s, uint32_t k) {
  if ((uint64_t)k + 2 >= s->length || tse_str_unit(s, k) != '%') uri_malformed(ctx);
  int high = uri_hex(tse_str_unit(s, k + 1)), low = uri_hex(tse_str_unit(s, k + 2));
  if (high < 0 || low < 0) uri_malformed(ctx);
  return (uint32_t)(high * 16 + low);
}

static tse_str uri_decode(tse_ctx* ctx, tse_str s, bool whole) {
  /* Decoding never lengthens: each escape of 3 units becomes at most one unit (a pair from 12). */
  uint16_t* out = tse_alloc(ctx, ((size_t)s->length + 1) * sizeof(uint16_t));
  uint32_t n = 0;
  for (uint32_t k = 0; k < s->length; k++) {
    uint32_t c = tse_str_unit(s, k);
    if (c != '%') {
      out[n++] = (uint16_t)c;
      continue;
    }
    uint32_t start = k;
    uint32_t b = uri_escaped_byte(ctx, s, k);
    k += 2;
    if (b < 0x80) {
      if (whole && uri_in(URI_RESERVED, b)) {
        for (uint32_t j = start; j <= k; j++) out[n++] = tse_str_unit(s, j); /* kept as written */
      } else {
        out[n++] = (uint16_t)b;
      }
      continue;
    }
    uint32_t extra, cp;
    if ((b & 0xE0) == 0xC0) extra = 1, cp = b & 0x1F;
    else if ((b & 0xF0) == 0xE0) extra = 2, cp = b & 0x0F;
    else if ((b & 0xF8) == 0xF0) extra = 3, cp = b & 0x07;
    else uri_malformed(ctx);
    for (uint32_t j = 0; j < extra; j++) {
      uint32_t next = uri_escaped_byte(ctx, s, k + 1);
      if ((next & 0xC0) != 0x80) uri_malformed(ctx);
      cp = (cp << 6) | (next & 0x3F);
      k += 3;
    }
    static const uint32_t SMALLEST[] = {0, 0x80, 0x800, 0x10000};
    if (cp < SMALLEST[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) uri_malformed(ctx);
    if (cp >= 0x10000) {
      out[n++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
      out[n++] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      out[n++] = (uint16_t)cp;
    }
  }
  return tse_str_from_units(ctx, out, n);
}

tse_str tse_encode_uri_component(tse_ctx* ctx, tse_str s) { return uri_encode(ctx, s, false); }
tse_str tse_encode_uri(tse_ctx* ctx, tse_str s) { return uri_encode(ctx, s, true); }
tse_str tse_decode_uri_component(tse_ctx* ctx, tse_str s) { return uri_decode(ctx, s, false); }
tse_str tse_decode_uri(tse_ctx* ctx, tse_str s) { return uri_decode(ctx, s, true); }
