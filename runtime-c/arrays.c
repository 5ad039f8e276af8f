/* Array methods generic over element types: they move slots, and compare or print them through descriptors. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tse_internal.h"

tse_array* tse_array_new(tse_ctx* ctx, const tse_type* type, uint32_t slot_size, uint32_t capacity) {
  tse_array* array = tse_alloc(ctx, sizeof(tse_array));
  array->type = type;
  array->length = 0;
  array->capacity = capacity;
  array->data = capacity ? tse_alloc(ctx, (size_t)slot_size * capacity) : NULL;
  return array;
}

void* tse_array_push_slot(tse_ctx* ctx, tse_array* array, uint32_t slot_size) {
  if (TSE_UNLIKELY(tse_is_frozen(array))) tse_frozen_element_write(ctx, TSE_WRITE_ADD, array->length);
  if (array->length == array->capacity) {
    if (array->capacity >= UINT32_MAX / 2) tse_fail(ctx, "array too long");
    uint32_t capacity = array->capacity ? array->capacity * 2 : 4;
    void* data = tse_alloc(ctx, (size_t)slot_size * capacity);
    if (array->length) memcpy(data, array->data, (size_t)slot_size * array->length);
    array->data = data;
    array->capacity = capacity;
  }
  return (unsigned char*)array->data + (size_t)slot_size * array->length++;
}

static uint32_t element_size(const tse_array* array) { return tse_slot_size(array->type->elem); }

/* A method about to write to a frozen array throws what V8 throws for its first write. */
static inline void check_writable(tse_ctx* ctx, const tse_array* array, tse_write write, uint32_t index) {
  if (TSE_UNLIKELY(tse_is_frozen(array))) tse_frozen_element_write(ctx, write, index);
}
static unsigned char* slot_at(const tse_array* array, uint32_t index, uint32_t size) {
  return (unsigned char*)array->data + (size_t)index * size;
}

/* ToIntegerOrInfinity, then relative to `length` (negative counts from the end), clamped. */
uint32_t tse_relative_index(double value, uint32_t length) {
  if (isnan(value)) return 0;
  value = trunc(value);
  if (value < 0) {
    value += length;
    return value < 0 ? 0 : (uint32_t)value;
  }
  return value > length ? length : (uint32_t)value;
}

static void reserve(tse_ctx* ctx, tse_array* array, uint32_t needed, uint32_t size) {
  if (needed <= array->capacity) return;
  uint32_t capacity = array->capacity ? array->capacity : 4;
  while (capacity < needed) {
    if (capacity >= UINT32_MAX / 2) tse_throw_js_error(ctx, "RangeError", "Invalid array length");
    capacity *= 2;
  }
  void* data = tse_alloc(ctx, (size_t)capacity * size);
  if (array->length) memcpy(data, array->data, (size_t)array->length * size);
  array->data = data;
  array->capacity = capacity;
}

void tse_array_append_all(tse_ctx* ctx, tse_array* array, const tse_array* other) {
  uint32_t size = element_size(array);
  uint32_t count = other->length; /* read first: `other` may be `array` */
  check_writable(ctx, array, count ? TSE_WRITE_ADD : TSE_WRITE_LENGTH, array->length);
  if (count == 0) return;
  reserve(ctx, array, array->length + count, size);
  memmove(slot_at(array, array->length, size), other->data, (size_t)count * size);
  array->length += count;
}

void* tse_array_element(tse_ctx* ctx, tse_array* array, double index) {
  uint32_t slot;
  if (!tse_array_index(array, index, &slot)) {
    tse_throw_js_error(ctx, "TypeError", "array element is undefined: compiled arrays cannot hold holes");
  }
  return slot_at(array, slot, element_size(array));
}

void* tse_array_store(tse_ctx* ctx, tse_array* array, double index, uint32_t slot_size) {
  uint32_t slot;
  bool in_range = tse_array_index(array, index, &slot);
  if (TSE_UNLIKELY(tse_is_frozen(array)) && index >= 0 && index < 4294967295.0 && index == (double)(uint32_t)index) {
    tse_frozen_element_write(ctx, in_range ? TSE_WRITE_ASSIGN : TSE_WRITE_ADD, (uint32_t)index);
  }
  if (in_range) return slot_at(array, slot, slot_size);
  if (index == (double)array->length) return tse_array_push_slot(ctx, array, slot_size);
  tse_throw_js_error(ctx, "RangeError", "array index out of range: compiled arrays cannot hold holes (assign to an index up to the length)");
}

double tse_array_set_length(tse_ctx* ctx, tse_array* array, double length) {
  check_writable(ctx, array, TSE_WRITE_LENGTH, 0); /* V8 checks the frozen length before the new one */
  if (!(length >= 0 && length <= 4294967295.0 && length == trunc(length))) tse_throw_js_error(ctx, "RangeError", "Invalid array length");
  if (length > (double)array->length) {
    tse_throw_js_error(ctx, "RangeError", "array length past the end: compiled arrays cannot hold holes (only shorten an array)");
  }
  array->length = (uint32_t)length;
  return length;
}

bool tse_array_at_slot(const tse_array* array, double index, void* out, uint32_t slot_size) {
  if (isnan(index)) index = 0;
  index = trunc(index);
  if (index < 0) index += array->length;
  if (!(index >= 0 && index < array->length)) return false;
  memcpy(out, slot_at(array, (uint32_t)index, slot_size), slot_size);
  return true;
}

bool tse_array_pop_slot(tse_ctx* ctx, tse_array* array, void* out, uint32_t slot_size) {
  check_writable(ctx, array, array->length ? TSE_WRITE_DELETE : TSE_WRITE_LENGTH, array->length - 1);
  if (array->length == 0) return false;
  array->length--;
  memcpy(out, slot_at(array, array->length, slot_size), slot_size);
  return true;
}

bool tse_array_shift_slot(tse_ctx* ctx, tse_array* array, void* out, uint32_t slot_size) {
  check_writable(ctx, array, array->length == 0 ? TSE_WRITE_LENGTH : array->length == 1 ? TSE_WRITE_DELETE : TSE_WRITE_ASSIGN, 0);
  if (array->length == 0) return false;
  memcpy(out, array->data, slot_size);
  array->length--;
  memmove(array->data, slot_at(array, 1, slot_size), (size_t)array->length * slot_size);
  return true;
}

double tse_array_unshift(tse_ctx* ctx, tse_array* array, const void* values, uint32_t count, uint32_t slot_size) {
  check_writable(ctx, array, count ? TSE_WRITE_ADD : TSE_WRITE_LENGTH, array->length + count - 1);
  reserve(ctx, array, array->length + count, slot_size);
  memmove(slot_at(array, count, slot_size), array->data, (size_t)array->length * slot_size);
  memcpy(array->data, values, (size_t)count * slot_size);
  array->length += count;
  return array->length;
}

tse_array* tse_array_slice(tse_ctx* ctx, const tse_array* array, double start, bool has_start, double end, bool has_end, uint32_t slot_size) {
  uint32_t from = has_start ? tse_relative_index(start, array->length) : 0;
  uint32_t to = has_end ? tse_relative_index(end, array->length) : array->length;
  uint32_t count = to > from ? to - from : 0;
  tse_array* result = tse_array_new(ctx, tse_writable_type(array->type), slot_size, count);
  if (count) memcpy(result->data, slot_at(array, from, slot_size), (size_t)count * slot_size);
  result->length = count;
  return result;
}

/* The first write ECMAScript's splice makes (moves, deletions, the items, then the length). */
TSE_NORETURN static void splice_frozen(tse_ctx* ctx, uint32_t length, uint32_t start, uint32_t removed, uint32_t inserted) {
  if (inserted < removed) {
    if (start < length - removed) tse_frozen_element_write(ctx, TSE_WRITE_ASSIGN, start + inserted);
    tse_frozen_element_write(ctx, TSE_WRITE_DELETE, length - 1);
  }
  if (inserted > removed) {
    if (length - removed > start) tse_frozen_element_write(ctx, TSE_WRITE_ADD, length - removed + inserted - 1);
  }
  if (inserted > 0) tse_frozen_element_write(ctx, start < length ? TSE_WRITE_ASSIGN : TSE_WRITE_ADD, start);
  tse_frozen_element_write(ctx, TSE_WRITE_LENGTH, 0);
}

tse_array* tse_array_splice(tse_ctx* ctx, tse_array* array, double start, bool has_start, double count, bool has_count, const tse_array* items, uint32_t slot_size) {
  uint32_t from = has_start ? tse_relative_index(start, array->length) : 0;
  uint32_t removed;
  if (!has_start) {
    removed = 0;
  } else if (!has_count) {
    removed = array->length - from;
  } else {
    double c = isnan(count) ? 0 : trunc(count);
    removed = c < 0 ? 0 : c > array->length - from ? array->length - from : (uint32_t)c;
  }
  uint32_t inserted = items->length;
  if (TSE_UNLIKELY(tse_is_frozen(array))) splice_frozen(ctx, array->length, from, removed, inserted);
  tse_array* result = tse_array_new(ctx, tse_writable_type(array->type), slot_size, removed);
  if (removed) memcpy(result->data, slot_at(array, from, slot_size), (size_t)removed * slot_size);
  result->length = removed;
  uint32_t tail = array->length - from - removed;
  reserve(ctx, array, array->length - removed + inserted, slot_size);
  memmove(slot_at(array, from + inserted, slot_size), slot_at(array, from + removed, slot_size), (size_t)tail * slot_size);
  if (inserted) memcpy(slot_at(array, from, slot_size), items->data, (size_t)inserted * slot_size);
  array->length = array->length - removed + inserted;
  return result;
}

void tse_array_reverse(tse_ctx* ctx, tse_array* array, uint32_t slot_size) {
  if (array->length > 1) check_writable(ctx, array, TSE_WRITE_ASSIGN, 0);
  unsigned char temp[32];
  for (uint32_t i = 0, j = array->length ? array->length - 1 : 0; i < j; i++, j--) {
    memcpy(temp, slot_at(array, i, slot_size), slot_size);
    memcpy(slot_at(array, i, slot_size), slot_at(array, j, slot_size), slot_size);
    memcpy(slot_at(array, j, slot_size), temp, slot_size);
  }
}

uint32_t tse_array_with_index(tse_ctx* ctx, double index, uint32_t length) {
  double relative = isnan(index) ? 0 : trunc(index);
  double actual = relative < 0 ? relative + length : relative;
  if (actual < 0 || actual >= length) {
    size_t n;
    const char* shown = tse_str_to_utf8(ctx, tse_number_to_string(ctx, index), &n);
    char message[64];
    snprintf(message, sizeof message, "Invalid index : %s", shown);
    tse_throw_js_error(ctx, "RangeError", message);
  }
  return (uint32_t)actual;
}

void tse_array_fill(tse_ctx* ctx, tse_array* array, const void* value, double start, bool has_start, double end, bool has_end, uint32_t slot_size) {
  uint32_t from = has_start ? tse_relative_index(start, array->length) : 0;
  uint32_t to = has_end ? tse_relative_index(end, array->length) : array->length;
  if (from < to) check_writable(ctx, array, TSE_WRITE_ASSIGN, from);
  for (uint32_t i = from; i < to; i++) memcpy(slot_at(array, i, slot_size), value, slot_size);
}

/* ------------------------------------------------------------------ search */

static bool same(const void* a, const void* b, const tse_type* type, bool zero) {
  switch (type->kind) {
    case TSE_KIND_NUMBER: {
      double x = *(const double*)a, y = *(const double*)b;
      return x == y || (zero && isnan(x) && isnan(y));
    }
    case TSE_KIND_BOOLEAN: return *(const bool*)a == *(const bool*)b;
    case TSE_KIND_BOXED: {
      tse_value x = *(const tse_value*)a, y = *(const tse_value*)b;
      if (zero && x.tag == TSE_TAG_NUMBER && y.tag == TSE_TAG_NUMBER && isnan(x.as.number) && isnan(y.as.number)) return true;
      return tse_value_strict_equals(x, y);
    }
    case TSE_KIND_UNDEFINED:
    case TSE_KIND_NULL: return true;
    default: return tse_ref_strict_equals(*(const void* const*)a, *(const void* const*)b);
  }
}

/* The needle converted to the element's slot representation, or false when it cannot be equal. */
static bool as_element(const void* needle, const tse_type* needle_type, const tse_type* element, void* out) {
  uint32_t size = tse_slot_size(element);
  if (needle_type->kind == element->kind || (tse_slot_size(needle_type) == size && element->kind != TSE_KIND_BOXED && needle_type->kind != TSE_KIND_BOXED)) {
    memcpy(out, needle, size);
    return true;
  }
  if (element->kind == TSE_KIND_BOXED) {
    tse_value v;
    switch (needle_type->kind) {
      case TSE_KIND_NUMBER: v = tse_value_number(*(const double*)needle); break;
      case TSE_KIND_BOOLEAN: v = tse_value_boolean(*(const bool*)needle); break;
      case TSE_KIND_UNDEFINED: v = tse_value_undefined(); break;
      case TSE_KIND_NULL: v = tse_value_null(); break;
      case TSE_KIND_OPTIONAL: v = tse_value_from_ref(*(const void* const*)needle, TSE_TAG_UNDEFINED); break;
      case TSE_KIND_NULLABLE: v = tse_value_from_ref(*(const void* const*)needle, TSE_TAG_NULL); break;
      default: v = tse_value_ref(*(const void* const*)needle); break;
    }
    memcpy(out, &v, sizeof v);
    return true;
  }
  if (needle_type->kind == TSE_KIND_BOXED) {
    tse_value v = *(const tse_value*)needle;
    switch (element->kind) {
      case TSE_KIND_NUMBER:
        if (v.tag != TSE_TAG_NUMBER) return false;
        memcpy(out, &v.as.number, sizeof(double));
        return true;
      case TSE_KIND_BOOLEAN:
        if (v.tag != TSE_TAG_BOOLEAN) return false;
        memcpy(out, &v.as.boolean, sizeof(bool));
        return true;
      default: {
        if (v.tag != TSE_TAG_REF && !(v.tag == TSE_TAG_UNDEFINED && element->kind == TSE_KIND_OPTIONAL) && !(v.tag == TSE_TAG_NULL && element->kind == TSE_KIND_NULLABLE)) return false;
        const void* ref = v.tag == TSE_TAG_REF ? v.as.ref : NULL;
        memcpy(out, &ref, sizeof ref);
        return true;
      }
    }
  }
  return false;
}

double tse_array_search(const tse_array* array, const void* needle, const tse_type* needle_type, double from, int mode) {
  const tse_type* element = array->type->elem;
  uint32_t size = tse_slot_size(element);
  unsigned char converted[sizeof(tse_value)];
  if (!as_element(needle, needle_type, element, converted)) return -1;
  uint32_t length = array->length;
  if (length == 0) return -1;
  bool zero = mode == TSE_SEARCH_INCLUDES;
  if (mode == TSE_SEARCH_LAST_INDEX_OF) {
    double start = isnan(from) ? 0 : trunc(from);
    if (start < 0) start += length;
    if (start < 0) return -1;
    uint32_t i = start >= length ? length - 1 : (uint32_t)start;
    for (;; i--) {
      if (same(slot_at(array, i, size), converted, element, false)) return i;
      if (i == 0) return -1;
    }
  }
  for (uint32_t i = tse_relative_index(from, length); i < array->length; i++) {
    if (same(slot_at(array, i, size), converted, element, zero)) return i;
  }
  return -1;
}

/* ------------------------------------------------------------------ sort */

/* A stable merge sort over slots: the order of equal elements is kept, as the spec requires. */
static void merge_sort(tse_ctx* ctx, unsigned char* items, unsigned char* scratch, uint32_t count, uint32_t size, tse_compare compare, void* closure) {
  if (count < 2) return;
  if (count <= 8) {
    unsigned char temp[32];
    for (uint32_t i = 1; i < count; i++) {
      memcpy(temp, items + (size_t)i * size, size);
      uint32_t j = i;
      while (j > 0 && compare(ctx, closure, items + (size_t)(j - 1) * size, temp) > 0) {
        memcpy(items + (size_t)j * size, items + (size_t)(j - 1) * size, size);
        j--;
      }
      memcpy(items + (size_t)j * size, temp, size);
    }
    return;
  }
  uint32_t half = count / 2;
  merge_sort(ctx, items, scratch, half, size, compare, closure);
  merge_sort(ctx, items + (size_t)half * size, scratch, count - half, size, compare, closure);
  memcpy(scratch, items, (size_t)count * size);
  uint32_t i = 0, j = half, k = 0;
  while (i < half && j < count) {
    /* Take from the right only when strictly smaller: equal elements keep their order. */
    if (compare(ctx, closure, scratch + (size_t)j * size, scratch + (size_t)i * size) < 0) {
      memcpy(items + (size_t)k++ * size, scratch + (size_t)j++ * size, size);
    } else {
      memcpy(items + (size_t)k++ * size, scratch + (size_t)i++ * size, size);
    }
  }
  while (i < half) memcpy(items + (size_t)k++ * size, scratch + (size_t)i++ * size, size);
  while (j < count) memcpy(items + (size_t)k++ * size, scratch + (size_t)j++ * size, size);
}

static bool slot_undefined(const void* slot, const tse_type* type);

void tse_array_sort(tse_ctx* ctx, tse_array* array, uint32_t slot_size, tse_compare compare, void* closure) {
  /* Sort a copy, then write it back: the comparator may change the array meanwhile. As in JS,
     undefined elements are not passed to the comparator: they go last, in their original order. */
  uint32_t count = array->length;
  if (count < 2) return;
  const tse_type* element = array->type->elem;
  unsigned char* items = tse_alloc(ctx, (size_t)count * slot_size);
  unsigned char* scratch = tse_alloc(ctx, (size_t)count * slot_size);
  uint32_t defined = 0;
  for (uint32_t i = 0; i < count; i++) {
    const unsigned char* slot = (const unsigned char*)array->data + (size_t)i * slot_size;
    if (!slot_undefined(slot, element)) memcpy(items + (size_t)defined++ * slot_size, slot, slot_size);
  }
  uint32_t undefined_at = defined;
  for (uint32_t i = 0; i < count; i++) {
    const unsigned char* slot = (const unsigned char*)array->data + (size_t)i * slot_size;
    if (slot_undefined(slot, element)) memcpy(items + (size_t)undefined_at++ * slot_size, slot, slot_size);
  }
  merge_sort(ctx, items, scratch, defined, slot_size, compare, closure);
  check_writable(ctx, array, TSE_WRITE_ASSIGN, 0); /* V8 sorts a copy, then writes it back */
  if (array->length < count) {
    reserve(ctx, array, count, slot_size);
    array->length = count;
  }
  memcpy(array->data, items, (size_t)count * slot_size);
}

typedef struct default_order {
  const tse_type* element;
  tse_str* strings; /* ToString of each element, computed once */
  unsigned char* base;
  uint32_t size;
} default_order;

static bool slot_undefined(const void* slot, const tse_type* type) {
  switch (type->kind) {
    case TSE_KIND_UNDEFINED: return true;
    case TSE_KIND_BOXED: return ((const tse_value*)slot)->tag == TSE_TAG_UNDEFINED;
    case TSE_KIND_OPTIONAL: return *(const void* const*)slot == NULL;
    default: return false;
  }
}

/* Sorts indices: undefined last, the rest by their strings' UTF-16 code units. */
static int compare_default(tse_ctx* ctx, void* closure, const void* a, const void* b) {
  (void)ctx;
  const default_order* order = closure;
  uint32_t i = *(const uint32_t*)a, j = *(const uint32_t*)b;
  bool ua = order->strings[i] == NULL, ub = order->strings[j] == NULL;
  if (ua || ub) return ua == ub ? 0 : ua ? 1 : -1;
  return tse_str_compare(order->strings[i], order->strings[j]);
}

void tse_array_sort_default(tse_ctx* ctx, tse_array* array) {
  uint32_t count = array->length;
  if (count < 2) return;
  const tse_type* element = array->type->elem;
  uint32_t size = tse_slot_size(element);
  default_order order = {element, tse_alloc(ctx, sizeof(tse_str) * count), NULL, size};
  uint32_t* indices = tse_alloc(ctx, sizeof(uint32_t) * count);
  unsigned char* copy = tse_alloc(ctx, (size_t)count * size);
  memcpy(copy, array->data, (size_t)count * size);
  for (uint32_t i = 0; i < count; i++) {
    indices[i] = i;
    const void* slot = copy + (size_t)i * size;
    order.strings[i] = slot_undefined(slot, element) ? NULL : tse_to_string(ctx, slot, element);
  }
  uint32_t* scratch = tse_alloc(ctx, sizeof(uint32_t) * count);
  merge_sort(ctx, (unsigned char*)indices, (unsigned char*)scratch, count, sizeof(uint32_t), compare_default, &order);
  check_writable(ctx, array, TSE_WRITE_ASSIGN, 0);
  for (uint32_t i = 0; i < count; i++) memcpy(slot_at(array, i, size), copy + (size_t)indices[i] * size, size);
}
