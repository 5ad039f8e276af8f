/*
 * tse.h: the tsc2envoy C runtime, as seen by generated code.
 *
 * Value representations (chosen by the compiler from static types):
 *   number  -> double            boolean -> bool
 *   string  -> tse_str           (pointer to an immutable tse_string; never NULL)
 *   objects -> pointer to a struct starting with a tse_header
 *   T | undefined where T is a pointer type -> the same pointer, NULL meaning undefined
 *
 * Memory: every allocation comes from the arena of the current tse_ctx (per-stream while a hook
 * runs, per-config while a config is built). Arenas are freed whole; nothing is freed one by one.
 */
#ifndef TSE_H
#define TSE_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TSE_EXPORT __attribute__((visibility("default")))
#define TSE_NORETURN __attribute__((noreturn))
#define TSE_LIKELY(x) __builtin_expect(!!(x), 1)
#define TSE_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* ------------------------------------------------------------------ type descriptors */

typedef enum tse_kind {
  TSE_KIND_NUMBER = 1,
  TSE_KIND_BOOLEAN,
  TSE_KIND_STRING,
  TSE_KIND_ARRAY,    /* tse_array, element type in `elem` */
  TSE_KIND_OBJECT,   /* struct with named fields (class instance or record) */
  TSE_KIND_TUPLE,    /* struct with positional fields */
  TSE_KIND_OPTIONAL, /* `elem | undefined`, elem is a pointer kind; NULL = undefined */
  TSE_KIND_BOXED,    /* `elem | undefined`, elem is number or boolean; represented as tse_value */
} tse_kind;

typedef struct tse_type tse_type;

typedef struct tse_field {
  const char* name; /* UTF-8, NUL-terminated; JSON key for records */
  uint32_t offset;
  const tse_type* type;
} tse_field;

struct tse_type {
  tse_kind kind;
  const char* name; /* as written in TypeScript, for messages: "string", "Config", "[string, string]" */
  uint32_t size;    /* struct size for OBJECT/TUPLE; element slot size for ARRAY elements */
  const tse_type* elem;
  uint32_t field_count;
  const tse_field* fields;
};

extern const tse_type tse_type_number;
extern const tse_type tse_type_boolean;
extern const tse_type tse_type_string;

/* A value whose type is only known at run time (tag says which member of the union). */
typedef enum tse_tag { TSE_TAG_UNDEFINED = 0, TSE_TAG_NULL, TSE_TAG_BOOLEAN, TSE_TAG_NUMBER, TSE_TAG_REF } tse_tag;
typedef struct tse_value {
  uint32_t tag;
  union {
    double number;
    bool boolean;
    const void* ref;
  } as;
} tse_value;

static inline tse_value tse_value_undefined(void) {
  tse_value v = {TSE_TAG_UNDEFINED, {0}};
  return v;
}
static inline tse_value tse_value_number(double n) {
  tse_value v = {TSE_TAG_NUMBER, {0}};
  v.as.number = n;
  return v;
}
static inline tse_value tse_value_boolean(bool b) {
  tse_value v = {TSE_TAG_BOOLEAN, {0}};
  v.as.boolean = b;
  return v;
}

/* Every heap object starts with this header. */
typedef struct tse_header {
  const tse_type* type;
} tse_header;

/* ------------------------------------------------------------------ arenas */

typedef struct tse_arena_chunk tse_arena_chunk;

typedef struct tse_arena {
  tse_arena_chunk* head;
  size_t used_bytes; /* bytes handed out plus chunk overhead */
  size_t limit_bytes;
} tse_arena;

void tse_arena_init(tse_arena* arena, size_t limit_bytes);
void tse_arena_free(tse_arena* arena);

/* ------------------------------------------------------------------ execution context */

typedef struct tse_stream tse_stream;

typedef struct tse_ctx {
  tse_arena* arena;
  void* envoy_filter;    /* envoy_dynamic_module_type_http_filter_envoy_ptr, NULL at config time */
  jmp_buf* fail_target;  /* where tse_fail jumps */
  char fail_message[512];
} tse_ctx;

void* tse_alloc(tse_ctx* ctx, size_t size);
/* A zeroed heap object of `size` bytes whose header points at `type`. */
void* tse_new_object(tse_ctx* ctx, size_t size, const tse_type* type);

/* Abandons the current hook: the glue fails the stream closed (or rejects the config). */
TSE_NORETURN void tse_fail(tse_ctx* ctx, const char* message);
TSE_NORETURN void tse_failf(tse_ctx* ctx, const char* format, ...) __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ strings */

/*
 * A JS string: a sequence of UTF-16 code units. Stored narrow (one byte per unit) when every unit
 * is ASCII, which makes the common header/ASCII case a plain byte copy; otherwise stored wide.
 */
typedef struct tse_string {
  const tse_type* type; /* &tse_type_string */
  uint32_t length;      /* UTF-16 code units, as JS .length */
  uint32_t wide;        /* 0: data is ASCII bytes; 1: data is uint16_t code units */
  unsigned char data[];
} tse_string;

typedef const tse_string* tse_str;

/* Literal strings are emitted as static structs of this shape with a sized array. */
#define TSE_STRING_LITERAL(ident, len, ...)                                                       \
  static const struct {                                                                        \
    const tse_type* type;                                                                      \
    uint32_t length;                                                                           \
    uint32_t wide;                                                                             \
    unsigned char data[(len) + 1];                                                             \
  } ident = {&tse_type_string, (len), 0, __VA_ARGS__}
#define TSE_WIDE_STRING_LITERAL(ident, len, ...)                                                  \
  static const struct {                                                                        \
    const tse_type* type;                                                                      \
    uint32_t length;                                                                           \
    uint32_t wide;                                                                             \
    uint16_t data[(len) + 1];                                                                  \
  } ident = {&tse_type_string, (len), 1, __VA_ARGS__}
#define TSE_STR(ident) ((tse_str)(const void*)&(ident))

extern const tse_string tse_empty_string;

tse_str tse_str_from_utf8(tse_ctx* ctx, const char* bytes, size_t length);
tse_str tse_str_from_ascii(tse_ctx* ctx, const char* bytes, size_t length);
/* UTF-8 bytes of s (lone surrogates become U+FFFD); points into s when s is narrow. */
const char* tse_str_to_utf8(tse_ctx* ctx, tse_str s, size_t* length_out);
tse_str tse_str_concat(tse_ctx* ctx, tse_str a, tse_str b);
bool tse_str_equals(tse_str a, tse_str b);
/* <0, 0, >0 comparing code units as JS relational operators do. */
int tse_str_compare(tse_str a, tse_str b);
static inline uint16_t tse_str_unit(tse_str s, uint32_t i) {
  return s->wide ? ((const uint16_t*)(const void*)s->data)[i] : s->data[i];
}

/* ------------------------------------------------------------------ numbers */

/* Number::toString(10) exactly as ECMAScript specifies it. */
tse_str tse_number_to_string(tse_ctx* ctx, double value);
double tse_number_mod(double a, double b);
double tse_number_pow(double base, double exponent);
tse_str tse_bool_to_string(bool value);

/* ------------------------------------------------------------------ arrays */

typedef struct tse_array {
  const tse_type* type; /* ARRAY type; type->elem->... gives the element type */
  uint32_t length;
  uint32_t capacity;
  void* data;           /* `length` slots of the element's C representation */
} tse_array;

tse_array* tse_array_new(tse_ctx* ctx, const tse_type* type, uint32_t slot_size, uint32_t capacity);

/* array[index] as JS reads it: only integer indices within the length find an element. */
static inline bool tse_array_index(const tse_array* array, double index, uint32_t* slot) {
  if (index >= 0 && index < (double)array->length && index == (double)(uint32_t)index) {
    *slot = (uint32_t)index;
    return true;
  }
  return false;
}
static inline const void* tse_array_at_ref(const tse_array* array, double index) {
  uint32_t slot;
  return tse_array_index(array, index, &slot) ? ((const void* const*)array->data)[slot] : NULL;
}
static inline tse_value tse_array_at_number(const tse_array* array, double index) {
  uint32_t slot;
  return tse_array_index(array, index, &slot) ? tse_value_number(((const double*)array->data)[slot]) : tse_value_undefined();
}
static inline tse_value tse_array_at_boolean(const tse_array* array, double index) {
  uint32_t slot;
  return tse_array_index(array, index, &slot) ? tse_value_boolean(((const bool*)array->data)[slot]) : tse_value_undefined();
}
/* Makes room for one more slot and returns a pointer to it; length grows by one. */
void* tse_array_push_slot(tse_ctx* ctx, tse_array* array, uint32_t slot_size);

/* ------------------------------------------------------------------ errors */

/* The checks behind narrowing that TypeScript cannot prove (fields, `x!`). */
static inline const void* tse_check_defined(tse_ctx* ctx, const void* value) {
  if (TSE_UNLIKELY(value == NULL)) tse_fail(ctx, "TypeError: value is undefined where the program expected it defined");
  return value;
}
static inline double tse_unbox_number(tse_ctx* ctx, tse_value value, bool checked) {
  if (checked && TSE_UNLIKELY(value.tag != TSE_TAG_NUMBER)) tse_fail(ctx, "TypeError: value is undefined where the program expected a number");
  return value.as.number;
}
static inline bool tse_unbox_boolean(tse_ctx* ctx, tse_value value, bool checked) {
  if (checked && TSE_UNLIKELY(value.tag != TSE_TAG_BOOLEAN)) tse_fail(ctx, "TypeError: value is undefined where the program expected a boolean");
  return value.as.boolean;
}
static inline bool tse_number_truthy(double value) { return value == value && value != 0; }
bool tse_value_strict_equals(tse_value a, tse_value b);
static inline bool tse_optional_str_equals(tse_str a, tse_str b) {
  return a == NULL || b == NULL ? a == b : tse_str_equals(a, b);
}
/* A hook's status must be one the ABI defines, or Envoy would misbehave. */
int32_t tse_check_status(tse_ctx* ctx, double status, int32_t max_status);

/* `throw new Error(message)` outside any try: fails the hook closed with the message. */
TSE_NORETURN void tse_throw_error(tse_ctx* ctx, tse_str message);

/* ------------------------------------------------------------------ JSON config */

/* Parses JSON text and decodes it into a value of `type`; on error writes "path: message" to
 * error_out (NUL-terminated) and returns false. The value is allocated in ctx's arena. */
bool tse_json_decode(tse_ctx* ctx, const tse_type* type, const char* text, size_t length, void* value_out,
                     char* error_out, size_t error_capacity);

/* ------------------------------------------------------------------ HTTP filter module definition */

typedef struct tse_filter_def {
  const char* name;
  /* NULL when the factory takes no config: any filter_config is accepted and ignored. */
  const tse_type* config_type;
  /* The config type is `string`: filter_config is passed as-is instead of parsed as JSON. */
  bool config_is_raw_string;
  void* (*new_filter)(tse_ctx* ctx, void* config);
  /* Hooks the filter class defines; NULL means "continue". Return the ABI status value. */
  int32_t (*on_request_headers)(tse_ctx* ctx, void* self, bool end_of_stream);
  int32_t (*on_response_headers)(tse_ctx* ctx, void* self, bool end_of_stream);
  void (*on_stream_complete)(tse_ctx* ctx, void* self);
} tse_filter_def;

/* Provided by the generated module. */
extern const tse_filter_def* const tse_module_filters[];
extern const uint32_t tse_module_filter_count;
extern const size_t tse_module_stream_memory_limit;
extern const char tse_module_name[];

/* ------------------------------------------------------------------ Envoy API used by filters */

enum { TSE_REQUEST_HEADER = 0, TSE_REQUEST_TRAILER = 1, TSE_RESPONSE_HEADER = 2, TSE_RESPONSE_TRAILER = 3 };

tse_str tse_http_get_header(tse_ctx* ctx, int32_t header_type, tse_str name); /* NULL if absent */
tse_array* tse_http_get_header_values(tse_ctx* ctx, int32_t header_type, tse_str name);
tse_array* tse_http_get_headers(tse_ctx* ctx, int32_t header_type);
bool tse_http_set_header(tse_ctx* ctx, int32_t header_type, tse_str name, tse_str value);
bool tse_http_add_header(tse_ctx* ctx, int32_t header_type, tse_str name, tse_str value);
bool tse_http_remove_header(tse_ctx* ctx, int32_t header_type, tse_str name);
/* headers: array of [string, string] tuples or NULL; body, details: NULL for none. */
void tse_http_send_response(tse_ctx* ctx, double status, tse_array* headers, tse_str body, tse_str details);
tse_str tse_http_get_attribute_string(tse_ctx* ctx, double attribute_id); /* NULL if unavailable */
tse_value tse_http_get_attribute_int(tse_ctx* ctx, double attribute_id); /* number or undefined */
void tse_log(tse_ctx* ctx, int32_t level, tse_str message, const char* source_file, uint32_t source_line);

/* [string, string]: the tuple type of header lists, shared by the runtime and generated code. */
typedef struct tse_tuple_string_string {
  tse_header header;
  tse_str item0;
  tse_str item1;
} tse_tuple_string_string;
extern const tse_type tse_type_tuple_string_string;
extern const tse_type tse_type_array_tuple_string_string;
extern const tse_type tse_type_array_string;

#endif /* TSE_H */
