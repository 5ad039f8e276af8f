/*
 * Record<string, T> (dicts): a tse_map with string keys in JavaScript's property order. An
 * integer-like key ("0".."4294967294") goes first, ascending, whatever order keys came in; the
 * entries are re-laid out when one arrives out of that order (rare: most dicts have name keys).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tse_internal.h"

/* The array index a key names, or -1 (not integer-like). */
static int64_t index_of(tse_value key) {
  if (key.tag != TSE_TAG_REF) return -1;
  tse_str s = key.as.ref;
  if (s->length == 0 || s->length > 10) return -1;
  if (tse_str_unit(s, 0) == '0') return s->length == 1 ? 0 : -1;
  int64_t value = 0;
  for (uint32_t i = 0; i < s->length; i++) {
    uint16_t unit = tse_str_unit(s, i);
    if (unit < '0' || unit > '9') return -1;
    value = value * 10 + (unit - '0');
  }
  return value <= 4294967294LL ? value : -1;
}

typedef struct entry {
  tse_value key;
  tse_value value;
  int64_t index;
  uint32_t order;
} entry;

static int compare_entries(const void* a, const void* b) {
  const entry* x = a;
  const entry* y = b;
  bool xi = x->index >= 0, yi = y->index >= 0;
  if (xi != yi) return xi ? -1 : 1;
  if (xi) return x->index < y->index ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

void tse_dict_placed(tse_ctx* ctx, tse_map* dict) {
  uint32_t last = dict->count - 1;
  int64_t index = index_of(dict->keys[last]);
  if (index < 0) return;
  /* In place when no live key before it is a name or a higher index. */
  bool ordered = true;
  for (uint32_t i = last; i-- > 0;) {
    if (dict->deleted[i]) continue;
    int64_t before = index_of(dict->keys[i]);
    ordered = before >= 0 && before < index;
    break;
  }
  if (ordered) return;
  entry* entries = tse_alloc(ctx, (size_t)dict->size * sizeof(entry));
  uint32_t n = 0;
  for (uint32_t i = 0; i < dict->count; i++) {
    if (dict->deleted[i]) continue;
    entries[n] = (entry){dict->keys[i], dict->values[i], index_of(dict->keys[i]), n};
    n++;
  }
  qsort(entries, n, sizeof(entry), compare_entries);
  for (uint32_t i = 0; i < n; i++) {
    dict->keys[i] = entries[i].key;
    dict->values[i] = entries[i].value;
    dict->deleted[i] = 0;
  }
  dict->count = n;
  tse_map_reindex(ctx, dict);
}

bool tse_dict_delete(tse_ctx* ctx, tse_map* dict, tse_value key) {
  if (TSE_UNLIKELY(tse_is_frozen(dict))) {
    if (tse_map_has(dict, key)) tse_dict_frozen_write(ctx, dict, key, TSE_DICT_DELETE);
    return true;
  }
  tse_map_delete(ctx, dict, key);
  return true;
}

/* What every object inherits from Object.prototype (V8's own property names of it). */
static const char* const INHERITED[] = {
  "constructor", "__defineGetter__", "__defineSetter__", "hasOwnProperty", "__lookupGetter__", "__lookupSetter__",
  "isPrototypeOf", "propertyIsEnumerable", "toString", "valueOf", "__proto__", "toLocaleString",
};

bool tse_dict_in(const tse_map* dict, tse_str key) {
  if (tse_map_has(dict, tse_value_ref(key))) return true;
  for (size_t i = 0; i < sizeof INHERITED / sizeof INHERITED[0]; i++) {
    size_t n = strlen(INHERITED[i]);
    if (key->length != n) continue;
    uint32_t j = 0;
    while (j < n && tse_str_unit(key, j) == (uint8_t)INHERITED[i][j]) j++;
    if (j == n) return true;
  }
  return false;
}

/* V8's messages for writes to a frozen plain object (strict mode: filter modules are). */
TSE_NORETURN void tse_dict_frozen_write(tse_ctx* ctx, const tse_map* dict, tse_value key, tse_dict_write what) {
  (void)dict;
  size_t length;
  const char* name = tse_str_to_utf8(ctx, key.as.ref, &length);
  size_t size = length + 96;
  char* message = tse_alloc(ctx, size);
  if (what == TSE_DICT_ADD) snprintf(message, size, "Cannot add property %s, object is not extensible", name);
  else if (what == TSE_DICT_DELETE) snprintf(message, size, "Cannot delete property '%s' of #<Object>", name);
  else snprintf(message, size, "Cannot assign to read only property '%s' of object '#<Object>'", name);
  tse_throw_js_error(ctx, "TypeError", message);
}

tse_value tse_slot_value(const void* slot, const tse_type* type) {
  switch (type->kind) {
    case TSE_KIND_NUMBER: return tse_value_number(*(const double*)slot);
    case TSE_KIND_BOOLEAN: return tse_value_boolean(*(const bool*)slot);
    case TSE_KIND_BOXED: return *(const tse_value*)slot;
    case TSE_KIND_UNDEFINED: return tse_value_undefined();
    case TSE_KIND_NULL: return tse_value_null();
    case TSE_KIND_OPTIONAL: return tse_value_from_ref(*(const void* const*)slot, TSE_TAG_UNDEFINED);
    case TSE_KIND_NULLABLE: return tse_value_from_ref(*(const void* const*)slot, TSE_TAG_NULL);
    default: return tse_value_ref(*(const void* const*)slot);
  }
}
