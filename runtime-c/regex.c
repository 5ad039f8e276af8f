/*
 * Regular expressions: a Pike VM (and, for `test`, a DFA) over the tables compiled at build time
 * by compiler/regex/, and the RegExp and String.prototype methods built on them, as ECMAScript
 * specifies them (RegExpBuiltinExec, @@match, matchAll, @@replace, @@split, @@search, GetSubstitution).
 *
 * The VM keeps its threads in backtracking priority order and drops a thread reaching a program
 * counter that a higher-priority thread reached at the same position; the compiler arranges the
 * program so that such threads have the same future. Time is O(input * program) per search (a
 * lookahead runs a nested search at each position it is tried), with no backtracking.
 */
#include <string.h>

#include "tse_internal.h"

static TSE_NAMED_TYPE(optional_string_type, "string | undefined", .kind = TSE_KIND_OPTIONAL, .size = sizeof(tse_str), .elem = &tse_type_string);
#define optional_string_type (optional_string_type_named.type)
TSE_NAMED_TYPE(tse_type_regexp, "RegExp", .kind = TSE_KIND_OTHER, .size = sizeof(tse_regexp));
TSE_NAMED_TYPE(tse_type_regexp_match, "RegExpExecArray", .kind = TSE_KIND_ARRAY, .size = sizeof(tse_array*), .elem = &optional_string_type);

/* ------------------------------------------------------------------ input */

typedef struct rx_input {
  tse_str s;
  uint32_t length;
  bool unicode;
} rx_input;

static inline uint32_t rx_unit(const rx_input* in, uint32_t i) { return tse_str_unit(in->s, i); }

static inline bool rx_is_lead(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
static inline bool rx_is_trail(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

/* The character at i (a code point under u) and its width in code units. */
static inline uint32_t rx_char(const rx_input* in, uint32_t i, uint32_t* width) {
  uint32_t c = rx_unit(in, i);
  *width = 1;
  if (in->unicode && rx_is_lead(c) && i + 1 < in->length) {
    uint32_t d = rx_unit(in, i + 1);
    if (rx_is_trail(d)) {
      *width = 2;
      return 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
    }
  }
  return c;
}

/* AdvanceStringIndex. */
static uint32_t rx_advance(const rx_input* in, uint32_t i) {
  if (!in->unicode || i + 1 >= in->length) return i + 1;
  return rx_is_lead(rx_unit(in, i)) && rx_is_trail(rx_unit(in, i + 1)) ? i + 2 : i + 1;
}

static bool rx_in_set(const tse_rx_set* set, uint32_t c) {
  if (c < 256) return (set->low[c >> 5] >> (c & 31)) & 1u;
  uint32_t lo = 0, hi = set->range_count;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (c < set->ranges[2 * mid]) hi = mid;
    else if (c > set->ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

static inline bool rx_is_line_terminator(uint32_t c) { return c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029; }

/* IsWordChar: word characters are all in the BMP and no surrogate is one, so a unit suffices. */
static bool rx_word_at(const tse_regex* re, const rx_input* in, uint32_t i, bool before) {
  if (before ? i == 0 : i >= in->length) return false;
  return rx_in_set(&re->sets[re->word_set], rx_unit(in, before ? i - 1 : i));
}

static bool rx_assert(const tse_regex* re, const rx_input* in, uint32_t kind, uint32_t pos) {
  switch (kind) {
    case TSE_RX_START: return pos == 0;
    case TSE_RX_END: return pos == in->length;
    case TSE_RX_LINE_START: return pos == 0 || rx_is_line_terminator(rx_unit(in, pos - 1));
    case TSE_RX_LINE_END: return pos == in->length || rx_is_line_terminator(rx_unit(in, pos));
    case TSE_RX_WORD_BOUNDARY: return rx_word_at(re, in, pos, true) != rx_word_at(re, in, pos, false);
    default: return rx_word_at(re, in, pos, true) == rx_word_at(re, in, pos, false);
  }
}

/* ------------------------------------------------------------------ scratch memory */

/* VM scratch: a bump allocator over a stack buffer, continued in the stream arena when larger. */
typedef struct rx_scratch {
  tse_ctx* ctx;
  unsigned char* base;
  size_t used;
  size_t capacity;
} rx_scratch;

static void* rx_take(rx_scratch* scratch, size_t bytes) {
  bytes = (bytes + 7) & ~(size_t)7;
  if (scratch->used + bytes <= scratch->capacity) {
    void* p = scratch->base + scratch->used;
    scratch->used += bytes;
    return p;
  }
  return tse_alloc(scratch->ctx, bytes);
}

/* ------------------------------------------------------------------ Pike VM */

/* The threads of one step: every pc reached at this position, in priority order. */
typedef struct rx_list {
  uint32_t* sparse;
  uint32_t* pcs;
  int32_t** caps; /* per entry: the thread's slots, NULL for pcs that only pass through */
  uint32_t count;
  int32_t* pool; /* slot arrays made during this step */
  uint32_t pool_used;
} rx_list;

typedef struct rx_entry {
  uint32_t pc;
  int32_t* caps;
} rx_entry;

typedef struct rx_vm {
  tse_ctx* ctx;
  const tse_regex* re;
  rx_input in;
  uint32_t slots;
  rx_scratch* scratch;
} rx_vm;

typedef struct rx_run_state {
  rx_list lists[2];
  rx_entry* stack;
} rx_run_state;

static bool rx_run(rx_vm* vm, uint32_t entry, uint32_t start, bool anchored, const int32_t* initial, int32_t* out);

/* The first position from `pos` holding a char a match can start with (re->first_set >= 0), or the length. */
static uint32_t rx_next_start(const tse_regex* re, const rx_input* in, uint32_t pos) {
  const tse_rx_set* first = &re->sets[re->first_set];
  if (!in->s->wide) {
    const unsigned char* bytes = in->s->data;
    if (re->first_ascii >= 0) {
      const unsigned char* next = memchr(bytes + pos, re->first_ascii, in->length - pos);
      pos = next ? (uint32_t)(next - bytes) : in->length;
    }
    while (pos < in->length && !((first->low[bytes[pos] >> 5] >> (bytes[pos] & 31)) & 1u)) pos++;
  }
  while (pos < in->length) {
    uint32_t w;
    if (rx_in_set(first, rx_char(in, pos, &w))) break;
    pos += w;
  }
  return pos;
}

static void rx_list_init(rx_vm* vm, rx_list* list) {
  uint32_t n = vm->re->inst_count;
  list->sparse = rx_take(vm->scratch, sizeof(uint32_t) * n);
  list->pcs = rx_take(vm->scratch, sizeof(uint32_t) * n);
  list->caps = rx_take(vm->scratch, sizeof(int32_t*) * n);
  list->pool = rx_take(vm->scratch, sizeof(int32_t) * (size_t)vm->slots * (2 * (size_t)n + 2));
  list->count = 0;
  list->pool_used = 0;
}

static inline bool rx_visited(const rx_list* list, uint32_t pc) {
  uint32_t i = list->sparse[pc];
  return i < list->count && list->pcs[i] == pc;
}

static inline int32_t* rx_copy(rx_vm* vm, rx_list* list, const int32_t* caps) {
  int32_t* c = list->pool + (size_t)list->pool_used++ * vm->slots;
  memcpy(c, caps, sizeof(int32_t) * vm->slots);
  return c;
}

/* Adds the thread at pc and everything it reaches without consuming, depth first in priority order. */
static void rx_add(rx_vm* vm, rx_run_state* run, rx_list* list, uint32_t pc0, const int32_t* caps0, uint32_t pos) {
  const tse_rx_inst* insts = vm->re->insts;
  rx_entry* stack = run->stack;
  uint32_t top = 0;
  stack[top++] = (rx_entry){pc0, rx_copy(vm, list, caps0)};
  while (top > 0) {
    rx_entry e = stack[--top];
    if (rx_visited(list, e.pc)) continue;
    uint32_t index = list->count++;
    list->sparse[e.pc] = index;
    list->pcs[index] = e.pc;
    list->caps[index] = NULL;
    const tse_rx_inst* inst = &insts[e.pc];
    switch (inst->op) {
      case TSE_RX_CHAR:
      case TSE_RX_SET:
      case TSE_RX_MATCH:
      case TSE_RX_LOOK_MATCH:
        list->caps[index] = e.caps;
        break;
      case TSE_RX_SPLIT:
        stack[top++] = (rx_entry){inst->b, e.caps};
        stack[top++] = (rx_entry){inst->next, e.caps};
        break;
      case TSE_RX_SAVE: {
        int32_t* c = rx_copy(vm, list, e.caps);
        c[inst->a] = (int32_t)pos;
        stack[top++] = (rx_entry){inst->next, c};
        break;
      }
      case TSE_RX_RESET: {
        int32_t* c = rx_copy(vm, list, e.caps);
        for (uint32_t s = inst->a; s < inst->b; s++) c[s] = -1;
        stack[top++] = (rx_entry){inst->next, c};
        break;
      }
      case TSE_RX_ASSERT:
        if (rx_assert(vm->re, &vm->in, inst->a, pos)) stack[top++] = (rx_entry){inst->next, e.caps};
        break;
      case TSE_RX_LOOK: {
        int32_t* c = rx_copy(vm, list, e.caps);
        bool found = rx_run(vm, inst->a, pos, true, e.caps, c);
        if (found != (inst->b != 0)) stack[top++] = (rx_entry){inst->next, inst->b ? e.caps : c};
        break;
      }
      default: /* FAIL */
        break;
    }
  }
}

/*
 * Searches from `start`: only there when anchored, else at each later position (by code point
 * under u) until the leftmost match. Writes the match's slots to `out`.
 */
static bool rx_run(rx_vm* vm, uint32_t entry, uint32_t start, bool anchored, const int32_t* initial, int32_t* out) {
  size_t mark = vm->scratch->used;
  rx_run_state run;
  rx_list_init(vm, &run.lists[0]);
  rx_list_init(vm, &run.lists[1]);
  run.stack = rx_take(vm->scratch, sizeof(rx_entry) * (2 * (size_t)vm->re->inst_count + 2));
  rx_list* clist = &run.lists[0];
  rx_list* nlist = &run.lists[1];
  const tse_rx_inst* insts = vm->re->insts;
  const rx_input* in = &vm->in;
  bool matched = false;
  uint32_t pos = start;
  const tse_regex* re = vm->re;
  bool skip = entry == re->entry && re->first_set >= 0;
  if (entry == re->entry && re->anchored_start && !anchored) {
    if (start > 0) goto done;
    anchored = true;
  }
  for (;;) {
    if (skip && clist->count == 0 && !matched && !anchored) {
      /* No thread alive: go straight to the next char a match can start with. */
      pos = rx_next_start(re, in, pos);
      if (pos >= in->length) break;
    }
    if (!matched && (!anchored || pos == start)) rx_add(vm, &run, clist, entry, initial, pos);
    if (clist->count == 0 && (matched || anchored)) break;
    bool have = pos < in->length;
    uint32_t width = 1;
    uint32_t c = have ? rx_char(in, pos, &width) : 0;
    nlist->count = 0;
    nlist->pool_used = 0;
    for (uint32_t i = 0; i < clist->count; i++) {
      int32_t* caps = clist->caps[i];
      if (caps == NULL) continue;
      const tse_rx_inst* inst = &insts[clist->pcs[i]];
      if (inst->op == TSE_RX_MATCH || inst->op == TSE_RX_LOOK_MATCH) {
        matched = true;
        memcpy(out, caps, sizeof(int32_t) * vm->slots);
        break; /* lower-priority threads are cut */
      }
      if (!have) continue;
      if (inst->op == TSE_RX_CHAR ? c == inst->a : rx_in_set(&vm->re->sets[inst->a], c)) {
        rx_add(vm, &run, nlist, inst->next, caps, pos + width);
      }
    }
    if (!have) break;
    rx_list* t = clist;
    clist = nlist;
    nlist = t;
    pos += width;
  }
done:
  vm->scratch->used = mark;
  return matched;
}

/* ------------------------------------------------------------------ bounded backtracking */

/*
 * For header-sized inputs the VM's thread lists cost more than the search: a backtracking search
 * in priority order that marks each (pc, position) it has tried (RE2's BitState) finds the same
 * match, the leftmost thread of highest priority, and stays linear: a pair that failed once fails
 * again, whatever the captures, since no instruction reads them. Used while the marks fit in
 * RX_BITSTATE_MAX_BITS; lookarounds still run on the VM.
 */
enum { RX_BITSTATE_MAX_BITS = 1 << 17 };
enum { RX_TRY, RX_RESTORE, RX_RESTORE_ALL };

typedef struct rx_job {
  uint32_t kind;
  uint32_t pc;    /* RX_TRY: the instruction; RX_RESTORE: the slot */
  int32_t value;  /* RX_TRY: the position; RX_RESTORE: the slot's earlier value */
  int32_t* saved; /* RX_RESTORE_ALL: every slot's earlier value */
} rx_job;

typedef struct rx_bitstate {
  rx_vm* vm;
  uint32_t* tried;
  rx_job* jobs;
  uint32_t count;
  uint32_t capacity;
  int32_t* caps;
} rx_bitstate;

static void bt_push(rx_bitstate* bt, uint32_t kind, uint32_t pc, int32_t value, int32_t* saved) {
  if (bt->count == bt->capacity) {
    rx_job* grown = rx_take(bt->vm->scratch, sizeof(rx_job) * 2 * (size_t)bt->capacity);
    memcpy(grown, bt->jobs, sizeof(rx_job) * bt->count);
    bt->jobs = grown;
    bt->capacity *= 2;
  }
  bt->jobs[bt->count++] = (rx_job){kind, pc, value, saved};
}

/* Marks (pc, pos) tried; false when it was already. `stride`: input length + 1. */
static inline bool bt_first_try(uint32_t* tried, size_t stride, uint32_t pc, uint32_t pos) {
  size_t bit = (size_t)pc * stride + pos;
  uint32_t mask = 1u << (bit & 31);
  if (tried[bit >> 5] & mask) return false;
  tried[bit >> 5] |= mask;
  return true;
}

/* Whether a match starts at `start`; its slots go to `out`. bt->caps is as it was when it returns false. */
static bool bt_match_from(rx_bitstate* bt, uint32_t start, int32_t* out) {
  rx_vm* vm = bt->vm;
  const tse_regex* re = vm->re;
  const rx_input* in = &vm->in;
  int32_t* caps = bt->caps;
  /* Locals, not fields: stores to the marks (uint32_t) would otherwise make the compiler reload them. */
  uint32_t* tried = bt->tried;
  const size_t stride = (size_t)in->length + 1;
  const tse_rx_inst* insts = re->insts;
  bt_push(bt, RX_TRY, re->entry, (int32_t)start, NULL);
  while (bt->count > 0) {
    rx_job job = bt->jobs[--bt->count];
    if (job.kind == RX_RESTORE) {
      caps[job.pc] = job.value;
      continue;
    }
    if (job.kind == RX_RESTORE_ALL) {
      memcpy(caps, job.saved, sizeof(int32_t) * vm->slots);
      continue;
    }
    uint32_t pc = job.pc, pos = (uint32_t)job.value;
    while (bt_first_try(tried, stride, pc, pos)) {
      const tse_rx_inst* inst = &insts[pc];
      if (inst->op == TSE_RX_CHAR || inst->op == TSE_RX_SET) {
        if (pos >= in->length) break;
        uint32_t width;
        uint32_t c = rx_char(in, pos, &width);
        if (inst->op == TSE_RX_CHAR ? c != inst->a : !rx_in_set(&re->sets[inst->a], c)) break;
        pos += width;
      } else if (inst->op == TSE_RX_MATCH || inst->op == TSE_RX_LOOK_MATCH) {
        memcpy(out, caps, sizeof(int32_t) * vm->slots);
        return true;
      } else if (inst->op == TSE_RX_SPLIT) {
        bt_push(bt, RX_TRY, inst->b, (int32_t)pos, NULL);
      } else if (inst->op == TSE_RX_SAVE) {
        bt_push(bt, RX_RESTORE, inst->a, caps[inst->a], NULL);
        caps[inst->a] = (int32_t)pos;
      } else if (inst->op == TSE_RX_RESET) {
        for (uint32_t slot = inst->a; slot < inst->b; slot++) {
          bt_push(bt, RX_RESTORE, slot, caps[slot], NULL);
          caps[slot] = -1;
        }
      } else if (inst->op == TSE_RX_ASSERT) {
        if (!rx_assert(re, in, inst->a, pos)) break;
      } else if (inst->op == TSE_RX_LOOK) {
        /* b: negative. A positive lookaround goes on with the captures it made. */
        int32_t* found_caps = rx_take(vm->scratch, sizeof(int32_t) * vm->slots);
        bool found = rx_run(vm, inst->a, pos, true, caps, found_caps);
        if (found == (inst->b != 0)) break;
        if (inst->b == 0) {
          int32_t* saved = rx_take(vm->scratch, sizeof(int32_t) * vm->slots);
          memcpy(saved, caps, sizeof(int32_t) * vm->slots);
          bt_push(bt, RX_RESTORE_ALL, 0, 0, saved);
          memcpy(caps, found_caps, sizeof(int32_t) * vm->slots);
        }
      } else {
        break; /* FAIL */
      }
      pc = inst->next;
    }
  }
  return false;
}

/* rx_run for the whole pattern, or false with *used = false when the marks would not fit. */
static bool rx_backtrack(rx_vm* vm, uint32_t start, bool anchored, const int32_t* initial, int32_t* out, bool* used) {
  const tse_regex* re = vm->re;
  const rx_input* in = &vm->in;
  size_t bits = (size_t)re->inst_count * (in->length + 1);
  *used = bits <= RX_BITSTATE_MAX_BITS;
  if (!*used) return false;
  if (re->anchored_start && !anchored) {
    if (start > 0) return false;
    anchored = true;
  }
  size_t mark = vm->scratch->used;
  rx_bitstate bt = {vm, rx_take(vm->scratch, sizeof(uint32_t) * ((bits + 31) / 32)), NULL, 0, 16, NULL};
  memset(bt.tried, 0, sizeof(uint32_t) * ((bits + 31) / 32));
  bt.jobs = rx_take(vm->scratch, sizeof(rx_job) * bt.capacity);
  bt.caps = rx_take(vm->scratch, sizeof(int32_t) * vm->slots);
  memcpy(bt.caps, initial, sizeof(int32_t) * vm->slots);
  bool skip = !anchored && re->first_set >= 0;
  bool matched = false;
  for (uint32_t pos = start; pos <= in->length;) {
    if (skip) {
      /* No match starts before the next char of the first set. */
      pos = rx_next_start(re, in, pos);
      if (pos >= in->length) break;
    }
    if (bt_match_from(&bt, pos, out)) {
      matched = true;
      break;
    }
    if (anchored || pos >= in->length) break;
    uint32_t width;
    rx_char(in, pos, &width);
    pos += width;
  }
  vm->scratch->used = mark;
  return matched;
}

/* The DFA: whether a match starts somewhere at or after `from` (at `from` itself when anchored). */
static bool rx_dfa_test(const tse_regex* re, const rx_input* in, uint32_t from) {
  const tse_rx_dfa* dfa = re->dfa;
  int32_t state = 0;
  if (dfa->finals[0] && !dfa->anchored_end) return true;
  if (!in->s->wide) {
    /* ASCII: one table step per byte. */
    const unsigned char* bytes = in->s->data;
    const uint8_t* finals = dfa->finals;
    bool stop_early = !dfa->anchored_end;
    /* Unanchored, the initial state stays put on chars no match starts with: jump to the next one. */
    int first = dfa->anchored_start ? -1 : re->first_ascii;
    for (uint32_t i = from; i < in->length; i++) {
      if (state == 0 && first >= 0) {
        const unsigned char* next = memchr(bytes + i, first, in->length - i);
        if (next == NULL) return finals[0] != 0;
        i = (uint32_t)(next - bytes);
      }
      state = dfa->next[(size_t)state * dfa->class_count + dfa->byte_class[bytes[i]]];
      if (state < 0) return false;
      if (stop_early && finals[state]) return true;
    }
    return finals[state] != 0;
  }
  for (uint32_t i = from; i < in->length;) {
    uint32_t width;
    uint32_t c = rx_char(in, i, &width);
    i += width;
    uint32_t cls;
    if (c < 256) {
      cls = dfa->byte_class[c];
    } else {
      uint32_t lo = 0, hi = dfa->upper_count - 1;
      while (lo < hi) {
        uint32_t mid = (lo + hi + 1) / 2;
        if (dfa->upper[2 * mid] <= c) lo = mid;
        else hi = mid - 1;
      }
      cls = dfa->upper[2 * lo + 1];
    }
    state = dfa->next[(size_t)state * dfa->class_count + cls];
    if (state < 0) return false;
    if (dfa->finals[state] && !dfa->anchored_end) return true;
  }
  return dfa->finals[state] != 0;
}

/* ------------------------------------------------------------------ one pass */

/*
 * An anchored search where the next char always picks one way on (compiler/regex/onepass.ts):
 * one table step per char, slots written as the steps go, no backtracking. A match that a step
 * of higher priority passes over is remembered (`out`): backtracking would fall back to it when
 * the step's way fails.
 */
enum { RX_ONEPASS_MAX_SLOTS = 32 };
/* A few slots are set or copied in a loop: a memset or memcpy call costs more than the stores. */
#if defined(__clang__)
#define RX_NO_MEM_CALLS __attribute__((no_builtin("memset", "memcpy")))
#else
#define RX_NO_MEM_CALLS
#endif

static inline bool rx_onepass_conds(uint32_t conds, uint32_t pos, uint32_t length) {
  return (!(conds & TSE_RX_AT_START) || pos == 0) && (!(conds & TSE_RX_AT_END) || pos == length);
}

static inline void rx_onepass_apply(const tse_rx_onepass* op, const tse_rx_step* step, int32_t* caps, uint32_t pos) {
  for (uint32_t i = 0; i < step->action_count; i++) {
    int32_t a = op->actions[step->action + i];
    if (a >= 0) caps[a] = (int32_t)pos;
    else caps[~a] = -1;
  }
}

/*
 * `s` is narrow (ASCII); slots: the regex's slot count, at most RX_ONEPASS_MAX_SLOTS.
 * char_class has 128 entries, indexed by the raw byte: safe because no narrow string holds a byte
 * >= 0x80. Every narrow string is made by one of these, each writing ASCII only:
 *  - literals: the compiler emits TSE_STRING_LITERAL only when every unit is < 0x80 (c-types.ts,
 *    c-regex.ts); one-unit strings come from ascii_units (string.c), units < 0x80 only;
 *  - tse_str_from_ascii: tse_str_from_utf8 after all_ascii; Envoy's header values and attributes
 *    after is_printable_ascii (envoy_api.c); JSON.parse strings after a scan for bytes < 0x80 or
 *    decoded units < 0x80 (json.c); JSON.stringify's output after the same (json_write.c); number,
 *    date, btoa and encodeURI text (digits, base64, %XX and unreserved ASCII);
 *  - alloc_narrow / new_string(.., false): concatenation of narrow strings, substrings and case
 *    changes of narrow strings, and units (fromCharCode, atob, TextDecoder through from_utf8/units,
 *    builders) after an ascii_range or `< 0x80` check, else they are made wide;
 *  - rx_match_result's captures: substrings of a narrow input.
 * A new narrow constructor must keep this (tse.h's tse_string says so).
 */
RX_NO_MEM_CALLS static bool rx_onepass(const tse_regex* re, tse_str s, uint32_t start, uint32_t slots, int32_t* out) {
  /* After the last char: no step, and the state's match is looked at. */
  static const tse_rx_step end_of_input = {-1, TSE_RX_CHECK | TSE_RX_NO_WAY, 0, 0, 0};
  const tse_rx_onepass* op = re->onepass;
  const tse_rx_step* table = op->steps;
  const uint8_t* char_class = op->char_class;
  const unsigned char* bytes = s->data;
  const uint32_t length = s->length;
  /* Slots are written in `out` as the steps go; a match passed over while a longer way goes on is
     kept in `best` until that way ends (rare: only then are slots copied). */
  for (uint32_t i = 0; i < slots; i++) out[i] = -1;
  int32_t best[RX_ONEPASS_MAX_SLOTS];
  bool matched = false;
  uint32_t row = 0; /* the state's first step: state * class_count */
  for (uint32_t pos = start;; pos++) {
    /* Steps that only move on: no anchor, no match to look at, no slot to write, a way on. */
    const tse_rx_step* step;
    for (;; pos++) {
      if (pos >= length) {
        step = &end_of_input;
        break;
      }
      /* bytes[pos] < 0x80: see above. */
      step = &table[row + char_class[bytes[pos]]];
      if (step->conds != 0) break;
      row = (uint32_t)step->next;
    }
    if ((step->conds & ~TSE_RX_ACTIONS) != 0) {
      /* An anchor to check, the state's match, or no way on. */
      const tse_rx_step* match = &op->matches[row / op->class_count];
      bool steps = step->next >= 0 && rx_onepass_conds(step->conds, pos, length);
      if (match->next >= 0 && rx_onepass_conds(match->conds, pos, length)) {
        if (!steps || step->match_wins) {
          rx_onepass_apply(op, match, out, pos);
          return true;
        }
        for (uint32_t i = 0; i < slots; i++) best[i] = out[i];
        rx_onepass_apply(op, match, best, pos);
        matched = true;
      }
      if (!steps) {
        for (uint32_t i = 0; matched && i < slots; i++) out[i] = best[i];
        return matched;
      }
    }
    rx_onepass_apply(op, step, out, pos);
    row = (uint32_t)step->next;
  }
}

/* ------------------------------------------------------------------ matching */

enum { RX_STACK_SCRATCH = 16384 };

/* rx_match_at without a one-pass table: the DFA, then the backtracker or the Pike VM (kept out of line: its frame is large). */
static __attribute__((noinline)) bool rx_match_searching(tse_ctx* ctx, const tse_regex* re, tse_str s, uint32_t start, bool sticky, int32_t* slots) {
  _Alignas(8) unsigned char buffer[RX_STACK_SCRATCH];
  rx_scratch scratch = {ctx, buffer, 0, sizeof buffer};
  rx_vm vm = {ctx, re, {s, s->length, (re->flag_bits & TSE_RX_UNICODE) != 0}, 2 * (re->group_count + 1), &scratch};
  /* V8 starts a unicode search inside a surrogate pair at the pair's start. */
  if (vm.in.unicode && start > 0 && start < s->length && rx_is_trail(rx_unit(&vm.in, start)) && rx_is_lead(rx_unit(&vm.in, start - 1))) start--;
  /* The DFA answers "no match" faster than the VM; it runs only where it means the same search. */
  if (re->dfa && !sticky && (start == 0 || !re->dfa->anchored_start) && !rx_dfa_test(re, &vm.in, start)) return false;
  int32_t* initial = rx_take(&scratch, sizeof(int32_t) * vm.slots);
  for (uint32_t i = 0; i < vm.slots; i++) initial[i] = -1;
  bool backtracked;
  bool found = rx_backtrack(&vm, start, sticky, initial, slots, &backtracked);
  return backtracked ? found : rx_run(&vm, re->entry, start, sticky, initial, slots);
}

/* One match attempt as RegExpBuiltinExec's loop makes it; slots[0..1] give the match. */
static bool rx_match_at(tse_ctx* ctx, const tse_regex* re, tse_str s, uint32_t start, bool sticky, int32_t* slots) {
  if (re->dynamic) return re->dynamic->match(ctx, re, s, start, sticky, slots);
  uint32_t slot_count = 2 * (re->group_count + 1);
  if (re->onepass && !s->wide && (sticky || re->anchored_start) && slot_count <= RX_ONEPASS_MAX_SLOTS) {
    /* Only a sticky search of a `y` regex starts its table past 0: any other has a leading ^ (no
       m), which fails there, and its table's entry steps need not check the start (onepass.ts). */
    if (start > 0 && !(sticky && (re->flag_bits & TSE_RX_STICKY))) return false;
    return re->onepass->run ? re->onepass->run(s, start, slots) : rx_onepass(re, s, start, slot_count, slots);
  }
  return rx_match_searching(ctx, re, s, start, sticky, slots);
}

/* ToLength of lastIndex. */
static double rx_to_length(double v) {
  if (!(v > 0)) return 0;
  if (v > 9007199254740991.0) return 9007199254740991.0;
  return (double)(uint64_t)v;
}

/* V8's TypeError for writing lastIndex of a frozen RegExp (one a config stage's factory captured). */
static TSE_NORETURN void rx_frozen_write(tse_ctx* ctx) {
  tse_throw_js_error(ctx, "TypeError", "Cannot assign to read only property 'lastIndex' of object '[object RegExp]'");
}

/* RegExpBuiltinExec without building the result: the slots of the match, or false. */
static bool rx_builtin_exec(tse_ctx* ctx, tse_regexp* re, tse_str s, int32_t* slots) {
  uint32_t bits = re->regex->flag_bits;
  bool global = (bits & TSE_RX_GLOBAL) != 0, sticky = (bits & TSE_RX_STICKY) != 0;
  if (re->frozen && (global || sticky)) rx_frozen_write(ctx);
  double last_index = (global || sticky) ? rx_to_length(re->last_index) : 0;
  if (last_index > s->length) {
    if (global || sticky) re->last_index = 0;
    return false;
  }
  if (!rx_match_at(ctx, re->regex, s, (uint32_t)last_index, sticky, slots)) {
    if (global || sticky) re->last_index = 0;
    return false;
  }
  if (global || sticky) re->last_index = slots[1];
  return true;
}

static tse_str rx_capture(tse_ctx* ctx, tse_str s, const int32_t* slots, uint32_t group) {
  int32_t a = slots[2 * group], b = slots[2 * group + 1];
  if (a < 0 || b < 0) return NULL;
  return tse_str_substr_units(ctx, s, (uint32_t)a, (uint32_t)b);
}

static tse_regexp_match* rx_new_match(tse_ctx* ctx, uint32_t capacity) {
  tse_regexp_match* m = tse_alloc(ctx, sizeof(tse_regexp_match));
  m->type = &tse_type_regexp_match;
  m->length = 0;
  m->capacity = capacity;
  m->data = capacity ? tse_alloc(ctx, sizeof(tse_str) * capacity) : NULL;
  m->index = 0;
  m->input = NULL;
  m->has_index = false;
  m->regex = NULL;
  return m;
}

static inline size_t rx_align8(size_t n) { return (n + 7) & ~(size_t)7; }

static tse_regexp_match* rx_match_result(tse_ctx* ctx, const tse_regex* re, tse_str s, const int32_t* slots) {
  uint32_t count = re->group_count + 1;
  tse_regexp_match* m;
  if (s->wide) {
    m = rx_new_match(ctx, count);
    tse_str* items = m->data;
    for (uint32_t g = 0; g < count; g++) items[g] = rx_capture(ctx, s, slots, g);
  } else {
    /*
     * An ASCII input: the array, its items and the captures' strings in one arena block (one
     * allocation a match instead of one per capture), strings as tse_str_substr_units makes them.
     */
    size_t head = rx_align8(sizeof(tse_regexp_match)) + rx_align8(sizeof(tse_str) * count), total = head;
    for (uint32_t g = 0; g < count; g++) {
      int32_t a = slots[2 * g], b = slots[2 * g + 1];
      if (a >= 0 && b - a >= 2 && (uint32_t)(b - a) != s->length) total += rx_align8(sizeof(tse_string) + (size_t)(b - a) + 1);
    }
    unsigned char* block = tse_alloc(ctx, total);
    m = (tse_regexp_match*)(void*)block;
    m->type = &tse_type_regexp_match;
    m->capacity = count;
    tse_str* items = (tse_str*)(void*)(block + rx_align8(sizeof(tse_regexp_match)));
    m->data = items;
    unsigned char* next = block + head;
    for (uint32_t g = 0; g < count; g++) {
      int32_t a = slots[2 * g], b = slots[2 * g + 1];
      uint32_t length = (uint32_t)(b - a);
      if (a < 0 || b < 0) {
        items[g] = NULL;
      } else if (length == 0) {
        items[g] = &tse_empty_string;
      } else if (length == 1) {
        items[g] = tse_str_ascii_unit(s->data[a]);
      } else if (length == s->length) {
        items[g] = s;
      } else {
        tse_string* str = (tse_string*)(void*)next;
        str->type = &tse_type_string;
        str->length = length;
        str->wide = 0;
        str->checks = tse_str_value_checked(s);
        memcpy(str->data, s->data + a, length);
        str->data[length] = 0;
        items[g] = str;
        next += rx_align8(sizeof(tse_string) + (size_t)length + 1);
      }
    }
  }
  m->length = count;
  m->index = slots[0];
  m->input = s;
  m->has_index = true;
  m->regex = re;
  return m;
}

#define RX_SLOTS(re) (2 * ((re)->regex->group_count + 1))
/* Slots of a match while it is made: on the stack for patterns with up to 15 groups. */
enum { RX_LOCAL_SLOTS = 32 };

tse_regexp* tse_regexp_new(tse_ctx* ctx, const tse_regex* regex) {
  tse_regexp* re = tse_new_object(ctx, sizeof(tse_regexp), &tse_type_regexp);
  re->regex = regex;
  re->last_index = 0;
  re->frozen = false;
  return re;
}

bool tse_regexp_test(tse_ctx* ctx, tse_regexp* re, tse_str s) {
  const tse_regex* regex = re->regex;
  if (regex->dfa && !(regex->flag_bits & (TSE_RX_GLOBAL | TSE_RX_STICKY))) {
    rx_input in = {s, s->length, (regex->flag_bits & TSE_RX_UNICODE) != 0};
    return rx_dfa_test(regex, &in, 0);
  }
  /* `new RegExp`: one attempt from 0; slots NULL asks only whether (regex_dynamic.c's fast paths). */
  if (regex->dynamic && !(regex->flag_bits & (TSE_RX_GLOBAL | TSE_RX_STICKY))) return regex->dynamic->match(ctx, regex, s, 0, false, NULL);
  int32_t local[RX_LOCAL_SLOTS];
  int32_t* slots = RX_SLOTS(re) <= RX_LOCAL_SLOTS ? local : tse_alloc(ctx, sizeof(int32_t) * RX_SLOTS(re));
  return rx_builtin_exec(ctx, re, s, slots);
}

tse_regexp_match* tse_regexp_exec(tse_ctx* ctx, tse_regexp* re, tse_str s) {
  int32_t local[RX_LOCAL_SLOTS];
  int32_t* slots = RX_SLOTS(re) <= RX_LOCAL_SLOTS ? local : tse_alloc(ctx, sizeof(int32_t) * RX_SLOTS(re));
  if (!rx_builtin_exec(ctx, re, s, slots)) return NULL;
  return rx_match_result(ctx, re->regex, s, slots);
}

/* `/re/.test(s)` and `/re/.exec(s)`: the fresh object, which nothing else sees, on the stack. */
bool tse_regexp_test_literal(tse_ctx* ctx, const tse_regex* regex, tse_str s) {
  tse_regexp re = {{&tse_type_regexp}, regex, 0, false};
  return tse_regexp_test(ctx, &re, s);
}

/* RegExpBuiltinExec from lastIndex 0; what it would write to lastIndex is lost with the object. */
tse_regexp_match* tse_regexp_exec_literal(tse_ctx* ctx, const tse_regex* regex, tse_str s) {
  int32_t local[RX_LOCAL_SLOTS];
  uint32_t slot_count = 2 * (regex->group_count + 1);
  int32_t* slots = slot_count <= RX_LOCAL_SLOTS ? local : tse_alloc(ctx, sizeof(int32_t) * slot_count);
  if (!rx_match_at(ctx, regex, s, 0, (regex->flag_bits & TSE_RX_STICKY) != 0, slots)) return NULL;
  return rx_match_result(ctx, regex, s, slots);
}

/* `/re/.exec(s)` as a slot match (compiler/ir/match-slots.ts): the slots, no array. */
bool tse_regexp_exec_slots(tse_ctx* ctx, const tse_regex* regex, tse_str s, int32_t* slots) {
  return rx_match_at(ctx, regex, s, 0, (regex->flag_bits & TSE_RX_STICKY) != 0, slots);
}

/* m[group] of a slot match, as the match array would hold it; a failed match is null (a TypeError). */
tse_str tse_regexp_slot_capture(tse_ctx* ctx, bool found, tse_str s, const int32_t* slots, uint32_t group) {
  if (!found) tse_narrowing_failed(ctx);
  return rx_capture(ctx, s, slots, group);
}

double tse_regexp_set_last_index(tse_ctx* ctx, tse_regexp* re, double value) {
  if (re->frozen) rx_frozen_write(ctx);
  re->last_index = value;
  return value;
}

tse_str tse_regexp_source(const tse_regexp* re) { return re->regex->source; }
tse_str tse_regexp_flags(const tse_regexp* re) { return re->regex->flags; }

TSE_STRING_LITERAL(rx_slash, 1, "/");

tse_str tse_regexp_to_string(tse_ctx* ctx, const tse_regexp* re) {
  tse_str parts[4] = {TSE_STR(rx_slash), re->regex->source, TSE_STR(rx_slash), re->regex->flags};
  return tse_str_concat_all(ctx, parts, 4);
}
bool tse_regexp_global(const tse_regexp* re) { return (re->regex->flag_bits & TSE_RX_GLOBAL) != 0; }
bool tse_regexp_sticky(const tse_regexp* re) { return (re->regex->flag_bits & TSE_RX_STICKY) != 0; }
bool tse_regexp_ignore_case(const tse_regexp* re) { return (re->regex->flag_bits & TSE_RX_IGNORE_CASE) != 0; }
bool tse_regexp_multiline(const tse_regexp* re) { return (re->regex->flag_bits & TSE_RX_MULTILINE) != 0; }
bool tse_regexp_dot_all(const tse_regexp* re) { return (re->regex->flag_bits & TSE_RX_DOT_ALL) != 0; }
bool tse_regexp_unicode(const tse_regexp* re) { return (re->regex->flag_bits & (TSE_RX_UNICODE | TSE_RX_UNICODE_SETS)) == TSE_RX_UNICODE; }

double tse_regexp_match_index(tse_ctx* ctx, const tse_regexp_match* m) {
  if (!m->has_index) tse_narrowing_failed(ctx);
  return m->index;
}

tse_str tse_regexp_match_input(tse_ctx* ctx, const tse_regexp_match* m) {
  if (!m->has_index) tse_narrowing_failed(ctx);
  return m->input;
}

tse_array* tse_regexp_match_strings(tse_ctx* ctx, tse_regexp_match* m) {
  const tse_str* items = m->data;
  for (uint32_t i = 0; i < m->length; i++) {
    if (items[i] == NULL) tse_narrowing_failed(ctx);
  }
  return (tse_array*)(void*)m;
}

/* ------------------------------------------------------------------ String.prototype methods */

/* Parts of a string being built, joined once at the end. */
typedef struct rx_parts {
  tse_ctx* ctx;
  tse_str* items;
  uint32_t count;
  uint32_t capacity;
} rx_parts;

static void rx_push(rx_parts* p, tse_str s) {
  if (s == NULL || s->length == 0) return;
  if (p->count == p->capacity) {
    uint32_t capacity = p->capacity ? 2 * p->capacity : 16;
    tse_str* items = tse_alloc(p->ctx, sizeof(tse_str) * capacity);
    if (p->count) memcpy(items, p->items, sizeof(tse_str) * p->count);
    p->items = items;
    p->capacity = capacity;
  }
  p->items[p->count++] = s;
}

static void rx_push_units(rx_parts* p, tse_str s, uint32_t start, uint32_t end) {
  if (end > start) rx_push(p, tse_str_substr_units(p->ctx, s, start, end));
}

static tse_str rx_join(rx_parts* p) { return p->count == 0 ? &tse_empty_string : tse_str_concat_all(p->ctx, p->items, p->count); }

/* All matches @@replace collects: the exec loop, with empty matches advancing lastIndex. */
typedef struct rx_results {
  int32_t* slots; /* count * slot_count */
  uint32_t count;
  uint32_t capacity;
} rx_results;

static void rx_collect(tse_ctx* ctx, tse_regexp* re, tse_str s, rx_results* results) {
  uint32_t slot_count = RX_SLOTS(re);
  bool global = (re->regex->flag_bits & TSE_RX_GLOBAL) != 0;
  rx_input in = {s, s->length, (re->regex->flag_bits & TSE_RX_UNICODE) != 0};
  if (global && re->frozen) rx_frozen_write(ctx);
  if (global) re->last_index = 0;
  results->count = 0;
  results->capacity = 4;
  results->slots = tse_alloc(ctx, sizeof(int32_t) * slot_count * results->capacity);
  for (;;) {
    if (results->count == results->capacity) {
      int32_t* grown = tse_alloc(ctx, sizeof(int32_t) * slot_count * results->capacity * 2);
      memcpy(grown, results->slots, sizeof(int32_t) * slot_count * results->count);
      results->slots = grown;
      results->capacity *= 2;
    }
    int32_t* slots = results->slots + (size_t)slot_count * results->count;
    if (!rx_builtin_exec(ctx, re, s, slots)) break;
    results->count++;
    if (!global) break;
    if (slots[1] == slots[0]) {
      double this_index = rx_to_length(re->last_index);
      re->last_index = this_index >= in.length ? this_index + 1 : rx_advance(&in, (uint32_t)this_index);
    }
  }
}

static uint32_t rx_digit(uint32_t u) { return u >= '0' && u <= '9' ? u - '0' : 10; }

/* GetSubstitution. */
static void rx_substitute(rx_parts* out, const tse_regex* regex, tse_str s, const tse_str* captures, uint32_t position, tse_str template) {
  uint32_t n = template->length;
  uint32_t m = regex->group_count;
  tse_str matched = captures[0];
  uint32_t run = 0;
  for (uint32_t i = 0; i + 1 < n; i++) {
    if (tse_str_unit(template, i) != '$') continue;
    uint32_t next = tse_str_unit(template, i + 1);
    uint32_t consumed = 0;
    tse_str replacement = NULL;
    if (next == '$') {
      rx_push_units(out, template, run, i + 1);
      run = i + 2;
      i++;
      continue;
    } else if (next == '&') {
      replacement = matched;
      consumed = 2;
    } else if (next == '`') {
      replacement = tse_str_substr_units(out->ctx, s, 0, position);
      consumed = 2;
    } else if (next == '\'') {
      uint32_t tail = position + matched->length;
      replacement = tail >= s->length ? &tse_empty_string : tse_str_substr_units(out->ctx, s, tail, s->length);
      consumed = 2;
    } else if (rx_digit(next) < 10) {
      uint32_t index = rx_digit(next);
      consumed = 2;
      if (i + 2 < n && rx_digit(tse_str_unit(template, i + 2)) < 10) {
        uint32_t two = index * 10 + rx_digit(tse_str_unit(template, i + 2));
        if (two <= m) {
          index = two;
          consumed = 3;
        }
      }
      if (index >= 1 && index <= m) {
        replacement = captures[index] ? captures[index] : &tse_empty_string;
      } else {
        continue; /* "$0", "$00", "$7" without 7 groups: literal */
      }
    } else if (next == '<' && regex->group_names) {
      uint32_t close = i + 2;
      while (close < n && tse_str_unit(template, close) != '>') close++;
      if (close >= n) continue; /* no '>': "$<" is literal */
      tse_str name = tse_str_substr_units(out->ctx, template, i + 2, close);
      replacement = &tse_empty_string;
      for (uint32_t g = 0; g < m; g++) {
        if (regex->group_names[g] && tse_str_equals(regex->group_names[g], name)) {
          replacement = captures[g + 1] ? captures[g + 1] : &tse_empty_string;
          break;
        }
      }
      consumed = close + 1 - i;
    } else {
      continue;
    }
    rx_push_units(out, template, run, i);
    rx_push(out, replacement);
    i += consumed - 1;
    run = i + 1;
  }
  rx_push_units(out, template, run, n);
}

static tse_str rx_replace(tse_ctx* ctx, tse_str s, tse_regexp* re, tse_str template, tse_regexp_replacer fn, void* closure) {
  rx_results results;
  rx_collect(ctx, re, s, &results);
  if (results.count == 0) return s;
  uint32_t groups = re->regex->group_count;
  uint32_t slot_count = RX_SLOTS(re);
  rx_parts out = {ctx, NULL, 0, 0};
  uint32_t next_source = 0;
  tse_str* captures = tse_alloc(ctx, sizeof(tse_str) * (groups + 1));
  for (uint32_t r = 0; r < results.count; r++) {
    const int32_t* slots = results.slots + (size_t)slot_count * r;
    for (uint32_t g = 0; g <= groups; g++) captures[g] = rx_capture(ctx, s, slots, g);
    uint32_t position = (uint32_t)slots[0];
    rx_parts replacement = {ctx, NULL, 0, 0};
    if (fn) {
      rx_push(&replacement, fn(ctx, closure, captures, position, s));
    } else {
      rx_substitute(&replacement, re->regex, s, captures, position, template);
    }
    if (position >= next_source) {
      rx_push_units(&out, s, next_source, position);
      for (uint32_t i = 0; i < replacement.count; i++) rx_push(&out, replacement.items[i]);
      next_source = position + captures[0]->length;
    }
  }
  rx_push_units(&out, s, next_source, s->length);
  return rx_join(&out);
}

static void rx_require_global(tse_ctx* ctx, const tse_regexp* re) {
  if (!(re->regex->flag_bits & TSE_RX_GLOBAL)) tse_throw_js_error(ctx, "TypeError", "String.prototype.replaceAll called with a non-global RegExp argument");
}

tse_str tse_str_replace_regexp(tse_ctx* ctx, tse_str s, tse_regexp* re, tse_str replacement) {
  return rx_replace(ctx, s, re, replacement, NULL, NULL);
}

tse_str tse_str_replace_all_regexp(tse_ctx* ctx, tse_str s, tse_regexp* re, tse_str replacement) {
  rx_require_global(ctx, re);
  return rx_replace(ctx, s, re, replacement, NULL, NULL);
}

tse_str tse_str_replace_regexp_fn(tse_ctx* ctx, tse_str s, tse_regexp* re, tse_regexp_replacer fn, void* closure) {
  return rx_replace(ctx, s, re, NULL, fn, closure);
}

tse_str tse_str_replace_all_regexp_fn(tse_ctx* ctx, tse_str s, tse_regexp* re, tse_regexp_replacer fn, void* closure) {
  rx_require_global(ctx, re);
  return rx_replace(ctx, s, re, NULL, fn, closure);
}

tse_regexp_match* tse_str_match_regexp(tse_ctx* ctx, tse_str s, tse_regexp* re) {
  if (!(re->regex->flag_bits & TSE_RX_GLOBAL)) return tse_regexp_exec(ctx, re, s);
  rx_results results;
  rx_collect(ctx, re, s, &results);
  if (results.count == 0) return NULL;
  uint32_t slot_count = RX_SLOTS(re);
  tse_regexp_match* m = rx_new_match(ctx, results.count);
  tse_str* items = m->data;
  for (uint32_t r = 0; r < results.count; r++) items[r] = rx_capture(ctx, s, results.slots + (size_t)slot_count * r, 0);
  m->length = results.count;
  return m;
}

double tse_str_search_regexp(tse_ctx* ctx, tse_str s, tse_regexp* re) {
  double previous = re->last_index;
  /* A frozen RegExp's lastIndex stays 0 and is never written (other threads read it). */
  if (!re->frozen) re->last_index = 0;
  int32_t* slots = tse_alloc(ctx, sizeof(int32_t) * RX_SLOTS(re));
  bool found = rx_builtin_exec(ctx, re, s, slots);
  if (!re->frozen) re->last_index = previous;
  return found ? slots[0] : -1;
}

/*
 * @@split. The splitter is a sticky copy of the regexp; trying it at each q in turn finds what
 * one unanchored search from q finds (the first q with a match), which is how this searches.
 */
tse_array* tse_str_split_regexp(tse_ctx* ctx, tse_str s, tse_regexp* re, double limit, bool has_limit) {
  const tse_regex* regex = re->regex;
  tse_array* out = tse_array_new(ctx, &tse_type_array_string, sizeof(tse_str), 0);
  uint32_t lim = has_limit ? tse_to_uint32(limit) : 0xFFFFFFFFu;
  if (lim == 0) return out;
  uint32_t slot_count = 2 * (regex->group_count + 1);
  int32_t* slots = tse_alloc(ctx, sizeof(int32_t) * slot_count);
  rx_input in = {s, s->length, (regex->flag_bits & TSE_RX_UNICODE) != 0};
  uint32_t size = s->length;
  if (size == 0) {
    if (!rx_match_at(ctx, regex, s, 0, true, slots)) *(tse_str*)tse_array_push_slot(ctx, out, sizeof(tse_str)) = s;
    return out;
  }
  uint32_t p = 0, q = 0;
  while (q < size) {
    if (!rx_match_at(ctx, regex, s, q, false, slots)) break;
    uint32_t found = (uint32_t)slots[0];
    uint32_t e = (uint32_t)slots[1] < size ? (uint32_t)slots[1] : size;
    if (found >= size) break; /* the sticky attempts stop at q < size */
    if (e == p) {
      q = rx_advance(&in, found);
      continue;
    }
    *(tse_str*)tse_array_push_slot(ctx, out, sizeof(tse_str)) = tse_str_substr_units(ctx, s, p, found);
    if (out->length == lim) return out;
    p = e;
    for (uint32_t g = 1; g <= regex->group_count; g++) {
      tse_str capture = rx_capture(ctx, s, slots, g);
      /* split is typed string[]: an undefined capture has no string to be */
      if (capture == NULL) tse_narrowing_failed(ctx);
      *(tse_str*)tse_array_push_slot(ctx, out, sizeof(tse_str)) = capture;
      if (out->length == lim) return out;
    }
    q = p;
  }
  *(tse_str*)tse_array_push_slot(ctx, out, sizeof(tse_str)) = tse_str_substr_units(ctx, s, p, size);
  return out;
}

/*
 * String.prototype.matchAll: its iterator runs a copy of the RegExp (lastIndex copied, so the
 * argument's is never touched); no program code runs between its steps, so collecting every
 * match when it is called gives what iterating it lazily would.
 */
tse_array* tse_str_match_all(tse_ctx* ctx, tse_str s, tse_regexp* re, const tse_type* array_type) {
  if (!(re->regex->flag_bits & TSE_RX_GLOBAL)) {
    tse_throw_js_error(ctx, "TypeError", "String.prototype.matchAll called with a non-global RegExp argument");
  }
  tse_regexp* copy = tse_regexp_new(ctx, re->regex);
  copy->last_index = rx_to_length(re->last_index);
  rx_input in = {s, s->length, (re->regex->flag_bits & TSE_RX_UNICODE) != 0};
  tse_array* out = tse_array_new(ctx, array_type, sizeof(tse_regexp_match*), 0);
  int32_t* slots = tse_alloc(ctx, sizeof(int32_t) * RX_SLOTS(re));
  while (rx_builtin_exec(ctx, copy, s, slots)) {
    *(tse_regexp_match**)tse_array_push_slot(ctx, out, sizeof(tse_regexp_match*)) = rx_match_result(ctx, re->regex, s, slots);
    if (slots[1] == slots[0]) {
      double this_index = rx_to_length(copy->last_index);
      copy->last_index = this_index >= in.length ? this_index + 1 : rx_advance(&in, (uint32_t)this_index);
    }
  }
  return out;
}

/* A named group of a match: groups is undefined unless the pattern names a group (JS). */
tse_str tse_regexp_match_group(tse_ctx* ctx, const tse_regexp_match* m, tse_str name, bool asserted) {
  const tse_regex* re = m->regex;
  if (re == NULL || re->group_names == NULL) {
    if (asserted) tse_non_null_failed(ctx, false);
    return NULL;
  }
  const tse_str* items = m->data;
  for (uint32_t g = 0; g < re->group_count; g++) {
    if (re->group_names[g] && tse_str_equals(re->group_names[g], name)) return items[g + 1];
  }
  return NULL;
}
