/*
 * Map and Set: insertion-ordered hash tables keyed by SameValueZero, as JavaScript specifies.
 * Entries are never moved, so iteration by entry index sees entries added during the iteration and
 * skips deleted ones, exactly like the JS iterators.
 */
#include <math.h>
#include <string.h>

#include "tse_internal.h"

enum { EMPTY = 0, TOMBSTONE = UINT32_MAX };

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

static bool is_string(const void* ref) { return ((const tse_header*)ref)->type == &tse_type_string; }

/* -0 is stored as +0, as Map.prototype.set does. */
static tse_value normalize(tse_value key) {
  if (key.tag == TSE_TAG_NUMBER && key.as.number == 0) key.as.number = 0;
  return key;
}

static uint64_t hash_key(tse_value key) {
  switch (key.tag) {
    case TSE_TAG_NUMBER: {
      if (isnan(key.as.number)) return 0x7ff8000000000000ULL;
      uint64_t bits;
      memcpy(&bits, &key.as.number, sizeof bits);
      return mix(bits);
    }
    case TSE_TAG_BOOLEAN:
      return key.as.boolean ? 0x1234567ULL : 0x7654321ULL;
    case TSE_TAG_REF:
      if (is_string(key.as.ref)) {
        tse_str s = key.as.ref;
        uint64_t h = 1469598103934665603ULL;
        for (uint32_t i = 0; i < s->length; i++) h = (h ^ tse_str_unit(s, i)) * 1099511628211ULL;
        return mix(h);
      }
      return mix((uint64_t)(uintptr_t)key.as.ref);
    default:
      return key.tag * 0x9e3779b97f4a7c15ULL;
  }
}

bool tse_same_value_zero(tse_value a, tse_value b) {
  if (a.tag != b.tag) return false;
  switch (a.tag) {
    case TSE_TAG_NUMBER:
      return a.as.number == b.as.number || (isnan(a.as.number) && isnan(b.as.number));
    case TSE_TAG_BOOLEAN:
      return a.as.boolean == b.as.boolean;
    case TSE_TAG_REF:
      if (a.as.ref == b.as.ref) return true;
      return is_string(a.as.ref) && is_string(b.as.ref) && tse_str_equals(a.as.ref, b.as.ref);
    default:
      return true;
  }
}

tse_map* tse_map_new(tse_ctx* ctx, const tse_type* type) {
  tse_map* map = tse_new_object(ctx, sizeof(tse_map), type);
  return map;
}

/* Index slot of `key`, or where it would go. */
static uint32_t find_slot(const tse_map* map, tse_value key, uint64_t hash, bool* found) {
  uint32_t mask = map->index_capacity - 1;
  uint32_t slot = (uint32_t)hash & mask;
  uint32_t first_free = UINT32_MAX;
  for (;;) {
    uint32_t entry = map->index[slot];
    if (entry == EMPTY) {
      *found = false;
      return first_free != UINT32_MAX ? first_free : slot;
    }
    if (entry == TOMBSTONE) {
      if (first_free == UINT32_MAX) first_free = slot;
    } else if (tse_same_value_zero(map->keys[entry - 1], key)) {
      *found = true;
      return slot;
    }
    slot = (slot + 1) & mask;
  }
}

static void rebuild_index(tse_ctx* ctx, tse_map* map, uint32_t capacity) {
  map->index = tse_alloc(ctx, capacity * sizeof(uint32_t));
  memset(map->index, 0, capacity * sizeof(uint32_t));
  map->index_capacity = capacity;
  for (uint32_t i = 0; i < map->count; i++) {
    if (map->deleted[i]) continue;
    bool found;
    uint32_t slot = find_slot(map, map->keys[i], hash_key(map->keys[i]), &found);
    map->index[slot] = i + 1;
  }
}

static int32_t find_entry(const tse_map* map, tse_value key) {
  if (map->size == 0) return -1;
  bool found;
  uint32_t slot = find_slot(map, normalize(key), hash_key(normalize(key)), &found);
  return found ? (int32_t)map->index[slot] - 1 : -1;
}

bool tse_map_has(const tse_map* map, tse_value key) { return find_entry(map, key) >= 0; }

tse_value tse_map_get(const tse_map* map, tse_value key) {
  int32_t entry = find_entry(map, key);
  return entry >= 0 ? map->values[entry] : tse_value_undefined();
}

void tse_map_set(tse_ctx* ctx, tse_map* map, tse_value key, tse_value value) {
  if (TSE_UNLIKELY(tse_is_frozen(map))) {
    if (map->header.type->kind == TSE_KIND_DICT) tse_dict_frozen_write(ctx, map, key, tse_map_has(map, key) ? TSE_DICT_ASSIGN : TSE_DICT_ADD);
    tse_frozen_collection_write(ctx, map, map->header.type->kind == TSE_KIND_MAP ? "set" : "add");
  }
  key = normalize(key);
  uint64_t hash = hash_key(key);
  if (map->index_capacity == 0 || (map->count + 1) * 4 > map->index_capacity * 3) {
    rebuild_index(ctx, map, map->index_capacity ? map->index_capacity * 2 : 8);
  }
  bool found;
  uint32_t slot = find_slot(map, key, hash, &found);
  if (found) {
    if (map->values) map->values[map->index[slot] - 1] = value;
    return;
  }
  if (map->count == map->capacity) {
    if (map->capacity >= UINT32_MAX / 4) tse_throw_js_error(ctx, "RangeError", "Map maximum size exceeded");
    uint32_t capacity = map->capacity ? map->capacity * 2 : 8;
    tse_value* keys = tse_alloc(ctx, capacity * sizeof(tse_value));
    uint8_t* deleted = tse_alloc(ctx, capacity);
    if (map->count) {
      memcpy(keys, map->keys, map->count * sizeof(tse_value));
      memcpy(deleted, map->deleted, map->count);
    }
    if (map->header.type->kind != TSE_KIND_SET) {
      tse_value* values = tse_alloc(ctx, capacity * sizeof(tse_value));
      if (map->count) memcpy(values, map->values, map->count * sizeof(tse_value));
      map->values = values;
    }
    map->keys = keys;
    map->deleted = deleted;
    map->capacity = capacity;
  }
  uint32_t entry = map->count++;
  map->keys[entry] = key;
  map->deleted[entry] = 0;
  if (map->values) map->values[entry] = value;
  map->index[slot] = entry + 1;
  map->size++;
  if (map->header.type->kind == TSE_KIND_DICT) tse_dict_placed(ctx, map);
}

void tse_map_reindex(tse_ctx* ctx, tse_map* map) { rebuild_index(ctx, map, map->index_capacity); }

bool tse_map_delete(tse_ctx* ctx, tse_map* map, tse_value key) {
  if (TSE_UNLIKELY(tse_is_frozen(map))) tse_frozen_collection_write(ctx, map, "delete");
  if (map->size == 0) return false;
  key = normalize(key);
  bool found;
  uint32_t slot = find_slot(map, key, hash_key(key), &found);
  if (!found) return false;
  map->deleted[map->index[slot] - 1] = 1;
  map->index[slot] = TOMBSTONE;
  map->size--;
  return true;
}

void tse_map_clear(tse_ctx* ctx, tse_map* map) {
  if (TSE_UNLIKELY(tse_is_frozen(map))) tse_frozen_collection_write(ctx, map, "clear");
  for (uint32_t i = 0; i < map->count; i++) map->deleted[i] = 1;
  if (map->index_capacity) memset(map->index, 0, map->index_capacity * sizeof(uint32_t));
  map->size = 0;
}
