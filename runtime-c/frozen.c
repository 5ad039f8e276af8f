/*
 * Frozen values: the config's objects, arrays and tuples. Writes to them throw the TypeError V8
 * throws for the same write to a frozen object in strict mode, message for message.
 */
#include <stdio.h>
#include <string.h>

#include "tse_internal.h"

const tse_type* tse_frozen_type(tse_ctx* ctx, const tse_type* type) {
  if (type->frozen_of) return type;
  /* With its fields and names, which it finds by their distances from it. */
  tse_type* copy = tse_alloc(ctx, type->extent);
  memcpy(copy, type, type->extent);
  copy->frozen_of = type; /* tse_is still recognizes the layout */
  return copy;
}

TSE_NORETURN void tse_frozen_element_write(tse_ctx* ctx, tse_write write, uint32_t index) {
  char message[128];
  switch (write) {
    case TSE_WRITE_ASSIGN:
      snprintf(message, sizeof message, "Cannot assign to read only property '%u' of object '[object Array]'", index);
      break;
    case TSE_WRITE_ADD:
      snprintf(message, sizeof message, "Cannot add property %u, object is not extensible", index);
      break;
    case TSE_WRITE_DELETE:
      snprintf(message, sizeof message, "Cannot delete property '%u' of [object Array]", index);
      break;
    case TSE_WRITE_LENGTH:
      snprintf(message, sizeof message, "Cannot assign to read only property 'length' of object '[object Array]'");
      break;
  }
  tse_throw_js_error(ctx, "TypeError", message);
}

TSE_NORETURN void tse_frozen_field_write(tse_ctx* ctx, const void* object, uint32_t offset) {
  const tse_type* type = ((const tse_header*)object)->type;
  for (uint32_t i = 0; i < type->field_count; i++) {
    const tse_field* field = &tse_type_fields(type)[i];
    if (field->offset != offset) continue;
    if (type->kind == TSE_KIND_TUPLE) tse_frozen_element_write(ctx, TSE_WRITE_ASSIGN, i);
    char message[600];
    /* A record's missing optional property is added by the write; a present one is assigned. */
    bool present = !type->keys_offset || tse_key_has((const uint8_t*)object + type->keys_offset, i);
    if (present) {
      snprintf(message, sizeof message, "Cannot assign to read only property '%s' of object '#<%s>'", tse_field_name(field),
               tse_type_class_name(type) ? tse_type_class_name(type) : "Object");
    } else {
      snprintf(message, sizeof message, "Cannot add property %s, object is not extensible", tse_field_name(field));
    }
    tse_throw_js_error(ctx, "TypeError", message);
  }
  tse_fail(ctx, "write to a frozen object at an offset its layout does not have");
}

/*
 * Deep freezing, for what the config stage's per-stream factory captures: every object, array and
 * tuple reached gets a frozen copy of its descriptor. An object already frozen (the config, or one
 * reached twice) stops the walk, so shared and cyclic values are visited once.
 */
typedef struct freeze_copy {
  const tse_type* type;
  const tse_type* frozen;
  struct freeze_copy* next;
} freeze_copy;

static void freeze_object(tse_ctx* ctx, void* object, freeze_copy** copies);

static void freeze_slot(tse_ctx* ctx, const void* slot, const tse_type* slot_type, freeze_copy** copies) {
  if (slot_type == &tse_type_regexp) {
    void* object = *(void* const*)slot;
    if (object != NULL) freeze_object(ctx, object, copies);
    return;
  }
  switch (slot_type->kind) {
    case TSE_KIND_ARRAY:
    case TSE_KIND_OBJECT:
    case TSE_KIND_TUPLE:
    case TSE_KIND_OPTIONAL:
    case TSE_KIND_NULLABLE:
    case TSE_KIND_MAP: /* a module-level table's Map or Set */
    case TSE_KIND_SET:
    case TSE_KIND_DICT:
    case TSE_KIND_REF: {
      void* object = *(void* const*)slot;
      if (object != NULL) freeze_object(ctx, object, copies);
      return;
    }
    case TSE_KIND_BOXED: {
      const tse_value* value = slot;
      if (value->tag == TSE_TAG_REF && value->as.ref != NULL) freeze_object(ctx, (void*)value->as.ref, copies);
      return;
    }
    default:
      return; /* numbers, booleans, strings (immutable), undefined, null */
  }
}

static void freeze_object(tse_ctx* ctx, void* object, freeze_copy** copies) {
  tse_header* header = object;
  const tse_type* type = header->type;
  /* A RegExp keeps its type (String(re) knows it by it): its lastIndex becomes read-only. */
  if (type == &tse_type_regexp) {
    ((tse_regexp*)object)->frozen = true;
    return;
  }
  if (type->frozen_of != NULL) return;
  bool collection = type->kind == TSE_KIND_MAP || type->kind == TSE_KIND_SET || type->kind == TSE_KIND_DICT;
  if (type->kind != TSE_KIND_ARRAY && type->kind != TSE_KIND_OBJECT && type->kind != TSE_KIND_TUPLE && !collection) return; /* strings */
  const tse_type* frozen = NULL;
  for (freeze_copy* copy = *copies; copy; copy = copy->next) {
    if (copy->type == type) frozen = copy->frozen;
  }
  if (frozen == NULL) {
    freeze_copy* copy = tse_alloc(ctx, sizeof *copy);
    *copy = (freeze_copy){type, tse_frozen_type(ctx, type), *copies};
    *copies = copy;
    frozen = copy->frozen;
  }
  header->type = frozen;
  if (collection) {
    tse_map* map = object;
    for (uint32_t i = 0; i < map->count; i++) {
      if (map->deleted[i]) continue;
      tse_value key = map->keys[i];
      if (key.tag == TSE_TAG_REF && key.as.ref != NULL) freeze_object(ctx, (void*)key.as.ref, copies);
      tse_value value = map->values ? map->values[i] : tse_value_undefined();
      if (value.tag == TSE_TAG_REF && value.as.ref != NULL) freeze_object(ctx, (void*)value.as.ref, copies);
    }
    return;
  }
  if (type->kind == TSE_KIND_ARRAY) {
    tse_array* array = object;
    uint32_t slot_size = tse_slot_size(type->elem);
    for (uint32_t i = 0; i < array->length; i++) freeze_slot(ctx, (const char*)array->data + i * slot_size, type->elem, copies);
    return;
  }
  for (uint32_t i = 0; i < type->field_count; i++) {
    freeze_slot(ctx, (const char*)object + tse_type_fields(type)[i].offset, tse_type_fields(type)[i].type, copies);
  }
}

void tse_deep_freeze(tse_ctx* ctx, const void* slot, const tse_type* slot_type) {
  freeze_copy* copies = NULL;
  freeze_slot(ctx, slot, slot_type, &copies);
}

/* Object.freeze: only the object itself (what it holds stays writable), as in JavaScript. */
void tse_object_freeze(tse_ctx* ctx, const void* object) {
  if (object == NULL) return;
  tse_header* header = (tse_header*)object;
  if (header->type == &tse_type_regexp) {
    ((tse_regexp*)header)->frozen = true;
    return;
  }
  int kind = header->type->kind;
  if (kind != TSE_KIND_ARRAY && kind != TSE_KIND_OBJECT && kind != TSE_KIND_TUPLE && kind != TSE_KIND_DICT) return; /* Map, Set: their entries stay writable */
  header->type = tse_frozen_type(ctx, header->type);
}

/* A write to a module-level table's Map or Set (deep-frozen): JavaScript has no frozen Map, so the
   reference SDK makes the same methods throw this TypeError (abi/ts/sdk.ts __tseTable). */
TSE_NORETURN void tse_frozen_collection_write(tse_ctx* ctx, const tse_map* map, const char* method) {
  char message[128];
  snprintf(message, sizeof message, "Cannot %s: the %s is a read-only module-level table", method, map->header.type->kind == TSE_KIND_MAP ? "Map" : "Set");
  tse_throw_js_error(ctx, "TypeError", message);
}
