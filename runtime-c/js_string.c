/*
 * String.prototype built-ins with V8's (Node 20's) exact results: positions are converted with
 * ToIntegerOrInfinity / ToUint32 / ToLength as the specification says, results longer than V8's
 * maximum string length throw RangeError "Invalid string length", and every string built here is
 * stored narrow when all its units are ASCII.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tse_internal.h"

#define MAX_LENGTH TSE_JS_MAX_STRING_LENGTH

static inline uint16_t unit(tse_str s, uint32_t i) { return tse_str_unit(s, i); }
static inline const uint16_t* wide_data(tse_str s) { return (const uint16_t*)(const void*)s->data; }
static inline bool is_lead(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
static inline bool is_trail(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

TSE_NORETURN static void throw_invalid_length(tse_ctx* ctx) { tse_throw_js_error(ctx, "RangeError", "Invalid string length"); }

/* Throws RangeError "<prefix><ToString(value)>". */
TSE_NORETURN static void throw_with_number(tse_ctx* ctx, const char* prefix, double value) {
  size_t length;
  const char* text = tse_str_to_utf8(ctx, tse_js_number_to_string(ctx, value), &length);
  char message[128];
  snprintf(message, sizeof message, "%s%.*s", prefix, (int)length, text);
  tse_throw_js_error(ctx, "RangeError", message);
}

static double to_integer(double x) {
  if (isnan(x) || x == 0) return 0;
  return trunc(x);
}

/* ToIntegerOrInfinity(position) clamped to [0, length]. */
static uint32_t clamp_position(double position, uint32_t length) {
  double p = to_integer(position);
  if (p <= 0) return 0;
  if (p >= length) return length;
  return (uint32_t)p;
}

/* A relative index (negative counts from the end) clamped to [0, length], as slice does. */
static uint32_t relative_position(double position, uint32_t length) {
  double p = to_integer(position);
  if (p < 0) p += length;
  if (p <= 0) return 0;
  if (p >= length) return length;
  return (uint32_t)p;
}

static bool ascii_range(tse_str s, uint32_t start, uint32_t end) {
  if (!s->wide) return true;
  const uint16_t* w = wide_data(s);
  for (uint32_t i = start; i < end; i++) {
    if (w[i] >= 0x80) return false;
  }
  return true;
}

/* ------------------------------------------------------------------ allocation */

static tse_string* new_string(tse_ctx* ctx, uint32_t length, bool wide) {
  if (length > MAX_LENGTH) throw_invalid_length(ctx);
  size_t bytes = wide ? 2 * ((size_t)length + 1) : (size_t)length + 1;
  tse_string* s = tse_alloc(ctx, sizeof(tse_string) + bytes);
  s->type = &tse_type_string;
  s->length = length;
  s->wide = wide ? 1 : 0;
  s->checks = 0;
  if (wide) {
    ((uint16_t*)(void*)s->data)[length] = 0;
  } else {
    s->data[length] = 0;
  }
  return s;
}

tse_str tse_str_from_units(tse_ctx* ctx, const uint16_t* units, uint32_t length) {
  if (length == 0) return &tse_empty_string;
  bool ascii = true;
  for (uint32_t i = 0; i < length && ascii; i++) ascii = units[i] < 0x80;
  tse_string* s = new_string(ctx, length, !ascii);
  if (ascii) {
    for (uint32_t i = 0; i < length; i++) s->data[i] = (unsigned char)units[i];
  } else {
    memcpy(s->data, units, 2 * (size_t)length);
  }
  return s;
}

tse_str tse_str_substr_units(tse_ctx* ctx, tse_str s, uint32_t start, uint32_t end) {
  if (end > s->length) end = s->length;
  if (start > end) start = end;
  if (start == 0 && end == s->length) return s;
  uint32_t length = end - start;
  if (length == 0) return &tse_empty_string;
  if (length == 1 && tse_str_unit(s, start) < 0x80) return tse_str_ascii_unit(tse_str_unit(s, start));
  if (!s->wide) {
    tse_string* r = new_string(ctx, length, false);
    memcpy(r->data, s->data + start, length);
    r->checks = tse_str_value_checked(s);
    return r;
  }
  if (ascii_range(s, start, end)) {
    tse_string* r = new_string(ctx, length, false);
    const uint16_t* w = wide_data(s);
    for (uint32_t i = 0; i < length; i++) r->data[i] = (unsigned char)w[start + i];
    r->checks = tse_str_value_checked(s);
    return r;
  }
  tse_string* r = new_string(ctx, length, true);
  memcpy(r->data, wide_data(s) + start, 2 * (size_t)length);
  r->checks = tse_str_value_checked(s);
  return r;
}

/* A wide result that may turn out to be all ASCII: narrow copy then. */
static tse_str finish_wide(tse_ctx* ctx, tse_string* w) {
  if (!ascii_range(w, 0, w->length)) return w;
  return tse_str_from_units(ctx, wide_data(w), w->length);
}

/* ------------------------------------------------------------------ builder */

/* Appends into bytes while everything is ASCII, into UTF-16 units from the first non-ASCII unit. */
typedef struct builder {
  tse_ctx* ctx;
  unsigned char* bytes;
  uint16_t* units;
  uint32_t length;
  uint32_t capacity;
  bool wide;
} builder;

static void builder_init(builder* b, tse_ctx* ctx, uint32_t capacity_hint) {
  b->ctx = ctx;
  b->bytes = NULL;
  b->units = NULL;
  b->length = 0;
  b->capacity = 0;
  b->wide = false;
  if (capacity_hint > MAX_LENGTH) capacity_hint = MAX_LENGTH;
  if (capacity_hint) {
    b->bytes = tse_alloc(ctx, capacity_hint);
    b->capacity = capacity_hint;
  }
}

static void builder_reserve(builder* b, uint64_t extra) {
  uint64_t need = (uint64_t)b->length + extra;
  if (need > MAX_LENGTH) throw_invalid_length(b->ctx);
  if (need <= b->capacity) return;
  uint64_t capacity = b->capacity ? (uint64_t)b->capacity * 2 : 16;
  if (capacity < need) capacity = need;
  if (capacity > MAX_LENGTH) capacity = MAX_LENGTH;
  if (b->wide) {
    uint16_t* units = tse_alloc(b->ctx, 2 * (size_t)capacity);
    if (b->length) memcpy(units, b->units, 2 * (size_t)b->length);
    b->units = units;
  } else {
    unsigned char* bytes = tse_alloc(b->ctx, (size_t)capacity);
    if (b->length) memcpy(bytes, b->bytes, b->length);
    b->bytes = bytes;
  }
  b->capacity = (uint32_t)capacity;
}

static void builder_widen(builder* b) {
  uint32_t capacity = b->capacity ? b->capacity : 16;
  uint16_t* units = tse_alloc(b->ctx, 2 * (size_t)capacity);
  for (uint32_t i = 0; i < b->length; i++) units[i] = b->bytes[i];
  b->units = units;
  b->capacity = capacity;
  b->wide = true;
}

static void builder_append(builder* b, tse_str s, uint32_t start, uint32_t end) {
  if (end <= start) return;
  uint32_t n = end - start;
  builder_reserve(b, n);
  if (!b->wide && !ascii_range(s, start, end)) builder_widen(b);
  if (!b->wide) {
    if (!s->wide) {
      memcpy(b->bytes + b->length, s->data + start, n);
    } else {
      const uint16_t* w = wide_data(s);
      for (uint32_t i = 0; i < n; i++) b->bytes[b->length + i] = (unsigned char)w[start + i];
    }
  } else if (s->wide) {
    memcpy(b->units + b->length, wide_data(s) + start, 2 * (size_t)n);
  } else {
    for (uint32_t i = 0; i < n; i++) b->units[b->length + i] = s->data[start + i];
  }
  b->length += n;
}

static tse_str builder_finish(builder* b) {
  if (b->length == 0) return &tse_empty_string;
  tse_string* s = new_string(b->ctx, b->length, b->wide);
  memcpy(s->data, b->wide ? (const void*)b->units : (const void*)b->bytes, (b->wide ? 2 : 1) * (size_t)b->length);
  return s;
}

/* ------------------------------------------------------------------ searching */

/* Whether s has pattern at `at` (at + pattern length <= s length). */
static bool matches_at(tse_str s, uint32_t at, tse_str pattern) {
  uint32_t m = pattern->length;
  if (!s->wide && !pattern->wide) return memcmp(s->data + at, pattern->data, m) == 0;
  for (uint32_t i = 0; i < m; i++) {
    if (unit(s, at + i) != unit(pattern, i)) return false;
  }
  return true;
}

/*
 * Crochemore-Perrin Two-Way string matching: linear time and constant space (these searches get
 * no context to allocate from), so a long pattern in a long, adversarial string stays O(n + m).
 * The haystack and needle are read through views so that the same code searches backwards.
 */
typedef struct view {
  tse_str s;
  int64_t base;
  int64_t dir; /* +1: unit i is s[base + i]; -1: unit i is s[base - i] */
} view;

static inline uint16_t view_unit(const view* v, int64_t i) { return unit(v->s, (uint32_t)(v->base + v->dir * i)); }

/* The first j in [0, hn - m] where needle (m >= 1 units) occurs in haystack, or -1. */
static int64_t two_way(const view* h, int64_t hn, const view* n, int64_t m) {
  /* maximal suffix for the order <, then for >; the longer gives the critical factorization */
  int64_t ip = -1, jp = 0, k = 1, p = 1;
  while (jp + k < m) {
    uint16_t a = view_unit(n, ip + k), b = view_unit(n, jp + k);
    if (a == b) {
      if (k == p) {
        jp += p;
        k = 1;
      } else {
        k++;
      }
    } else if (a > b) {
      jp += k;
      k = 1;
      p = jp - ip;
    } else {
      ip = jp++;
      k = p = 1;
    }
  }
  int64_t ms = ip, p0 = p;
  ip = -1;
  jp = 0;
  k = p = 1;
  while (jp + k < m) {
    uint16_t a = view_unit(n, ip + k), b = view_unit(n, jp + k);
    if (a == b) {
      if (k == p) {
        jp += p;
        k = 1;
      } else {
        k++;
      }
    } else if (a < b) {
      jp += k;
      k = 1;
      p = jp - ip;
    } else {
      ip = jp++;
      k = p = 1;
    }
  }
  if (ip > ms) {
    ms = ip;
  } else {
    p = p0;
  }
  bool periodic = true;
  for (int64_t i = 0; i <= ms && periodic; i++) periodic = view_unit(n, i) == view_unit(n, i + p);
  int64_t mem0;
  if (periodic) {
    mem0 = m - p;
  } else {
    mem0 = 0;
    p = (ms > m - ms - 1 ? ms : m - ms - 1) + 1;
  }
  int64_t mem = 0, pos = 0;
  for (;;) {
    if (hn - pos < m) return -1;
    int64_t i = ms + 1 > mem ? ms + 1 : mem;
    while (i < m && view_unit(n, i) == view_unit(h, pos + i)) i++;
    if (i < m) {
      pos += i - ms;
      mem = 0;
      continue;
    }
    i = ms + 1;
    while (i > mem && view_unit(n, i - 1) == view_unit(h, pos + i - 1)) i--;
    if (i <= mem) return pos;
    pos += p;
    mem = mem0;
  }
}

enum { SHORT_PATTERN = 8 }; /* up to this length a direct scan is at most 8n and faster */

/* First index >= from where pattern occurs, or -1. */
static int64_t find(tse_str s, tse_str pattern, uint32_t from) {
  uint32_t n = s->length, m = pattern->length;
  if (from > n || m > n - from) return -1;
  if (m == 0) return from;
  uint32_t last = n - m;
  uint16_t first = unit(pattern, 0);
  if (m > SHORT_PATTERN) {
    view h = {s, from, 1}, p = {pattern, 0, 1};
    int64_t at = two_way(&h, n - from, &p, m);
    return at < 0 ? -1 : at + from;
  }
  if (!s->wide) {
    if (first >= 0x80) return -1;
    const unsigned char* p = s->data + from;
    const unsigned char* end = s->data + last + 1;
    while (p < end) {
      p = memchr(p, first, (size_t)(end - p));
      if (p == NULL) return -1;
      uint32_t at = (uint32_t)(p - s->data);
      if (matches_at(s, at, pattern)) return at;
      p++;
    }
    return -1;
  }
  for (uint32_t at = from; at <= last; at++) {
    if (unit(s, at) == first && matches_at(s, at, pattern)) return at;
  }
  return -1;
}

/* Last index <= from where pattern occurs (m <= length, from <= length - m), or -1. */
static int64_t find_last(tse_str s, tse_str pattern, uint32_t from) {
  uint32_t m = pattern->length;
  if (m > SHORT_PATTERN) {
    /* search the reversed prefix s[0, from + m) for the reversed pattern */
    view h = {s, (int64_t)from + m - 1, -1}, p = {pattern, m - 1, -1};
    int64_t j = two_way(&h, (int64_t)from + m, &p, m);
    return j < 0 ? -1 : (int64_t)from - j;
  }
  for (int64_t at = from; at >= 0; at--) {
    if (matches_at(s, (uint32_t)at, pattern)) return at;
  }
  return -1;
}

double tse_str_index_of(tse_str s, tse_str search, double position) {
  return (double)find(s, search, clamp_position(position, s->length));
}

double tse_str_last_index_of(tse_str s, tse_str search, double position) {
  uint32_t n = s->length, m = search->length;
  uint32_t start = isnan(position) ? n : clamp_position(position, n);
  if (m > n) return -1;
  return (double)find_last(s, search, start < n - m ? start : n - m);
}

bool tse_str_includes(tse_str s, tse_str search, double position) {
  return find(s, search, clamp_position(position, s->length)) >= 0;
}

bool tse_str_starts_with(tse_str s, tse_str search, double position) {
  uint32_t start = clamp_position(position, s->length);
  if (search->length > s->length - start) return false;
  return matches_at(s, start, search);
}

bool tse_str_ends_with(tse_str s, tse_str search, double end_position, bool has_end) {
  uint32_t end = has_end ? clamp_position(end_position, s->length) : s->length;
  if (search->length > end) return false;
  return matches_at(s, end - search->length, search);
}

/* ------------------------------------------------------------------ substrings */

tse_str tse_str_slice(tse_ctx* ctx, tse_str s, double start, double end, bool has_end) {
  uint32_t from = relative_position(start, s->length);
  uint32_t to = has_end ? relative_position(end, s->length) : s->length;
  if (from >= to) return &tse_empty_string;
  return tse_str_substr_units(ctx, s, from, to);
}

tse_str tse_str_substring(tse_ctx* ctx, tse_str s, double start, double end, bool has_end) {
  uint32_t a = clamp_position(start, s->length);
  uint32_t b = has_end ? clamp_position(end, s->length) : s->length;
  return a <= b ? tse_str_substr_units(ctx, s, a, b) : tse_str_substr_units(ctx, s, b, a);
}

tse_str tse_str_at(tse_ctx* ctx, tse_str s, double index) {
  double k = to_integer(index);
  if (k < 0) k += s->length;
  if (!(k >= 0 && k < s->length)) return NULL;
  return tse_str_substr_units(ctx, s, (uint32_t)k, (uint32_t)k + 1);
}

tse_str tse_str_char_at(tse_ctx* ctx, tse_str s, double index) {
  double k = to_integer(index);
  if (!(k >= 0 && k < s->length)) return &tse_empty_string;
  return tse_str_substr_units(ctx, s, (uint32_t)k, (uint32_t)k + 1);
}

double tse_str_char_code_at(tse_str s, double index) {
  double k = to_integer(index);
  if (!(k >= 0 && k < s->length)) return NAN;
  return unit(s, (uint32_t)k);
}

tse_value tse_str_code_point_at(tse_str s, double index) {
  double k = to_integer(index);
  if (!(k >= 0 && k < s->length)) return tse_value_undefined();
  uint32_t i = (uint32_t)k;
  uint32_t first = unit(s, i);
  if (is_lead(first) && i + 1 < s->length) {
    uint32_t second = unit(s, i + 1);
    if (is_trail(second)) return tse_value_number((double)(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)));
  }
  return tse_value_number(first);
}

/* ------------------------------------------------------------------ split */

tse_array* tse_str_split(tse_ctx* ctx, tse_str s, tse_str separator, double limit, bool has_limit) {
  uint32_t lim = has_limit ? tse_to_uint32(limit) : UINT32_MAX;
  uint32_t n = s->length;
  if (lim == 0) return tse_array_new(ctx, &tse_type_array_string, sizeof(tse_str), 0);
  if (separator == NULL) {
    tse_array* result = tse_array_new(ctx, &tse_type_array_string, sizeof(tse_str), 1);
    *(tse_str*)tse_array_push_slot(ctx, result, sizeof(tse_str)) = s;
    return result;
  }
  uint32_t m = separator->length;
  if (m == 0) {
    uint32_t count = n < lim ? n : lim;
    tse_array* result = tse_array_new(ctx, &tse_type_array_string, sizeof(tse_str), count);
    for (uint32_t i = 0; i < count; i++) {
      *(tse_str*)tse_array_push_slot(ctx, result, sizeof(tse_str)) = tse_str_substr_units(ctx, s, i, i + 1);
    }
    return result;
  }
  tse_array* result = tse_array_new(ctx, &tse_type_array_string, sizeof(tse_str), 4);
  if (n == 0) {
    *(tse_str*)tse_array_push_slot(ctx, result, sizeof(tse_str)) = s;
    return result;
  }
  uint32_t i = 0;
  int64_t j = find(s, separator, 0);
  while (j >= 0) {
    *(tse_str*)tse_array_push_slot(ctx, result, sizeof(tse_str)) = tse_str_substr_units(ctx, s, i, (uint32_t)j);
    if (result->length == lim) return result;
    i = (uint32_t)j + m;
    j = find(s, separator, i);
  }
  *(tse_str*)tse_array_push_slot(ctx, result, sizeof(tse_str)) = tse_str_substr_units(ctx, s, i, n);
  return result;
}

/* ------------------------------------------------------------------ case conversion */

/* The code point at i (a surrogate pair or a lone unit) and its width in units. */
static uint32_t code_point_at(tse_str s, uint32_t i, uint32_t* width) {
  uint32_t first = unit(s, i);
  if (is_lead(first) && i + 1 < s->length) {
    uint32_t second = unit(s, i + 1);
    if (is_trail(second)) {
      *width = 2;
      return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
    }
  }
  *width = 1;
  return first;
}

/* The code point ending just before index i. */
static uint32_t code_point_before(tse_str s, uint32_t i, uint32_t* width) {
  uint32_t last = unit(s, i - 1);
  if (is_trail(last) && i >= 2) {
    uint32_t first = unit(s, i - 2);
    if (is_lead(first)) {
      *width = 2;
      return 0x10000 + ((first - 0xD800) << 10) + (last - 0xDC00);
    }
  }
  *width = 1;
  return last;
}

/* Final_Sigma: Σ at i is preceded by a cased letter and not followed by one (case-ignorables skipped). */
static bool is_final_sigma(tse_str s, uint32_t i) {
  bool preceded = false;
  for (uint32_t at = i; at > 0;) {
    uint32_t width;
    int kind = tse_unicode_case_class(code_point_before(s, at, &width));
    if (kind == TSE_CASE_IGNORABLE) {
      at -= width;
      continue;
    }
    preceded = kind == TSE_CASE_CASED;
    break;
  }
  if (!preceded) return false;
  for (uint32_t at = i + 1; at < s->length;) {
    uint32_t width;
    int kind = tse_unicode_case_class(code_point_at(s, at, &width));
    if (kind == TSE_CASE_IGNORABLE) {
      at += width;
      continue;
    }
    return kind != TSE_CASE_CASED;
  }
  return true;
}

static uint32_t map_case(tse_str s, uint32_t i, uint32_t cp, bool upper, uint32_t out[3]) {
  if (upper) return tse_unicode_to_upper(cp, out);
  if (cp == 0x3A3) {
    out[0] = is_final_sigma(s, i) ? 0x3C2 : 0x3C3;
    return 1;
  }
  return tse_unicode_to_lower(cp, out);
}

static tse_str convert_case(tse_ctx* ctx, tse_str s, bool upper) {
  uint32_t n = s->length;
  unsigned char from = upper ? 'a' : 'A';
  if (!s->wide) {
    uint32_t i = 0;
    while (i < n && (unsigned char)(s->data[i] - from) >= 26) i++;
    if (i == n) return s;
    tse_string* r = new_string(ctx, n, false);
    memcpy(r->data, s->data, n);
    for (; i < n; i++) {
      if ((unsigned char)(r->data[i] - from) < 26) r->data[i] ^= 0x20;
    }
    return r;
  }
  /* first pass: the length, and whether anything changes */
  uint64_t length = 0;
  bool changed = false;
  for (uint32_t i = 0; i < n;) {
    uint32_t width, mapped[3];
    uint32_t cp = code_point_at(s, i, &width);
    uint32_t count = map_case(s, i, cp, upper, mapped);
    if (count != 1 || mapped[0] != cp) changed = true;
    for (uint32_t k = 0; k < count; k++) length += mapped[k] >= 0x10000 ? 2 : 1;
    i += width;
  }
  if (!changed) return s;
  if (length > MAX_LENGTH) throw_invalid_length(ctx);
  tse_string* r = new_string(ctx, (uint32_t)length, true);
  uint16_t* out = (uint16_t*)(void*)r->data;
  uint32_t at = 0;
  for (uint32_t i = 0; i < n;) {
    uint32_t width, mapped[3];
    uint32_t cp = code_point_at(s, i, &width);
    uint32_t count = map_case(s, i, cp, upper, mapped);
    for (uint32_t k = 0; k < count; k++) {
      uint32_t c = mapped[k];
      if (c >= 0x10000) {
        out[at++] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
        out[at++] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
      } else {
        out[at++] = (uint16_t)c;
      }
    }
    i += width;
  }
  return finish_wide(ctx, r);
}

tse_str tse_str_to_lower_case(tse_ctx* ctx, tse_str s) { return convert_case(ctx, s, false); }
tse_str tse_str_to_upper_case(tse_ctx* ctx, tse_str s) { return convert_case(ctx, s, true); }

/* ------------------------------------------------------------------ trim and pad */

/* WhiteSpace and LineTerminator code points (Unicode Zs per V8's tables). */
static bool is_js_whitespace(uint32_t c) {
  switch (c) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

static tse_str trim(tse_ctx* ctx, tse_str s, bool start, bool end) {
  uint32_t a = 0, b = s->length;
  if (start) {
    while (a < b && is_js_whitespace(unit(s, a))) a++;
  }
  if (end) {
    while (b > a && is_js_whitespace(unit(s, b - 1))) b--;
  }
  return tse_str_substr_units(ctx, s, a, b);
}

tse_str tse_str_trim(tse_ctx* ctx, tse_str s) { return trim(ctx, s, true, true); }
tse_str tse_str_trim_start(tse_ctx* ctx, tse_str s) { return trim(ctx, s, true, false); }
tse_str tse_str_trim_end(tse_ctx* ctx, tse_str s) { return trim(ctx, s, false, true); }

TSE_STRING_LITERAL(space_literal, 1, " ");

static tse_str pad(tse_ctx* ctx, tse_str s, double max_length, tse_str fill, bool at_start) {
  double target = to_integer(max_length); /* ToLength, clamped below */
  if (target <= s->length) return s;
  if (fill == NULL) fill = TSE_STR(space_literal);
  if (fill->length == 0) return s;
  if (target > MAX_LENGTH) throw_invalid_length(ctx);
  uint32_t fill_length = (uint32_t)target - s->length;
  builder b;
  builder_init(&b, ctx, (uint32_t)target);
  if (!at_start) builder_append(&b, s, 0, s->length);
  for (uint32_t done = 0; done < fill_length;) {
    uint32_t take = fill_length - done < fill->length ? fill_length - done : fill->length;
    builder_append(&b, fill, 0, take);
    done += take;
  }
  if (at_start) builder_append(&b, s, 0, s->length);
  return builder_finish(&b);
}

tse_str tse_str_pad_start(tse_ctx* ctx, tse_str s, double max_length, tse_str fill) { return pad(ctx, s, max_length, fill, true); }
tse_str tse_str_pad_end(tse_ctx* ctx, tse_str s, double max_length, tse_str fill) { return pad(ctx, s, max_length, fill, false); }

tse_str tse_str_repeat(tse_ctx* ctx, tse_str s, double count) {
  double n = to_integer(count);
  if (n < 0 || n == INFINITY) throw_with_number(ctx, "Invalid count value: ", count);
  if (n == 0 || s->length == 0) return &tse_empty_string;
  if (n * s->length > MAX_LENGTH) throw_invalid_length(ctx);
  if (n == 1) return s;
  uint32_t total = (uint32_t)n * s->length;
  bool wide = !ascii_range(s, 0, s->length);
  tse_string* r = new_string(ctx, total, wide);
  size_t unit_size = wide ? 2 : 1;
  unsigned char* out = r->data;
  if (wide) {
    memcpy(out, s->data, unit_size * s->length);
  } else if (!s->wide) {
    memcpy(out, s->data, s->length);
  } else {
    for (uint32_t i = 0; i < s->length; i++) out[i] = (unsigned char)unit(s, i);
  }
  /* double the filled prefix until done */
  size_t filled = unit_size * s->length, size = unit_size * total;
  while (filled < size) {
    size_t copy = filled < size - filled ? filled : size - filled;
    memcpy(out + filled, out, copy);
    filled += copy;
  }
  return r;
}

/* ------------------------------------------------------------------ replace */

/* GetSubstitution for a string pattern: $$ $& $` $' expand; anything else after $ stays literal. */
static void append_substitution(builder* b, tse_str s, uint32_t position, uint32_t match_length, tse_str replacement) {
  uint32_t r = replacement->length;
  uint32_t run = 0; /* start of the pending literal run */
  for (uint32_t i = 0; i < r; i++) {
    if (unit(replacement, i) != '$' || i + 1 >= r) continue;
    uint16_t next = unit(replacement, i + 1);
    uint32_t tail = position + match_length < s->length ? position + match_length : s->length;
    switch (next) {
      case '$':
        builder_append(b, replacement, run, i + 1); /* keeps one '$' */
        break;
      case '&':
        builder_append(b, replacement, run, i);
        builder_append(b, s, position, position + match_length);
        break;
      case '`':
        builder_append(b, replacement, run, i);
        builder_append(b, s, 0, position);
        break;
      case '\'':
        builder_append(b, replacement, run, i);
        builder_append(b, s, tail, s->length);
        break;
      default:
        continue;
    }
    i++;
    run = i + 1;
  }
  builder_append(b, replacement, run, r);
}

typedef struct replace_with {
  tse_str replacement; /* a replacement pattern, or NULL when fn is used */
  tse_replacer fn;
  void* env;
} replace_with;

static tse_str replace_impl(tse_ctx* ctx, tse_str s, tse_str pattern, bool all, const replace_with* with) {
  int64_t position = find(s, pattern, 0);
  if (position < 0) return s;
  uint32_t m = pattern->length;
  uint32_t advance = m > 0 ? m : 1;
  builder b;
  builder_init(&b, ctx, s->length);
  uint32_t end_of_last = 0;
  while (position >= 0) {
    uint32_t p = (uint32_t)position;
    builder_append(&b, s, end_of_last, p);
    if (with->fn) {
      tse_str replaced = with->fn(ctx, with->env, pattern, (double)p, s);
      builder_append(&b, replaced, 0, replaced->length);
    } else {
      append_substitution(&b, s, p, m, with->replacement);
    }
    end_of_last = p + m;
    if (!all) break;
    position = p + advance <= s->length ? find(s, pattern, p + advance) : -1;
  }
  builder_append(&b, s, end_of_last, s->length);
  return builder_finish(&b);
}

tse_str tse_str_replace(tse_ctx* ctx, tse_str s, tse_str pattern, tse_str replacement) {
  replace_with with = {replacement, NULL, NULL};
  return replace_impl(ctx, s, pattern, false, &with);
}

tse_str tse_str_replace_all(tse_ctx* ctx, tse_str s, tse_str pattern, tse_str replacement) {
  replace_with with = {replacement, NULL, NULL};
  return replace_impl(ctx, s, pattern, true, &with);
}

tse_str tse_str_replace_fn(tse_ctx* ctx, tse_str s, tse_str pattern, bool all, tse_replacer fn, void* env) {
  replace_with with = {NULL, fn, env};
  return replace_impl(ctx, s, pattern, all, &with);
}

/* ------------------------------------------------------------------ String.fromCharCode / fromCodePoint */

tse_str tse_str_from_char_codes(tse_ctx* ctx, const double* codes, uint32_t count) {
  if (count == 0) return &tse_empty_string;
  if (count == 1 && (tse_to_uint32(codes[0]) & 0xFFFF) < 0x80) return tse_str_ascii_unit((uint16_t)(tse_to_uint32(codes[0]) & 0xFFFF));
  uint16_t* units = tse_alloc(ctx, 2 * (size_t)count);
  for (uint32_t i = 0; i < count; i++) units[i] = (uint16_t)(tse_to_uint32(codes[i]) & 0xFFFF);
  return tse_str_from_units(ctx, units, count);
}

tse_str tse_str_from_code_points(tse_ctx* ctx, const double* codes, uint32_t count) {
  uint64_t length = 0;
  for (uint32_t i = 0; i < count; i++) {
    double c = codes[i];
    if (!(c >= 0 && c <= 0x10FFFF && trunc(c) == c)) throw_with_number(ctx, "Invalid code point ", c);
    length += c >= 0x10000 ? 2 : 1;
  }
  if (length == 0) return &tse_empty_string;
  if (length > MAX_LENGTH) throw_invalid_length(ctx);
  uint16_t* units = tse_alloc(ctx, 2 * (size_t)length);
  uint32_t at = 0;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t c = (uint32_t)codes[i];
    if (c >= 0x10000) {
      units[at++] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
      units[at++] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      units[at++] = (uint16_t)c;
    }
  }
  return tse_str_from_units(ctx, units, (uint32_t)length);
}
