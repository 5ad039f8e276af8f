/*
 * Frozen values: the config's objects, arrays and tuples. Writes to them throw the TypeError V8
 * throws for the same write to a frozen object in strict mode, message for message.
 */
#include <stdio.h>
#include <string.h>

#include "tse_internal.h"

const tse_type* tse_frozen_type(tse_ctx* ctx, const tse_type* type) {
  if (type->frozen_of) return type;
  tse_type* copy = tse_alloc(ctx, sizeof *copy);
  *copy = *type;
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
    const tse_field* field = &type->fields[i];
    if (field->offset != offset) continue;
    if (type->kind == TSE_KIND_TUPLE) tse_frozen_element_write(ctx, TSE_WRITE_ASSIGN, i);
    char message[600];
    /* A record's missing optional property is added by the write; a present one is assigned. */
    bool present = !type->keys_offset || tse_key_has((const uint8_t*)object + type->keys_offset, i);
    if (present) {
      snprintf(message, sizeof message, "Cannot assign to read only property '%s' of object '#<Object>'", field->name);
    } else {
      snprintf(message, sizeof message, "Cannot add property %s, object is not extensible", field->name);
    }
    tse_throw_js_error(ctx, "TypeError", message);
  }
  tse_fail(ctx, "write to a frozen object at an offset its layout does not have");
}
