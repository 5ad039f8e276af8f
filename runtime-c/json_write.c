/* JSON.stringify and JSON.parse for filter code, and Object.keys: driven by type descriptors. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tse_internal.h"

/* A growable UTF-16 buffer for building the output. */
typedef struct builder {
  tse_ctx* ctx;
  uint16_t* units;
  uint32_t length;
  uint32_t capacity;
} builder;

static void reserve(builder* b, uint32_t more) {
  if (b->length + more <= b->capacity) return;
  uint32_t capacity = b->capacity ? b->capacity : 64;
  while (capacity < b->length + more) {
    if (capacity >= UINT32_MAX / 4) tse_throw_js_error(b->ctx, "RangeError", "Invalid string length");
    capacity *= 2;
  }
  uint16_t* units = tse_alloc(b->ctx, (size_t)capacity * 2);
  if (b->length) memcpy(units, b->units, (size_t)b->length * 2);
  b->units = units;
  b->capacity = capacity;
}

static void put_unit(builder* b, uint16_t unit) {
  reserve(b, 1);
  b->units[b->length++] = unit;
}

static void put_ascii(builder* b, const char* text) {
  size_t n = strlen(text);
  reserve(b, (uint32_t)n);
  for (size_t i = 0; i < n; i++) b->units[b->length++] = (uint8_t)text[i];
}

static void put_str(builder* b, tse_str s) {
  reserve(b, s->length);
  for (uint32_t i = 0; i < s->length; i++) b->units[b->length++] = tse_str_unit(s, i);
}

static tse_str finish(builder* b) {
  bool ascii = true;
  for (uint32_t i = 0; i < b->length; i++) ascii &= b->units[i] < 0x80;
  if (ascii) {
    char* bytes = tse_alloc(b->ctx, b->length + 1);
    for (uint32_t i = 0; i < b->length; i++) bytes[i] = (char)b->units[i];
    return tse_str_from_ascii(b->ctx, bytes, b->length);
  }
  tse_string* s = tse_alloc(b->ctx, sizeof(tse_string) + 2 * ((size_t)b->length + 1));
  s->type = &tse_type_string;
  s->length = b->length;
  s->wide = 1;
  s->checks = 0;
  memcpy(s->data, b->units, (size_t)b->length * 2);
  ((uint16_t*)(void*)s->data)[b->length] = 0;
  return s;
}

/* JSON.stringify's QuoteJSONString, with lone surrogates escaped (well-formed JSON.stringify). */
static void quote(builder* b, tse_str s) {
  static const char hex[] = "0123456789abcdef";
  put_unit(b, '"');
  for (uint32_t i = 0; i < s->length; i++) {
    uint16_t c = tse_str_unit(s, i);
    switch (c) {
      case '"': put_ascii(b, "\\\""); continue;
      case '\\': put_ascii(b, "\\\\"); continue;
      case '\b': put_ascii(b, "\\b"); continue;
      case '\f': put_ascii(b, "\\f"); continue;
      case '\n': put_ascii(b, "\\n"); continue;
      case '\r': put_ascii(b, "\\r"); continue;
      case '\t': put_ascii(b, "\\t"); continue;
      default: break;
    }
    bool lone = false;
    if (c >= 0xD800 && c <= 0xDBFF) {
      if (i + 1 < s->length && tse_str_unit(s, i + 1) >= 0xDC00 && tse_str_unit(s, i + 1) <= 0xDFFF) {
        put_unit(b, c);
        put_unit(b, tse_str_unit(s, ++i));
        continue;
      }
      lone = true;
    } else if (c >= 0xDC00 && c <= 0xDFFF) {
      lone = true;
    }
    if (c < 0x20 || lone) {
      char escape[7] = {'\\', 'u', hex[c >> 12], hex[(c >> 8) & 15], hex[(c >> 4) & 15], hex[c & 15], 0};
      put_ascii(b, escape);
    } else {
      put_unit(b, c);
    }
  }
  put_unit(b, '"');
}

/* The objects being written, innermost first, each with the key it was reached by. */
typedef struct stack_entry {
  const void* object;
  const char* key_name; /* UTF-8 property name, or NULL for an index */
  uint32_t key_index;
  const struct stack_entry* outer;
} stack_entry;

typedef struct writer {
  builder out;
  tse_str gap;    /* indentation unit, empty for none */
  uint32_t depth; /* current indentation level */
  /* The key of the value being written (set by the container before each element). */
  const char* key_name;
  uint32_t key_index;
  bool to_json_done; /* the value being written is what a toJSON returned: not called again on it */
  /* A replacer array's property list (UTF-8 names, duplicates dropped): the keys objects are written with, in its order. */
  const char** property_list;
  uint32_t property_count;
} writer;

static void newline(writer* w) {
  if (w->gap->length == 0) return;
  put_unit(&w->out, '\n');
  for (uint32_t i = 0; i < w->depth; i++) put_str(&w->out, w->gap);
}

static bool write_slot(writer* w, const void* slot, const tse_type* type, const stack_entry* stack);

/* A growable UTF-8 text for the circular-structure message. */
typedef struct text {
  tse_ctx* ctx;
  char* bytes;
  size_t length;
  size_t capacity;
} text;

static void text_put(text* t, const char* bytes) {
  size_t n = strlen(bytes);
  if (t->length + n + 1 > t->capacity) {
    size_t capacity = t->capacity ? t->capacity : 128;
    while (capacity < t->length + n + 1) capacity *= 2;
    char* grown = tse_alloc(t->ctx, capacity);
    if (t->length) memcpy(grown, t->bytes, t->length);
    t->bytes = grown;
    t->capacity = capacity;
  }
  memcpy(t->bytes + t->length, bytes, n + 1);
  t->length += n;
}

static void text_key(text* t, const char* name, uint32_t index) {
  if (name == NULL) {
    char digits[16];
    snprintf(digits, sizeof digits, "index %u", index);
    text_put(t, digits);
  } else if (name[0] == 0) {
    text_put(t, "<anonymous>");
  } else {
    text_put(t, "property '");
    text_put(t, name);
    text_put(t, "'");
  }
}

static void text_constructor(text* t, const void* object) {
  const tse_type* type = ((const tse_header*)object)->type;
  text_put(t, "'");
  text_put(t, type->kind == TSE_KIND_OBJECT ? (tse_type_class_name(type) ? tse_type_class_name(type) : "Object") : "Array");
  text_put(t, "'");
}

/*
 * V8's message (JsonStringifier::ConstructCircularStructureErrorMessage): the object that repeats,
 * up to two objects after it, "..." when more are left out, the last one, and the closing key.
 */
TSE_NORETURN static void throw_circular(writer* w, const stack_entry* innermost, const stack_entry* repeated) {
  size_t count = 0;
  for (const stack_entry* e = innermost; e != repeated->outer; e = e->outer) count++;
  const stack_entry** chain = tse_alloc(w->out.ctx, count * sizeof *chain);
  size_t k = count;
  for (const stack_entry* e = innermost; e != repeated->outer; e = e->outer) chain[--k] = e;
  text t = {w->out.ctx, NULL, 0, 0};
  text_put(&t, "Converting circular structure to JSON\n    --> starting at object with constructor ");
  text_constructor(&t, chain[0]->object);
  size_t index = 1;
  const size_t prefix_end = count < index + 2 ? count : index + 2;
  for (; index < prefix_end; index++) {
    text_put(&t, "\n    |     ");
    text_key(&t, chain[index]->key_name, chain[index]->key_index);
    text_put(&t, " -> object with constructor ");
    text_constructor(&t, chain[index]->object);
  }
  if (count > index + 1) text_put(&t, "\n    |     ...");
  if (index < count - 1) index = count - 1;
  for (; index < count; index++) {
    text_put(&t, "\n    |     ");
    text_key(&t, chain[index]->key_name, chain[index]->key_index);
    text_put(&t, " -> object with constructor ");
    text_constructor(&t, chain[index]->object);
  }
  text_put(&t, "\n    --- ");
  text_key(&t, w->key_name, w->key_index);
  text_put(&t, " closes the circle");
  tse_throw_js_error(w->out.ctx, "TypeError", t.bytes);
}

static void enter(writer* w, const void* object, const stack_entry* stack) {
  for (const stack_entry* e = stack; e; e = e->outer) {
    if (e->object == object) throw_circular(w, stack, e);
  }
}

/* A record's property order (see tse_key_has), or NULL when it has every field in `fields` order. */
static const uint8_t* object_keys_of(const void* object, const tse_type* type) {
  return type->keys_offset ? (const uint8_t*)object + type->keys_offset : NULL;
}

/* SerializeJSONProperty: an object with a toJSON is written as what toJSON(key) returns. */
static bool write_to_json(writer* w, const void* object, const stack_entry* outer, bool* written) {
  const tse_type* type = ((const tse_header*)object)->type;
  if (w->to_json_done || type->to_json == NULL) return *written = false;
  tse_ctx* ctx = w->out.ctx;
  tse_str key = w->key_name ? tse_str_from_utf8(ctx, w->key_name, strlen(w->key_name)) : tse_number_to_string(ctx, w->key_index);
  tse_value result; /* the largest slot */
  const tse_type* result_type = type->to_json(ctx, object, key, &result);
  if (result_type == NULL) return *written = false;
  *written = true;
  w->to_json_done = true;
  bool defined = write_slot(w, &result, result_type, outer);
  w->to_json_done = false;
  return defined;
}

/* The object's own field named `name` (present, for an optional one), or NULL. */
static const tse_field* listed_field(const tse_type* type, const uint8_t* keys, const char* name) {
  for (uint32_t i = 0; i < type->field_count; i++) {
    if (strcmp(tse_field_name(&tse_type_fields(type)[i]), name) != 0) continue;
    return !keys || tse_key_has(keys, i) ? &tse_type_fields(type)[i] : NULL;
  }
  return NULL;
}

/* `"key":` of an object's next member; returns where it began, to drop it if the value is left out. */
static uint32_t begin_member(writer* w, bool any, tse_str key) {
  uint32_t mark = w->out.length;
  if (any) put_unit(&w->out, ',');
  newline(w);
  quote(&w->out, key);
  put_unit(&w->out, ':');
  if (w->gap->length) put_unit(&w->out, ' ');
  return mark;
}

static void end_object(writer* w, bool any) {
  w->depth--;
  if (any) newline(w);
  put_unit(&w->out, '}');
}

static TSE_NAMED_TYPE(any_value, "value", .kind = TSE_KIND_BOXED, .size = sizeof(tse_value));
#define any_value (any_value_named.type)

static bool write_value(writer* w, tse_value value, const stack_entry* stack) {
  return write_slot(w, &value, &any_value, stack);
}

/* A dict's entries (kept in property order); with a replacer array, its keys that the dict has. */
static bool write_dict(writer* w, const tse_map* dict, const stack_entry* here) {
  put_unit(&w->out, '{');
  w->depth++;
  bool any = false;
  uint32_t count = w->property_list ? w->property_count : dict->count;
  for (uint32_t i = 0; i < count; i++) {
    tse_value key, value;
    if (w->property_list) {
      key = tse_value_ref(tse_str_from_utf8(w->out.ctx, w->property_list[i], strlen(w->property_list[i])));
      if (!tse_map_has(dict, key)) continue;
      value = tse_map_get(dict, key);
    } else {
      if (dict->deleted[i]) continue;
      key = dict->keys[i];
      value = dict->values[i];
    }
    uint32_t mark = begin_member(w, any, key.as.ref);
    size_t length;
    w->key_name = tse_str_to_utf8(w->out.ctx, key.as.ref, &length);
    if (write_value(w, value, here)) any = true;
    else w->out.length = mark; /* undefined and functions are left out */
  }
  end_object(w, any);
  return true;
}

static bool write_object(writer* w, const void* object, const stack_entry* outer) {
  tse_check_stack(w->out.ctx, NULL);
  bool replaced;
  bool defined = write_to_json(w, object, outer, &replaced);
  if (replaced) return defined;
  w->to_json_done = false;
  const tse_type* type = ((const tse_header*)object)->type;
  stack_entry here = {object, w->key_name, w->key_index, outer};
  switch (type->kind) {
    case TSE_KIND_STRING:
      quote(&w->out, object);
      return true;
    case TSE_KIND_FUNCTION:
      return false;
    case TSE_KIND_ARRAY: {
      enter(w, object, outer);
      const tse_array* array = object;
      const tse_type* element = type->elem;
      uint32_t size = tse_slot_size(element);
      if (array->length == 0) {
        put_ascii(&w->out, "[]");
        return true;
      }
      put_unit(&w->out, '[');
      w->depth++;
      for (uint32_t i = 0; i < array->length; i++) {
        if (i > 0) put_unit(&w->out, ',');
        newline(w);
        w->key_name = NULL;
        w->key_index = i;
        if (!write_slot(w, (const unsigned char*)array->data + (size_t)i * size, element, &here)) put_ascii(&w->out, "null");
      }
      w->depth--;
      newline(w);
      put_unit(&w->out, ']');
      return true;
    }
    case TSE_KIND_TUPLE: {
      enter(w, object, outer);
      if (type->field_count == 0) {
        put_ascii(&w->out, "[]");
        return true;
      }
      put_unit(&w->out, '[');
      w->depth++;
      for (uint32_t i = 0; i < type->field_count; i++) {
        if (i > 0) put_unit(&w->out, ',');
        newline(w);
        const tse_field* field = &tse_type_fields(type)[i];
        w->key_name = NULL;
        w->key_index = i;
        if (!write_slot(w, (const unsigned char*)object + field->offset, field->type, &here)) put_ascii(&w->out, "null");
      }
      w->depth--;
      newline(w);
      put_unit(&w->out, ']');
      return true;
    }
    case TSE_KIND_OBJECT: {
      enter(w, object, outer);
      put_unit(&w->out, '{');
      w->depth++;
      bool any = false;
      const uint8_t* keys = object_keys_of(object, type);
      uint32_t count = w->property_list ? w->property_count : keys ? keys[0] : type->field_count;
      for (uint32_t i = 0; i < count; i++) {
        const tse_field* field = w->property_list ? listed_field(type, keys, w->property_list[i]) : &tse_type_fields(type)[keys ? keys[i + 1] : i];
        if (field == NULL) continue; /* Get gives undefined: left out */
        uint32_t mark = begin_member(w, any, tse_str_from_utf8(w->out.ctx, tse_field_name(field), strlen(tse_field_name(field))));
        w->key_name = tse_field_name(field);
        if (write_slot(w, (const unsigned char*)object + field->offset, field->type, &here)) any = true;
        else w->out.length = mark; /* undefined and functions are left out */
      }
      end_object(w, any);
      return true;
    }
    case TSE_KIND_DICT:
      enter(w, object, outer);
      return write_dict(w, object, &here);
    default:
      /* Errors, Maps, Sets, RegExps have no enumerable own properties. */
      put_ascii(&w->out, "{}");
      return true;
  }
}

/* Writes the value; false when it is undefined or a function (left out / null by the caller). */
static bool write_slot(writer* w, const void* slot, const tse_type* type, const stack_entry* stack) {
  switch (type->kind) {
    case TSE_KIND_NUMBER: {
      double value = *(const double*)slot;
      if (isfinite(value)) put_str(&w->out, tse_number_to_string(w->out.ctx, value));
      else put_ascii(&w->out, "null");
      return true;
    }
    case TSE_KIND_BOOLEAN:
      put_ascii(&w->out, *(const bool*)slot ? "true" : "false");
      return true;
    case TSE_KIND_UNDEFINED:
      return false;
    case TSE_KIND_NULL:
      put_ascii(&w->out, "null");
      return true;
    case TSE_KIND_BOXED: {
      tse_value value = *(const tse_value*)slot;
      switch (value.tag) {
        case TSE_TAG_UNDEFINED: return false;
        case TSE_TAG_NULL: put_ascii(&w->out, "null"); return true;
        case TSE_TAG_BOOLEAN: return write_slot(w, &value.as.boolean, &tse_type_boolean, stack);
        case TSE_TAG_NUMBER: return write_slot(w, &value.as.number, &tse_type_number, stack);
        default: return write_object(w, value.as.ref, stack);
      }
    }
    case TSE_KIND_OPTIONAL:
    case TSE_KIND_NULLABLE: {
      const void* ref = *(const void* const*)slot;
      if (ref == NULL) {
        if (type->kind == TSE_KIND_OPTIONAL) return false;
        put_ascii(&w->out, "null");
        return true;
      }
      return write_object(w, ref, stack);
    }
    default: {
      /* A reference TypeScript's types claim is there (a match's unmatched group read as a
       * string): fail as a broken narrowing does, never dereference NULL. */
      const void* ref = *(const void* const*)slot;
      if (ref == NULL) tse_narrowing_failed(w->out.ctx);
      return write_object(w, ref, stack);
    }
  }
}

tse_str tse_json_stringify(tse_ctx* ctx, const void* slot, const tse_type* type, tse_value space) {
  return tse_json_stringify_keys(ctx, slot, type, space, NULL);
}

tse_str tse_json_stringify_keys(tse_ctx* ctx, const void* slot, const tse_type* type, tse_value space, const tse_array* replacer) {
  writer w = {{ctx, NULL, 0, 0}, &tse_empty_string, 0, "", 0, false, NULL, 0};
  if (replacer != NULL) {
    w.property_list = tse_alloc(ctx, sizeof(const char*) * (replacer->length + 1));
    for (uint32_t i = 0; i < replacer->length; i++) {
      size_t length;
      const char* name = tse_str_to_utf8(ctx, ((const tse_str*)replacer->data)[i], &length);
      bool seen = false;
      for (uint32_t j = 0; j < w.property_count && !seen; j++) seen = strcmp(w.property_list[j], name) == 0;
      if (!seen) w.property_list[w.property_count++] = name;
    }
  }
  if (space.tag == TSE_TAG_NUMBER) {
    double n = isnan(space.as.number) ? 0 : trunc(space.as.number);
    int spaces = n > 10 ? 10 : n < 1 ? 0 : (int)n;
    w.gap = tse_str_from_ascii(ctx, "          ", (size_t)spaces);
  } else if (space.tag == TSE_TAG_REF) {
    tse_str s = space.as.ref;
    w.gap = s;
    if (s->length > 10) { /* the first ten units, as JSON.stringify takes */
      builder cut = {ctx, NULL, 0, 0};
      for (uint32_t i = 0; i < 10; i++) put_unit(&cut, tse_str_unit(s, i));
      w.gap = finish(&cut);
    }
  }
  if (!write_slot(&w, slot, type, NULL)) return NULL;
  return finish(&w.out);
}

tse_str tse_json_quote(tse_ctx* ctx, tse_str s) {
  builder b = {ctx, NULL, 0, 0};
  quote(&b, s);
  return finish(&b);
}

void tse_json_parse(tse_ctx* ctx, tse_str text, const tse_type* type, const tse_literal_check* literals, void* out) {
  size_t length;
  const char* utf8 = tse_str_to_utf8(ctx, text, &length);
  const char* error = NULL;
  tse_json_status status = tse_json_decode(ctx, type, literals, utf8, length, false, out, &error, "JSON.parse");
  if (status == TSE_JSON_SYNTAX) tse_throw_js_error(ctx, "SyntaxError", error);
  if (status == TSE_JSON_TYPE) tse_throw_js_error(ctx, "TypeError", error);
}

tse_array* tse_object_keys(tse_ctx* ctx, const void* object) {
  const tse_type* type = ((const tse_header*)object)->type;
  const uint8_t* keys = object_keys_of(object, type);
  uint32_t count = keys ? keys[0] : type->field_count;
  tse_array* result = tse_array_new(ctx, &tse_type_array_string, sizeof(tse_str), count);
  for (uint32_t i = 0; i < count; i++) {
    const tse_field* field = &tse_type_fields(type)[keys ? keys[i + 1] : i];
    *(tse_str*)tse_array_push_slot(ctx, result, sizeof(tse_str)) = tse_str_from_utf8(ctx, tse_field_name(field), strlen(tse_field_name(field)));
  }
  return result;
}

void tse_keys_spread(uint8_t* keys, const void* source, const uint8_t* map) {
  const tse_type* type = ((const tse_header*)source)->type;
  const uint8_t* from = object_keys_of(source, type);
  uint32_t count = from ? from[0] : type->field_count;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t field = from ? from[i + 1] : i;
    uint8_t target = map[field];
    if (target == 255) continue;
    /* The target's field has the source field's name. */
    if (tse_key_is_index(tse_field_name(&tse_type_fields(type)[field]))) tse_key_define_index(keys, target);
    else tse_key_define(keys, target);
  }
}

bool tse_key_is_index(const char* name) {
  if (name[0] == '0') return name[1] == 0;
  uint64_t value = 0;
  size_t i = 0;
  for (; name[i] >= '0' && name[i] <= '9'; i++) {
    if (i >= 10) return false;
    value = value * 10 + (uint64_t)(name[i] - '0');
  }
  return i > 0 && name[i] == 0 && value <= 4294967294u;
}

void tse_key_define_index(uint8_t* keys, uint32_t index) {
  if (tse_key_has(keys, index)) return;
  uint32_t at = 1;
  while (at <= keys[0] && keys[at] < index) at++;
  memmove(keys + at + 1, keys + at, (size_t)keys[0] + 1 - at);
  keys[at] = (uint8_t)index;
  keys[0]++;
}
