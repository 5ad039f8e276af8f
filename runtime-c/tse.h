/*
 * tse.h: the tsc2envoy C runtime as generated code sees it, and only that.
 *
 * Value representations (chosen by the compiler from static types):
 *   number  -> double            boolean -> bool
 *   string  -> tse_str           (pointer to an immutable tse_string; never NULL)
 *   objects -> pointer to a struct starting with a tse_header
 *   T | undefined where T is a pointer type -> the same pointer, NULL meaning undefined
 *
 * Memory: every allocation comes from the arena of the current tse_ctx (per-stream while a hook
 * runs, per-config while a config is built). Arenas are freed whole; nothing is freed one by one.
 *
 * Layout: the representations every file shares come first; then one section per source file of
 * runtime-c/, lowest layer first, declaring what generated code calls there. The header reads as
 * the runtime's table of contents. What only the runtime itself uses is in tse_internal.h, which
 * includes this header (never the other way round).
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

/*
 * The jumps of failing closed and of throw (tse_fail, tse_throw) back to the glue's or a try's
 * tse_setjmp. On x86-64 they are the runtime's own (arena.c): eleven instructions that save the
 * callee-saved registers, the stack pointer and where to return, in the module's own code. libc's
 * setjmp is three functions of libc's (and the signal-mask and pointer-mangling work) whose code is
 * out of the caches at every hook inside Envoy (issue 14: header_mutation about 100 estimated
 * cycles a stream fewer, docs/benchmarks.md#cold-caches-estimated-cycles-per-stream). Declared
 * returns_twice, so compilers treat tse_setjmp as they treat setjmp (a local changed after it and
 * read after the jump back must be volatile). libc's are kept where AddressSanitizer or
 * ThreadSanitizer must see the jump (they intercept longjmp to fix their shadow of the stack), and
 * with control-flow protection, whose shadow stack libc's longjmp unwinds. (The compiler's
 * __builtin_setjmp is not safe with clang: it does not treat the function as returning twice.)
 */
#if defined(__SANITIZE_ADDRESS__)
#define TSE_ASAN 1 /* also arena.c's poisoning (tse_internal.h) */
#endif
#if defined(__SANITIZE_THREAD__)
#define TSE_TSAN 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TSE_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define TSE_TSAN 1
#endif
#endif
#if defined(__x86_64__) && defined(__linux__) && !defined(TSE_ASAN) && !defined(TSE_TSAN) && !defined(__CET__)
#define TSE_OWN_JUMPS 1
typedef uint64_t tse_jmp_buf[8]; /* rbx, rbp, r12-r15, rsp, the return address */
int tse_setjmp_x86_64(tse_jmp_buf buffer) __attribute__((returns_twice));
__attribute__((noreturn)) void tse_longjmp_x86_64(tse_jmp_buf buffer);
#define tse_setjmp(buffer) tse_setjmp_x86_64(buffer)
#define tse_longjmp(buffer) tse_longjmp_x86_64(buffer)
#else
typedef jmp_buf tse_jmp_buf;
#define tse_setjmp(buffer) setjmp(buffer)
#define tse_longjmp(buffer) longjmp(buffer, 1)
#endif

/* ================================================================== representations */

/* ------------------------------------------------------------------ type descriptors */

typedef enum tse_kind {
  TSE_KIND_NUMBER = 1,
  TSE_KIND_BOOLEAN,
  TSE_KIND_STRING,
  TSE_KIND_ARRAY,    /* tse_array, element type in `elem` */
  TSE_KIND_OBJECT,   /* struct with named fields (class instance or record) */
  TSE_KIND_TUPLE,    /* struct with positional fields */
  TSE_KIND_OPTIONAL, /* pointer slot, NULL = undefined (`elem | undefined`; elem NULL: any heap member) */
  TSE_KIND_BOXED,    /* tse_value slot (a union of primitives and objects; elem: its one non-undefined member, if so) */
  TSE_KIND_NULLABLE, /* pointer slot, NULL = null */
  TSE_KIND_REF,      /* pointer slot, never NULL, to any of several heap kinds */
  TSE_KIND_UNDEFINED,
  TSE_KIND_NULL,
  TSE_KIND_FUNCTION, /* tse_closure */
  TSE_KIND_ERROR,    /* tse_error */
  TSE_KIND_MAP,      /* tse_map */
  TSE_KIND_SET,      /* tse_map without values */
  TSE_KIND_OTHER,    /* runtime objects with no fields to show (RegExp, ...) */
  TSE_KIND_DICT,     /* tse_map of string keys in property order (Record<string, T>); value type in `elem` */
} tse_kind;

typedef struct tse_type tse_type;
struct tse_ctx;    /* below: the to_string / to_json hooks of a descriptor take them */
struct tse_string;

typedef struct tse_field {
  uint32_t offset;
  /*
   * Bytes from this field to its name (UTF-8, NUL-terminated; the JSON key for records), which
   * follows the table (compiler/emit/c-types.ts): no pointer to relocate when the module loads.
   * 0: no name (a union's members).
   */
  uint32_t name_offset;
  const tse_type* type;
} tse_field;

static inline const char* tse_field_name(const tse_field* field) {
  return field->name_offset ? (const char*)field + field->name_offset : NULL;
}

/*
 * A descriptor is one read-only object with what it lists: the descriptor, its fields (each
 * followed by nothing: right after the descriptor, tse_type_fields), the fields' names, then its own
 * name and class name, found by their distances from it (TSE_NAMED_TYPE here, compiler/emit/c-types.ts).
 * No pointer but `elem`, the fields' types and the hooks is relocated when the module loads
 * (docs/benchmarks.md#module-size).
 */
struct tse_type {
  tse_kind kind;
  uint32_t size;    /* struct size for OBJECT/TUPLE; element slot size for ARRAY elements */
  uint32_t field_count; /* fields in declaration order, after the descriptor; a record's own property order is its tse_keys */
  /*
   * Records (OBJECT descriptors of interfaces and object types): the offset of the object's
   * tse_keys, the order its properties came to exist in. 0: every field is a property, in
   * `fields` order (class instances).
   */
  uint32_t keys_offset;
  /* Bytes from the descriptor to its name as written in TypeScript, for messages: "string", "Config", "[string, string]". */
  uint32_t name_offset;
  /* OBJECT: bytes to the class name for class instances, 0 for plain objects ("Object"); for messages. */
  uint32_t class_name_offset;
  /* Bytes of the descriptor with its fields and names: what a frozen copy copies (its offsets then still hold). */
  uint32_t extent;
  const tse_type* elem;
  /* Set on a frozen copy (values of the config, shared by every stream): the descriptor it copies. */
  const tse_type* frozen_of;
  /* OBJECT: the object's own toString() (a class method or a function property), which ToString
   * calls; NULL, or a NULL result (an optional property not set): "[object Object]". */
  const struct tse_string* (*to_string)(struct tse_ctx* ctx, const void* object);
  /* OBJECT: its toJSON(key), which JSON.stringify calls: writes the result into `out` (a slot of
   * the result's representation, at most a tse_value) and returns the result's descriptor; NULL
   * when it has none (an optional property not set). */
  const tse_type* (*to_json)(struct tse_ctx* ctx, const void* object, const struct tse_string* key, void* out);
};
_Static_assert(sizeof(tse_type) % _Alignof(tse_field) == 0, "a descriptor's fields follow it");

static inline const tse_field* tse_type_fields(const tse_type* type) { return (const tse_field*)(type + 1); }
static inline const char* tse_type_name(const tse_type* type) { return (const char*)type + type->name_offset; }
static inline const char* tse_type_class_name(const tse_type* type) {
  return type->class_name_offset ? (const char*)type + type->class_name_offset : NULL;
}

/* A descriptor without fields, followed by its name: `id` is the object, `id_named.type` the descriptor. */
typedef struct tse_named_type {
  tse_type type;
  char name[];
} tse_named_type;
#define TSE_NAMED_TYPE(id, text, ...) \
  const tse_named_type id##_named = {{.name_offset = offsetof(tse_named_type, name), .extent = offsetof(tse_named_type, name) + sizeof(text), __VA_ARGS__}, {text}}
#define TSE_DECLARE_NAMED_TYPE(id) extern const tse_named_type id##_named

/* Every heap object starts with this header. */
typedef struct tse_header {
  const tse_type* type;
} tse_header;

/* Whether a heap object is of the layout whose descriptor is `type`. */
static inline bool tse_is(const void* object, const tse_type* type) {
  const tse_type* actual = *(const tse_type* const*)object;
  return actual == type || actual->frozen_of == type;
}

/*
 * Frozen objects: the config is built once and read by every stream on every worker thread, so
 * its objects, arrays and tuples are frozen, as the reference SDK freezes them in Node: a write
 * throws the TypeError JavaScript throws instead of touching shared memory.
 */
static inline bool tse_is_frozen(const void* object) { return (*(const tse_type* const*)object)->frozen_of != NULL; }

/*
 * A record's own properties in creation order, as JavaScript keeps them: keys[0] is the count,
 * keys[1..count] index the fields of its descriptor. An optional property assigned later is
 * appended; one never assigned is absent (JSON.stringify and Object.keys leave it out).
 */
static inline bool tse_key_has(const uint8_t* keys, uint32_t index) {
  for (uint32_t i = 1; i <= keys[0]; i++) {
    if (keys[i] == index) return true;
  }
  return false;
}
static inline void tse_key_define(uint8_t* keys, uint32_t index) {
  if (!tse_key_has(keys, index)) keys[++keys[0]] = (uint8_t)index;
}
/*
 * An integer-like key (an array index: a record's layout has those first, ascending): JavaScript
 * lists them first in ascending order, so it goes before the first key of a higher field.
 */
void tse_key_define_index(uint8_t* keys, uint32_t index);
bool tse_key_is_index(const char* name); /* "0".."4294967294" without leading zeros */

/* ------------------------------------------------------------------ tagged values */

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
static inline tse_value tse_value_null(void) {
  tse_value v = {TSE_TAG_NULL, {0}};
  return v;
}
static inline tse_value tse_value_ref(const void* ref) {
  tse_value v = {TSE_TAG_REF, {0}};
  v.as.ref = ref;
  return v;
}
/* A pointer-represented union member as a tagged value: NULL stands for `nullish_tag`. */
static inline tse_value tse_value_from_ref(const void* ref, uint32_t nullish_tag) {
  tse_value v = {ref ? TSE_TAG_REF : nullish_tag, {0}};
  v.as.ref = ref;
  return v;
}

/* ------------------------------------------------------------------ strings */

/*
 * A JS string: a sequence of UTF-16 code units. Stored narrow (one byte per unit) when every unit
 * is ASCII, which makes the common header/ASCII case a plain byte copy; otherwise stored wide.
 * A narrow string never holds a byte >= 0x80: tables indexed by its bytes (the one-pass regex's
 * char_class, ascii_units) have 128 entries (regex.c's rx_onepass lists the constructors).
 */
typedef struct tse_string {
  const tse_type* type; /* &tse_type_string */
  uint32_t length;      /* UTF-16 code units, as JS .length */
  uint16_t wide;        /* 0: data is ASCII bytes; 1: data is uint16_t code units */
  uint16_t checks;      /* checks the content passed, remembered (TSE_STR_CHECKED_*); 0 when made */
  unsigned char data[];
} tse_string;

typedef const tse_string* tse_str;

/*
 * What a string's `checks` remember: the content passed the header-name or header-value check
 * (runtime-c/envoy_api.c). TSE_STR_READ_ONLY: a literal in read-only memory, whose checks were
 * written when it was compiled and which the runtime never writes.
 */
enum { TSE_STR_CHECKED_HEADER_NAME = 1, TSE_STR_CHECKED_HEADER_VALUE = 2, TSE_STR_READ_ONLY = 0x4000 };

/*
 * Literal strings are emitted as static const structs of this shape with a sized array: read-only,
 * shared by every thread, and not on the module's writable pages. `checks`: the checks the content
 * passes (the compiler computes them for the literals it emits, compiler/emit/c-types.ts).
 */
#define TSE_STRING_LITERAL(ident, len, ...) TSE_STRING_LITERAL_CHECKED(ident, len, 0, __VA_ARGS__)
#define TSE_STRING_LITERAL_CHECKED(ident, len, passed, ...)                                       \
  static const struct {                                                                        \
    const tse_type* type;                                                                      \
    uint32_t length;                                                                           \
    uint16_t wide;                                                                             \
    uint16_t checks;                                                                           \
    unsigned char data[(len) + 1];                                                             \
  } ident = {&tse_type_string, (len), 0, TSE_STR_READ_ONLY | (passed), __VA_ARGS__}
#define TSE_WIDE_STRING_LITERAL(ident, len, ...)                                                  \
  static const struct {                                                                        \
    const tse_type* type;                                                                      \
    uint32_t length;                                                                           \
    uint16_t wide;                                                                             \
    uint16_t checks;                                                                           \
    uint16_t data[(len) + 1];                                                                  \
  } ident = {&tse_type_string, (len), 1, TSE_STR_READ_ONLY, __VA_ARGS__}
#define TSE_STR(ident) ((tse_str)(const void*)&(ident))

static inline uint16_t tse_str_unit(tse_str s, uint32_t i) {
  return s->wide ? ((const uint16_t*)(const void*)s->data)[i] : s->data[i];
}

/* ------------------------------------------------------------------ arrays */

typedef struct tse_array {
  const tse_type* type; /* ARRAY type; type->elem->... gives the element type */
  uint32_t length;
  uint32_t capacity;
  void* data;           /* `length` slots of the element's C representation */
} tse_array;

/* array[index] as JS reads it: only integer indices within the length find an element. */
static inline bool tse_array_index(const tse_array* array, double index, uint32_t* slot) {
  if (index >= 0 && index < (double)array->length && index == (double)(uint32_t)index) {
    *slot = (uint32_t)index;
    return true;
  }
  return false;
}

/* [string, string]: the tuple type of header lists, shared by the runtime and generated code. */
typedef struct tse_tuple_string_string {
  tse_header header;
  tse_str item0;
  tse_str item1;
} tse_tuple_string_string;

/* ------------------------------------------------------------------ execution context */

typedef struct tse_arena tse_arena; /* tse_internal.h */
typedef struct tse_error tse_error;

/* A try block: where a throw inside it jumps. */
typedef struct tse_handler {
  tse_jmp_buf jump;
  struct tse_handler* previous;
} tse_handler;

/*
 * A place in the filter's TypeScript source. Generated code sets ctx->site before each operation
 * that can throw or fail (a constant from a static table); errors keep the site they were created
 * at, and failure lines name the site of the failure (runtime-c/http_filter.c).
 */
typedef struct tse_site {
  uint32_t line;
  /* Bytes from this site to its file's name: a file's sites are followed by the name (no pointer to relocate). */
  uint32_t file_offset;
} tse_site;

static inline const char* tse_site_file(const tse_site* site) { return (const char*)site + site->file_offset; }

/* What every generated function takes: where to allocate, the stream, where failures and throws go. */
typedef struct tse_ctx {
  tse_arena* arena;
  void* envoy_filter;      /* envoy_dynamic_module_type_http_filter_envoy_ptr, NULL at config time */
  tse_jmp_buf* fail_target;    /* where tse_fail jumps */
  tse_handler* handler;    /* innermost try block, NULL outside any */
  tse_error* exception;    /* what the last throw threw */
  const char* stack_limit; /* calls fail with RangeError once the stack reaches it */
  int64_t fuel;            /* steps left in this hook call (--cpu-budget) */
  const tse_site* site;    /* of the operation running (NULL: none known) */
  const char* fail_message;  /* why tse_fail jumped */
  char* fail_message_owned;  /* a formatted message, freed by the glue (tse_ctx_release) */
  /* The filter config's metrics (handles index it); the Envoy config pointer in the config stage only. */
  struct tse_metric_table* metrics;
  void* envoy_config;
  /* The filter config's log writers (handles index it): log_writer.c. */
  struct tse_log_writers* log_writers;
  struct tse_bytes** borrowed; /* the stream's borrowed body views (NULL outside a stream) */
  /* Async hooks (async.c): the stream's async state, the frame of the hook resumed, whether it suspended. */
  struct tse_async_state* async_state;
  void* async_frame;
  bool suspended;
  /* Another kind's metric callbacks (network_filter.c, ...); NULL: HTTP's. */
  const struct tse_metric_ops* metric_ops;
} tse_ctx;

/* ------------------------------------------------------------------ errors */

/* The built-in error constructors; `instanceof` tests this, not the (writable) name. */
typedef enum tse_error_kind {
  TSE_ERROR = 0,
  TSE_TYPE_ERROR,
  TSE_RANGE_ERROR,
  TSE_SYNTAX_ERROR,
  TSE_REFERENCE_ERROR,
  TSE_EVAL_ERROR,
  TSE_URI_ERROR,
} tse_error_kind;

/* An Error object (the only kind of value filter code may throw). */
struct tse_error {
  tse_header header; /* &tse_type_error */
  tse_str name;
  tse_str message;
  int32_t kind;
  const tse_site* site; /* ctx->site when it was created: a `new Error` expression, or what threw it */
};

/* A function value: code pointer plus captured variables (in a struct extending this one). */
typedef struct tse_closure {
  tse_header header; /* &tse_type_function */
  void* code;
} tse_closure;

/* ------------------------------------------------------------------ Map and Set */

/* Keys and values are tagged values; SameValueZero compares keys (strings by content). */
typedef struct tse_map {
  tse_header header; /* a TSE_KIND_MAP or TSE_KIND_SET descriptor */
  uint32_t size;     /* live entries */
  uint32_t count;    /* entries ever added (live and deleted), in insertion order */
  uint32_t capacity;
  uint32_t index_capacity;
  tse_value* keys;
  tse_value* values; /* NULL for a Set */
  uint8_t* deleted;
  uint32_t* index;
} tse_map;

/* ------------------------------------------------------------------ regular expressions */

/*
 * RegExp literals are compiled at build time (compiler/regex/) into static tables: a Pike VM
 * program (priority-ordered Thompson NFA with capture slots) and, where it applies, a minimized
 * DFA for `test`. runtime-c/regex.c runs them on UTF-16 code units, or code points under `u`.
 */
enum { TSE_RX_CHAR = 0, TSE_RX_SET, TSE_RX_SPLIT, TSE_RX_SAVE, TSE_RX_RESET, TSE_RX_ASSERT, TSE_RX_LOOK, TSE_RX_MATCH, TSE_RX_FAIL, TSE_RX_LOOK_MATCH };
enum { TSE_RX_START = 0, TSE_RX_END, TSE_RX_LINE_START, TSE_RX_LINE_END, TSE_RX_WORD_BOUNDARY, TSE_RX_NOT_WORD_BOUNDARY };
enum { TSE_RX_GLOBAL = 1, TSE_RX_IGNORE_CASE = 2, TSE_RX_MULTILINE = 4, TSE_RX_DOT_ALL = 8, TSE_RX_UNICODE = 16, TSE_RX_STICKY = 32 };
/* `v` (new RegExp only): also TSE_RX_UNICODE, which decides how matching steps; `unicode` is false. */
enum { TSE_RX_UNICODE_SETS = 64 };

/* One instruction. CHAR a: the char; SET a: set index; SPLIT: next first, then b; SAVE a: slot;
 * RESET: slots a..b-1; ASSERT a: kind; LOOK a: lookahead entry, b: 1 if negative. */
typedef struct tse_rx_inst {
  uint32_t op;
  uint32_t a;
  uint32_t b;
  uint32_t next;
} tse_rx_inst;

/* A character set: a bitmap below 256, sorted inclusive [lo, hi] pairs from 256 up. */
typedef struct tse_rx_set {
  uint32_t low[8];
  uint32_t range_count;
  const uint32_t* ranges;
} tse_rx_set;

/* A DFA over character classes; state 0 is initial, -1 dead. */
typedef struct tse_rx_dfa {
  const uint16_t* byte_class; /* 256 entries */
  uint32_t upper_count;
  const uint32_t* upper; /* [start, class] pairs for chars from 256 up, sorted */
  uint32_t class_count;
  const int32_t* next; /* state * class_count + class */
  const uint8_t* finals;
  bool anchored_start;
  bool anchored_end;
} tse_rx_dfa;

/* One step of a one-pass table (compiler/regex/onepass.ts): on a char, or a state's match. */
typedef struct tse_rx_step {
  int16_t next;         /* the next state's first step (state * class_count); -1: none (a match: 0 when there is one) */
  uint8_t conds;        /* TSE_RX_AT_START, TSE_RX_AT_END: where the path may be taken; TSE_RX_CHECK: the state has a match a char may meet; TSE_RX_ACTIONS: slot writes; TSE_RX_NO_WAY: next is -1 */
  uint8_t match_wins;   /* the state's match comes first: where it holds, it ends the search */
  uint16_t action;      /* slot writes: actions[action .. action + action_count) */
  uint16_t action_count;
} tse_rx_step;
enum { TSE_RX_AT_START = 1, TSE_RX_AT_END = 2, TSE_RX_CHECK = 4, TSE_RX_ACTIONS = 8, TSE_RX_NO_WAY = 16 };

/* Anchored patterns whose next ASCII char always picks one way on: exec in one pass. */
typedef struct tse_rx_onepass {
  const uint8_t* char_class; /* 128 entries: narrow strings are ASCII */
  uint32_t class_count;
  const tse_rx_step* steps; /* state * class_count + class */
  const tse_rx_step* matches; /* per state */
  const int16_t* actions; /* s >= 0: slot s = position; s < 0: slot ~s = -1 */
  /* The table as code (compiler/emit/c-regex-onepass.ts), run instead of rx_onepass; steps, matches
     and actions are then NULL. NULL: rx_onepass reads the table. */
  bool (*run)(tse_str s, uint32_t start, int32_t* slots);
} tse_rx_onepass;

typedef struct tse_regex {
  tse_str source;
  tse_str flags; /* canonical order, as RegExp.prototype.flags */
  uint32_t flag_bits;
  uint32_t group_count;       /* capture groups, not counting the whole match */
  const tse_str* group_names; /* group_count names (NULL: unnamed); NULL when no group is named */
  uint32_t inst_count;
  const tse_rx_inst* insts;
  uint32_t entry;
  const tse_rx_set* sets;
  uint32_t word_set; /* \w under the flags, for \b */
  const tse_rx_dfa* dfa; /* NULL: test runs the Pike VM */
  int32_t first_set;     /* every match starts with a char of this set; -1: unknown */
  int32_t first_ascii;   /* ... which is this one ASCII char; -1: not a single ASCII char */
  bool anchored_start;   /* matches start only at 0 */
  const tse_rx_onepass* onepass; /* NULL: exec runs the backtracker or the Pike VM */
  /* `new RegExp(...)` (regex_dynamic.c): set instead of the tables above; NULL for a literal. */
  const struct tse_rx_dynamic* dynamic;
} tse_regex;

/* A regex compiled at config load by the vendored engine; `match` keeps regex.c free of it. */
typedef struct tse_rx_dynamic {
  bool (*match)(tse_ctx* ctx, const tse_regex* re, tse_str s, uint32_t start, bool sticky, int32_t* slots);
  const uint8_t* search;   /* bytecode without y: a search from the start index */
  const uint8_t* anchored; /* bytecode with y, for a `y` pattern; NULL otherwise */
  uint32_t alloc_count;    /* capture pointers lre_exec needs */
} tse_rx_dynamic;

/* A RegExp object: each evaluation of a literal makes one (lastIndex is per object). */
typedef struct tse_regexp {
  tse_header header; /* &tse_type_regexp */
  const tse_regex* regex;
  double last_index;
  bool frozen; /* captured by a per-stream factory: lastIndex is read-only, as after Object.freeze */
} tse_regexp;

/* A match: an array of (string | undefined) (the tse_array prefix), plus index and input. */
typedef struct tse_regexp_match {
  const tse_type* type; /* &tse_type_regexp_match */
  uint32_t length;
  uint32_t capacity;
  void* data;
  double index;
  tse_str input;
  bool has_index; /* false for the array `match` returns with `g`: index and input are undefined */
  const tse_regex* regex; /* its group names (m.groups); NULL where groups is undefined (`match` with `g`) */
} tse_regexp_match;

/* ------------------------------------------------------------------ literal types of decoded JSON */

/*
 * The literal types of a type decoded from JSON ("a" | "b", enums, 1 | 2, true), which its
 * descriptors leave out (types differing only in literals share them): emitted per decode site
 * (compiler/lower/literal-checks.ts), the root's check first. ARRAY and FIELDS (one per record
 * field or tuple element) lead to the checks below them by index into the same table, -1 where
 * nothing below has literal types. `name` is the type as written, for messages.
 */
typedef enum tse_literal_kind {
  TSE_LITERAL_STRINGS,
  TSE_LITERAL_NUMBERS,
  TSE_LITERAL_BOOLEAN,
  TSE_LITERAL_ARRAY,
  TSE_LITERAL_FIELDS,
  TSE_LITERAL_UNION, /* children: one per member but undefined and null, in the descriptor's order */
} tse_literal_kind;

typedef struct tse_literal_check {
  tse_literal_kind kind;
  const char* name;
  uint32_t count;          /* values (STRINGS, NUMBERS) or children (ARRAY: 1, FIELDS) */
  const tse_str* strings;  /* STRINGS */
  const double* numbers;   /* NUMBERS */
  bool boolean;            /* BOOLEAN */
  const int32_t* children; /* ARRAY, FIELDS, UNION */
  /* UNION of several object members: the property whose value picks the member, and its values as
   * messages list them ("prefix" | "regex"). */
  const char* discriminant;
  const char* discriminant_values;
} tse_literal_check;

/* ------------------------------------------------------------------ the module's filters */

typedef struct tse_filter_def {
  const char* name;
  /* NULL when the factory takes no config: any filter_config is accepted and ignored. */
  const tse_type* config_type;
  /* The config type's literal checks (also of a raw string config); NULL when it has no literal types. */
  const tse_literal_check* config_literals;
  /* The config type is `string`: filter_config is passed as-is instead of parsed as JSON. */
  bool config_is_raw_string;
  void* (*new_filter)(tse_ctx* ctx, void* config);
  /*
   * The config stage (registerHttpFilter's two-stage factory), NULL for the one-stage shape: runs
   * once per config with the decoded config and returns what new_filter then gets instead.
   */
  void* (*configure)(tse_ctx* ctx, void* config);
  /* Hooks the filter class defines; NULL means "continue". Return the ABI status value. */
  int32_t (*on_request_headers)(tse_ctx* ctx, void* self, bool end_of_stream);
  int32_t (*on_response_headers)(tse_ctx* ctx, void* self, bool end_of_stream);
  void (*on_stream_complete)(tse_ctx* ctx, void* self);
  int32_t (*on_request_trailers)(tse_ctx* ctx, void* self);
  int32_t (*on_response_trailers)(tse_ctx* ctx, void* self);
  int32_t (*on_request_body)(tse_ctx* ctx, void* self, bool end_of_stream);
  int32_t (*on_response_body)(tse_ctx* ctx, void* self, bool end_of_stream);
  /*
   * registerHttpFilter's RouteConfig type argument (issue 9): the per-route config's descriptor
   * (NULL: per-route configs are refused), its literal checks, and whether it is passed as-is.
   */
  const tse_type* per_route_type;
  const tse_literal_check* per_route_literals;
  bool per_route_is_raw_string;
  void (*on_downstream_above_write_buffer_high_watermark)(tse_ctx* ctx, void* self);
  void (*on_downstream_below_write_buffer_low_watermark)(tse_ctx* ctx, void* self);
  /*
   * compiler/ir/purity.ts: the factory only wraps frozen values and nothing writes the instance, so
   * one instance, made once per config, serves every stream (the factory does not run per stream).
   */
  bool shared_instance;
} tse_filter_def;

/* Provided by the generated module. */
extern const tse_filter_def* const tse_module_filters[];
extern const uint32_t tse_module_filter_count;
extern const size_t tse_module_stream_memory_limit;
extern const int64_t tse_module_cpu_budget; /* steps per hook call; 0: no budget (no fuel is spent) */
extern const char tse_module_name[];
/* Builds and deep-freezes the module-level const tables; defined only by a module that has some. */
__attribute__((weak, visibility("hidden"))) void tse_module_build_tables(tse_ctx* ctx);
/*
 * async.c's stream side (http_filter.c calls it through this table): only a module with async hooks
 * defines the function giving it (c-module.ts), so --gc-sections drops async.c from the others. Weak
 * and hidden, as tse_module_build_tables: NULL in those, and never exported or imported.
 */
struct tse_async_ops;
extern const struct tse_async_ops tse_async_ops_impl;
__attribute__((weak, visibility("hidden"))) const struct tse_async_ops* tse_module_async_ops(void);
/* json.c's decoders of records and multi-member unions: defined only by a module whose types have some (c-module.ts). */
struct tse_json_composites;
extern const struct tse_json_composites tse_json_composites_impl;
__attribute__((weak, visibility("hidden"))) const struct tse_json_composites* tse_module_json_composites(void);

/* ================================================================== arena.c: memory */

/* `size` bytes from the ctx's arena (16-byte aligned, not zeroed); fails the hook past the limit. */
void* tse_alloc(tse_ctx* ctx, size_t size);
/* A zeroed heap object of `size` bytes whose header points at `type`. */
void* tse_new_object(tse_ctx* ctx, size_t size, const tse_type* type);
/* A variable captured by a closure and assigned after capture lives in a heap cell. */
#define TSE_NEW_CELL(ctx, ctype) ((ctype*)tse_alloc((ctx), sizeof(ctype)))

/* Abandons the current hook: the glue fails the stream closed (or rejects the config). */
TSE_NORETURN void tse_fail(tse_ctx* ctx, const char* message);

/*
 * Early release (compiler/ir/releases.ts decides where): a mark taken where a loop iteration or a
 * hook call begins, released where it ends, frees what was allocated in between (arena memory,
 * buffers of strings appended in place) and unlinks the body views borrowed since. The compiler
 * places them only where nothing allocated in between is reachable afterwards.
 */
typedef struct tse_arena_chunk {
  struct tse_arena_chunk* next;
  size_t capacity;
  size_t used;
  uint32_t origin; /* how it is given back: not (inside a frame), to the block cache, or to malloc */
  _Alignas(16) unsigned char data[];
} tse_arena_chunk;

struct tse_arena {
  tse_arena_chunk* head;
  struct tse_arena_buffer* buffers; /* tse_arena_buffer_reserve's, freed with the arena */
  size_t used_bytes; /* chunk and buffer bytes taken, counted against the limit */
  size_t limit_bytes;
};

typedef struct tse_mark {
  tse_arena_chunk* head;
  size_t used; /* head's */
  size_t used_bytes;
  struct tse_arena_buffer* buffers;
  struct tse_bytes* borrowed;
} tse_mark;
/* Out of line: a call per mark is smaller code than inlined checks (module size counts too). */
void tse_mark_save(tse_ctx* ctx, tse_mark* mark);
void tse_mark_release(tse_ctx* ctx, const tse_mark* mark);

/* ================================================================== string.c: strings */

TSE_DECLARE_NAMED_TYPE(tse_type_string);
#define tse_type_string (tse_type_string_named.type)
extern const tse_string tse_empty_string; /* read-only, as literals are (TSE_STRING_LITERAL) */

tse_str tse_str_concat(tse_ctx* ctx, tse_str a, tse_str b);
tse_str tse_str_concat_all(tse_ctx* ctx, const tse_str* parts, uint32_t count);
bool tse_str_equals(tse_str a, tse_str b);
/* <0, 0, >0 comparing code units as JS relational operators do. */
int tse_str_compare(tse_str a, tse_str b);
tse_str tse_str_unit_at(tse_ctx* ctx, tse_str s, double index);                 /* s[i]: NULL when out of range */
tse_str tse_str_next_code_point(tse_ctx* ctx, tse_str s, uint32_t* index);      /* for...of over a string */
tse_array* tse_str_code_points(tse_ctx* ctx, tse_str s, const tse_type* array_type); /* [...s] */
tse_str tse_bool_to_string(bool value);
/*
 * `s += parts` where the compiler tracks the local s: `owned` is its last append's result, or NULL
 * once its value may have been copied anywhere. Grows s in place when s == owned, else copies it.
 * The result is owned by the caller (and must be passed back as `owned` only while it is).
 */
tse_str tse_str_append(tse_ctx* ctx, tse_str s, tse_str owned, tse_str piece);
tse_str tse_str_append_all(tse_ctx* ctx, tse_str s, tse_str owned, const tse_str* parts, uint32_t count);

/* ================================================================== number.c: numbers */

TSE_DECLARE_NAMED_TYPE(tse_type_number);
#define tse_type_number (tse_type_number_named.type)
TSE_DECLARE_NAMED_TYPE(tse_type_boolean);
#define tse_type_boolean (tse_type_boolean_named.type)

/* Number::toString(10) exactly as V8 prints it: shortest round-trip digits, ECMAScript's exponent rules. */
tse_str tse_number_to_string(tse_ctx* ctx, double value);
double tse_number_mod(double a, double b);
int32_t tse_to_int32(double value);
uint32_t tse_to_uint32(double value);
double tse_number_pow(double base, double exponent);
static inline bool tse_number_truthy(double value) { return value == value && value != 0; }

/* ================================================================== error.c: errors, throw, the stack guard */

TSE_DECLARE_NAMED_TYPE(tse_type_error);
#define tse_type_error (tse_type_error_named.type)
TSE_DECLARE_NAMED_TYPE(tse_type_function);
#define tse_type_function (tse_type_function_named.type)

tse_error* tse_error_new(tse_ctx* ctx, int32_t kind, tse_str message);
/* Throws `error` to the innermost try block, or fails the hook closed when there is none. */
TSE_NORETURN void tse_throw(tse_ctx* ctx, tse_error* error);
/*
 * Throws a JS error of the given constructor name ("TypeError", "RangeError", "SyntaxError", ...)
 * with a UTF-8 message, as the JS built-in would. Catchable by try/catch in filter code; when
 * uncaught, the hook fails closed with "uncaught <name>: <message>".
 */
TSE_NORETURN void tse_throw_js_error(tse_ctx* ctx, const char* name, const char* message);

/* The checks behind narrowing that TypeScript cannot prove (fields, `x!`). */
/* A narrowing TypeScript could not prove turned out wrong: TypeError, as using the value in JS would. */
TSE_NORETURN void tse_narrowing_failed(tse_ctx* ctx);
/* `x!` found undefined (or null): TypeError, with the message the reference host gives. */
TSE_NORETURN void tse_non_null_failed(tse_ctx* ctx, bool is_null);
static inline const void* tse_check_defined(tse_ctx* ctx, const void* value) {
  if (TSE_UNLIKELY(value == NULL)) tse_narrowing_failed(ctx);
  return value;
}
static inline const void* tse_check_is(tse_ctx* ctx, const void* value, const tse_type* type) {
  if (TSE_UNLIKELY(value == NULL || !tse_is(value, type))) tse_narrowing_failed(ctx);
  return value;
}
/* As tse_check_is, for a type several layouts implement: `test` says whether `value` is one of them. */
static inline const void* tse_check_test(tse_ctx* ctx, const void* value, bool (*test)(const void*)) {
  if (TSE_UNLIKELY(value == NULL || !test(value))) tse_narrowing_failed(ctx);
  return value;
}
static inline tse_value tse_check_tag(tse_ctx* ctx, tse_value value, uint32_t tag) {
  if (TSE_UNLIKELY(value.tag != tag)) tse_narrowing_failed(ctx);
  return value;
}
/* A closure using a `let`/`const` binding before its declaration ran (the temporal dead zone). */
static inline void tse_check_initialized(tse_ctx* ctx, bool initialized, const char* message) {
  if (TSE_UNLIKELY(!initialized)) tse_throw_js_error(ctx, "ReferenceError", message);
}

/*
 * Call-depth guard: functions that may recurse check the stack before growing it. `site`: the
 * function's first statement, where the RangeError is reported (NULL: keep ctx->site).
 */
TSE_NORETURN void tse_stack_overflow(tse_ctx* ctx, const tse_site* site);
static inline void tse_check_stack(tse_ctx* ctx, const tse_site* site) {
  if (TSE_UNLIKELY((const char*)__builtin_frame_address(0) < ctx->stack_limit)) tse_stack_overflow(ctx, site);
}

/* ================================================================== values.c: values of any type */

TSE_DECLARE_NAMED_TYPE(tse_type_undefined);
#define tse_type_undefined (tse_type_undefined_named.type)
TSE_DECLARE_NAMED_TYPE(tse_type_null);
#define tse_type_null (tse_type_null_named.type)

/* ToString of the value in `slot`, whose type is `type` (String(x), template literals, join). */
tse_str tse_to_string(tse_ctx* ctx, const void* slot, const tse_type* type);
bool tse_value_truthy(tse_value value);
bool tse_ref_truthy(const void* ref); /* a pointer-represented union: NULL, or a heap object */
bool tse_ref_strict_equals(const void* a, const void* b);
bool tse_value_strict_equals(tse_value a, tse_value b);
tse_str tse_typeof_value(tse_value value);
tse_str tse_typeof_ref(const void* ref, bool null_is_nullish);
/* The reference held by a tagged value narrowed to a heap type (TypeError when it is not one). */
const void* tse_check_ref_member(tse_ctx* ctx, tse_value value);
tse_str tse_array_join(tse_ctx* ctx, const tse_array* array, tse_str separator /* NULL: "," */);
tse_str tse_tuple_join(tse_ctx* ctx, const void* tuple, tse_str separator /* NULL: "," */);
/* Calls a (string, number, string) => string closure for String.prototype.replace. */
tse_str tse_call_replacer(tse_ctx* ctx, void* closure, tse_str matched, double position, tse_str whole);
double tse_math_random(tse_ctx* ctx);

/* ================================================================== arrays.c: arrays */

tse_array* tse_array_new(tse_ctx* ctx, const tse_type* type, uint32_t slot_size, uint32_t capacity);
/* Makes room for one more slot and returns a pointer to it; length grows by one. */
void* tse_array_push_slot(tse_ctx* ctx, tse_array* array, uint32_t slot_size);
void tse_array_append_all(tse_ctx* ctx, tse_array* array, const tse_array* other);
/* The slot of array[index] for reading and writing it in place; TypeError when out of range. */
void* tse_array_element(tse_ctx* ctx, tse_array* array, double index);
/* The slot array[index] = value writes: in range, or one past the end (append). */
void* tse_array_store(tse_ctx* ctx, tse_array* array, double index, uint32_t slot_size);
/* xs.length = n: shortens the array; RangeError "Invalid array length" unless n is a uint32, and for
 * n past the end (holes). Returns n. */
double tse_array_set_length(tse_ctx* ctx, tse_array* array, double length);
bool tse_array_at_slot(const tse_array* array, double index, void* out, uint32_t slot_size);
bool tse_array_pop_slot(tse_ctx* ctx, tse_array* array, void* out, uint32_t slot_size);
bool tse_array_shift_slot(tse_ctx* ctx, tse_array* array, void* out, uint32_t slot_size);
double tse_array_unshift(tse_ctx* ctx, tse_array* array, const void* values, uint32_t count, uint32_t slot_size);
tse_array* tse_array_slice(tse_ctx* ctx, const tse_array* array, double start, bool has_start, double end, bool has_end, uint32_t slot_size);
tse_array* tse_array_splice(tse_ctx* ctx, tse_array* array, double start, bool has_start, double count, bool has_count, const tse_array* items, uint32_t slot_size);
void tse_array_reverse(tse_ctx* ctx, tse_array* array, uint32_t slot_size);
/* The index array.with(index, value) replaces: relative to the length; V8's RangeError "Invalid index : N" when outside. */
uint32_t tse_array_with_index(tse_ctx* ctx, double index, uint32_t length);
void tse_array_fill(tse_ctx* ctx, tse_array* array, const void* value, double start, bool has_start, double end, bool has_end, uint32_t slot_size);
enum { TSE_SEARCH_INDEX_OF, TSE_SEARCH_LAST_INDEX_OF, TSE_SEARCH_INCLUDES };
/* indexOf / lastIndexOf / includes of the value in `needle` (of type `needle_type`); -1 when absent. */
double tse_array_search(const tse_array* array, const void* needle, const tse_type* needle_type, double from, int mode);
typedef int (*tse_compare)(tse_ctx* ctx, void* closure, const void* a, const void* b);
void tse_array_sort(tse_ctx* ctx, tse_array* array, uint32_t slot_size, tse_compare compare, void* closure);
void tse_array_sort_default(tse_ctx* ctx, tse_array* array);

/* ================================================================== frozen.c: the config's frozen values */

/* Generated code checks field stores to layouts the config can hold. */
TSE_NORETURN void tse_frozen_field_write(tse_ctx* ctx, const void* object, uint32_t offset);
/* Freezes what a slot of `slot_type` holds, and everything it reaches (the config stage's captures). */
void tse_deep_freeze(tse_ctx* ctx, const void* slot, const tse_type* slot_type);
/* Object.freeze of an object, array or tuple (shallow); a RegExp's lastIndex becomes read-only. */
void tse_object_freeze(tse_ctx* ctx, const void* object);
static inline void tse_check_field_store(tse_ctx* ctx, const void* object, uint32_t offset) {
  if (TSE_UNLIKELY(tse_is_frozen(object))) tse_frozen_field_write(ctx, object, offset);
}

/* ================================================================== collections.c: Map and Set */

tse_map* tse_map_new(tse_ctx* ctx, const tse_type* type);
bool tse_map_has(const tse_map* map, tse_value key);
tse_value tse_map_get(const tse_map* map, tse_value key); /* undefined when absent */
void tse_map_set(tse_ctx* ctx, tse_map* map, tse_value key, tse_value value);
bool tse_map_delete(tse_ctx* ctx, tse_map* map, tse_value key);
void tse_map_clear(tse_ctx* ctx, tse_map* map);
/* A module-level table's Map or Set is frozen: its writes throw (frozen.c). */
TSE_NORETURN void tse_frozen_collection_write(tse_ctx* ctx, const tse_map* map, const char* method);

/* ================================================================== dict.c: Record<string, T> */

/*
 * A dict is a tse_map (a TSE_KIND_DICT descriptor) whose keys are strings, kept in JavaScript's
 * property order: integer-like keys first, ascending, then the others in insertion order.
 * Reads, writes and `in` go through collections.c; these are what differs.
 */
/* `delete d[k]`: true, as JavaScript's delete of an own or absent property; a frozen dict throws. */
bool tse_dict_delete(tse_ctx* ctx, tse_map* dict, tse_value key);
/* `k in d`: an own key, or a property every object inherits from Object.prototype. */
bool tse_dict_in(const tse_map* dict, tse_str key);

/* ================================================================== json_write.c: JSON for filter code, Object.keys */

/* JSON.stringify of the value in `slot`; NULL when the result is undefined. `space`: number, string or undefined. */
tse_str tse_json_stringify(tse_ctx* ctx, const void* slot, const tse_type* type, tse_value space);
/* JSON.stringify(value, keys, space): objects written with only the keys of `replacer` (strings), in its order. */
tse_str tse_json_stringify_keys(tse_ctx* ctx, const void* slot, const tse_type* type, tse_value space, const tse_array* replacer);
/* JSON.parse(text) into a value of `type` written to `out`; throws SyntaxError or TypeError.
 * `literals`: the target type's literal checks, or NULL when it has no literal types. */
void tse_json_parse(tse_ctx* ctx, tse_str text, const tse_type* type, const tse_literal_check* literals, void* out);
/* Object.keys of a record or class instance, in its property order. */
tse_array* tse_object_keys(tse_ctx* ctx, const void* object);
/* `{ ...source }`: defines the properties `source` has, in its order; map[i] is the target index
   of source field i, 255 for a property left out (a rest pattern's named ones). */
void tse_keys_spread(uint8_t* keys, const void* source, const uint8_t* map);

/* ================================================================== js_string.c: String.prototype */

/*
 * The JavaScript built-ins (here, in js_number.c and js_math.c) give exactly the results Node 20
 * (V8 11.3) gives. Arguments are raw JS values: positions and counts are plain doubles on which
 * each function performs ToIntegerOrInfinity / ToUint32 / ToLength as the specification says,
 * `has_x == false` stands for an absent or undefined argument, and a NULL tse_str stands for
 * undefined where noted. Errors are thrown with tse_throw_js_error using V8's message text.
 */
double tse_str_index_of(tse_str s, tse_str search, double position);      /* absent position: 0 */
double tse_str_last_index_of(tse_str s, tse_str search, double position); /* absent position: NAN */
bool tse_str_includes(tse_str s, tse_str search, double position);        /* absent position: 0 */
bool tse_str_starts_with(tse_str s, tse_str search, double position);     /* absent position: 0 */
bool tse_str_ends_with(tse_str s, tse_str search, double end_position, bool has_end);
tse_str tse_str_slice(tse_ctx* ctx, tse_str s, double start, double end, bool has_end);
tse_str tse_str_substring(tse_ctx* ctx, tse_str s, double start, double end, bool has_end);
/* separator NULL: undefined. The result is a string[] (tse_type_array_string, tse_str slots). */
tse_array* tse_str_split(tse_ctx* ctx, tse_str s, tse_str separator, double limit, bool has_limit);
/* Full Unicode default case conversion (ICU root locale, as V8): ß -> SS, İ -> i̇, final sigma. */
tse_str tse_str_to_lower_case(tse_ctx* ctx, tse_str s);
tse_str tse_str_to_upper_case(tse_ctx* ctx, tse_str s);
tse_str tse_str_trim(tse_ctx* ctx, tse_str s);
tse_str tse_str_trim_start(tse_ctx* ctx, tse_str s);
tse_str tse_str_trim_end(tse_ctx* ctx, tse_str s);
tse_str tse_str_pad_start(tse_ctx* ctx, tse_str s, double max_length, tse_str fill /* NULL: " " */);
tse_str tse_str_pad_end(tse_ctx* ctx, tse_str s, double max_length, tse_str fill /* NULL: " " */);
tse_str tse_str_repeat(tse_ctx* ctx, tse_str s, double count);
tse_str tse_str_at(tse_ctx* ctx, tse_str s, double index); /* NULL: undefined */
tse_str tse_str_char_at(tse_ctx* ctx, tse_str s, double index);
double tse_str_char_code_at(tse_str s, double index);         /* NaN when out of range */
tse_value tse_str_code_point_at(tse_str s, double index);     /* undefined when out of range */
/* First occurrence; $$ $& $` $' are expanded, $1..$99 and $<name> stay literal (string pattern). */
tse_str tse_str_replace(tse_ctx* ctx, tse_str s, tse_str pattern, tse_str replacement);
/* Every occurrence; an empty pattern matches before every unit and at the end. */
tse_str tse_str_replace_all(tse_ctx* ctx, tse_str s, tse_str pattern, tse_str replacement);
typedef tse_str (*tse_replacer)(tse_ctx* ctx, void* env, tse_str matched, double position, tse_str whole);
tse_str tse_str_replace_fn(tse_ctx* ctx, tse_str s, tse_str pattern, bool all, tse_replacer fn, void* env);
tse_str tse_str_from_char_codes(tse_ctx* ctx, const double* codes, uint32_t count);  /* ToUint16 each */
tse_str tse_str_from_code_points(tse_ctx* ctx, const double* codes, uint32_t count); /* RangeError as V8 */

/* ================================================================== js_number.c: Number and the global number functions */

double tse_parse_float(tse_str s);
double tse_parse_int(tse_str s, double radix); /* absent radix: NAN (ToInt32 makes it 0) */
double tse_string_to_number(tse_str s);        /* Number(s) */
tse_str tse_number_to_fixed(tse_ctx* ctx, double x, double digits);         /* absent digits: 0 */
tse_str tse_number_to_precision(tse_ctx* ctx, double x, double precision, bool has_precision);
tse_str tse_number_to_exponential(tse_ctx* ctx, double x, double digits, bool has_digits);
tse_str tse_number_to_string_radix(tse_ctx* ctx, double x, double radix); /* absent radix: 10 */
bool tse_number_is_integer(double x);
bool tse_number_is_safe_integer(double x);

/* ================================================================== js_math.c: Math */

double tse_math_round(double x);
double tse_math_sign(double x);
double tse_math_max(const double* values, uint32_t count);
double tse_math_min(const double* values, uint32_t count);
double tse_math_hypot(const double* values, uint32_t count);
double tse_math_fround(double x);
double tse_math_clz32(double x);
double tse_math_imul(double a, double b);
double tse_math_atan2(double y, double x);
double tse_math_pow(double base, double exponent); /* also the ** operator */

/*
 * V8 computes these with its own fdlibm port (src/base/ieee754.cc), which differs from glibc's
 * libm in the last bit for many inputs; these reproduce V8's results bit for bit.
 * (sqrt, abs, floor, ceil, trunc are exact in both and need no wrapper.)
 */
double tse_math_sin(double x);
double tse_math_cos(double x);
double tse_math_tan(double x);
double tse_math_asin(double x);
double tse_math_acos(double x);
double tse_math_atan(double x);
double tse_math_sinh(double x);
double tse_math_cosh(double x);
double tse_math_tanh(double x);
double tse_math_asinh(double x);
double tse_math_acosh(double x);
double tse_math_atanh(double x);
double tse_math_exp(double x);
double tse_math_expm1(double x);
double tse_math_log(double x);
double tse_math_log1p(double x);
double tse_math_log2(double x);
double tse_math_log10(double x);
double tse_math_cbrt(double x);

/* ================================================================== regex.c: RegExp */

TSE_DECLARE_NAMED_TYPE(tse_type_regexp);
#define tse_type_regexp (tse_type_regexp_named.type)
TSE_DECLARE_NAMED_TYPE(tse_type_regexp_match);
#define tse_type_regexp_match (tse_type_regexp_match_named.type)

tse_regexp* tse_regexp_new(tse_ctx* ctx, const tse_regex* regex);
/* test and exec of a literal's object that is used once (`/re/.exec(s)`, a module-level constant): no allocation. */
bool tse_regexp_test_literal(tse_ctx* ctx, const tse_regex* regex, tse_str s);
tse_regexp_match* tse_regexp_exec_literal(tse_ctx* ctx, const tse_regex* regex, tse_str s);
bool tse_regexp_test(tse_ctx* ctx, tse_regexp* re, tse_str s);
tse_regexp_match* tse_regexp_exec(tse_ctx* ctx, tse_regexp* re, tse_str s); /* NULL: null */
/* `/re/.exec(s)` whose match is only tested and indexed with constants: its slots (2 per group), no array. */
bool tse_regexp_exec_slots(tse_ctx* ctx, const tse_regex* regex, tse_str s, int32_t* slots);
tse_str tse_regexp_slot_capture(tse_ctx* ctx, bool found, tse_str s, const int32_t* slots, uint32_t group);
double tse_regexp_set_last_index(tse_ctx* ctx, tse_regexp* re, double value);
/* `new RegExp(pattern, flags)`: regex_dynamic.c, with the vendored engine (SyntaxError as V8's). */
tse_regexp* tse_regexp_compile(tse_ctx* ctx, tse_str pattern, tse_str flags /* NULL: none */);
tse_str tse_regexp_source(const tse_regexp* re);
tse_str tse_regexp_flags(const tse_regexp* re);
bool tse_regexp_global(const tse_regexp* re);
bool tse_regexp_sticky(const tse_regexp* re);
bool tse_regexp_ignore_case(const tse_regexp* re);
bool tse_regexp_multiline(const tse_regexp* re);
bool tse_regexp_dot_all(const tse_regexp* re);
bool tse_regexp_unicode(const tse_regexp* re);
/* match.index / match.input; TypeError for the array of a global `match`, where they are undefined. */
double tse_regexp_match_index(tse_ctx* ctx, const tse_regexp_match* m);
tse_str tse_regexp_match_input(tse_ctx* ctx, const tse_regexp_match* m);
/* The match as the string[] TypeScript says it is: TypeError when a group is undefined. */
tse_array* tse_regexp_match_strings(tse_ctx* ctx, tse_regexp_match* m);
/* m.groups?.name (NULL: undefined); `asserted` (m.groups!.name) throws where groups is undefined, as x! does. */
tse_str tse_regexp_match_group(tse_ctx* ctx, const tse_regexp_match* m, tse_str name, bool asserted);

/* String.prototype methods with a RegExp argument, as RegExp.prototype[@@split] etc. specify. */
tse_array* tse_str_split_regexp(tse_ctx* ctx, tse_str s, tse_regexp* re, double limit, bool has_limit);
tse_str tse_str_replace_regexp(tse_ctx* ctx, tse_str s, tse_regexp* re, tse_str replacement);
tse_str tse_str_replace_all_regexp(tse_ctx* ctx, tse_str s, tse_regexp* re, tse_str replacement);
/* A replacer gets the captures (group_count + 1; NULL: undefined), the position and the input. */
typedef tse_str (*tse_regexp_replacer)(tse_ctx* ctx, void* closure, const tse_str* captures, double position, tse_str input);
tse_str tse_str_replace_regexp_fn(tse_ctx* ctx, tse_str s, tse_regexp* re, tse_regexp_replacer fn, void* closure);
tse_str tse_str_replace_all_regexp_fn(tse_ctx* ctx, tse_str s, tse_regexp* re, tse_regexp_replacer fn, void* closure);
/* String.prototype.matchAll, collected: every match of a copy of the global `re` from its lastIndex. */
tse_array* tse_str_match_all(tse_ctx* ctx, tse_str s, tse_regexp* re, const tse_type* array_type);
tse_regexp_match* tse_str_match_regexp(tse_ctx* ctx, tse_str s, tse_regexp* re); /* NULL: null */
double tse_str_search_regexp(tse_ctx* ctx, tse_str s, tse_regexp* re);

/* ================================================================== bytes.c: Uint8Array, text codecs, base64, clocks */

/*
 * A Uint8Array: a view of `length` bytes at `data`. The bytes may be the arena's (new Uint8Array,
 * slice, TextEncoder), shared with other views (subarray), or memory the arena does not own
 * (tse_bytes_view over an Envoy buffer, valid for the callback).
 */
typedef struct tse_bytes {
  const tse_type* type; /* &tse_type_bytes */
  uint32_t length;
  uint32_t flags; /* TSE_BYTES_BORROWED, TSE_BYTES_DETACHED */
  uint8_t* data;
  struct tse_bytes* next_borrowed; /* the stream's list of borrowed views (tse_bytes_borrow) */
} tse_bytes;

/*
 * A borrowed view is over a body Envoy owns, valid during the callback that read it: the next
 * hook call, or a body mutation, detaches it as JavaScript detaches a transferred ArrayBuffer
 * (length 0, elements undefined, methods TypeError), so it never reads freed memory.
 */
enum { TSE_BYTES_BORROWED = 1, TSE_BYTES_DETACHED = 2 };

/* A TextEncoder or TextDecoder (the descriptor says which); an encoder ignores the flags. */
typedef struct tse_text_codec {
  const tse_type* type;
  bool fatal;
  bool ignore_bom;
} tse_text_codec;

TSE_DECLARE_NAMED_TYPE(tse_type_bytes);
#define tse_type_bytes (tse_type_bytes_named.type)
TSE_DECLARE_NAMED_TYPE(tse_type_text_encoder);
#define tse_type_text_encoder (tse_type_text_encoder_named.type)
TSE_DECLARE_NAMED_TYPE(tse_type_text_decoder);
#define tse_type_text_decoder (tse_type_text_decoder_named.type)

tse_bytes* tse_bytes_view(tse_ctx* ctx, uint8_t* data, uint32_t length); /* not copied */
/* A view on ctx->borrowed's list, detached by tse_bytes_detach_all (ctx->borrowed NULL: none kept). */
tse_bytes* tse_bytes_borrow(tse_ctx* ctx, uint8_t* data, uint32_t length);
void tse_bytes_detach_all(tse_bytes** list);
tse_bytes* tse_bytes_new(tse_ctx* ctx, double length);                   /* zeroed; RangeError as V8 */
tse_bytes* tse_bytes_from_numbers(tse_ctx* ctx, const double* values, uint32_t count); /* ToUint8 each */
tse_bytes* tse_bytes_copy(tse_ctx* ctx, const tse_bytes* source);
tse_array* tse_bytes_to_array(tse_ctx* ctx, const tse_bytes* b, const tse_type* array_type); /* number[] */
tse_value tse_bytes_get(const tse_bytes* b, double index);  /* u[i]: number, or undefined out of range */
double tse_bytes_read(const tse_bytes* b, double index);    /* NaN out of range (ToNumber(undefined)) */
void tse_bytes_write(tse_bytes* b, double index, double value); /* ToUint8; ignored out of range */
tse_bytes* tse_bytes_subarray(tse_ctx* ctx, tse_bytes* b, double begin, bool has_begin, double end, bool has_end);
tse_bytes* tse_bytes_slice(tse_ctx* ctx, const tse_bytes* b, double begin, bool has_begin, double end, bool has_end);
void tse_bytes_set_bytes(tse_ctx* ctx, tse_bytes* target, const tse_bytes* source, double offset);
void tse_bytes_set_numbers(tse_ctx* ctx, tse_bytes* target, const tse_array* source, double offset);
tse_bytes* tse_bytes_fill(tse_bytes* b, double value, double start, bool has_start, double end, bool has_end);
double tse_bytes_index_of(const tse_bytes* b, double value, double from);
tse_str tse_bytes_join(tse_ctx* ctx, const tse_bytes* b, tse_str separator);

tse_text_codec* tse_text_codec_new(tse_ctx* ctx, const tse_type* type, bool fatal, bool ignore_bom);
tse_bytes* tse_text_encode(tse_ctx* ctx, tse_str s); /* lone surrogates become U+FFFD */
tse_str tse_text_decode(tse_ctx* ctx, const tse_text_codec* decoder, const tse_bytes* b /* NULL: none */);
/* `re.test(decoder.decode(b))`, the decoded text freed after the test (bytes.c). */
bool tse_regexp_test_decoded(tse_ctx* ctx, tse_regexp* re, const tse_text_codec* decoder, const tse_bytes* b /* NULL: none */);
tse_str tse_btoa(tse_ctx* ctx, tse_str s); /* InvalidCharacterError past U+00FF, as Node */
tse_str tse_atob(tse_ctx* ctx, tse_str s); /* forgiving-base64; InvalidCharacterError as Node */
/* URI coding as ECMAScript specifies it; URIError "URI malformed" as V8 */
tse_str tse_encode_uri_component(tse_ctx* ctx, tse_str s);
tse_str tse_encode_uri(tse_ctx* ctx, tse_str s);
tse_str tse_decode_uri_component(tse_ctx* ctx, tse_str s);
tse_str tse_decode_uri(tse_ctx* ctx, tse_str s);

double tse_date_now(void);        /* integer milliseconds since the epoch (CLOCK_REALTIME) */
double tse_performance_now(void); /* milliseconds (fractional) since the first reading (CLOCK_MONOTONIC) */

/* ================================================================== date.c: Date (linked only into modules that use it) */

/*
 * A Date: its time value (integer milliseconds since the epoch, or NaN for an invalid date). The
 * module runs in UTC, so local time is UTC (toString) and only the UTC getters are compiled.
 */
typedef struct tse_date {
  const tse_type* type; /* &tse_type_date */
  double time;
} tse_date;

TSE_DECLARE_NAMED_TYPE(tse_type_date); /* ToString is toString(), JSON.stringify calls toJSON() */
#define tse_type_date (tse_type_date_named.type)

enum { TSE_DATE_YEAR, TSE_DATE_MONTH, TSE_DATE_DAY_OF_MONTH, TSE_DATE_WEEKDAY, TSE_DATE_HOURS, TSE_DATE_MINUTES, TSE_DATE_SECONDS, TSE_DATE_MS };

tse_date* tse_date_new(tse_ctx* ctx, double time);           /* TimeClip(time) */
double tse_date_set_time(tse_date* date, double time);       /* setTime: the clipped value */
double tse_date_parse(tse_str s);                            /* Date.parse, V8's parser (ISO, then legacy) */
double tse_date_utc(double year, double month, double day, double hours, double minutes, double seconds, double ms);
double tse_date_field(const tse_date* date, int32_t field);  /* getUTC*: a TSE_DATE_* field, NaN if invalid */
tse_str tse_date_to_iso_string(tse_ctx* ctx, const tse_date* date); /* RangeError "Invalid time value" */
tse_str tse_date_to_utc_string(tse_ctx* ctx, const tse_date* date);
tse_str tse_date_to_string(tse_ctx* ctx, const tse_date* date);     /* V8's form in UTC */

/* ================================================================== envoy_api.c: the EnvoyHttpFilter methods */

enum { TSE_REQUEST_HEADER = 0, TSE_REQUEST_TRAILER = 1, TSE_RESPONSE_HEADER = 2, TSE_RESPONSE_TRAILER = 3 };

/* It has fields: its own layout of descriptor, fields, their names and its name (envoy_api.c). */
extern const struct tse_tuple_string_string_type {
  tse_type type;
  tse_field fields[2];
  char names[4];
  char name[sizeof "[string, string]"];
} tse_type_tuple_string_string_named;
#define tse_type_tuple_string_string (tse_type_tuple_string_string_named.type)
TSE_DECLARE_NAMED_TYPE(tse_type_array_tuple_string_string);
#define tse_type_array_tuple_string_string (tse_type_array_tuple_string_string_named.type)
TSE_DECLARE_NAMED_TYPE(tse_type_array_string);
#define tse_type_array_string (tse_type_array_string_named.type)

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
/* Whether Envoy logs `level`: a log call whose message has no side effects makes it only then, and
 * logs it with tse_log_on, which does not ask Envoy again. */
bool tse_log_enabled(int32_t level);
void tse_log_on(tse_ctx* ctx, int32_t level, tse_str message, const char* source_file, uint32_t source_line);
/* Routing, bool and time attributes (issue 9); trailers use the header functions above. */
void tse_http_clear_route_cache(tse_ctx* ctx);
void tse_http_clear_route_cluster_cache(tse_ctx* ctx);
tse_value tse_http_get_attribute_bool(tse_ctx* ctx, double attribute_id); /* boolean or undefined */
tse_value tse_http_get_attribute_time(tse_ctx* ctx, double attribute_id); /* milliseconds or undefined */

/* Bodies, as the ABI's body_type; nothing is copied from Envoy unless filter code reads. */
enum { TSE_RECEIVED_REQUEST_BODY = 0, TSE_BUFFERED_REQUEST_BODY = 1, TSE_RECEIVED_RESPONSE_BODY = 2, TSE_BUFFERED_RESPONSE_BODY = 3 };
tse_str tse_http_get_body_text(tse_ctx* ctx, int32_t body_type); /* "" when unavailable */
double tse_http_get_body_size(tse_ctx* ctx, int32_t body_type);
bool tse_http_drain_body(tse_ctx* ctx, int32_t body_type, double bytes);
bool tse_http_append_body_text(tse_ctx* ctx, int32_t body_type, tse_str text);
bool tse_http_prepend_body_text(tse_ctx* ctx, int32_t body_type, tse_str text);
bool tse_http_replace_body_text(tse_ctx* ctx, int32_t body_type, tse_str text);
/* Bodies as bytes: borrowed views, detached by the next hook call or any body mutation (bytes.c). */
tse_bytes* tse_http_get_body(tse_ctx* ctx, int32_t body_type); /* empty when unavailable */
TSE_DECLARE_NAMED_TYPE(tse_type_array_bytes);
#define tse_type_array_bytes (tse_type_array_bytes_named.type)
tse_array* tse_http_get_body_chunks(tse_ctx* ctx, int32_t body_type); /* Uint8Array[]: a view per chunk */
bool tse_http_append_body(tse_ctx* ctx, int32_t body_type, tse_bytes* data);
bool tse_http_prepend_body(tse_ctx* ctx, int32_t body_type, tse_bytes* data);
bool tse_http_replace_body(tse_ctx* ctx, int32_t body_type, tse_bytes* data);
void tse_http_body_changes(tse_ctx* ctx); /* detaches the body views: Envoy may free their chunks */

/* ---- streaming local replies: headers (":status" from status, then headers), data, trailers */
void tse_http_send_response_headers(tse_ctx* ctx, double status, tse_array* headers, bool end_of_stream);
void tse_http_send_response_data(tse_ctx* ctx, tse_bytes* data, bool end_of_stream);
void tse_http_send_response_data_text(tse_ctx* ctx, tse_str text, bool end_of_stream);
void tse_http_send_response_trailers(tse_ctx* ctx, tse_array* trailers);

/* ---- metrics and the worker index (config stage and streams) */

enum { TSE_METRIC_COUNTER = 0, TSE_METRIC_GAUGE, TSE_METRIC_HISTOGRAM };
enum { TSE_METRIC_SET_GAUGE = 0, TSE_METRIC_INCREASE_GAUGE, TSE_METRIC_DECREASE_GAUGE, TSE_METRIC_RECORD_HISTOGRAM };
/* EnvoyFilterConfig.define*: the handle (an index into ctx->metrics). tag_names: NULL for none. */
double tse_config_define_metric(tse_ctx* ctx, int32_t kind, tse_str name, tse_array* tag_names);
void tse_http_increment_counter(tse_ctx* ctx, double counter, tse_value value, tse_array* tag_values);
void tse_http_update_metric(tse_ctx* ctx, int32_t update, double handle, double value, tse_array* tag_values);
double tse_http_get_worker_index(tse_ctx* ctx);

/* ---- log writers (log_writer.c): lines queued by streams, written to files by the module's threads */

/* A config's writers, opened in its config stage, closed (queues written out) when it is destroyed. */
typedef struct tse_log_writers {
  struct tse_log_writer** items;
  uint32_t count;
  uint32_t capacity;
} tse_log_writers;
/* EnvoyFilterConfig.openLogWriter: the handle (an index into ctx->log_writers). */
double tse_config_open_log_writer(tse_ctx* ctx, tse_array* paths);
/* EnvoyHttpFilter.writeLogLine: false when the line was dropped (the queue is full). */
bool tse_http_write_log_line(tse_ctx* ctx, double writer, tse_str line);
/* Writes what is queued, stops the threads, closes the files; the table is empty after. */
void tse_log_writers_close(tse_log_writers* writers);

/* ---- dynamic metadata, filter state, the buffer limit (issue 9) */

/* Where metadata is read from: the ABI's metadata_source (only the stream's dynamic metadata so far). */
enum { TSE_METADATA_DYNAMIC = 0 };
tse_str tse_http_get_metadata_string(tse_ctx* ctx, int32_t source, tse_str ns, tse_str key); /* NULL: absent */
tse_value tse_http_get_metadata_number(tse_ctx* ctx, int32_t source, tse_str ns, tse_str key); /* number or undefined */
tse_value tse_http_get_metadata_bool(tse_ctx* ctx, int32_t source, tse_str ns, tse_str key);   /* boolean or undefined */
void tse_http_set_metadata_string(tse_ctx* ctx, tse_str ns, tse_str key, tse_str value);
void tse_http_set_metadata_number(tse_ctx* ctx, tse_str ns, tse_str key, double value);
void tse_http_set_metadata_bool(tse_ctx* ctx, tse_str ns, tse_str key, bool value);
bool tse_http_set_filter_state(tse_ctx* ctx, tse_str key, tse_str value);
tse_str tse_http_get_filter_state(tse_ctx* ctx, tse_str key); /* NULL: absent */
bool tse_http_has_filter_state(tse_ctx* ctx, tse_str key);
bool tse_http_set_socket_option_int(tse_ctx* ctx, double direction, double level, double name, double value);
tse_value tse_http_get_socket_option_int(tse_ctx* ctx, double direction, double level, double name); /* number or undefined */
double tse_http_get_buffer_limit(tse_ctx* ctx);
void tse_http_set_buffer_limit(tse_ctx* ctx, double bytes);
/* setDynamicMetadataStruct: the object (of `type`) as JSON.stringify sees it, as a google.protobuf.Struct. */
void tse_http_set_metadata_struct(tse_ctx* ctx, const tse_type* type, tse_str ns, const void* value);
/* getPerRouteConfig<T>(): the route's per-route config (NULL: none); TypeError when not of `type`. */
void* tse_http_get_per_route_config(tse_ctx* ctx, const tse_type* type);

/* ================================================================== http_filter.c: the hooks Envoy calls */

/* A hook's status must be one the ABI defines, or Envoy would misbehave (inline: every hook call checks one). */
TSE_NORETURN void tse_status_invalid(tse_ctx* ctx, double status, int32_t max_status);
static inline int32_t tse_check_status(tse_ctx* ctx, double status, int32_t max_status) {
  if (TSE_UNLIKELY(!(status >= 0 && status <= max_status && status == (double)(int32_t)status))) tse_status_invalid(ctx, status, max_status);
  return (int32_t)status;
}

/* Failed light streams (failed_streams.c): how many every thread's sets hold, all the hot path
   reads (one word, without the GOT and thread-pointer loads a thread-local takes). */
extern uint32_t tse_failed_streams_alive __attribute__((visibility("hidden")));
bool tse_failed_streams_take_slow(const void* envoy_filter);
/* Forgets this thread's stream; whether it was there. A stream's completion: the whole completion
   hook of a module whose light filters define none (compiler/emit/c-idle-hooks.ts). */
static inline bool tse_failed_streams_take(const void* envoy_filter) {
  return TSE_UNLIKELY(__atomic_load_n(&tse_failed_streams_alive, __ATOMIC_RELAXED) != 0) && tse_failed_streams_take_slow(envoy_filter);
}

/*
 * CPU budget: with --cpu-budget, every function entry and loop iteration spends one step. Running
 * out fails the hook closed (tse_fail, which no try block catches), so a runaway loop cannot keep
 * the worker.
 */
TSE_NORETURN void tse_out_of_fuel(tse_ctx* ctx, const tse_site* site);
static inline void tse_spend_fuel(tse_ctx* ctx, const tse_site* site) {
  if (TSE_UNLIKELY(--ctx->fuel < 0)) tse_out_of_fuel(ctx, site);
}

/* ================================================================== async.c: async hooks (docs/async.md) */

/* The start of every async hook's frame (its other fields are the locals it saves). */
typedef struct tse_async_frame {
  uint32_t state;         /* 0: not started; n: suspended at the n-th await */
  tse_error* rejection;   /* what the awaited operation rejected with, thrown where it resumes */
  tse_str result;         /* what it resolved to, as JSON the await's target is decoded from (httpCallout) */
  struct tse_async_frame* child; /* suspended in `await f()`: f's frame, which resumes first (docs/async.md) */
} tse_async_frame;

/* The async function's frame: the one being resumed (ctx->async_frame), or a new zeroed one in the stream's arena. */
void* tse_async_enter(tse_ctx* ctx, size_t size);
/* The function returns to wait with `frame` (its caller suspends in turn; the hook's glue tells Envoy to stop). */
void tse_async_suspend(tse_ctx* ctx, tse_async_frame* frame);
/* At the resume point: throws the rejection, if the awaited operation failed. */
void tse_async_resumed(tse_ctx* ctx, tse_async_frame* frame, const tse_site* site);
/* `await sleep(ms)`: starts the stream's timer (at most one: the hook waits for it). */
void tse_async_sleep(tse_ctx* ctx, double ms);
/* `await envoy.httpCallout(cluster, request)`: starts the callout; one that cannot start throws HttpCalloutError. */
void tse_async_http_callout(tse_ctx* ctx, tse_str cluster, tse_str method, tse_str path, tse_array* headers, tse_str body,
                            double timeout_ms);
/* `await Promise.all([...])`: the next `count` sleeps and callouts start as one group. */
void tse_async_group_begin(tse_ctx* ctx, double count);
/* The group's await: throws the first callout that did not start; else the function suspends for the group. */
void tse_async_group_end(tse_ctx* ctx);
/* After it: element `index`'s callout response as JSON (json.parse decodes it). */
tse_str tse_async_group_result(tse_ctx* ctx, double index);
/* Streamed callouts (async_stream.c, docs/async.md#streamed-callouts): envoy.startHttpStream gives a handle (1, 2, ...). */
double tse_http_stream_start(tse_ctx* ctx, tse_str cluster, tse_str method, tse_str path, tse_array* headers, tse_str body,
                             bool end_stream, double timeout_ms);
bool tse_http_stream_send(tse_ctx* ctx, double handle, tse_str data, bool end_stream);
bool tse_http_stream_send_trailers(tse_ctx* ctx, double handle, tse_array* trailers);
void tse_http_stream_reset(tse_ctx* ctx, double handle);
/* `await envoy.httpStreamHeaders(s)` (kind 0) / `await envoy.readHttpStream(s)` (kind 1) / `await
 * envoy.httpStreamTrailers(s)` (kind 2): true when it can go on now; false: the function suspends until an event makes it ready. */
bool tse_http_stream_wait(tse_ctx* ctx, double handle, double kind);
/* After the wait: the headers ({status, headers}) as JSON (kind 0), the body text that arrived (kind 1), or the
 * trailers as JSON (Header[], or null without them; kind 2); throws HttpCalloutError when the stream was reset first. */
tse_str tse_http_stream_take(tse_ctx* ctx, double handle, double kind);
/* After a read's wait: whether the response is over and read (the read gives null); a reset is thrown. */
bool tse_http_stream_at_end(tse_ctx* ctx, double handle);
/* ================================================================== network_filter.c: network filters (issue 11) */

/* How a kind defines metrics in its config stage (tse_config_define_metric); the kinds' ABIs take no tags. */
typedef struct tse_metric_ops {
  int32_t (*define)(void* envoy_config, int32_t kind, const char* name, size_t length, size_t* id); /* a metrics result */
  /* update: TSE_METRIC_SET_GAUGE ...; TSE_METRIC_INCREMENT_COUNTER adds to a counter. */
  void (*update)(void* envoy_filter, int32_t update, size_t id, uint64_t amount);
} tse_metric_ops;

enum { TSE_METRIC_INCREMENT_COUNTER = -1 };

/* The metric methods of the kinds whose metrics take no tags (network, listener): kind_glue.c, through ctx->metric_ops. */
void tse_kind_increment_counter(tse_ctx* ctx, double counter, tse_value value);
void tse_kind_update_metric(tse_ctx* ctx, int32_t update, double handle, double value);

/*
 * The fields every other kind's registration starts with, as tse_filter_def's: kind_glue.c reads a
 * registration of any kind through tse_kind_def.
 */
#define TSE_KIND_DEF_FIELDS                          \
  const char* name;                                  \
  const tse_type* config_type;                       \
  const tse_literal_check* config_literals;          \
  bool config_is_raw_string;                         \
  void* (*new_filter)(tse_ctx * ctx, void* config); \
  void* (*configure)(tse_ctx * ctx, void* config);

typedef struct tse_kind_def {
  TSE_KIND_DEF_FIELDS
} tse_kind_def;

/* A registerNetworkFilter: the network hooks (compiler/api/network-api.ts). */
typedef struct tse_network_filter_def {
  TSE_KIND_DEF_FIELDS
  int32_t (*on_new_connection)(tse_ctx* ctx, void* self);
  int32_t (*on_read)(tse_ctx* ctx, void* self, double data_length, bool end_of_stream);
  int32_t (*on_write)(tse_ctx* ctx, void* self, double data_length, bool end_of_stream);
  void (*on_event)(tse_ctx* ctx, void* self, double event);
} tse_network_filter_def;

/* Provided by a generated module that registers network filters. */
extern const tse_network_filter_def* const tse_module_network_filters[];
extern const uint32_t tse_module_network_filter_count;

enum { TSE_NETWORK_READ_BUFFER = 0, TSE_NETWORK_WRITE_BUFFER = 1 };
enum { TSE_NETWORK_REMOTE_ADDRESS = 0, TSE_NETWORK_LOCAL_ADDRESS = 1 };

tse_bytes* tse_network_get_buffer(tse_ctx* ctx, int32_t which);
tse_str tse_network_get_buffer_text(tse_ctx* ctx, int32_t which);
double tse_network_get_buffer_size(tse_ctx* ctx, int32_t which);
bool tse_network_drain_buffer(tse_ctx* ctx, int32_t which, double bytes);
bool tse_network_append_buffer(tse_ctx* ctx, int32_t which, tse_bytes* data);
bool tse_network_append_buffer_text(tse_ctx* ctx, int32_t which, tse_str text);
bool tse_network_prepend_buffer(tse_ctx* ctx, int32_t which, tse_bytes* data);
void tse_network_write(tse_ctx* ctx, tse_bytes* data, bool end_of_stream);
void tse_network_write_text(tse_ctx* ctx, tse_str text, bool end_of_stream);
void tse_network_inject_data(tse_ctx* ctx, int32_t which, tse_bytes* data, bool end_of_stream);
void tse_network_continue_reading(tse_ctx* ctx);
void tse_network_close(tse_ctx* ctx, tse_value close_type);
tse_str tse_network_get_address(tse_ctx* ctx, int32_t which);
tse_value tse_network_get_port(tse_ctx* ctx, int32_t which);
tse_str tse_network_get_requested_server_name(tse_ctx* ctx);
bool tse_network_is_ssl(tse_ctx* ctx);
double tse_network_get_connection_id(tse_ctx* ctx);

/* ================================================================== listener_filter.c: listener filters (issue 11) */

/* A registerListenerFilter: the listener hooks (compiler/api/listener-api.ts). */
typedef struct tse_listener_filter_def {
  TSE_KIND_DEF_FIELDS
  int32_t (*on_accept)(tse_ctx* ctx, void* self);
  double (*get_max_read_bytes)(tse_ctx* ctx, void* self);
  int32_t (*on_data)(tse_ctx* ctx, void* self, double data_length);
  void (*on_close)(tse_ctx* ctx, void* self);
} tse_listener_filter_def;

extern const tse_listener_filter_def* const tse_module_listener_filters[];
extern const uint32_t tse_module_listener_filter_count;

enum { TSE_LISTENER_SERVER_NAME = 0, TSE_LISTENER_TRANSPORT_PROTOCOL = 1 };

tse_bytes* tse_listener_get_buffer(tse_ctx* ctx);
tse_str tse_listener_get_buffer_text(tse_ctx* ctx);
bool tse_listener_drain_buffer(tse_ctx* ctx, double bytes);
void tse_listener_set_string(tse_ctx* ctx, int32_t which, tse_str value);
tse_str tse_listener_get_string(tse_ctx* ctx, int32_t which);
void tse_listener_set_application_protocols(tse_ctx* ctx, tse_array* protocols);
void tse_listener_close_socket(tse_ctx* ctx, tse_str details);
void tse_listener_continue_filter_chain(tse_ctx* ctx, bool success);
tse_str tse_listener_get_address(tse_ctx* ctx, int32_t which);
tse_value tse_listener_get_port(tse_ctx* ctx, int32_t which);

/* ================================================================== udp_listener_filter.c: UDP listener filters (issue 11) */

/* A registerUdpListenerFilter: the UDP listener hook (compiler/api/udp-listener-api.ts). */
typedef struct tse_udp_listener_filter_def {
  TSE_KIND_DEF_FIELDS
  int32_t (*on_datagram)(tse_ctx* ctx, void* self, double data_length);
} tse_udp_listener_filter_def;

extern const tse_udp_listener_filter_def* const tse_module_udp_listener_filters[];
extern const uint32_t tse_module_udp_listener_filter_count;

tse_bytes* tse_udp_get_datagram(tse_ctx* ctx);
tse_str tse_udp_get_datagram_text(tse_ctx* ctx);
bool tse_udp_set_datagram(tse_ctx* ctx, tse_bytes* data);
bool tse_udp_send_datagram(tse_ctx* ctx, tse_bytes* data, tse_str address, double port);
tse_str tse_udp_get_address(tse_ctx* ctx, int32_t which);
tse_value tse_udp_get_port(tse_ctx* ctx, int32_t which);

/* ================================================================== access_logger.c: access loggers (issue 11) */

/* A registerAccessLogger: the access logger hook (compiler/api/access-logger-api.ts). */
typedef struct tse_access_logger_def {
  TSE_KIND_DEF_FIELDS
  void (*on_log)(tse_ctx* ctx, void* self, double log_type);
} tse_access_logger_def;

extern const tse_access_logger_def* const tse_module_access_loggers[];
extern const uint32_t tse_module_access_logger_count;

/* Header maps: the ABI's header types. */
enum { TSE_ACCESS_LOG_REQUEST_HEADERS = 0, TSE_ACCESS_LOG_RESPONSE_HEADERS = 2, TSE_ACCESS_LOG_RESPONSE_TRAILERS = 3 };
enum {
  TSE_ACCESS_LOG_RESPONSE_CODE,
  TSE_ACCESS_LOG_RESPONSE_FLAGS,
  TSE_ACCESS_LOG_START_TIME,
  TSE_ACCESS_LOG_DURATION,
  TSE_ACCESS_LOG_BYTES_RECEIVED,
  TSE_ACCESS_LOG_BYTES_SENT,
  TSE_ACCESS_LOG_PROTOCOL,
  TSE_ACCESS_LOG_ROUTE_NAME,
  TSE_ACCESS_LOG_UPSTREAM_CLUSTER,
  TSE_ACCESS_LOG_REQUEST_ID,
  TSE_ACCESS_LOG_REMOTE_ADDRESS,
  TSE_ACCESS_LOG_REMOTE_PORT,
};

tse_str tse_access_log_get_header(tse_ctx* ctx, int32_t map, tse_str name);
tse_str tse_access_log_get_string(tse_ctx* ctx, int32_t which);
double tse_access_log_get_count(tse_ctx* ctx, int32_t which);
tse_value tse_access_log_get_optional(tse_ctx* ctx, int32_t which);

/* ------------------------------------------------------------------ shared counters (issue 11; envoy_api.c) */

/* A metric-table entry of this kind is an atomic int64 in the config's memory, not an Envoy metric. */
enum { TSE_METRIC_SHARED_COUNTER = 3 };
double tse_config_define_shared_counter(tse_ctx* ctx);
double tse_shared_counter_add(tse_ctx* ctx, double counter, double delta);

/* ------------------------------------------------------------------ snapshots (issue 10; snapshot.c) */

/* A metric-table entry of this kind is a tse_snapshot in the config's arena (docs/async.md). */
enum { TSE_METRIC_SNAPSHOT = 4 };
/* defineSnapshot<T>(initial) in the config stage: `initial` is T's slot value (a pointer: T is an object, array or string); `literals`: T's (NULL: none). */
double tse_snapshot_define(tse_ctx* ctx, const tse_type* type, const tse_literal_check* literals, const void* initial);
/* getSnapshot<T>(s) in a stream: the version the stream pinned at its first read (the slot's pointer). */
void* tse_snapshot_get(tse_ctx* ctx, const tse_type* type, double handle);
/* task.publishSnapshot<T>(s, value) in a background task's run: `value` is T's slot value; throws TypeError when it does not decode. */
void tse_snapshot_publish(tse_ctx* ctx, const tse_type* type, double handle, const void* value);

/* ------------------------------------------------------------------ background tasks (issue 10; background_api.c) */

/* A metric-table entry of this kind is the config's tse_background_task, in the config's arena. */
enum { TSE_METRIC_BACKGROUND_TASK = 5 };
/* A task class's `run` glue (compiler/emit/c-module.ts), found by the class's descriptor. */
typedef struct tse_background_class {
  const tse_type* type;
  void (*run)(tse_ctx* ctx, void* self);
} tse_background_class;
extern const tse_background_class tse_module_background_classes[];
extern const uint32_t tse_module_background_class_count;
/* startBackgroundTask<T>(task, everyMs) in the config stage: records the task (deep-frozen); http_filter.c starts it once the stage returned. */
void tse_background_define(tse_ctx* ctx, const tse_type* type, const void* task, double every_ms);

/* ------------------------------------------------------------------ tracers (issue 11; tracer.c) */

/* A registerTracer: one object per span (compiler/api/tracer-api.ts). */
typedef struct tse_tracer_def {
  TSE_KIND_DEF_FIELDS
  void (*on_start)(tse_ctx* ctx, void* self, tse_str operation_name, bool traced);
  void (*on_set_operation)(tse_ctx* ctx, void* self, tse_str operation_name);
  void (*on_set_tag)(tse_ctx* ctx, void* self, tse_str key, tse_str value);
  void (*on_log)(tse_ctx* ctx, void* self, double timestamp_ms, tse_str event);
  void (*on_set_sampled)(tse_ctx* ctx, void* self, bool sampled);
  void (*on_inject_context)(tse_ctx* ctx, void* self);
  void (*on_finish)(tse_ctx* ctx, void* self);
} tse_tracer_def;

extern const tse_tracer_def* const tse_module_tracers[];
extern const uint32_t tse_module_tracer_count;

enum { TSE_TRACER_PROTOCOL = 0, TSE_TRACER_HOST = 1, TSE_TRACER_PATH = 2, TSE_TRACER_METHOD = 3 };

tse_str tse_tracer_get_context_value(tse_ctx* ctx, tse_str key);
void tse_tracer_set_context_value(tse_ctx* ctx, tse_str key, tse_str value);
void tse_tracer_remove_context_value(tse_ctx* ctx, tse_str key);
tse_str tse_tracer_get_fact(tse_ctx* ctx, int32_t which);

/* ------------------------------------------------------------------ stats sinks (issue 11; stats_sink.c) */

/* A registerStatsSink: one object per flush (compiler/api/stats-sink-api.ts). */
typedef struct tse_stats_sink_def {
  TSE_KIND_DEF_FIELDS
  void (*on_flush)(tse_ctx* ctx, void* self);
} tse_stats_sink_def;

extern const tse_stats_sink_def* const tse_module_stats_sinks[];
extern const uint32_t tse_module_stats_sink_count;

enum { TSE_STATS_COUNTERS = 0, TSE_STATS_GAUGES = 1, TSE_STATS_HISTOGRAMS = 2, TSE_STATS_TEXT_READOUTS = 3 };
enum { TSE_STATS_VALUE = 0, TSE_STATS_DELTA = 1, TSE_STATS_GAUGE_VALUE = 2 };
enum { TSE_STATS_SAMPLE_COUNT = 0, TSE_STATS_SAMPLE_SUM = 1, TSE_STATS_BUCKET_COUNT = 2 };
enum { TSE_STATS_UPPER_BOUND = 0, TSE_STATS_CUMULATIVE_COUNT = 1 };

double tse_stats_count(tse_ctx* ctx, int32_t family);
tse_str tse_stats_name(tse_ctx* ctx, int32_t family, double index);
double tse_stats_counter_number(tse_ctx* ctx, int32_t which, double index);
double tse_stats_histogram_number(tse_ctx* ctx, int32_t which, double index);
double tse_stats_bucket_number(tse_ctx* ctx, int32_t which, double index, double bucket);
tse_str tse_stats_text_readout_value(tse_ctx* ctx, double index);

#endif /* TSE_H */
