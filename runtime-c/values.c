/* Values of any type, handled through their descriptors: ToString, truthiness, typeof, equality. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <time.h>

#include "tse_internal.h"

TSE_NAMED_TYPE(tse_type_undefined, "undefined", .kind = TSE_KIND_UNDEFINED);
TSE_NAMED_TYPE(tse_type_null, "null", .kind = TSE_KIND_NULL);

uint32_t tse_slot_size(const tse_type* type) {
  switch (type->kind) {
    case TSE_KIND_NUMBER: return sizeof(double);
    case TSE_KIND_BOOLEAN: return sizeof(bool);
    case TSE_KIND_BOXED: return sizeof(tse_value);
    case TSE_KIND_UNDEFINED:
    case TSE_KIND_NULL: return sizeof(int);
    default: return sizeof(void*);
  }
}

static bool is_string(const void* ref) { return ((const tse_header*)ref)->type == &tse_type_string; }

TSE_STRING_LITERAL(lit_undefined, 9, "undefined");
TSE_STRING_LITERAL(lit_null, 4, "null");
TSE_STRING_LITERAL(lit_object, 15, "[object Object]");
TSE_STRING_LITERAL(lit_map, 12, "[object Map]");
TSE_STRING_LITERAL(lit_set, 12, "[object Set]");
TSE_STRING_LITERAL(lit_comma, 1, ",");
TSE_STRING_LITERAL(lit_typeof_undefined, 9, "undefined");
TSE_STRING_LITERAL(lit_typeof_object, 6, "object");
TSE_STRING_LITERAL(lit_typeof_boolean, 7, "boolean");
TSE_STRING_LITERAL(lit_typeof_number, 6, "number");
TSE_STRING_LITERAL(lit_typeof_string, 6, "string");
TSE_STRING_LITERAL(lit_typeof_function, 8, "function");

/* Arrays being joined, to turn cycles into "" as Array.prototype.join does. */
typedef struct join_guard {
  const void* array;
  const struct join_guard* outer;
} join_guard;

static tse_str join_guarded(tse_ctx* ctx, const tse_array* array, tse_str separator, const join_guard* outer);
static tse_str tuple_join(tse_ctx* ctx, const void* tuple, const join_guard* outer);

static tse_str object_to_string(tse_ctx* ctx, const void* ref, const join_guard* guard) {
  const tse_type* type = ((const tse_header*)ref)->type;
  switch (type->kind) {
    case TSE_KIND_STRING: return ref;
    case TSE_KIND_ARRAY: return join_guarded(ctx, ref, TSE_STR(lit_comma), guard);
    case TSE_KIND_TUPLE: return tuple_join(ctx, ref, guard);
    case TSE_KIND_ERROR: return tse_error_to_string(ctx, ref);
    case TSE_KIND_MAP: return TSE_STR(lit_map);
    case TSE_KIND_SET: return TSE_STR(lit_set);
    default: {
      if (type->to_string) {
        tse_str own = type->to_string(ctx, ref);
        if (own) return own;
      }
      if (type == &tse_type_regexp) return tse_regexp_to_string(ctx, ref);
      tse_str bytes = tse_bytes_to_string(ctx, ref);
      return bytes ? bytes : TSE_STR(lit_object);
    }
  }
}

static tse_str value_to_string(tse_ctx* ctx, tse_value value, const join_guard* guard) {
  switch (value.tag) {
    case TSE_TAG_UNDEFINED: return TSE_STR(lit_undefined);
    case TSE_TAG_NULL: return TSE_STR(lit_null);
    case TSE_TAG_BOOLEAN: return tse_bool_to_string(value.as.boolean);
    case TSE_TAG_NUMBER: return tse_number_to_string(ctx, value.as.number);
    default: return object_to_string(ctx, value.as.ref, guard);
  }
}

static tse_str slot_to_string(tse_ctx* ctx, const void* slot, const tse_type* type, const join_guard* guard) {
  switch (type->kind) {
    case TSE_KIND_NUMBER: return tse_number_to_string(ctx, *(const double*)slot);
    case TSE_KIND_BOOLEAN: return tse_bool_to_string(*(const bool*)slot);
    case TSE_KIND_UNDEFINED: return TSE_STR(lit_undefined);
    case TSE_KIND_NULL: return TSE_STR(lit_null);
    case TSE_KIND_BOXED: return value_to_string(ctx, *(const tse_value*)slot, guard);
    case TSE_KIND_OPTIONAL:
    case TSE_KIND_NULLABLE: {
      const void* ref = *(const void* const*)slot;
      if (ref == NULL) return type->kind == TSE_KIND_NULLABLE ? TSE_STR(lit_null) : TSE_STR(lit_undefined);
      return object_to_string(ctx, ref, guard);
    }
    default: {
      const void* ref = *(const void* const*)slot;
      if (ref == NULL) tse_narrowing_failed(ctx); /* as in json_write.c's write_slot */
      return object_to_string(ctx, ref, guard);
    }
  }
}

tse_str tse_to_string(tse_ctx* ctx, const void* slot, const tse_type* type) { return slot_to_string(ctx, slot, type, NULL); }

/* Whether the slot holds undefined or null (join prints those as ""). */
static bool slot_is_nullish(const void* slot, const tse_type* type) {
  switch (type->kind) {
    case TSE_KIND_UNDEFINED:
    case TSE_KIND_NULL: return true;
    case TSE_KIND_BOXED: return ((const tse_value*)slot)->tag <= TSE_TAG_NULL;
    case TSE_KIND_OPTIONAL:
    case TSE_KIND_NULLABLE: return *(const void* const*)slot == NULL;
    default: return false;
  }
}

static tse_str join_slots(tse_ctx* ctx, const unsigned char* data, uint32_t count, uint32_t stride, const tse_type* const* types,
                          const tse_type* element_type, tse_str separator, const join_guard* guard) {
  if (count == 0) return &tse_empty_string;
  tse_str* parts = tse_alloc(ctx, sizeof(tse_str) * (2 * (size_t)count - 1));
  for (uint32_t i = 0; i < count; i++) {
    const tse_type* type = types ? types[i] : element_type;
    const void* slot = data + (size_t)stride * i;
    if (i > 0) parts[2 * i - 1] = separator;
    parts[2 * i] = slot_is_nullish(slot, type) ? &tse_empty_string : slot_to_string(ctx, slot, type, guard);
  }
  return tse_str_concat_all(ctx, parts, 2 * count - 1);
}

static bool guarded(const join_guard* guard, const void* array) {
  for (; guard; guard = guard->outer) {
    if (guard->array == array) return true;
  }
  return false;
}

static tse_str join_guarded(tse_ctx* ctx, const tse_array* array, tse_str separator, const join_guard* outer) {
  if (guarded(outer, array)) return &tse_empty_string;
  join_guard guard = {array, outer};
  const tse_type* element = array->type->elem;
  return join_slots(ctx, array->data, array->length, tse_slot_size(element), NULL, element, separator, &guard);
}

static tse_str tuple_join_with(tse_ctx* ctx, const void* tuple, tse_str separator, const join_guard* outer);
static tse_str tuple_join(tse_ctx* ctx, const void* tuple, const join_guard* outer) {
  return tuple_join_with(ctx, tuple, TSE_STR(lit_comma), outer);
}

tse_str tse_tuple_join(tse_ctx* ctx, const void* tuple, tse_str separator) {
  return tuple_join_with(ctx, tuple, separator ? separator : TSE_STR(lit_comma), NULL);
}

static tse_str tuple_join_with(tse_ctx* ctx, const void* tuple, tse_str separator, const join_guard* outer) {
  if (guarded(outer, tuple)) return &tse_empty_string;
  join_guard guard = {tuple, outer};
  const tse_type* type = ((const tse_header*)tuple)->type;
  if (type->field_count == 0) return &tse_empty_string;
  tse_str* parts = tse_alloc(ctx, sizeof(tse_str) * (2 * (size_t)type->field_count - 1));
  for (uint32_t i = 0; i < type->field_count; i++) {
    const tse_field* field = &tse_type_fields(type)[i];
    const void* slot = (const unsigned char*)tuple + field->offset;
    if (i > 0) parts[2 * i - 1] = separator;
    parts[2 * i] = slot_is_nullish(slot, field->type) ? &tse_empty_string : slot_to_string(ctx, slot, field->type, &guard);
  }
  return tse_str_concat_all(ctx, parts, 2 * type->field_count - 1);
}

tse_str tse_array_join(tse_ctx* ctx, const tse_array* array, tse_str separator) {
  return join_guarded(ctx, array, separator ? separator : TSE_STR(lit_comma), NULL);
}

bool tse_value_truthy(tse_value value) {
  switch (value.tag) {
    case TSE_TAG_UNDEFINED:
    case TSE_TAG_NULL: return false;
    case TSE_TAG_BOOLEAN: return value.as.boolean;
    case TSE_TAG_NUMBER: return tse_number_truthy(value.as.number);
    default: return is_string(value.as.ref) ? ((tse_str)value.as.ref)->length != 0 : true;
  }
}

bool tse_ref_truthy(const void* ref) {
  if (ref == NULL) return false;
  return is_string(ref) ? ((tse_str)ref)->length != 0 : true;
}

bool tse_ref_strict_equals(const void* a, const void* b) {
  if (a == b) return true;
  if (a == NULL || b == NULL) return false;
  return is_string(a) && is_string(b) && tse_str_equals(a, b);
}

bool tse_value_strict_equals(tse_value a, tse_value b) {
  if (a.tag != b.tag) return false;
  switch (a.tag) {
    case TSE_TAG_UNDEFINED:
    case TSE_TAG_NULL: return true;
    case TSE_TAG_BOOLEAN: return a.as.boolean == b.as.boolean;
    case TSE_TAG_NUMBER: return a.as.number == b.as.number;
    default: return tse_ref_strict_equals(a.as.ref, b.as.ref);
  }
}

static tse_str typeof_object(const void* ref) {
  switch (((const tse_header*)ref)->type->kind) {
    case TSE_KIND_STRING: return TSE_STR(lit_typeof_string);
    case TSE_KIND_FUNCTION: return TSE_STR(lit_typeof_function);
    default: return TSE_STR(lit_typeof_object);
  }
}

tse_str tse_typeof_value(tse_value value) {
  switch (value.tag) {
    case TSE_TAG_UNDEFINED: return TSE_STR(lit_typeof_undefined);
    case TSE_TAG_NULL: return TSE_STR(lit_typeof_object);
    case TSE_TAG_BOOLEAN: return TSE_STR(lit_typeof_boolean);
    case TSE_TAG_NUMBER: return TSE_STR(lit_typeof_number);
    default: return typeof_object(value.as.ref);
  }
}

tse_str tse_typeof_ref(const void* ref, bool null_is_nullish) {
  if (ref == NULL) return null_is_nullish ? TSE_STR(lit_typeof_object) : TSE_STR(lit_typeof_undefined);
  return typeof_object(ref);
}

const void* tse_check_ref_member(tse_ctx* ctx, tse_value value) {
  if (value.tag != TSE_TAG_REF) tse_narrowing_failed(ctx);
  return value.as.ref;
}

tse_str tse_call_replacer(tse_ctx* ctx, void* closure, tse_str matched, double position, tse_str whole) {
  tse_closure* c = closure;
  return ((tse_str(*)(tse_ctx*, tse_closure*, tse_str, double, tse_str))c->code)(ctx, c, matched, position, whole);
}

/* xorshift128+ per thread: Math.random needs no cryptographic quality, only independence. */
static _Thread_local uint64_t random_state[2];

double tse_math_random(tse_ctx* ctx) {
  (void)ctx;
  if (random_state[0] == 0 && random_state[1] == 0) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    random_state[0] = (uint64_t)now.tv_nsec * 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uintptr_t)&now;
    random_state[1] = (uint64_t)now.tv_sec * 0xbf58476d1ce4e5b9ULL ^ 0x94d049bb133111ebULL;
  }
  uint64_t s1 = random_state[0];
  const uint64_t s0 = random_state[1];
  random_state[0] = s0;
  s1 ^= s1 << 23;
  random_state[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
  return (double)((random_state[1] + s0) >> 11) * 0x1.0p-53;
}
