/*
 * `new RegExp(pattern, flags)`: patterns known only at run time (from a filter's config), compiled
 * by QuickJS's libregexp (runtime-c/vendor/quickjs-libregexp, a backtracking engine for
 * JavaScript's syntax) into bytecode in the arena of the context that builds them (a config's
 * arena in the config stage). regex.c runs every RegExp operation as for a literal and asks
 * tse_rx_dynamic.match for each match attempt. lre_exec only reads the bytecode, so one compiled
 * pattern serves every worker thread. Backtracking can take exponential time: each attempt is
 * bounded (RX_DYNAMIC_MAX_STEPS) and throws RangeError past it, so a hostile input fails the
 * stream instead of stalling a worker. Only modules that call `new RegExp` link this file and
 * the engine (the linker drops unreferenced sections).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tse_internal.h"
#include "vendor/quickjs-libregexp/libregexp.h"

/* libregexp polls its timeout hook every 10000 backtracking steps (INTERRUPT_COUNTER_INIT). */
enum { RX_DYNAMIC_STEPS_PER_POLL = 10000, RX_DYNAMIC_MAX_POLLS = 1000 };
#define RX_DYNAMIC_MAX_STEPS "10000000"

/* The opaque pointer libregexp hands back: the context, and for exec the polls so far. */
typedef struct rx_hook_state {
  tse_ctx* ctx;
  uint32_t polls;
} rx_hook_state;

void* lre_realloc(void* opaque, void* ptr, size_t size) {
  (void)opaque;
  if (size == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, size);
}

/* The parser recurses per nesting level: stop before the stack budget the context keeps. */
int lre_check_stack_overflow(void* opaque, size_t alloca_size) {
  const rx_hook_state* state = opaque;
  if (state == NULL || state->ctx->stack_limit == NULL) return 0;
  return (const char*)__builtin_frame_address(0) - alloca_size < state->ctx->stack_limit + 16384;
}

int lre_check_timeout(void* opaque) {
  rx_hook_state* state = opaque;
  return state != NULL && ++state->polls > RX_DYNAMIC_MAX_POLLS;
}

/* ------------------------------------------------------------------ matching */

static bool rx_dynamic_run(tse_ctx* ctx, const tse_regex* re, const uint8_t* bytecode, tse_str s, uint32_t start, int32_t* slots) {
  const tse_rx_dynamic* dyn = re->dynamic;
  uint8_t* small[32];
  uint8_t** capture = dyn->alloc_count <= 32 ? small : tse_alloc(ctx, sizeof(uint8_t*) * dyn->alloc_count);
  rx_hook_state state = {ctx, 0};
  int shift = s->wide ? 1 : 0;
  int ret = lre_exec(capture, bytecode, s->data, (int)start, (int)s->length, shift, &state);
  if (ret == LRE_RET_TIMEOUT) {
    char message[160];
    snprintf(message, sizeof message, "Maximum regular expression backtracking exceeded: more than %s steps", RX_DYNAMIC_MAX_STEPS);
    tse_throw_js_error(ctx, "RangeError", message);
  }
  if (ret < 0) tse_fail(ctx, "out of memory in a regular expression match");
  if (ret == 0) return false;
  for (uint32_t i = 0; i < 2 * (re->group_count + 1); i++) {
    slots[i] = capture[i] ? (int32_t)((capture[i] - s->data) >> shift) : -1;
  }
  return true;
}

static bool rx_dynamic_match(tse_ctx* ctx, const tse_regex* re, tse_str s, uint32_t start, bool sticky, int32_t* slots) {
  const tse_rx_dynamic* dyn = re->dynamic;
  if (sticky && dyn->anchored) return rx_dynamic_run(ctx, re, dyn->anchored, s, start, slots);
  /* A sticky attempt of a pattern without y (split at an empty input): the leftmost match from
   * start is the anchored one when one exists. */
  bool found = rx_dynamic_run(ctx, re, dyn->search, s, start, slots);
  return found && (!sticky || (uint32_t)slots[0] == start);
}

/* ------------------------------------------------------------------ compiling */

/* V8's SyntaxError for a bad pattern: its message for what libregexp found, where one matches. */
static const char* rx_v8_message(const char* quickjs) {
  static const char* const table[][2] = {
      {"expecting ')'", "Unterminated group"},
      {"extraneous characters at the end", "Unmatched ')'"},
      {"nothing to repeat", "Nothing to repeat"},
      {"unexpected end", "\\ at end of pattern"},
      {"expecting ']'", "Unterminated character class"},
      {"invalid class range", "Range out of order in character class"},
      {"unknown unicode property name", "Invalid property name"},
      {"unknown unicode property value", "Invalid property name"},
      {"unknown unicode script", "Invalid property name"},
      {"unknown unicode general category", "Invalid property name"},
      {"invalid group name", "Invalid capture group name"},
      {"expecting group name", "Invalid capture group name"},
      {"duplicate group name", "Duplicate capture group name"},
      {"group name not defined", "Invalid named capture referenced"},
      {"invalid repetition count", "numbers out of order in {} quantifier"},
      {"invalid escape sequence in regular expression", "Invalid escape"},
      {"invalid group", "Invalid group"},
      {"stack overflow", "Maximum call stack size exceeded"},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    if (strcmp(quickjs, table[i][0]) == 0) return table[i][1];
  }
  return quickjs;
}

/* RegExp.prototype.source: `/` and line terminators escaped, the empty pattern as (?:). */
static tse_str rx_escape_source(tse_ctx* ctx, tse_str pattern) {
  if (pattern->length == 0) return tse_str_from_ascii(ctx, "(?:)", 4);
  uint16_t* out = tse_alloc(ctx, sizeof(uint16_t) * 6 * pattern->length);
  uint32_t n = 0;
  bool escaped = false, in_class = false;
  for (uint32_t i = 0; i < pattern->length; i++) {
    uint16_t u = tse_str_unit(pattern, i);
    const char* replacement = NULL;
    if (u == '\n') replacement = escaped ? "n" : "\\n";
    else if (u == '\r') replacement = escaped ? "r" : "\\r";
    else if (u == 0x2028) replacement = escaped ? "u2028" : "\\u2028";
    else if (u == 0x2029) replacement = escaped ? "u2029" : "\\u2029";
    else if (u == '/' && !escaped && !in_class) replacement = "\\/";
    if (replacement) {
      for (const char* c = replacement; *c; c++) out[n++] = (uint16_t)*c;
    } else {
      out[n++] = u;
    }
    if (!escaped && u == '[') in_class = true;
    else if (!escaped && u == ']') in_class = false;
    escaped = !escaped && u == '\\';
  }
  return tse_str_from_units(ctx, out, n);
}

static TSE_NORETURN void rx_syntax_error(tse_ctx* ctx, tse_str pattern, const char* flags, const char* what) {
  size_t length;
  const char* utf8 = tse_str_to_utf8(ctx, pattern, &length);
  size_t capacity = length + strlen(flags) + strlen(what) + 64;
  char* message = tse_alloc(ctx, capacity);
  snprintf(message, capacity, "Invalid regular expression: /%.*s/%s: %s", (int)length, utf8, flags, what);
  tse_throw_js_error(ctx, "SyntaxError", message);
}

/* The flags in RegExp.prototype.flags order, their bits, libregexp's; false when invalid. */
static bool rx_parse_flags(tse_str flags, char* canonical, uint32_t* bits, int* lre) {
  static const char order[] = "dgimsuvy";
  bool seen[8] = {false};
  for (uint32_t i = 0; flags && i < flags->length; i++) {
    const char* at = memchr(order, tse_str_unit(flags, i) < 128 ? (int)tse_str_unit(flags, i) : 0, 8);
    if (at == NULL || tse_str_unit(flags, i) == 0 || seen[at - order]) return false;
    seen[at - order] = true;
  }
  if (seen[5] && seen[6]) return false; /* u and v */
  static const uint32_t tse_bits[8] = {0, TSE_RX_GLOBAL, TSE_RX_IGNORE_CASE, TSE_RX_MULTILINE, TSE_RX_DOT_ALL, TSE_RX_UNICODE, TSE_RX_UNICODE | TSE_RX_UNICODE_SETS, TSE_RX_STICKY};
  static const int lre_bits[8] = {LRE_FLAG_INDICES, LRE_FLAG_GLOBAL, LRE_FLAG_IGNORECASE, LRE_FLAG_MULTILINE, LRE_FLAG_DOTALL, LRE_FLAG_UNICODE, LRE_FLAG_UNICODE_SETS, 0};
  size_t n = 0;
  *bits = 0;
  *lre = 0;
  for (int i = 0; i < 8; i++) {
    if (!seen[i]) continue;
    canonical[n++] = order[i];
    *bits |= tse_bits[i];
    *lre |= lre_bits[i];
  }
  canonical[n] = '\0';
  return true;
}

/*
 * The pattern as libregexp reads it: UTF-8, with a lone surrogate as its own 3-byte sequence (as
 * QuickJS passes JS strings) so that it matches itself, and a NUL after the end.
 */
static const char* rx_wtf8(tse_ctx* ctx, tse_str pattern, size_t* length_out) {
  char* out = tse_alloc(ctx, (size_t)pattern->length * 3 + 1);
  size_t n = 0;
  for (uint32_t i = 0; i < pattern->length; i++) {
    uint32_t c = tse_str_unit(pattern, i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < pattern->length && tse_str_unit(pattern, i + 1) >= 0xDC00 && tse_str_unit(pattern, i + 1) <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (tse_str_unit(pattern, ++i) - 0xDC00);
    }
    if (c < 0x80) {
      out[n++] = (char)c;
    } else if (c < 0x800) {
      out[n++] = (char)(0xC0 | (c >> 6));
      out[n++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out[n++] = (char)(0xE0 | (c >> 12));
      out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
      out[n++] = (char)(0x80 | (c & 0x3F));
    } else {
      out[n++] = (char)(0xF0 | (c >> 18));
      out[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
      out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
      out[n++] = (char)(0x80 | (c & 0x3F));
    }
  }
  out[n] = '\0';
  *length_out = n;
  return out;
}

/* Compiles with libregexp; the bytecode moves to the arena (lre_realloc's memory is freed). */
static const uint8_t* rx_compile(tse_ctx* ctx, const char* utf8, size_t utf8_length, int lre_flags, char* error, size_t error_size) {
  rx_hook_state state = {ctx, 0};
  int length = 0;
  uint8_t* bytecode = lre_compile(&length, error, (int)error_size, utf8, utf8_length, lre_flags, &state);
  if (bytecode == NULL) return NULL;
  uint8_t* copy = tse_alloc(ctx, (size_t)length);
  memcpy(copy, bytecode, (size_t)length);
  free(bytecode);
  return copy;
}

tse_regexp* tse_regexp_compile(tse_ctx* ctx, tse_str pattern, tse_str flags) {
  char canonical[9];
  uint32_t bits;
  int lre_flags;
  if (!rx_parse_flags(flags, canonical, &bits, &lre_flags)) {
    size_t length;
    const char* utf8 = tse_str_to_utf8(ctx, flags, &length);
    char* message = tse_alloc(ctx, length + 64);
    snprintf(message, length + 64, "Invalid flags supplied to RegExp constructor '%.*s'", (int)length, utf8);
    tse_throw_js_error(ctx, "SyntaxError", message);
  }
  size_t length;
  const char* utf8 = rx_wtf8(ctx, pattern, &length);
  char error[128];
  const uint8_t* search = rx_compile(ctx, utf8, length, lre_flags, error, sizeof error);
  if (search == NULL) rx_syntax_error(ctx, pattern, canonical, rx_v8_message(error));
  const uint8_t* anchored = NULL;
  if (bits & TSE_RX_STICKY) {
    anchored = rx_compile(ctx, utf8, length, lre_flags | LRE_FLAG_STICKY, error, sizeof error);
    if (anchored == NULL) rx_syntax_error(ctx, pattern, canonical, rx_v8_message(error));
  }

  tse_rx_dynamic* dyn = tse_alloc(ctx, sizeof *dyn);
  *dyn = (tse_rx_dynamic){rx_dynamic_match, search, anchored, (uint32_t)lre_get_alloc_count(search)};
  tse_regex* regex = tse_alloc(ctx, sizeof *regex);
  memset(regex, 0, sizeof *regex);
  regex->source = rx_escape_source(ctx, pattern);
  regex->flags = tse_str_from_ascii(ctx, canonical, strlen(canonical));
  regex->flag_bits = bits;
  regex->group_count = (uint32_t)lre_get_capture_count(search) - 1;
  regex->first_set = -1;
  regex->first_ascii = -1;
  regex->dynamic = dyn;
  const char* names = lre_get_groupnames(search);
  if (names != NULL) {
    tse_str* group_names = tse_alloc(ctx, sizeof(tse_str) * regex->group_count);
    for (uint32_t g = 0; g < regex->group_count; g++) {
      size_t n = strlen(names);
      group_names[g] = n ? tse_str_from_utf8(ctx, names, n) : NULL;
      names += n + LRE_GROUP_NAME_TRAILER_LEN;
    }
    regex->group_names = group_names;
  }
  return tse_regexp_new(ctx, regex);
}
