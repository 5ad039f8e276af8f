/*
 * Differential-test harness for runtime-c's JS built-ins (js_string.c, js_number.c, js_math.c, number.c),
 * linked with the runtime but for its Envoy glue.
 *
 *   jslib_harness CASES     evaluates each line of the file CASES, printing one result line each
 *   jslib_harness --case-table
 *                           prints "cp lower upper" (hex code units) for every code point whose
 *                           toLowerCase or toUpperCase is not itself
 *
 * Case line:   op<TAB>arg<TAB>arg...
 * Arguments:   s<hex>   string, four hex digits per UTF-16 code unit ("s" alone is "")
 *              n<hex>   number, the 16 hex digits of its IEEE-754 bits
 *              u        undefined
 * Result line: s<hex> | n<hex> (nNaN for any NaN) | b0 | b1 | u | a<count>[ s<hex>]... |
 *              E<ErrorName>:<message> when the operation throws
 */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness_ctx.h"
#include "tse_internal.h"

/* ------------------------------------------------------------------ argument decoding */

enum { MAX_ARGS = 64 };

typedef struct arg {
  char kind; /* 's', 'n', 'u' */
  tse_str s;
  double n;
} arg;

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool decode_arg(tse_ctx* ctx, const char* text, size_t length, arg* out) {
  out->kind = text[0];
  out->s = NULL;
  out->n = NAN;
  if (length == 0) return false;
  if (text[0] == 'u') return length == 1;
  if (text[0] == 'n') {
    if (length != 17) return false;
    uint64_t bits = 0;
    for (size_t i = 1; i < 17; i++) {
      int v = hex_value(text[i]);
      if (v < 0) return false;
      bits = bits << 4 | (uint64_t)v;
    }
    memcpy(&out->n, &bits, sizeof bits);
    return true;
  }
  if (text[0] == 's') {
    if ((length - 1) % 4 != 0) return false;
    uint32_t units = (uint32_t)((length - 1) / 4);
    uint16_t* buffer = tse_alloc(ctx, 2 * (size_t)units + 2);
    for (uint32_t i = 0; i < units; i++) {
      uint32_t u = 0;
      for (int k = 0; k < 4; k++) {
        int v = hex_value(text[1 + 4 * i + k]);
        if (v < 0) return false;
        u = u << 4 | (uint32_t)v;
      }
      buffer[i] = (uint16_t)u;
    }
    out->s = tse_str_from_units(ctx, buffer, units);
    return true;
  }
  return false;
}

/* ------------------------------------------------------------------ result encoding */

static void print_str(tse_str s) {
  putchar('s');
  for (uint32_t i = 0; i < s->length; i++) printf("%04x", tse_str_unit(s, i));
}

static void print_num(double d) {
  if (isnan(d)) {
    fputs("nNaN", stdout);
    return;
  }
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  printf("n%016llx", (unsigned long long)bits);
}

/* Checks the representation invariants of a string the runtime returned. */
static const char* invariant_error(tse_str s) {
  if (s->type != &tse_type_string) return "bad type";
  if (!s->wide) {
    for (uint32_t i = 0; i < s->length; i++) {
      if (s->data[i] >= 0x80) return "narrow string with a non-ASCII byte";
    }
    if (s->length > 0 && s->data[s->length] != 0) return "narrow string not NUL-terminated";
  }
  return NULL;
}

static void print_result_str(tse_str s) {
  const char* error = invariant_error(s);
  if (error) {
    printf("INVARIANT:%s", error);
    return;
  }
  print_str(s);
}

/* ------------------------------------------------------------------ the replacer used by replaceFn */

/* (m, p, w) => "<" + m + "|" + p + "|" + w.length + ">" */
static tse_str test_replacer(tse_ctx* ctx, void* env, tse_str matched, double position, tse_str whole) {
  int* calls = env;
  (*calls)++;
  TSE_STRING_LITERAL(open, 1, "<");
  TSE_STRING_LITERAL(bar, 1, "|");
  TSE_STRING_LITERAL(close, 1, ">");
  tse_str parts[7] = {TSE_STR(open),
                      matched,
                      TSE_STR(bar),
                      tse_number_to_string(ctx, position),
                      TSE_STR(bar),
                      tse_number_to_string(ctx, (double)whole->length),
                      TSE_STR(close)};
  return tse_str_concat_all(ctx, parts, 7);
}

/* ------------------------------------------------------------------ operations */

typedef double (*unary_fn)(double);

static const struct {
  const char* name;
  unary_fn tse;
  unary_fn libm;
} unary_math[] = {
    {"sin", tse_math_sin, sin},       {"cos", tse_math_cos, cos},         {"tan", tse_math_tan, tan},
    {"asin", tse_math_asin, asin},    {"acos", tse_math_acos, acos},      {"atan", tse_math_atan, atan},
    {"sinh", tse_math_sinh, sinh},    {"cosh", tse_math_cosh, cosh},      {"tanh", tse_math_tanh, tanh},
    {"asinh", tse_math_asinh, asinh}, {"acosh", tse_math_acosh, acosh},   {"atanh", tse_math_atanh, atanh},
    {"exp", tse_math_exp, exp},       {"expm1", tse_math_expm1, expm1},   {"log", tse_math_log, log},
    {"log1p", tse_math_log1p, log1p}, {"log2", tse_math_log2, log2},      {"log10", tse_math_log10, log10},
    {"cbrt", tse_math_cbrt, cbrt},    {"sqrt", sqrt, sqrt},               {"round", tse_math_round, round},
    {"sign", tse_math_sign, NULL},    {"fround", tse_math_fround, NULL},  {"clz32", tse_math_clz32, NULL},
};

static bool has(const arg* a) { return a->kind != 'u'; }
static double num_or(const arg* a, double fallback) { return a->kind == 'n' ? a->n : fallback; }

#define NEED(k) \
  if (argc < (k)) goto bad
#define STR(i) (args[i].kind == 's' ? args[i].s : NULL)
#define SREQ(i) \
  if (args[i].kind != 's') goto bad

static void run_case(tse_ctx* ctx, const char* op, arg* args, int argc) {
  double numbers[MAX_ARGS];
  for (int i = 0; i < argc; i++) numbers[i] = num_or(&args[i], NAN);

  if (strcmp(op, "indexOf") == 0) {
    NEED(3); SREQ(0); SREQ(1);
    print_num(tse_str_index_of(args[0].s, args[1].s, num_or(&args[2], 0)));
  } else if (strcmp(op, "lastIndexOf") == 0) {
    NEED(3); SREQ(0); SREQ(1);
    print_num(tse_str_last_index_of(args[0].s, args[1].s, num_or(&args[2], NAN)));
  } else if (strcmp(op, "includes") == 0) {
    NEED(3); SREQ(0); SREQ(1);
    printf("b%d", tse_str_includes(args[0].s, args[1].s, num_or(&args[2], 0)));
  } else if (strcmp(op, "startsWith") == 0) {
    NEED(3); SREQ(0); SREQ(1);
    printf("b%d", tse_str_starts_with(args[0].s, args[1].s, num_or(&args[2], 0)));
  } else if (strcmp(op, "endsWith") == 0) {
    NEED(3); SREQ(0); SREQ(1);
    printf("b%d", tse_str_ends_with(args[0].s, args[1].s, num_or(&args[2], NAN), has(&args[2])));
  } else if (strcmp(op, "slice") == 0) {
    NEED(3); SREQ(0);
    print_result_str(tse_str_slice(ctx, args[0].s, numbers[1], numbers[2], has(&args[2])));
  } else if (strcmp(op, "substring") == 0) {
    NEED(3); SREQ(0);
    print_result_str(tse_str_substring(ctx, args[0].s, numbers[1], numbers[2], has(&args[2])));
  } else if (strcmp(op, "substrUnits") == 0) {
    NEED(3); SREQ(0);
    print_result_str(tse_str_substr_units(ctx, args[0].s, (uint32_t)numbers[1], (uint32_t)numbers[2]));
  } else if (strcmp(op, "split") == 0) {
    NEED(3); SREQ(0);
    tse_array* parts = tse_str_split(ctx, args[0].s, STR(1), numbers[2], has(&args[2]));
    if (parts->type != &tse_type_array_string) {
      fputs("INVARIANT:split array type", stdout);
      return;
    }
    printf("a%u", parts->length);
    for (uint32_t i = 0; i < parts->length; i++) {
      putchar(' ');
      print_result_str(((tse_str*)parts->data)[i]);
    }
  } else if (strcmp(op, "toLowerCase") == 0) {
    NEED(1); SREQ(0);
    print_result_str(tse_str_to_lower_case(ctx, args[0].s));
  } else if (strcmp(op, "toUpperCase") == 0) {
    NEED(1); SREQ(0);
    print_result_str(tse_str_to_upper_case(ctx, args[0].s));
  } else if (strcmp(op, "trim") == 0) {
    NEED(1); SREQ(0);
    print_result_str(tse_str_trim(ctx, args[0].s));
  } else if (strcmp(op, "trimStart") == 0) {
    NEED(1); SREQ(0);
    print_result_str(tse_str_trim_start(ctx, args[0].s));
  } else if (strcmp(op, "trimEnd") == 0) {
    NEED(1); SREQ(0);
    print_result_str(tse_str_trim_end(ctx, args[0].s));
  } else if (strcmp(op, "padStart") == 0) {
    NEED(3); SREQ(0);
    print_result_str(tse_str_pad_start(ctx, args[0].s, numbers[1], STR(2)));
  } else if (strcmp(op, "padEnd") == 0) {
    NEED(3); SREQ(0);
    print_result_str(tse_str_pad_end(ctx, args[0].s, numbers[1], STR(2)));
  } else if (strcmp(op, "repeat") == 0) {
    NEED(2); SREQ(0);
    print_result_str(tse_str_repeat(ctx, args[0].s, numbers[1]));
  } else if (strcmp(op, "at") == 0) {
    NEED(2); SREQ(0);
    tse_str r = tse_str_at(ctx, args[0].s, numbers[1]);
    if (r == NULL) {
      putchar('u');
    } else {
      print_result_str(r);
    }
  } else if (strcmp(op, "charAt") == 0) {
    NEED(2); SREQ(0);
    print_result_str(tse_str_char_at(ctx, args[0].s, numbers[1]));
  } else if (strcmp(op, "charCodeAt") == 0) {
    NEED(2); SREQ(0);
    print_num(tse_str_char_code_at(args[0].s, numbers[1]));
  } else if (strcmp(op, "codePointAt") == 0) {
    NEED(2); SREQ(0);
    tse_value v = tse_str_code_point_at(args[0].s, numbers[1]);
    if (v.tag == TSE_TAG_UNDEFINED) {
      putchar('u');
    } else {
      print_num(v.as.number);
    }
  } else if (strcmp(op, "replace") == 0) {
    NEED(3); SREQ(0); SREQ(1); SREQ(2);
    print_result_str(tse_str_replace(ctx, args[0].s, args[1].s, args[2].s));
  } else if (strcmp(op, "replaceAll") == 0) {
    NEED(3); SREQ(0); SREQ(1); SREQ(2);
    print_result_str(tse_str_replace_all(ctx, args[0].s, args[1].s, args[2].s));
  } else if (strcmp(op, "replaceFn") == 0 || strcmp(op, "replaceAllFn") == 0) {
    NEED(2); SREQ(0); SREQ(1);
    int calls = 0;
    tse_str r = tse_str_replace_fn(ctx, args[0].s, args[1].s, op[7] == 'A', test_replacer, &calls);
    print_result_str(r);
  } else if (strcmp(op, "fromCharCode") == 0) {
    print_result_str(tse_str_from_char_codes(ctx, numbers, (uint32_t)argc));
  } else if (strcmp(op, "fromCodePoint") == 0) {
    print_result_str(tse_str_from_code_points(ctx, numbers, (uint32_t)argc));
  } else if (strcmp(op, "parseFloat") == 0) {
    NEED(1); SREQ(0);
    print_num(tse_parse_float(args[0].s));
  } else if (strcmp(op, "parseInt") == 0) {
    NEED(2); SREQ(0);
    print_num(tse_parse_int(args[0].s, numbers[1]));
  } else if (strcmp(op, "Number") == 0) {
    NEED(1); SREQ(0);
    print_num(tse_string_to_number(args[0].s));
  } else if (strcmp(op, "toFixed") == 0) {
    NEED(2);
    print_result_str(tse_number_to_fixed(ctx, numbers[0], num_or(&args[1], 0)));
  } else if (strcmp(op, "toPrecision") == 0) {
    NEED(2);
    print_result_str(tse_number_to_precision(ctx, numbers[0], numbers[1], has(&args[1])));
  } else if (strcmp(op, "toExponential") == 0) {
    NEED(2);
    print_result_str(tse_number_to_exponential(ctx, numbers[0], numbers[1], has(&args[1])));
  } else if (strcmp(op, "toString") == 0) {
    NEED(2);
    print_result_str(tse_number_to_string_radix(ctx, numbers[0], num_or(&args[1], 10)));
  } else if (strcmp(op, "isInteger") == 0) {
    NEED(1);
    printf("b%d", tse_number_is_integer(numbers[0]));
  } else if (strcmp(op, "isSafeInteger") == 0) {
    NEED(1);
    printf("b%d", tse_number_is_safe_integer(numbers[0]));
  } else if (strcmp(op, "toInt32") == 0) {
    NEED(1);
    print_num((double)tse_to_int32(numbers[0]));
  } else if (strcmp(op, "toUint32") == 0) {
    NEED(1);
    print_num((double)tse_to_uint32(numbers[0]));
  } else if (strcmp(op, "max") == 0) {
    print_num(tse_math_max(numbers, (uint32_t)argc));
  } else if (strcmp(op, "min") == 0) {
    print_num(tse_math_min(numbers, (uint32_t)argc));
  } else if (strcmp(op, "hypot") == 0) {
    print_num(tse_math_hypot(numbers, (uint32_t)argc));
  } else if (strcmp(op, "imul") == 0) {
    NEED(2);
    print_num(tse_math_imul(numbers[0], numbers[1]));
  } else if (strcmp(op, "atan2") == 0) {
    NEED(2);
    print_num(tse_math_atan2(numbers[0], numbers[1]));
  } else if (strcmp(op, "pow") == 0) {
    NEED(2);
    print_num(tse_math_pow(numbers[0], numbers[1]));
  } else if (strcmp(op, "numberc.toString") == 0) {
    NEED(1);
    print_result_str(tse_number_to_string(ctx, numbers[0]));
  } else if (strcmp(op, "numberc.pow") == 0) {
    NEED(2);
    print_num(tse_number_pow(numbers[0], numbers[1]));
  } else if (strcmp(op, "libm.atan2") == 0) {
    NEED(2);
    print_num(atan2(numbers[0], numbers[1]));
  } else if (strcmp(op, "libm.pow") == 0) {
    NEED(2);
    print_num(pow(numbers[0], numbers[1]));
  } else if (strcmp(op, "libm.hypot") == 0) {
    NEED(2);
    print_num(hypot(numbers[0], numbers[1]));
  } else {
    bool libm = strncmp(op, "libm.", 5) == 0;
    const char* name = libm ? op + 5 : op;
    for (size_t i = 0; i < sizeof unary_math / sizeof unary_math[0]; i++) {
      if (strcmp(name, unary_math[i].name) == 0) {
        unary_fn fn = libm ? unary_math[i].libm : unary_math[i].tse;
        if (fn == NULL || argc < 1) goto bad;
        print_num(fn(numbers[0]));
        return;
      }
    }
    goto bad;
  }
  return;
bad:
  fputs("BADCASE", stdout);
}

/* ------------------------------------------------------------------ main */

static void print_units_of_code_point(uint32_t cp) {
  if (cp >= 0x10000) {
    printf("%04x%04x", 0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF));
  } else {
    printf("%04x", cp);
  }
}

static int case_table(tse_ctx* ctx) {
  for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    uint16_t units[2];
    uint32_t n = 1;
    if (cp >= 0x10000) {
      units[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
      units[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
      n = 2;
    } else {
      units[0] = (uint16_t)cp;
    }
    tse_str s = tse_str_from_units(ctx, units, n);
    tse_str lower = tse_str_to_lower_case(ctx, s);
    tse_str upper = tse_str_to_upper_case(ctx, s);
    if (!tse_str_equals(lower, s) || !tse_str_equals(upper, s)) {
      print_units_of_code_point(cp);
      putchar(' ');
      print_result_str(lower);
      putchar(' ');
      print_result_str(upper);
      putchar('\n');
    }
    if ((cp & 0xFFF) == 0) {
      tse_arena_free(ctx->arena);
      tse_arena_init(ctx->arena, (size_t)1 << 30, NULL, 0);
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  static tse_arena arena;
  static tse_ctx ctx;
  static tse_jmp_buf fail_jump;
  tse_arena_init(&arena, (size_t)1 << 30, NULL, 0);
  ctx.arena = &arena;
  ctx.fail_target = &fail_jump;
  if (argc == 2 && strcmp(argv[1], "--case-table") == 0) return case_table(&ctx);
  if (argc != 2) {
    fprintf(stderr, "usage: %s CASES | --case-table\n", argv[0]);
    return 2;
  }
  FILE* in = fopen(argv[1], "rb");
  if (in == NULL) {
    perror(argv[1]);
    return 2;
  }
  static char line[1 << 20];
  unsigned long count = 0;
  while (fgets(line, sizeof line, in)) {
    size_t length = strlen(line);
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = 0;
    if (length == sizeof line - 1) {
      fputs("line too long\n", stderr);
      return 2;
    }
    /* split on tabs */
    char* fields[MAX_ARGS + 1];
    int field_count = 0;
    char* p = line;
    fields[field_count++] = p;
    while ((p = strchr(p, '\t')) != NULL && field_count <= MAX_ARGS) {
      *p++ = 0;
      fields[field_count++] = p;
    }
    arg args[MAX_ARGS];
    bool ok = true;
    for (int i = 1; i < field_count; i++) ok = ok && decode_arg(&ctx, fields[i], strlen(fields[i]), &args[i - 1]);
    if (!ok) {
      fputs("BADCASE", stdout);
    } else {
      /* What the library throws is caught as filter code catches it: a try block's handler. */
      tse_handler handler = {.previous = NULL};
      ctx.handler = &handler;
      if (tse_setjmp(handler.jump) == 0) {
        if (tse_setjmp(fail_jump) == 0) {
          run_case(&ctx, fields[0], args, field_count - 1);
        } else {
          printf("F%s", ctx.fail_message);
        }
      } else {
        size_t name_length, message_length;
        const char* name = tse_str_to_utf8(&ctx, ctx.exception->name, &name_length);
        const char* message = tse_str_to_utf8(&ctx, ctx.exception->message, &message_length);
        printf("E%.*s:%.*s", (int)name_length, name, (int)message_length, message);
      }
      ctx.handler = NULL;
    }
    putchar('\n');
    if (++count % 256 == 0) {
      tse_arena_free(&arena);
      tse_arena_init(&arena, (size_t)1 << 30, NULL, 0);
    }
  }
  fclose(in);
  return 0;
}
