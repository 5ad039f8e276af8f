/* Strings: JS semantics (UTF-16 code units) with an ASCII fast path; UTF-8 at the Envoy boundary. */
#include <string.h>

#include "tse_internal.h"

TSE_NAMED_TYPE(tse_type_string, "string", .kind = TSE_KIND_STRING, .size = sizeof(tse_str));
const tse_string tse_empty_string = {&tse_type_string, 0, 0, TSE_STR_READ_ONLY | TSE_STR_CHECKED_HEADER_VALUE};

static tse_string* alloc_narrow(tse_ctx* ctx, size_t length) {
  if (length > UINT32_MAX / 2) tse_fail(ctx, "string too long");
  tse_string* s = tse_alloc(ctx, sizeof(tse_string) + length + 1);
  s->type = &tse_type_string;
  s->length = (uint32_t)length;
  s->wide = 0;
  s->checks = 0;
  s->data[length] = 0;
  return s;
}

static tse_string* alloc_wide(tse_ctx* ctx, size_t length) {
  if (length > UINT32_MAX / 4) tse_fail(ctx, "string too long");
  tse_string* s = tse_alloc(ctx, sizeof(tse_string) + 2 * (length + 1));
  s->type = &tse_type_string;
  s->length = (uint32_t)length;
  s->wide = 1;
  s->checks = 0;
  ((uint16_t*)(void*)s->data)[length] = 0;
  return s;
}

/* Eight bytes at a time (header values and addresses are mostly ASCII): any high bit is non-ASCII. */
static bool all_ascii(const unsigned char* bytes, size_t length) {
  const uint64_t highs = UINT64_C(0x8080808080808080);
  size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    uint64_t word;
    memcpy(&word, bytes + i, sizeof word);
    if (word & highs) return false;
  }
  if (length >= 8) {
    /* The last eight bytes, overlapping what was read: no byte-wise tail. */
    uint64_t word;
    memcpy(&word, bytes + length - 8, sizeof word);
    return (word & highs) == 0;
  }
  for (; i < length; i++) {
    if (bytes[i] >= 0x80) return false;
  }
  return true;
}

tse_str tse_str_from_ascii(tse_ctx* ctx, const char* bytes, size_t length) {
  if (length == 0) return &tse_empty_string;
  tse_string* s = alloc_narrow(ctx, length);
  memcpy(s->data, bytes, length);
  return s;
}

/*
 * Decodes UTF-8 the way the WHATWG TextDecoder does (what the Node host uses): each maximal
 * invalid subpart becomes one U+FFFD.
 */
static size_t decode_utf8(const unsigned char* in, size_t length, uint16_t* out) {
  size_t units = 0;
  size_t i = 0;
  while (i < length) {
    unsigned char b0 = in[i];
    uint32_t cp;
    size_t need;
    unsigned char lower = 0x80, upper = 0xBF;
    if (b0 < 0x80) {
      if (out) out[units] = b0;
      units++;
      i++;
      continue;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      cp = b0 & 0x0F;
      if (b0 == 0xE0) lower = 0xA0;
      if (b0 == 0xED) upper = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      cp = b0 & 0x07;
      if (b0 == 0xF0) lower = 0x90;
      if (b0 == 0xF4) upper = 0x8F;
    } else {
      if (out) out[units] = 0xFFFD;
      units++;
      i++;
      continue;
    }
    size_t j = 1;
    bool ok = true;
    for (; j <= need; j++) {
      if (i + j >= length) {
        ok = false;
        break;
      }
      unsigned char b = in[i + j];
      if (b < lower || b > upper) {
        ok = false;
        break;
      }
      lower = 0x80;
      upper = 0xBF;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (!ok) {
      if (out) out[units] = 0xFFFD;
      units++;
      i += j;
      continue;
    }
    i += need + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      if (out) {
        out[units] = (uint16_t)(0xD800 + (cp >> 10));
        out[units + 1] = (uint16_t)(0xDC00 + (cp & 0x3FF));
      }
      units += 2;
    } else {
      if (out) out[units] = (uint16_t)cp;
      units++;
    }
  }
  return units;
}

tse_str tse_str_from_utf8(tse_ctx* ctx, const char* bytes, size_t length) {
  const unsigned char* in = (const unsigned char*)bytes;
  if (all_ascii(in, length)) return tse_str_from_ascii(ctx, bytes, length);
  size_t units = decode_utf8(in, length, NULL);
  tse_string* s = alloc_wide(ctx, units);
  decode_utf8(in, length, (uint16_t*)(void*)s->data);
  return s;
}

const char* tse_str_to_utf8(tse_ctx* ctx, tse_str s, size_t* length_out) {
  if (!s->wide) {
    *length_out = s->length;
    return (const char*)s->data;
  }
  const uint16_t* w = (const uint16_t*)(const void*)s->data;
  unsigned char* out = tse_alloc(ctx, (size_t)s->length * 3 + 1);
  size_t n = 0;
  for (uint32_t i = 0; i < s->length; i++) {
    uint32_t cp = w[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < s->length && w[i + 1] >= 0xDC00 && w[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (w[i + 1] - 0xDC00);
      i++;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD; /* lone surrogate, as TextEncoder does */
    }
    if (cp < 0x80) {
      out[n++] = (unsigned char)cp;
    } else if (cp < 0x800) {
      out[n++] = (unsigned char)(0xC0 | (cp >> 6));
      out[n++] = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out[n++] = (unsigned char)(0xE0 | (cp >> 12));
      out[n++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
      out[n++] = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
      out[n++] = (unsigned char)(0xF0 | (cp >> 18));
      out[n++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
      out[n++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
      out[n++] = (unsigned char)(0x80 | (cp & 0x3F));
    }
  }
  out[n] = 0;
  *length_out = n;
  return (const char*)out;
}

tse_str tse_str_concat(tse_ctx* ctx, tse_str a, tse_str b) {
  if (a->length == 0) return b;
  if (b->length == 0) return a;
  size_t length = (size_t)a->length + b->length;
  if (!a->wide && !b->wide) {
    tse_string* s = alloc_narrow(ctx, length);
    memcpy(s->data, a->data, a->length);
    memcpy(s->data + a->length, b->data, b->length);
    s->checks = tse_str_value_checked(a) & tse_str_value_checked(b);
    return s;
  }
  tse_string* s = alloc_wide(ctx, length);
  uint16_t* out = (uint16_t*)(void*)s->data;
  for (uint32_t i = 0; i < a->length; i++) out[i] = tse_str_unit(a, i);
  for (uint32_t i = 0; i < b->length; i++) out[a->length + i] = tse_str_unit(b, i);
  s->checks = tse_str_value_checked(a) & tse_str_value_checked(b);
  return s;
}

bool tse_str_equals(tse_str a, tse_str b) {
  if (a == b) return true;
  if (a->length != b->length) return false;
  /* Narrow strings never hold non-ASCII units, so a narrow and a wide string can still be equal
   * only when the wide one happens to be all-ASCII (built by concatenation): compare units. */
  if (!a->wide && !b->wide) return memcmp(a->data, b->data, a->length) == 0;
  for (uint32_t i = 0; i < a->length; i++) {
    if (tse_str_unit(a, i) != tse_str_unit(b, i)) return false;
  }
  return true;
}

int tse_str_compare(tse_str a, tse_str b) {
  uint32_t n = a->length < b->length ? a->length : b->length;
  if (!a->wide && !b->wide) {
    int c = memcmp(a->data, b->data, n);
    if (c != 0) return c;
  } else {
    for (uint32_t i = 0; i < n; i++) {
      uint16_t x = tse_str_unit(a, i), y = tse_str_unit(b, i);
      if (x != y) return x < y ? -1 : 1;
    }
  }
  return a->length < b->length ? -1 : a->length > b->length ? 1 : 0;
}

TSE_STRING_LITERAL(tse_lit_true, 4, "true");
TSE_STRING_LITERAL(tse_lit_false, 5, "false");

tse_str tse_bool_to_string(bool value) { return value ? TSE_STR(tse_lit_true) : TSE_STR(tse_lit_false); }

tse_str tse_str_concat_all(tse_ctx* ctx, const tse_str* parts, uint32_t count) {
  size_t length = 0;
  bool wide = false;
  uint16_t checked = TSE_STR_CHECKED_HEADER_VALUE;
  for (uint32_t i = 0; i < count; i++) {
    length += parts[i]->length;
    wide |= parts[i]->wide != 0;
    checked &= tse_str_value_checked(parts[i]);
  }
  if (length == 0) return &tse_empty_string;
  if (!wide) {
    tse_string* s = alloc_narrow(ctx, length);
    size_t at = 0;
    for (uint32_t i = 0; i < count; i++) {
      memcpy(s->data + at, parts[i]->data, parts[i]->length);
      at += parts[i]->length;
    }
    s->checks = checked;
    return s;
  }
  tse_string* s = alloc_wide(ctx, length);
  s->checks = checked;
  uint16_t* out = (uint16_t*)(void*)s->data;
  size_t at = 0;
  for (uint32_t i = 0; i < count; i++) {
    for (uint32_t k = 0; k < parts[i]->length; k++) out[at++] = tse_str_unit(parts[i], k);
  }
  return s;
}

/* One code unit as a string, kept narrow when it is ASCII. */
static tse_str unit_string(tse_ctx* ctx, uint16_t unit) {
  if (unit < 0x80) return tse_str_ascii_unit(unit);
  tse_string* s = alloc_wide(ctx, 1);
  ((uint16_t*)(void*)s->data)[0] = unit;
  return s;
}

tse_str tse_str_unit_at(tse_ctx* ctx, tse_str s, double index) {
  if (!(index >= 0 && index < s->length) || index != (double)(uint32_t)index) return NULL;
  return unit_string(ctx, tse_str_unit(s, (uint32_t)index));
}

tse_str tse_str_next_code_point(tse_ctx* ctx, tse_str s, uint32_t* index) {
  uint32_t i = *index;
  uint16_t first = tse_str_unit(s, i);
  if (first >= 0xD800 && first <= 0xDBFF && i + 1 < s->length) {
    uint16_t second = tse_str_unit(s, i + 1);
    if (second >= 0xDC00 && second <= 0xDFFF) {
      tse_string* pair = alloc_wide(ctx, 2);
      ((uint16_t*)(void*)pair->data)[0] = first;
      ((uint16_t*)(void*)pair->data)[1] = second;
      *index = i + 2;
      return pair;
    }
  }
  *index = i + 1;
  return unit_string(ctx, first);
}

tse_array* tse_str_code_points(tse_ctx* ctx, tse_str s, const tse_type* array_type) {
  tse_array* array = tse_array_new(ctx, array_type, sizeof(tse_str), s->length);
  for (uint32_t i = 0; i < s->length;) {
    *(tse_str*)tse_array_push_slot(ctx, array, sizeof(tse_str)) = tse_str_next_code_point(ctx, s, &i);
  }
  return array;
}

/* ------------------------------------------------------------------ appends (s += x) */

/*
 * `s += x` on a local the compiler tracks (compiler/emit/c-append.ts): `owned` is the local's last
 * append result, reset to NULL wherever the local's value may have been copied elsewhere. A string
 * equal to `owned` is therefore referenced by that local only, and can grow in place without any
 * other variable seeing its content or length change. An owned string grows
 *   - in the arena, in place, while it is the arena's newest allocation and its chunk has room;
 *   - else in a buffer of its own (arena.c, TSE_STR_IN_BUFFER) of geometric capacity, reallocated
 *     as it fills, so n appends copy O(n) units in all and it takes at most about twice its size.
 * Anything else is copied once into a new arena string. The result is always owned by the caller.
 */
static size_t string_bytes(size_t length, bool wide) { return sizeof(tse_string) + (wide ? 2 : 1) * (length + 1); }

/* Widens s's first `length` units in place (from the end: the units overlap the bytes). */
static void widen_in_place(tse_string* s, uint32_t length) {
  uint16_t* units = (uint16_t*)(void*)s->data;
  for (uint32_t i = length; i-- > 0;) units[i] = s->data[i];
  s->wide = 1;
}

/* An owned string able to hold `length` units (`wide` or not), starting with s's units. */
static tse_string* append_target(tse_ctx* ctx, tse_str s, tse_str owned, size_t length, bool wide) {
  size_t need = string_bytes(length, wide);
  tse_string* fresh;
  if (s == owned && s->length > 0) {
    tse_string* mine = (tse_string*)(uintptr_t)s;
    size_t capacity;
    if (mine->checks & TSE_STR_IN_BUFFER) {
      mine = tse_arena_buffer_reserve(ctx, mine, need, need * 2, &capacity);
      if (wide && !mine->wide) widen_in_place(mine, mine->length);
      return mine;
    }
    if (wide == (s->wide != 0) && tse_arena_extend(ctx, mine, string_bytes(s->length, wide), need)) return mine;
    /* Something was allocated after it, or its chunk is full: on to a buffer with room to grow. */
    fresh = tse_arena_buffer_reserve(ctx, NULL, need, need * 2, &capacity);
    fresh->checks = TSE_STR_IN_BUFFER;
  } else {
    fresh = tse_alloc(ctx, need);
    fresh->checks = 0;
  }
  fresh->type = &tse_type_string;
  fresh->wide = wide;
  fresh->length = s->length;
  if (!wide) {
    memcpy(fresh->data, s->data, s->length);
  } else {
    uint16_t* out = (uint16_t*)(void*)fresh->data;
    for (uint32_t i = 0; i < s->length; i++) out[i] = tse_str_unit(s, i);
  }
  return fresh;
}

tse_str tse_str_append_all(tse_ctx* ctx, tse_str s, tse_str owned, const tse_str* parts, uint32_t count) {
  size_t length = s->length;
  bool wide = s->wide != 0;
  uint16_t checked = tse_str_value_checked(s);
  for (uint32_t i = 0; i < count; i++) {
    length += parts[i]->length;
    wide |= parts[i]->wide != 0;
    checked &= tse_str_value_checked(parts[i]);
  }
  if (length == 0) return &tse_empty_string;
  if (length > (wide ? UINT32_MAX / 4 : UINT32_MAX / 2)) tse_fail(ctx, "string too long");
  tse_string* out = append_target(ctx, s, owned, length, wide);
  /* Appended in place, the string's remembered checks are of its old content: only what the parts keep. */
  out->checks = (uint16_t)((out->checks & TSE_STR_IN_BUFFER) | checked);
  size_t at = out->length;
  for (uint32_t i = 0; i < count; i++) {
    tse_str part = parts[i];
    if (!wide) {
      memcpy(out->data + at, part->data, part->length);
    } else {
      uint16_t* units = (uint16_t*)(void*)out->data;
      for (uint32_t k = 0; k < part->length; k++) units[at + k] = tse_str_unit(part, k);
    }
    at += part->length;
  }
  out->length = (uint32_t)length;
  if (wide) ((uint16_t*)(void*)out->data)[length] = 0;
  else out->data[length] = 0;
  return out;
}

tse_str tse_str_append(tse_ctx* ctx, tse_str s, tse_str owned, tse_str piece) { return tse_str_append_all(ctx, s, owned, &piece, 1); }

/* ------------------------------------------------------------------ one-unit ASCII strings */

/* Static, like literals: s[i] and friends take no memory per call (a loop over a body's characters).
   Filled when the module loads: an initialized table would take a relocation per entry. */
static struct {
  const tse_type* type;
  uint32_t length;
  uint16_t wide;
  uint16_t checks;
  unsigned char data[2];
} ascii_units[128];

__attribute__((constructor)) static void fill_ascii_units(void) {
  for (unsigned i = 0; i < 128; i++) {
    ascii_units[i].type = &tse_type_string;
    ascii_units[i].length = 1;
    ascii_units[i].data[0] = (unsigned char)i;
  }
}

tse_str tse_str_ascii_unit(uint16_t unit) { return (tse_str)(const void*)&ascii_units[unit]; }
