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
#include "vendor/quickjs-libregexp/cutils.h" /* TRUE, for libunicode.h */
#include "vendor/quickjs-libregexp/libunicode.h"

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

/*
 * Fast paths (docs/regex.md#patterns-from-the-config). libregexp's search tries every start
 * position in its interpreter (its bytecode begins with a `.*?` loop). Two shortcuts, exact by
 * construction:
 * - First code units: at load, the units a match can start with are read off the bytecode; a
 *   search then skips to the next such unit in C and runs one anchored attempt there, which gives
 *   what the search would at that position (a search is the leftmost position's attempt).
 * - A pattern `^.*R` or `.*R` (or `.*?`; `.` under s too) has a match only if R matches at a
 *   position `.*` can reach: up to the first line terminator for `^.*` without m or s, anywhere
 *   otherwise. R alone is searched that far with the first shortcut. For test() that is the
 *   answer; otherwise the pattern's leftmost match starts at the first position `.*` reaches
 *   R's match from, and the engine makes its one attempt there, so every result (index,
 *   captures) is its own.
 */

/* libregexp's opcodes and sizes, from its own list; its bytecode header (libregexp.c). */
enum {
#define DEF(id, size) RX_OP_##id,
#include "vendor/quickjs-libregexp/libregexp-opcode.h"
#undef DEF
  RX_OP_COUNT
};
static const uint8_t rx_op_size[RX_OP_COUNT] = {
#define DEF(id, size) size,
#include "vendor/quickjs-libregexp/libregexp-opcode.h"
#undef DEF
};
enum { RX_HEADER = 8, RX_HEADER_LENGTH_AT = 4, RX_SEARCH_PREFIX = 11 /* split_goto_first, any, goto */ };

/* Anchored attempts one search makes before it leaves the rest to libregexp's own loop: each
 * attempt's last steps below a poll (10000) are not counted, so this bounds what the step bound
 * misses (docs/regex.md: at most about twice the bound). */
enum { RX_SCAN_MAX_ATTEMPTS = 1000, RX_SCAN_MAX_FIRST = 64 };

/* How to search with one bytecode: libregexp's loop, or the first-unit skip. */
typedef struct rx_scan {
  const uint8_t* search;   /* with libregexp's `.*?` prefix */
  const uint8_t* anchored; /* the same without it: one attempt at the start index */
  bool filtered;           /* first/first_high hold the units a match can start with */
  bool first_high;         /* a unit from 256 up can */
  bool at_zero;            /* `^` without m first: a match starts only at 0 */
  int first_only;          /* the one unit below 256 that can (and none above), for memchr; -1 */
  uint8_t first[256];
} rx_scan;

/* tse_rx_dynamic with the fast paths (regex.c sees the first member only). */
typedef struct rx_dynamic {
  tse_rx_dynamic base;
  rx_scan whole;
  bool dot_prefix;     /* the pattern is `^.*R` or `.*R`, and rest is R */
  uint8_t dot_anchor;  /* 0: none, RX_OP_line_start or RX_OP_line_start_m */
  bool dot_any;        /* the `.` of `.*` matches line terminators (s, or [^]) */
  rx_scan rest;
} rx_dynamic;

static uint32_t rx_get_u32(const uint8_t* p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

static uint16_t rx_get_u16(const uint8_t* p) {
  uint16_t v;
  memcpy(&v, p, 2);
  return v;
}

static bool rx_is_lead(uint16_t u) { return u >= 0xD800 && u <= 0xDBFF; }
static bool rx_is_trail(uint16_t u) { return u >= 0xDC00 && u <= 0xDFFF; }
static bool rx_is_line_terminator(uint32_t c) { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029; }

/* Whether a range op (ranges at p, 16- or 32-bit bounds) holds c. */
static bool rx_range_has(const uint8_t* p, uint32_t n, bool wide, uint32_t c) {
  for (uint32_t i = 0; i < n; i++) {
    uint32_t lo = wide ? rx_get_u32(p + 8 * i) : rx_get_u16(p + 4 * i);
    uint32_t hi = wide ? rx_get_u32(p + 8 * i + 4) : rx_get_u16(p + 4 * i + 2);
    if (c >= lo && c <= hi) return true;
  }
  return false;
}

/*
 * The code units a match of the bytecode from `at` (after save_start 0) can start with: below
 * 256 in first[], from 256 up as first_high. False when unknown: the pattern can match the empty
 * string, or its first character depends on a backreference or a lookbehind. Zero-width
 * assertions and lookaheads only narrow where a match is, so they are passed over.
 */
static bool rx_first_units(tse_ctx* ctx, const uint8_t* bc, uint32_t at, bool unicode, uint8_t* first, bool* high) {
  uint32_t length = rx_get_u32(bc + RX_HEADER_LENGTH_AT);
  const uint8_t* code = bc + RX_HEADER;
  uint8_t* seen = tse_alloc(ctx, length);
  uint32_t* todo = tse_alloc(ctx, sizeof(uint32_t) * (length + 1));
  memset(seen, 0, length);
  memset(first, 0, 256);
  *high = false;
  uint32_t n = 0;
  todo[n++] = at;
  while (n > 0) {
    uint32_t pc = todo[--n];
    if (pc >= length || seen[pc]) continue;
    seen[pc] = 1;
    uint8_t op = code[pc];
    if (op >= RX_OP_COUNT) return false;
    uint32_t next = pc + rx_op_size[op];
    switch (op) {
      case RX_OP_char:
      case RX_OP_char_i:
      case RX_OP_char32:
      case RX_OP_char32_i: {
        uint32_t c = op == RX_OP_char || op == RX_OP_char_i ? rx_get_u16(code + pc + 1) : rx_get_u32(code + pc + 1);
        bool fold = op == RX_OP_char_i || op == RX_OP_char32_i;
        for (uint32_t u = 0; u < 256; u++) {
          if ((fold ? (uint32_t)lre_canonicalize(u, unicode) : u) == c) first[u] = 1;
        }
        if (fold || c >= 256) *high = true;
        break;
      }
      case RX_OP_dot:
      case RX_OP_any:
        for (uint32_t u = 0; u < 256; u++) first[u] |= op == RX_OP_any || !rx_is_line_terminator(u);
        *high = true;
        break;
      case RX_OP_space:
      case RX_OP_not_space:
        for (uint32_t u = 0; u < 256; u++) first[u] |= (lre_is_space(u) != 0) == (op == RX_OP_space);
        *high = true;
        break;
      case RX_OP_range:
      case RX_OP_range_i:
      case RX_OP_range32:
      case RX_OP_range32_i: {
        uint32_t count = rx_get_u16(code + pc + 1);
        bool wide = op == RX_OP_range32 || op == RX_OP_range32_i;
        bool fold = op == RX_OP_range_i || op == RX_OP_range32_i;
        const uint8_t* ranges = code + pc + 3;
        if (pc + 3 + (wide ? 8 : 4) * count > length || count == 0) return false;
        for (uint32_t u = 0; u < 256; u++) {
          if (rx_range_has(ranges, count, wide, fold ? (uint32_t)lre_canonicalize(u, unicode) : u)) first[u] = 1;
        }
        uint32_t top = wide ? rx_get_u32(ranges + 8 * (count - 1) + 4) : rx_get_u16(ranges + 4 * (count - 1) + 2);
        if (fold || top >= 256) *high = true;
        break;
      }
      case RX_OP_line_start:
      case RX_OP_line_start_m:
      case RX_OP_line_end:
      case RX_OP_line_end_m:
      case RX_OP_word_boundary:
      case RX_OP_word_boundary_i:
      case RX_OP_not_word_boundary:
      case RX_OP_not_word_boundary_i:
      case RX_OP_save_start:
      case RX_OP_save_reset:
      case RX_OP_set_i32:
      case RX_OP_set_char_pos:
      case RX_OP_check_advance:
        todo[n++] = next;
        break;
      case RX_OP_save_end:
        if (code[pc + 1] == 0) return false; /* the end of a match before any character */
        todo[n++] = next;
        break;
      case RX_OP_goto:
        todo[n++] = next + rx_get_u32(code + pc + 1);
        break;
      case RX_OP_split_goto_first:
      case RX_OP_split_next_first:
        todo[n++] = next;
        todo[n++] = next + rx_get_u32(code + pc + 1);
        break;
      case RX_OP_loop:
        todo[n++] = next;
        todo[n++] = next + rx_get_u32(code + pc + 2);
        break;
      case RX_OP_loop_split_goto_first:
      case RX_OP_loop_split_next_first:
      case RX_OP_loop_check_adv_split_goto_first:
      case RX_OP_loop_check_adv_split_next_first:
        todo[n++] = next;
        todo[n++] = next + rx_get_u32(code + pc + 6);
        break;
      case RX_OP_lookahead:
      case RX_OP_negative_lookahead:
        todo[n++] = next + rx_get_u32(code + pc + 1); /* what follows the lookahead */
        break;
      default: /* backreferences, lookbehind's steps back, the end of a lookahead or a match */
        return false;
    }
  }
  return true;
}

/* A bytecode of `bc`'s header and save_start 0 followed by bc's code from `at`, with or without
 * libregexp's search prefix (copied from bc, which has it). Jumps are relative, and none in the
 * copied part leaves it, so it runs as compiled. */
static const uint8_t* rx_bytecode_from(tse_ctx* ctx, const uint8_t* bc, uint32_t at, bool search) {
  uint32_t length = rx_get_u32(bc + RX_HEADER_LENGTH_AT);
  uint32_t prefix = search ? RX_SEARCH_PREFIX : 0;
  uint32_t out_length = prefix + 2 + (length - at);
  uint8_t* out = tse_alloc(ctx, RX_HEADER + out_length);
  memcpy(out, bc, RX_HEADER);
  out[0] &= (uint8_t) ~(LRE_FLAG_NAMED_GROUPS); /* no group names follow */
  memcpy(out + RX_HEADER_LENGTH_AT, &out_length, 4);
  memcpy(out + RX_HEADER, bc + RX_HEADER, prefix);
  out[RX_HEADER + prefix] = RX_OP_save_start;
  out[RX_HEADER + prefix + 1] = 0;
  memcpy(out + RX_HEADER + prefix + 2, bc + RX_HEADER + at, length - at);
  return out;
}

/* The scan of the code from `at` (after save_start 0) of a search bytecode. */
static void rx_scan_init(tse_ctx* ctx, rx_scan* scan, const uint8_t* search_bc, uint32_t at, bool unicode) {
  const uint8_t* code = search_bc + RX_HEADER;
  memset(scan, 0, sizeof *scan);
  scan->first_only = -1;
  scan->search = at == RX_SEARCH_PREFIX + 2 ? search_bc : rx_bytecode_from(ctx, search_bc, at, true);
  scan->anchored = rx_bytecode_from(ctx, search_bc, at, false);
  scan->at_zero = code[at] == RX_OP_line_start;
  if (!rx_first_units(ctx, search_bc, at, unicode, scan->first, &scan->first_high)) return;
  uint32_t count = 0;
  int only = -1;
  for (int u = 0; u < 256; u++) {
    if (scan->first[u]) count++, only = u;
  }
  scan->filtered = count <= RX_SCAN_MAX_FIRST;
  if (count == 1 && !scan->first_high) scan->first_only = only;
}

/* The first start index from `p` up to `last` a match can have, or UINT32_MAX. */
static uint32_t rx_scan_next(const rx_scan* scan, tse_str s, uint32_t p, uint32_t last, bool unicode) {
  if (!scan->filtered) return p <= last ? p : UINT32_MAX;
  uint32_t end = last < s->length ? last + 1 : s->length;
  if (!s->wide) {
    if (scan->first_only >= 0) {
      const unsigned char* at = p < end ? memchr(s->data + p, scan->first_only, end - p) : NULL;
      return at ? (uint32_t)(at - s->data) : UINT32_MAX;
    }
    for (; p < end; p++) {
      if (scan->first[s->data[p]]) return p;
    }
    return UINT32_MAX;
  }
  const uint16_t* units = (const uint16_t*)s->data;
  for (; p < end; p++) {
    uint16_t u = units[p];
    if (!(u < 256 ? scan->first[u] : scan->first_high)) continue;
    /* A unicode search steps by code points: never from the middle of a pair. */
    if (unicode && p > 0 && rx_is_trail(u) && rx_is_lead(units[p - 1])) continue;
    return p;
  }
  return UINT32_MAX;
}

static uint32_t rx_capture_index(tse_str s, const uint8_t* at) { return (uint32_t)((at - s->data) >> (s->wide ? 1 : 0)); }

/* libregexp's result for the leftmost match that starts from `start` to `last`, captures in
 * capture[]; the hook state counts steps over every attempt. */
static int rx_scan_run(const rx_scan* scan, uint8_t** capture, tse_str s, uint32_t start, uint32_t last, bool unicode, rx_hook_state* state) {
  int shift = s->wide ? 1 : 0;
  const uint16_t* units = (const uint16_t*)s->data;
  /* As lre_exec: a unicode search that starts inside a pair starts at the pair. */
  if (unicode && s->wide && start > 0 && start < s->length && rx_is_trail(units[start]) && rx_is_lead(units[start - 1])) start--;
  if (scan->at_zero && last > 0) last = 0;
  if (!scan->filtered && !scan->at_zero) {
    int ret = lre_exec(capture, scan->search, s->data, (int)start, (int)s->length, shift, state);
    return ret == 1 && rx_capture_index(s, capture[0]) > last ? 0 : ret;
  }
  uint32_t attempts = 0;
  for (uint32_t p = rx_scan_next(scan, s, start, last, unicode); p != UINT32_MAX; p = rx_scan_next(scan, s, p + 1, last, unicode)) {
    /* Too many attempts, or start units too dense for skipping to pay: libregexp's loop. */
    if (++attempts > RX_SCAN_MAX_ATTEMPTS || (attempts > 32 && p - start < 8 * attempts)) {
      int ret = lre_exec(capture, scan->search, s->data, (int)p, (int)s->length, shift, state);
      return ret == 1 && rx_capture_index(s, capture[0]) > last ? 0 : ret;
    }
    int ret = lre_exec(capture, scan->anchored, s->data, (int)p, (int)s->length, shift, state);
    if (ret != 0) return ret;
  }
  return 0;
}

/* The index of the first line terminator in s, or its length. */
static uint32_t rx_first_line_end(tse_str s) {
  if (!s->wide) {
    const unsigned char* nl = memchr(s->data, '\n', s->length);
    uint32_t end = nl ? (uint32_t)(nl - s->data) : s->length;
    const unsigned char* cr = memchr(s->data, '\r', end);
    return cr ? (uint32_t)(cr - s->data) : end;
  }
  const uint16_t* units = (const uint16_t*)s->data;
  for (uint32_t i = 0; i < s->length; i++) {
    if (rx_is_line_terminator(units[i])) return i;
  }
  return s->length;
}

/* One lre_exec result: a RangeError past the step bound, slots from the captures on a match. */
static bool rx_dynamic_result(tse_ctx* ctx, const tse_regex* re, int ret, uint8_t** capture, tse_str s, int32_t* slots) {
  if (ret == LRE_RET_TIMEOUT) {
    char message[160];
    snprintf(message, sizeof message, "Maximum regular expression backtracking exceeded: more than %s steps", RX_DYNAMIC_MAX_STEPS);
    tse_throw_js_error(ctx, "RangeError", message);
  }
  if (ret < 0) tse_fail(ctx, "out of memory in a regular expression match");
  if (ret == 0) return false;
  for (uint32_t i = 0; slots && i < 2 * (re->group_count + 1); i++) {
    slots[i] = capture[i] ? (int32_t)rx_capture_index(s, capture[i]) : -1;
  }
  return true;
}

/* tse_rx_dynamic.match; slots NULL (test without g or y) asks only whether there is a match. */
static bool rx_dynamic_match(tse_ctx* ctx, const tse_regex* re, tse_str s, uint32_t start, bool sticky, int32_t* slots) {
  const rx_dynamic* dyn = (const rx_dynamic*)re->dynamic;
  uint8_t* small[32];
  uint8_t** capture = dyn->base.alloc_count <= 32 ? small : tse_alloc(ctx, sizeof(uint8_t*) * dyn->base.alloc_count);
  rx_hook_state state = {ctx, 0};
  int shift = s->wide ? 1 : 0;
  bool unicode = (re->flag_bits & TSE_RX_UNICODE) != 0;
  if (sticky) {
    if (dyn->base.anchored) return rx_dynamic_result(ctx, re, lre_exec(capture, dyn->base.anchored, s->data, (int)start, (int)s->length, shift, &state), capture, s, slots);
    /* A sticky attempt of a pattern without y (split at an empty input): the leftmost match from
     * start is the anchored one when one exists. */
    bool found = rx_dynamic_result(ctx, re, lre_exec(capture, dyn->base.search, s->data, (int)start, (int)s->length, shift, &state), capture, s, slots);
    return found && (uint32_t)slots[0] == start;
  }
  /* `^.*R` and `.*R`: R's leftmost match p, where `.*` reaches, decides; the pattern's leftmost
   * match then starts at the first position from which `.*` reaches p (the start, or p's line),
   * and one attempt there gives the engine's own result. */
  if (dyn->dot_prefix && (dyn->dot_anchor == 0 || start == 0)) {
    uint32_t last = dyn->dot_anchor == RX_OP_line_start && !dyn->dot_any ? rx_first_line_end(s) : s->length;
    if (!rx_dynamic_result(ctx, re, rx_scan_run(&dyn->rest, capture, s, start, last, unicode, &state), capture, s, NULL)) return false;
    if (slots == NULL) return true; /* test(): whether is all it asks */
    uint32_t from = rx_capture_index(s, capture[0]);
    if (dyn->dot_any || dyn->dot_anchor == RX_OP_line_start) from = start;
    else {
      while (from > start && !rx_is_line_terminator(tse_str_unit(s, from - 1))) from--;
    }
    return rx_dynamic_result(ctx, re, lre_exec(capture, dyn->whole.anchored, s->data, (int)from, (int)s->length, shift, &state), capture, s, slots);
  }
  return rx_dynamic_result(ctx, re, rx_scan_run(&dyn->whole, capture, s, start, s->length, unicode, &state), capture, s, slots);
}

/* Finds `^.*`, `.*`, `.*?` (with `.` or [^]) at the start of the pattern's code. */
static void rx_dot_prefix_init(tse_ctx* ctx, rx_dynamic* dyn, const uint8_t* search_bc, bool unicode) {
  const uint8_t* code = search_bc + RX_HEADER;
  uint32_t length = rx_get_u32(search_bc + RX_HEADER_LENGTH_AT);
  uint32_t pc = RX_SEARCH_PREFIX + 2;
  if (pc < length && (code[pc] == RX_OP_line_start || code[pc] == RX_OP_line_start_m)) dyn->dot_anchor = code[pc++];
  /* L: split L+11; dot|any; goto L */
  if (pc + 11 > length || (code[pc] != RX_OP_split_next_first && code[pc] != RX_OP_split_goto_first)) return;
  if (rx_get_u32(code + pc + 1) != 6 || (code[pc + 5] != RX_OP_dot && code[pc + 5] != RX_OP_any)) return;
  if (code[pc + 6] != RX_OP_goto || (int32_t)rx_get_u32(code + pc + 7) != -11) return;
  dyn->dot_prefix = true;
  dyn->dot_any = code[pc + 5] == RX_OP_any;
  rx_scan_init(ctx, &dyn->rest, search_bc, pc + 11, unicode);
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

  rx_dynamic* dyn = tse_alloc(ctx, sizeof *dyn);
  memset(dyn, 0, sizeof *dyn);
  dyn->base = (tse_rx_dynamic){rx_dynamic_match, search, anchored, (uint32_t)lre_get_alloc_count(search)};
  bool unicode = (bits & TSE_RX_UNICODE) != 0;
  rx_scan_init(ctx, &dyn->whole, search, RX_SEARCH_PREFIX + 2, unicode);
  rx_dot_prefix_init(ctx, dyn, search, unicode);
  tse_regex* regex = tse_alloc(ctx, sizeof *regex);
  memset(regex, 0, sizeof *regex);
  regex->source = rx_escape_source(ctx, pattern);
  regex->flags = tse_str_from_ascii(ctx, canonical, strlen(canonical));
  regex->flag_bits = bits;
  regex->group_count = (uint32_t)lre_get_capture_count(search) - 1;
  regex->first_set = -1;
  regex->first_ascii = -1;
  regex->dynamic = &dyn->base;
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
