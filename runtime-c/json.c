/*
 * JSON config decoding: parse the text, then build a value of a declared TypeScript type from it,
 * driven by the tse_type descriptors the compiler emits, and by its literal checks where the type
 * has literal types (checked as each value is decoded, in the same order). The first mismatch is
 * reported as "path: message", with path written as in TypeScript (a.b[1][0]).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tse_internal.h"

typedef enum json_kind { JSON_NULL, JSON_BOOLEAN, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_kind;

typedef struct json_node json_node;
struct json_node {
  json_kind kind;
  bool boolean;
  double number;
  tse_str string;
  uint32_t count;
  json_node** items; /* array elements or object values */
  tse_str* keys;     /* object keys */
};

typedef struct json_parser {
  tse_ctx* ctx;
  const char* text;
  size_t length;
  size_t pos;
  const char* error;
} json_parser;


static void skip_space(json_parser* p) {
  while (p->pos < p->length) {
    char c = p->text[p->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    p->pos++;
  }
}

static json_node* new_node(json_parser* p, json_kind kind) {
  json_node* node = tse_alloc(p->ctx, sizeof(json_node));
  memset(node, 0, sizeof *node);
  node->kind = kind;
  return node;
}

static bool fail(json_parser* p, const char* what) {
  if (!p->error) p->error = what;
  return false;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Reads a JSON string starting at the opening quote; decodes to UTF-16 units. */
static bool parse_string(json_parser* p, tse_str* out) {
  p->pos++; /* opening quote */
  size_t start = p->pos;
  bool simple = true;
  while (p->pos < p->length && p->text[p->pos] != '"') {
    unsigned char c = (unsigned char)p->text[p->pos];
    if (c < 0x20) return fail(p, "control character in string");
    if (c == '\\' || c >= 0x80) simple = false;
    p->pos += (c == '\\' && p->pos + 1 < p->length) ? 2 : 1;
  }
  if (p->pos >= p->length) return fail(p, "unterminated string");
  size_t end = p->pos;
  p->pos++; /* closing quote */
  if (simple) {
    *out = tse_str_from_ascii(p->ctx, p->text + start, end - start);
    return true;
  }
  /* Unescape into UTF-8 (surrogate escapes kept as code units via a wide buffer). */
  uint16_t* units = tse_alloc(p->ctx, (end - start + 1) * sizeof(uint16_t));
  size_t n = 0;
  size_t i = start;
  while (i < end) {
    unsigned char c = (unsigned char)p->text[i];
    if (c == '\\') {
      char e = p->text[i + 1];
      i += 2;
      switch (e) {
        case '"': units[n++] = '"'; break;
        case '\\': units[n++] = '\\'; break;
        case '/': units[n++] = '/'; break;
        case 'b': units[n++] = '\b'; break;
        case 'f': units[n++] = '\f'; break;
        case 'n': units[n++] = '\n'; break;
        case 'r': units[n++] = '\r'; break;
        case 't': units[n++] = '\t'; break;
        case 'u': {
          if (i + 4 > end) {
            p->pos = i;
            return fail(p, "bad \\u escape");
          }
          int v = 0;
          for (int k = 0; k < 4; k++) {
            int h = hex_value(p->text[i + k]);
            if (h < 0) {
              p->pos = i + k;
              return fail(p, "bad \\u escape");
            }
            v = v * 16 + h;
          }
          units[n++] = (uint16_t)v;
          i += 4;
          break;
        }
        default:
          p->pos = i - 1;
          return fail(p, "bad escape");
      }
    } else if (c < 0x80) {
      units[n++] = c;
      i++;
    } else {
      /* Copy a run of non-ASCII bytes through the UTF-8 decoder. */
      size_t run = i;
      while (run < end && (unsigned char)p->text[run] >= 0x80) run++;
      tse_str piece = tse_str_from_utf8(p->ctx, p->text + i, run - i);
      for (uint32_t k = 0; k < piece->length; k++) units[n++] = tse_str_unit(piece, k);
      i = run;
    }
  }
  bool ascii = true;
  for (size_t k = 0; k < n; k++) {
    if (units[k] >= 0x80) ascii = false;
  }
  if (ascii) {
    char* bytes = tse_alloc(p->ctx, n + 1);
    for (size_t k = 0; k < n; k++) bytes[k] = (char)units[k];
    *out = tse_str_from_ascii(p->ctx, bytes, n);
    return true;
  }
  tse_string* s = tse_alloc(p->ctx, sizeof(tse_string) + 2 * (n + 1));
  s->type = &tse_type_string;
  s->length = (uint32_t)n;
  s->wide = 1;
  s->checks = 0;
  memcpy(s->data, units, n * sizeof(uint16_t));
  ((uint16_t*)(void*)s->data)[n] = 0;
  *out = s;
  return true;
}

static bool parse_number(json_parser* p, json_node** out) {
  size_t start = p->pos;
  const char* t = p->text;
  size_t i = p->pos;
  if (i < p->length && t[i] == '-') i++;
  if (i >= p->length) return fail(p, "bad number");
  if (t[i] == '0') {
    i++;
  } else if (t[i] >= '1' && t[i] <= '9') {
    while (i < p->length && t[i] >= '0' && t[i] <= '9') i++;
  } else {
    p->pos = i;
    return fail(p, "bad number");
  }
  if (i < p->length && t[i] == '.') {
    i++;
    if (i >= p->length || t[i] < '0' || t[i] > '9') {
      p->pos = i;
      return fail(p, "bad number");
    }
    while (i < p->length && t[i] >= '0' && t[i] <= '9') i++;
  }
  if (i < p->length && (t[i] == 'e' || t[i] == 'E')) {
    i++;
    if (i < p->length && (t[i] == '+' || t[i] == '-')) i++;
    if (i >= p->length || t[i] < '0' || t[i] > '9') {
      p->pos = i;
      return fail(p, "bad number");
    }
    while (i < p->length && t[i] >= '0' && t[i] <= '9') i++;
  }
  char* copy = tse_alloc(p->ctx, i - start + 1);
  memcpy(copy, t + start, i - start);
  copy[i - start] = 0;
  json_node* node = new_node(p, JSON_NUMBER);
  node->number = strtod(copy, NULL);
  p->pos = i;
  *out = node;
  return true;
}

static bool parse_value(json_parser* p, json_node** out);

static bool parse_list(json_parser* p, json_node* node, bool object) {
  char close = object ? '}' : ']';
  p->pos++;
  /* No depth limit (V8's parser has none): nesting is bounded by the stack, as recursion is. */
  tse_check_stack(p->ctx, NULL);
  uint32_t capacity = 4;
  node->items = tse_alloc(p->ctx, capacity * sizeof(json_node*));
  if (object) node->keys = tse_alloc(p->ctx, capacity * sizeof(tse_str));
  skip_space(p);
  if (p->pos < p->length && p->text[p->pos] == close) {
    p->pos++;
    return true;
  }
  for (;;) {
    skip_space(p);
    if (node->count == capacity) {
      capacity *= 2;
      json_node** items = tse_alloc(p->ctx, capacity * sizeof(json_node*));
      memcpy(items, node->items, node->count * sizeof(json_node*));
      node->items = items;
      if (object) {
        tse_str* keys = tse_alloc(p->ctx, capacity * sizeof(tse_str));
        memcpy(keys, node->keys, node->count * sizeof(tse_str));
        node->keys = keys;
      }
    }
    if (object) {
      if (p->pos >= p->length || p->text[p->pos] != '"') return fail(p, "expected a property name");
      if (!parse_string(p, &node->keys[node->count])) return false;
      skip_space(p);
      if (p->pos >= p->length || p->text[p->pos] != ':') return fail(p, "expected ':'");
      p->pos++;
    }
    if (!parse_value(p, &node->items[node->count])) return false;
    node->count++;
    skip_space(p);
    if (p->pos < p->length && p->text[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->length && p->text[p->pos] == close) {
      p->pos++;
      return true;
    }
    return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static bool parse_literal(json_parser* p, const char* word, json_node* node, json_node** out) {
  size_t n = strlen(word);
  if (p->length - p->pos < n || memcmp(p->text + p->pos, word, n) != 0) return fail(p, "unexpected character");
  p->pos += n;
  *out = node;
  return true;
}

static bool parse_value(json_parser* p, json_node** out) {
  skip_space(p);
  if (p->pos >= p->length) return fail(p, "unexpected end of input");
  char c = p->text[p->pos];
  switch (c) {
    case '{': {
      json_node* node = new_node(p, JSON_OBJECT);
      *out = node;
      return parse_list(p, node, true);
    }
    case '[': {
      json_node* node = new_node(p, JSON_ARRAY);
      *out = node;
      return parse_list(p, node, false);
    }
    case '"': {
      json_node* node = new_node(p, JSON_STRING);
      *out = node;
      return parse_string(p, &node->string);
    }
    case 't': {
      json_node* node = new_node(p, JSON_BOOLEAN);
      node->boolean = true;
      return parse_literal(p, "true", node, out);
    }
    case 'f':
      return parse_literal(p, "false", new_node(p, JSON_BOOLEAN), out);
    case 'n':
      return parse_literal(p, "null", new_node(p, JSON_NULL), out);
    default:
      if (c == '-' || (c >= '0' && c <= '9')) return parse_number(p, out);
      return fail(p, "unexpected character");
  }
}

/* ------------------------------------------------------------------ decoding by type */

typedef struct frozen_copy {
  const tse_type* type;
  const tse_type* frozen;
  struct frozen_copy* next;
} frozen_copy;

typedef struct decoder {
  tse_ctx* ctx;
  bool freeze;          /* the config: its values are frozen (tse.h) */
  frozen_copy* copies;  /* one frozen descriptor per type */
  char* path; /* a.b[1][0], grown in the arena */
  size_t path_length;
  size_t path_capacity;
  const char* error; /* "path: message" once decoding failed */
  const char* root_name;
  const tse_literal_check* literals; /* the table (the root's check first), or NULL */
  bool finite_numbers; /* a config: a number beyond double range (1e400) is refused, not Infinity */
  bool copy_strings;   /* the parse tree is in another arena, freed after decoding (tse_json_decode) */
} decoder;

/* A string of the parse tree as the value holds it: a copy in the value's arena when the tree goes. */
static tse_str decoded_string(decoder* d, tse_str parsed) {
  if (!d->copy_strings || parsed->length == 0) return parsed;
  size_t bytes = sizeof(tse_string) + (parsed->wide ? 2 : 1) * ((size_t)parsed->length + 1);
  tse_string* copy = tse_alloc(d->ctx, bytes);
  memcpy(copy, parsed, bytes);
  return copy;
}

static const char* json_kind_name(json_kind kind) {
  switch (kind) {
    case JSON_NULL: return "null";
    case JSON_BOOLEAN: return "boolean";
    case JSON_NUMBER: return "number";
    case JSON_STRING: return "string";
    case JSON_ARRAY: return "array";
    case JSON_OBJECT: return "object";
  }
  return "?";
}

/* printf into a new arena string of the exact length. */
static const char* arena_vprintf(tse_ctx* ctx, const char* format, va_list args) {
  va_list again;
  va_copy(again, args);
  int n = vsnprintf(NULL, 0, format, args);
  char* out = tse_alloc(ctx, n > 0 ? (size_t)n + 1 : 1);
  vsnprintf(out, n > 0 ? (size_t)n + 1 : 1, format, again);
  va_end(again);
  return out;
}

static const char* arena_printf(tse_ctx* ctx, const char* format, ...) __attribute__((format(printf, 2, 3)));
static const char* arena_printf(tse_ctx* ctx, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const char* out = arena_vprintf(ctx, format, args);
  va_end(args);
  return out;
}

static bool decode_error(decoder* d, const char* format, ...) __attribute__((format(printf, 2, 3)));
static bool decode_error(decoder* d, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const char* message = arena_vprintf(d->ctx, format, args);
  va_end(args);
  d->error = arena_printf(d->ctx, "%s: %s", d->path_length ? d->path : d->root_name, message);
  return false;
}

static size_t path_append(decoder* d, const char* piece) {
  size_t saved = d->path_length;
  size_t n = strlen(piece);
  if (saved + n + 1 > d->path_capacity) {
    size_t capacity = d->path_capacity ? d->path_capacity * 2 : 64;
    while (capacity < saved + n + 1) capacity *= 2;
    char* grown = tse_alloc(d->ctx, capacity);
    if (saved) memcpy(grown, d->path, saved);
    d->path = grown;
    d->path_capacity = capacity;
  }
  memcpy(d->path + saved, piece, n + 1);
  d->path_length = saved + n;
  return saved;
}

static size_t path_push_index(decoder* d, uint32_t index) {
  char piece[16];
  snprintf(piece, sizeof piece, "[%u]", index);
  return path_append(d, piece);
}

static size_t path_push_field(decoder* d, const char* name) {
  if (d->path_length == 0) return path_append(d, name);
  size_t saved = path_append(d, ".");
  path_append(d, name);
  return saved;
}

static void path_pop(decoder* d, size_t saved) {
  d->path_length = saved;
  if (d->path) d->path[saved] = 0;
}

static bool decode_into(decoder* d, const tse_type* type, const tse_literal_check* check, const json_node* node, void* slot);
static const tse_type* header_type(decoder* d, const tse_type* type);

/* The check below `check` at child `at` (ARRAY: 0), or NULL. */
static const tse_literal_check* child_check(const decoder* d, const tse_literal_check* check, uint32_t at) {
  if (check == NULL || (check->kind != TSE_LITERAL_ARRAY && check->kind != TSE_LITERAL_FIELDS && check->kind != TSE_LITERAL_UNION) || at >= check->count) {
    return NULL;
  }
  int32_t index = check->children[at];
  return index < 0 ? NULL : &d->literals[index];
}

/* How a type is named in messages: as written when it has literal types, else by its descriptor. */
static const char* type_name(const tse_type* type, const tse_literal_check* check) {
  return check ? check->name : tse_type_name(type);
}

/* The descriptor a decoded object, array or tuple of `type` points at. */
static const tse_type* header_type(decoder* d, const tse_type* type) {
  if (!d->freeze) return type;
  for (frozen_copy* copy = d->copies; copy; copy = copy->next) {
    if (copy->type == type) return copy->frozen;
  }
  frozen_copy* copy = tse_alloc(d->ctx, sizeof *copy);
  *copy = (frozen_copy){type, tse_frozen_type(d->ctx, type), d->copies};
  d->copies = copy;
  return copy->frozen;
}

/* Bytes one value of `type` takes in a slot (array element, field): pointers for heap kinds. */
static uint32_t slot_size(const tse_type* type) {
  switch (type->kind) {
    case TSE_KIND_NUMBER: return sizeof(double);
    case TSE_KIND_BOOLEAN: return sizeof(bool);
    case TSE_KIND_BOXED: return sizeof(tse_value);
    default: return sizeof(void*);
  }
}

static bool mismatch(decoder* d, const tse_type* type, const tse_literal_check* check, const json_node* node) {
  return decode_error(d, "expected %s, got %s", type_name(type, check), json_kind_name(node->kind));
}

/*
 * A number of a number type. JSON.parse turns 1e400 into Infinity, which filter code may well
 * get; a config number that large is a mistake that would fail every request using it, so the
 * config is refused at load instead (abi/ts/sdk.ts, same message).
 */
static bool decode_number(decoder* d, const tse_type* type, const tse_literal_check* check, const json_node* node, double* out) {
  if (node->kind != JSON_NUMBER) return mismatch(d, type, check, node);
  if (d->finite_numbers && !isfinite(node->number)) {
    return decode_error(d, "expected %s, got %s (out of range for a double)", type_name(type, check), node->number > 0 ? "Infinity" : "-Infinity");
  }
  *out = node->number;
  return true;
}

enum { SHOWN_STRING_UNITS = 64 }; /* longer strings are cut in messages (abi/ts/sdk.ts shownValue) */

/* The JSON value in a message: strings quoted (JSON.stringify), numbers as String(n), containers by kind. */
static const char* shown_value(tse_ctx* ctx, const json_node* node) {
  size_t length;
  switch (node->kind) {
    case JSON_STRING: {
      bool cut = node->string->length > SHOWN_STRING_UNITS;
      tse_str shown = cut ? tse_str_slice(ctx, node->string, 0, SHOWN_STRING_UNITS, true) : node->string;
      const char* quoted = tse_str_to_utf8(ctx, tse_json_quote(ctx, shown), &length);
      return cut ? arena_printf(ctx, "%.*s...\"", (int)(length - 1), quoted) : quoted;
    }
    case JSON_NUMBER:
      return tse_str_to_utf8(ctx, tse_js_number_to_string(ctx, node->number), &length);
    case JSON_BOOLEAN:
      return node->boolean ? "true" : "false";
    default:
      return json_kind_name(node->kind);
  }
}

/* Whether a JSON value is one of a literal type's values (=== in JavaScript). */
static bool literal_matches(const tse_literal_check* check, const json_node* node) {
  switch (check->kind) {
    case TSE_LITERAL_STRINGS:
      if (node->kind != JSON_STRING) return false;
      for (uint32_t i = 0; i < check->count; i++) {
        if (tse_str_equals(node->string, check->strings[i])) return true;
      }
      return false;
    case TSE_LITERAL_NUMBERS:
      if (node->kind != JSON_NUMBER) return false;
      for (uint32_t i = 0; i < check->count; i++) {
        if (node->number == check->numbers[i]) return true;
      }
      return false;
    case TSE_LITERAL_BOOLEAN:
      return node->kind == JSON_BOOLEAN && node->boolean == check->boolean;
    default:
      return true;
  }
}

static bool is_literal_check(const tse_literal_check* check) {
  return check && (check->kind == TSE_LITERAL_STRINGS || check->kind == TSE_LITERAL_NUMBERS || check->kind == TSE_LITERAL_BOOLEAN);
}

/* Whether JSON key `key` is the field name `name` (UTF-8, from a descriptor), compared as UTF-16. */
static bool key_is(tse_str key, const char* name) {
  const unsigned char* p = (const unsigned char*)name;
  uint32_t unit = 0;
  while (*p) {
    uint32_t code_point = *p++;
    int extra = code_point >= 0xF0 ? 3 : code_point >= 0xE0 ? 2 : code_point >= 0xC0 ? 1 : 0;
    if (extra) code_point &= 0x3F >> extra;
    for (int i = 0; i < extra && *p; i++) code_point = (code_point << 6) | (*p++ & 0x3F);
    if (code_point >= 0x10000) {
      if (unit + 2 > key->length) return false;
      if (tse_str_unit(key, unit++) != 0xD800 + ((code_point - 0x10000) >> 10)) return false;
      if (tse_str_unit(key, unit++) != 0xDC00 + ((code_point - 0x10000) & 0x3FF)) return false;
    } else {
      if (unit + 1 > key->length || tse_str_unit(key, unit++) != code_point) return false;
    }
  }
  return unit == key->length;
}

static const json_node* find_key(const json_node* object, const char* name) {
  const json_node* found = NULL;
  for (uint32_t i = 0; i < object->count; i++) {
    if (key_is(object->keys[i], name)) found = object->items[i]; /* the last duplicate wins, as in JSON.parse */
  }
  return found;
}

/* A record's properties exist in the order the text first names them (JSON.parse creates them so). */
static void record_key_order(const tse_type* type, const json_node* node, unsigned char* object) {
  if (!type->keys_offset) return;
  uint8_t* keys = object + type->keys_offset;
  for (uint32_t k = 0; k < node->count; k++) {
    for (uint32_t i = 0; i < type->field_count; i++) {
      if (!key_is(node->keys[k], tse_field_name(&tse_type_fields(type)[i]))) continue;
      if (tse_key_is_index(tse_field_name(&tse_type_fields(type)[i]))) tse_key_define_index(keys, i);
      else tse_key_define(keys, i);
    }
  }
}

static bool type_accepts_missing(const tse_type* type) {
  if (type->kind == TSE_KIND_BOXED && type->field_count > 0) {
    for (uint32_t i = 0; i < type->field_count; i++) {
      if (tse_type_fields(type)[i].type->kind == TSE_KIND_UNDEFINED) return true; /* listed when a member */
    }
    return false;
  }
  return type->kind == TSE_KIND_OPTIONAL || type->kind == TSE_KIND_BOXED;
}

static bool decode_fields(decoder* d, const tse_type* type, const tse_literal_check* check, const json_node* node,
                          unsigned char* object) {
  for (uint32_t i = 0; i < type->field_count; i++) {
    const tse_field* field = &tse_type_fields(type)[i];
    const tse_literal_check* field_check = child_check(d, check, i);
    size_t saved = path_push_field(d, tse_field_name(field));
    const json_node* value = find_key(node, tse_field_name(field));
    bool ok;
    if (value == NULL) {
      ok = type_accepts_missing(field->type)
               ? decode_into(d, field->type, field_check, NULL, object + field->offset)
               : decode_error(d, "missing, expected %s", type_name(field->type, field_check));
    } else {
      ok = decode_into(d, field->type, field_check, value, object + field->offset);
    }
    if (!ok) return false;
    path_pop(d, saved);
  }
  return true;
}

/* The member of a union (listed in `fields`) that takes JSON values of this kind (its index in *at), or NULL. */
static const tse_type* union_member(const tse_type* type, const json_node* node, uint32_t* at) {
  for (uint32_t i = 0; i < type->field_count; i++) {
    const tse_type* member = tse_type_fields(type)[i].type;
    *at = i;
    switch (member->kind) {
      case TSE_KIND_NUMBER: if (node->kind == JSON_NUMBER) return member; break;
      case TSE_KIND_BOOLEAN: if (node->kind == JSON_BOOLEAN) return member; break;
      case TSE_KIND_STRING: if (node->kind == JSON_STRING) return member; break;
      case TSE_KIND_NULL: if (node->kind == JSON_NULL) return member; break;
      case TSE_KIND_ARRAY:
      case TSE_KIND_TUPLE: if (node->kind == JSON_ARRAY) return member; break;
      case TSE_KIND_OBJECT:
      case TSE_KIND_DICT: if (node->kind == JSON_OBJECT) return member; break;
      default: break;
    }
  }
  return NULL;
}

/* The union check's child for member `at` of `type`'s list (which may list undefined and null, the check does not). */
static const tse_literal_check* member_check(const decoder* d, const tse_type* type, const tse_literal_check* check, uint32_t at) {
  if (check == NULL || check->kind != TSE_LITERAL_UNION) return NULL;
  uint32_t index = 0;
  for (uint32_t i = 0; i < at; i++) {
    tse_kind kind = tse_type_fields(type)[i].type->kind;
    if (kind != TSE_KIND_UNDEFINED && kind != TSE_KIND_NULL) index++;
  }
  return child_check(d, check, index);
}

/*
 * `{ kind: "prefix"; ... } | { kind: "regex"; ... }`: the object member whose discriminant's
 * literal check takes the object's value of that property (its index in *at), or NULL after
 * reporting a missing or unknown discriminant at the property's path.
 */
static const tse_type* discriminated_member(decoder* d, const tse_type* type, const tse_literal_check* check, const json_node* node, uint32_t* at) {
  size_t saved = path_push_field(d, check->discriminant);
  const json_node* tag = find_key(node, check->discriminant);
  if (tag == NULL) {
    decode_error(d, "missing, expected %s", check->discriminant_values);
    return NULL;
  }
  for (uint32_t i = 0; i < type->field_count; i++) {
    const tse_type* member = tse_type_fields(type)[i].type;
    if (member->kind != TSE_KIND_OBJECT) continue;
    const tse_literal_check* fields = member_check(d, type, check, i);
    for (uint32_t f = 0; f < member->field_count; f++) {
      if (strcmp(tse_field_name(&tse_type_fields(member)[f]), check->discriminant) != 0) continue;
      const tse_literal_check* value = child_check(d, fields, f);
      if (is_literal_check(value) && literal_matches(value, tag)) {
        path_pop(d, saved);
        *at = i;
        return member;
      }
    }
  }
  decode_error(d, "expected %s, got %s", check->discriminant_values, shown_value(d->ctx, tag));
  return NULL;
}

/*
 * `string | string[]`, `number | Rule | undefined`, `Rule | null`: the member of the value's JSON
 * kind (the compiler allows unions whose members take different kinds, and object members with a
 * discriminant), into a pointer or tagged slot.
 */
static bool decode_union(decoder* d, const tse_type* type, const tse_literal_check* check, const json_node* node, void* slot) {
  if (node == NULL) { /* a missing property of a union with undefined (type_accepts_missing) */
    if (type->kind == TSE_KIND_BOXED) *(tse_value*)slot = tse_value_undefined();
    else *(void**)slot = NULL;
    return true;
  }
  if (node->kind == JSON_NULL && type->kind == TSE_KIND_NULLABLE) { /* a pointer's NULL is null */
    *(void**)slot = NULL;
    return true;
  }
  uint32_t at = 0;
  const tse_type* member = node->kind == JSON_OBJECT && check && check->kind == TSE_LITERAL_UNION && check->discriminant
                               ? discriminated_member(d, type, check, node, &at)
                               : union_member(type, node, &at);
  if (member == NULL) return d->error ? false : mismatch(d, type, check, node);
  const tse_literal_check* inner = member_check(d, type, check, at);
  if (type->kind != TSE_KIND_BOXED) return decode_into(d, member, inner, node, slot);
  unsigned char value[sizeof(tse_value)];
  if (!decode_into(d, member, inner, node, value)) return false;
  *(tse_value*)slot = tse_slot_value(value, member);
  return true;
}

/*
 * A dict: its keys first (so they take JavaScript's property order, integer-like keys first, with
 * the last of duplicate keys' values), then its values in that order, as zod's record checks them.
 */
static bool decode_dict(decoder* d, const tse_type* type, const tse_literal_check* check, const json_node* node, void* slot) {
  if (node->kind != JSON_OBJECT) return mismatch(d, type, check, node);
  tse_map* dict = tse_map_new(d->ctx, type);
  for (uint32_t i = 0; i < node->count; i++) tse_map_set(d->ctx, dict, tse_value_ref(decoded_string(d, node->keys[i])), tse_value_number(i));
  const tse_literal_check* value_check = child_check(d, check, 0);
  unsigned char value_slot[sizeof(tse_value)];
  for (uint32_t i = 0; i < dict->count; i++) {
    size_t length;
    size_t saved = path_push_field(d, tse_str_to_utf8(d->ctx, dict->keys[i].as.ref, &length));
    if (!decode_into(d, type->elem, value_check, node->items[(uint32_t)dict->values[i].as.number], value_slot)) return false;
    dict->values[i] = tse_slot_value(value_slot, type->elem);
    path_pop(d, saved);
  }
  dict->header.type = header_type(d, type);
  *(tse_map**)slot = dict;
  return true;
}

/* Reached only through the module's tse_module_json_composites, so other modules link neither. */
struct tse_json_composites {
  bool (*decode_dict)(decoder* d, const tse_type* type, const tse_literal_check* check, const json_node* node, void* slot);
  bool (*decode_union)(decoder* d, const tse_type* type, const tse_literal_check* check, const json_node* node, void* slot);
};
const struct tse_json_composites tse_json_composites_impl = {decode_dict, decode_union};

/* `T | null`: a pointer's NULL, or a tagged union listing null (a literal check applies to T only). */
static bool accepts_null(const tse_type* type) {
  if (type->kind == TSE_KIND_NULLABLE) return true;
  if (type->kind != TSE_KIND_BOXED) return false;
  for (uint32_t i = 0; i < type->field_count; i++) {
    if (tse_type_fields(type)[i].type->kind == TSE_KIND_NULL) return true;
  }
  return false;
}

static bool decode_into(decoder* d, const tse_type* type, const tse_literal_check* check, const json_node* node, void* slot) {
  tse_check_stack(d->ctx, NULL);
  /* A literal type takes the place of its kind's check (a missing value is OPTIONAL's or BOXED's). */
  if (node != NULL && is_literal_check(check) && !(node->kind == JSON_NULL && accepts_null(type)) && !literal_matches(check, node)) {
    return decode_error(d, "expected %s, got %s", check->name, shown_value(d->ctx, node));
  }
  if (type->field_count > 0 && (type->kind == TSE_KIND_REF || type->kind == TSE_KIND_OPTIONAL || type->kind == TSE_KIND_NULLABLE || type->kind == TSE_KIND_BOXED)) {
    return tse_module_json_composites()->decode_union(d, type, check, node, slot);
  }
  switch (type->kind) {
    case TSE_KIND_NUMBER:
      return decode_number(d, type, check, node, (double*)slot);
    case TSE_KIND_BOOLEAN:
      if (node->kind != JSON_BOOLEAN) return mismatch(d, type, check, node);
      *(bool*)slot = node->boolean;
      return true;
    case TSE_KIND_STRING:
      if (node->kind != JSON_STRING) return mismatch(d, type, check, node);
      *(tse_str*)slot = decoded_string(d, node->string);
      return true;
    case TSE_KIND_OPTIONAL:
      if (node == NULL) {
        *(void**)slot = NULL;
        return true;
      }
      return decode_into(d, type->elem, check, node, slot);
    case TSE_KIND_NULLABLE: /* T | null, T a pointer: NULL is null */
      if (node->kind == JSON_NULL) {
        *(void**)slot = NULL;
        return true;
      }
      return decode_into(d, type->elem, check, node, slot);
    case TSE_KIND_BOXED: {
      tse_value* value = slot;
      if (node == NULL) {
        *value = tse_value_undefined();
        return true;
      }
      if (type->elem->kind == TSE_KIND_NUMBER) {
        double number;
        if (!decode_number(d, type->elem, check, node, &number)) return false;
        *value = tse_value_number(number);
      } else {
        if (node->kind != JSON_BOOLEAN) return mismatch(d, type->elem, check, node);
        *value = tse_value_boolean(node->boolean);
      }
      return true;
    }
    case TSE_KIND_ARRAY: {
      if (node->kind != JSON_ARRAY) return mismatch(d, type, check, node);
      uint32_t size = slot_size(type->elem);
      const tse_literal_check* element_check = child_check(d, check, 0);
      tse_array* array = tse_array_new(d->ctx, header_type(d, type), size, node->count);
      for (uint32_t i = 0; i < node->count; i++) {
        size_t saved = path_push_index(d, i);
        if (!decode_into(d, type->elem, element_check, node->items[i], (unsigned char*)array->data + (size_t)size * i)) {
          return false;
        }
        array->length++;
        path_pop(d, saved);
      }
      *(tse_array**)slot = array;
      return true;
    }
    case TSE_KIND_TUPLE: {
      if (node->kind != JSON_ARRAY) return mismatch(d, type, check, node);
      if (node->count != type->field_count) {
        return decode_error(d, "expected %s, got an array of %u elements", type_name(type, check), node->count);
      }
      unsigned char* object = tse_alloc(d->ctx, type->size);
      memset(object, 0, type->size);
      ((tse_header*)(void*)object)->type = header_type(d, type);
      for (uint32_t i = 0; i < type->field_count; i++) {
        size_t saved = path_push_index(d, i);
        if (!decode_into(d, tse_type_fields(type)[i].type, child_check(d, check, i), node->items[i], object + tse_type_fields(type)[i].offset)) {
          return false;
        }
        path_pop(d, saved);
      }
      *(void**)slot = object;
      return true;
    }
    case TSE_KIND_OBJECT: {
      if (node->kind != JSON_OBJECT) return mismatch(d, type, check, node);
      unsigned char* object = tse_alloc(d->ctx, type->size);
      memset(object, 0, type->size);
      ((tse_header*)(void*)object)->type = header_type(d, type);
      if (!decode_fields(d, type, check, node, object)) return false;
      record_key_order(type, node, object);
      *(void**)slot = object;
      return true;
    }
    case TSE_KIND_DICT:
      return tse_module_json_composites()->decode_dict(d, type, check, node, slot);
    case TSE_KIND_NULL: /* a tagged union's null member (decode_union picked it for JSON null) */
      return true;
    default:
      break;
  }
  return decode_error(d, "unsupported type %s", tse_type_name(type));
}

/* Parses `text` into a tree in `tree_arena`, then decodes the value into ctx's arena. */
static tse_json_status parse_and_decode(tse_ctx* ctx, tse_arena* tree_arena, const tse_type* type, const tse_literal_check* literals,
                                        const char* text, size_t length, bool freeze, void* value_out, const char** error_out,
                                        const char* root_name) {
  tse_arena* value_arena = ctx->arena;
  ctx->arena = tree_arena;
  json_parser parser = {ctx, text, length, 0, NULL};
  json_node* root = NULL;
  bool parsed = parse_value(&parser, &root);
  if (parsed) {
    skip_space(&parser);
    if (parser.pos != length) parsed = fail(&parser, "unexpected text after the JSON value");
  }
  ctx->arena = value_arena;
  if (!parsed) {
    uint32_t line = 1, column = 1;
    for (size_t i = 0; i < parser.pos && i < length; i++) {
      if (text[i] == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    bool config = strcmp(root_name, "filter_config") == 0;
    if (length == 0 && config) {
      *error_out = arena_printf(ctx, "filter_config: expected %s, got nothing (the config is empty)", type_name(type, literals));
      return TSE_JSON_TYPE;
    }
    *error_out = arena_printf(ctx, "%s%sinvalid JSON at line %u column %u: %s", config ? root_name : "", config ? ": " : "", line,
                              column, parser.error);
    return TSE_JSON_SYNTAX;
  }
  decoder d = {ctx, freeze, NULL, NULL, 0, 0, NULL, root_name, literals, strcmp(root_name, "filter_config") == 0, tree_arena != value_arena};
  if (decode_into(&d, type, literals, root, value_out)) return TSE_JSON_OK;
  *error_out = d.error;
  return TSE_JSON_TYPE;
}

/*
 * A value that lives on (freeze: a config, a snapshot's version) is decoded from a tree parsed into
 * a scratch arena, freed once the value is built, with its strings copied next to the objects that
 * hold them. Left in the value's arena, the tree's nodes would sit between those objects and
 * strings, and a hook reading the config would touch several times the cache lines, each a miss
 * inside Envoy (issue 14), besides keeping the tree's memory for the config's life. A failure
 * (memory limit) frees the scratch arena, then fails ctx with the same message.
 */
tse_json_status tse_json_decode(tse_ctx* ctx, const tse_type* type, const tse_literal_check* literals, const char* text,
                                size_t length, bool freeze, void* value_out, const char** error_out, const char* root_name) {
  if (!freeze) return parse_and_decode(ctx, ctx->arena, type, literals, text, length, false, value_out, error_out, root_name);
  tse_arena tree_arena;
  tse_arena_init(&tree_arena, ctx->arena->limit_bytes, NULL, 0);
  tse_jmp_buf fail_target;
  tse_ctx guarded = *ctx;
  guarded.fail_target = &fail_target;
  guarded.fail_message_owned = NULL;
  __asm__ volatile("" : : "r"(&guarded) : "memory"); /* the failure path reads what tse_fail wrote (tse_set_stack_budget) */
  tse_json_status status;
  if (tse_setjmp(fail_target) == 0) {
    status = parse_and_decode(&guarded, &tree_arena, type, literals, text, length, true, value_out, error_out, root_name);
  } else {
    tse_arena_free(&tree_arena);
    free(ctx->fail_message_owned);
    ctx->fail_message_owned = guarded.fail_message_owned;
    ctx->site = guarded.site;
    tse_fail(ctx, guarded.fail_message);
  }
  tse_arena_free(&tree_arena);
  return status;
}

const char* tse_literal_string_mismatch(tse_ctx* ctx, const tse_literal_check* check, tse_str value) {
  json_node node = {.kind = JSON_STRING, .string = value};
  if (!is_literal_check(check) || literal_matches(check, &node)) return NULL;
  return arena_printf(ctx, "expected %s, got %s", check->name, shown_value(ctx, &node));
}
