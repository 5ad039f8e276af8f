/*
 * Number built-ins: parseInt, parseFloat, Number(string), toFixed, toPrecision, toExponential,
 * toString(radix), Number.isInteger / isSafeInteger, with V8's (Node 20's) exact results.
 *
 * Decimal formatting works on the exact decimal expansion of the double (a small bignum), so
 * rounding is exact: ties (only possible when the expansion ends in 5 exactly there) go up, as
 * the specification's "pick the larger n" says. Decimal parsing hands a normalized digit string to
 * strtod, which rounds correctly (as V8's own Strtod does); like number.c, this assumes the C
 * locale's decimal point.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tse_internal.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

static double to_integer_or_infinity(double x) {
  if (isnan(x) || x == 0) return 0;
  return trunc(x);
}

static bool is_js_whitespace(uint32_t c) {
  switch (c) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

static inline uint16_t unit(tse_str s, uint32_t i) { return tse_str_unit(s, i); }

TSE_NORETURN static void throw_range(tse_ctx* ctx, const char* message) { tse_throw_js_error(ctx, "RangeError", message); }

/* ------------------------------------------------------------------ exact decimal expansion */

enum { BIG_LIMBS = 90 }; /* 2880 bits: enough for 2^53 * 5^1074 and 2^1024 */

typedef struct big {
  uint32_t limb[BIG_LIMBS];
  int n; /* used limbs; 0 means zero */
} big;

static void big_set(big* b, uint64_t v) {
  b->n = 0;
  while (v) {
    b->limb[b->n++] = (uint32_t)v;
    v >>= 32;
  }
}

static void big_mul_small(big* b, uint32_t m) {
  uint64_t carry = 0;
  for (int i = 0; i < b->n; i++) {
    uint64_t p = (uint64_t)b->limb[i] * m + carry;
    b->limb[i] = (uint32_t)p;
    carry = p >> 32;
  }
  if (carry && b->n < BIG_LIMBS) b->limb[b->n++] = (uint32_t)carry;
}

static void big_shift_left(big* b, int bits) {
  if (b->n == 0) return;
  int words = bits / 32, rest = bits % 32;
  int n = b->n + words + 1;
  if (n > BIG_LIMBS) n = BIG_LIMBS;
  for (int i = n - 1; i >= 0; i--) {
    int src = i - words;
    uint64_t v = 0;
    if (src >= 0 && src < b->n) v = (uint64_t)b->limb[src] << rest;
    if (rest && src - 1 >= 0 && src - 1 < b->n) v |= (uint64_t)b->limb[src - 1] >> (32 - rest);
    b->limb[i] = (uint32_t)v;
  }
  b->n = n;
  while (b->n > 0 && b->limb[b->n - 1] == 0) b->n--;
}

static uint32_t big_div_small(big* b, uint32_t d) {
  uint64_t rem = 0;
  for (int i = b->n - 1; i >= 0; i--) {
    uint64_t cur = (rem << 32) | b->limb[i];
    b->limb[i] = (uint32_t)(cur / d);
    rem = cur % d;
  }
  while (b->n > 0 && b->limb[b->n - 1] == 0) b->n--;
  return (uint32_t)rem;
}

enum { DIGITS_MAX = 800 };

/*
 * The exact decimal digits of v (finite, > 0), without trailing zeros: v = 0.d1d2...dn x 10^point.
 * Returns n (at most 767).
 */
static int exact_digits(double v, char digits[DIGITS_MAX], int* point) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  int biased = (int)((bits >> 52) & 0x7FF);
  uint64_t mantissa = bits & ((1ull << 52) - 1);
  int e;
  if (biased == 0) {
    e = -1074;
  } else {
    mantissa |= 1ull << 52;
    e = biased - 1075;
  }
  big b;
  big_set(&b, mantissa);
  int scale = 0; /* v = b / 10^scale */
  if (e >= 0) {
    big_shift_left(&b, e);
  } else {
    /* m / 2^k = m * 5^k / 10^k */
    int k = -e;
    scale = k;
    while (k >= 13) {
      big_mul_small(&b, 1220703125u); /* 5^13 */
      k -= 13;
    }
    uint32_t p = 1;
    while (k-- > 0) p *= 5;
    big_mul_small(&b, p);
  }
  /* decimal digits, least significant chunk first */
  char reversed[DIGITS_MAX + 16];
  int count = 0;
  while (b.n > 0) {
    uint32_t chunk = big_div_small(&b, 1000000000u);
    for (int i = 0; i < 9; i++) {
      if (count < DIGITS_MAX + 9) reversed[count++] = (char)('0' + chunk % 10);
      chunk /= 10;
    }
  }
  while (count > 0 && reversed[count - 1] == '0') count--; /* leading zeros */
  int n = 0;
  for (int i = count - 1; i >= 0 && n < DIGITS_MAX; i--) digits[n++] = reversed[i];
  *point = n - scale;
  while (n > 1 && digits[n - 1] == '0') n--;
  return n;
}

/*
 * Rounds 0.digits x 10^point to `keep` significant digits (keep >= 1), ties away from zero, writing
 * exactly `keep` digits to out and returning the (possibly incremented) point.
 */
static int round_significant(const char* digits, int n, int point, int keep, char* out) {
  for (int i = 0; i < keep; i++) out[i] = i < n ? digits[i] : '0';
  if (keep < n && digits[keep] >= '5') {
    int i = keep - 1;
    while (i >= 0 && out[i] == '9') out[i--] = '0';
    if (i >= 0) {
      out[i]++;
    } else {
      out[0] = '1'; /* 99.9 -> 100: one more integer digit, same number of significant digits */
      point++;
    }
  }
  return point;
}

static int format_exponent(char* out, int exponent) {
  return sprintf(out, "e%c%d", exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
}

/* ------------------------------------------------------------------ toFixed / toExponential / toPrecision */

tse_str tse_number_to_fixed(tse_ctx* ctx, double x, double digits) {
  double f = to_integer_or_infinity(digits);
  if (!(f >= 0 && f <= 100)) throw_range(ctx, "toFixed() digits argument must be between 0 and 100");
  if (isnan(x)) return tse_str_from_ascii(ctx, "NaN", 3);
  if (!(fabs(x) < 1e21)) return tse_js_number_to_string(ctx, x); /* also +-Infinity */
  int fd = (int)f;
  char out[DIGITS_MAX + 256];
  int length = 0;
  if (x < 0) out[length++] = '-';
  /* n = round(|x| * 10^fd) as decimal digits */
  char n[DIGITS_MAX + 128];
  int n_length = 0;
  if (x != 0) {
    char d[DIGITS_MAX];
    int point;
    int nd = exact_digits(fabs(x), d, &point);
    int integer_digits = point + fd; /* digits of |x| * 10^fd before its decimal point */
    if (integer_digits > 0) {
      int rounded_point = round_significant(d, nd, point, integer_digits, n);
      n_length = integer_digits;
      if (rounded_point != point) n[n_length++] = '0'; /* the carry added a digit: 99.5 -> 100 */
    } else if (integer_digits == 0 && d[0] >= '5') {
      n[n_length++] = '1';
    }
  }
  if (n_length == 0) n[n_length++] = '0';
  if (fd == 0) {
    memcpy(out + length, n, (size_t)n_length);
    length += n_length;
  } else {
    /* at least one integer digit */
    int pad = fd + 1 - n_length;
    if (pad > 0) {
      memmove(n + pad, n, (size_t)n_length);
      memset(n, '0', (size_t)pad);
      n_length += pad;
    }
    int integer_part = n_length - fd;
    memcpy(out + length, n, (size_t)integer_part);
    length += integer_part;
    out[length++] = '.';
    memcpy(out + length, n + integer_part, (size_t)fd);
    length += fd;
  }
  return tse_str_from_ascii(ctx, out, (size_t)length);
}

/* Shortest digits that round-trip to v (> 0, finite), the closest (then even) among them. */
static int shortest_digits(double v, char* out, int* point_out) {
  char d[DIGITS_MAX];
  int point;
  int nd = exact_digits(v, d, &point);
  for (int p = 1; p <= 17; p++) {
    if (p >= nd) { /* exact */
      memcpy(out, d, (size_t)nd);
      *point_out = point;
      return nd;
    }
    char down[24], up[24];
    memcpy(down, d, (size_t)p);
    int up_point = round_significant(d, nd, point, p, up);
    /* round_significant rounds half up; build the other neighbour */
    bool rounded_up = memcmp(up, down, (size_t)p) != 0 || up_point != point;
    char other[24];
    int other_point = point;
    if (rounded_up) {
      memcpy(other, down, (size_t)p);
    } else {
      /* the neighbour above: down + 1 unit in the last place */
      memcpy(other, down, (size_t)p);
      int i = p - 1;
      while (i >= 0 && other[i] == '9') other[i--] = '0';
      if (i >= 0) {
        other[i]++;
      } else {
        other[0] = '1';
        other_point++;
      }
    }
    char text[64];
    snprintf(text, sizeof text, "%.*se%d", p, up, up_point - p);
    bool near_ok = strtod(text, NULL) == v;
    snprintf(text, sizeof text, "%.*se%d", p, other, other_point - p);
    bool far_ok = strtod(text, NULL) == v;
    if (!near_ok && !far_ok) continue;
    bool use_near = near_ok;
    if (near_ok && far_ok) {
      /* equally close only when the dropped digits are exactly 5000...: then the even one */
      bool tie = d[p] == '5' && nd == p + 1;
      if (tie && ((up[p - 1] - '0') % 2 != 0)) use_near = false;
    }
    if (use_near) {
      memcpy(out, up, (size_t)p);
      *point_out = up_point;
    } else {
      memcpy(out, other, (size_t)p);
      *point_out = other_point;
    }
    while (p > 1 && out[p - 1] == '0') p--;
    return p;
  }
  memcpy(out, d, 17); /* not reached: 17 digits always round-trip */
  *point_out = point;
  return 17;
}

/* A number's text (digits, sign, point, exponent): printable ASCII, so a valid header value as made. */
static tse_str number_text(tse_ctx* ctx, const char* text, size_t length) {
  tse_string* s = (tse_string*)(uintptr_t)tse_str_from_ascii(ctx, text, length);
  s->checks = TSE_STR_CHECKED_HEADER_VALUE;
  return s;
}

/*
 * Integers below 2^53 in magnitude: their shortest round-trip digits are their exact digits (any
 * shorter digit string names another integer, and these are all representable), so no digit search.
 */
static tse_str safe_integer_to_string(tse_ctx* ctx, int64_t x) {
  char out[20];
  int start = (int)sizeof out;
  uint64_t magnitude = x < 0 ? (uint64_t)-x : (uint64_t)x;
  do {
    out[--start] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (x < 0) out[--start] = '-';
  return number_text(ctx, out + start, sizeof out - (size_t)start);
}

/*
 * Small non-negative integers (status codes, ports, counts) print as shared strings made once per
 * module: no digit loop or arena copy per call, and a check such a string passed (a header value)
 * stays remembered in its `checks`. Strings are immutable and compared by content, so sharing one
 * is invisible to filter code (V8 keeps a number-string cache too). Made on first use, from the
 * heap because they outlive every stream; a thread that loses the race to publish one frees its own.
 */
enum { SMALL_INT_STRINGS = 1024 };
static _Atomic(tse_string*) small_int_strings[SMALL_INT_STRINGS];

static tse_str small_int_string(tse_ctx* ctx, uint32_t value) {
  tse_string* cached = atomic_load_explicit(&small_int_strings[value], memory_order_acquire);
  if (TSE_LIKELY(cached != NULL)) return cached;
  char digits[4];
  size_t length = 0;
  for (uint32_t rest = value, scale = value >= 1000 ? 1000 : value >= 100 ? 100 : value >= 10 ? 10 : 1; scale > 0; scale /= 10) {
    digits[length++] = (char)('0' + rest / scale);
    rest %= scale;
  }
  tse_string* made = malloc(sizeof(tse_string) + length + 1);
  if (made == NULL) return tse_str_from_ascii(ctx, digits, length); /* the arena reports running out */
  made->type = &tse_type_string;
  made->length = (uint32_t)length;
  made->wide = 0;
  made->checks = TSE_STR_CHECKED_HEADER_VALUE; /* digits */
  memcpy(made->data, digits, length);
  made->data[length] = 0;
  tse_string* expected = NULL;
  if (atomic_compare_exchange_strong_explicit(&small_int_strings[value], &expected, made, memory_order_acq_rel, memory_order_acquire)) return made;
  free(made);
  return expected;
}

/* dlclose: the cache goes with the module (the module is unloaded only once no stream runs). */
__attribute__((destructor)) static void release_small_int_strings(void) {
  for (size_t i = 0; i < SMALL_INT_STRINGS; i++) free(atomic_exchange_explicit(&small_int_strings[i], NULL, memory_order_relaxed));
}

tse_str tse_js_number_to_string(tse_ctx* ctx, double x) {
  /* Safe integers first, by a round trip through int64 (no libm call); -0 becomes "0" as in JS. */
  if (fabs(x) < 9007199254740992.0) {
    int64_t integer = (int64_t)x;
    if ((double)integer == x) {
      if (integer >= 0 && integer < SMALL_INT_STRINGS) return small_int_string(ctx, (uint32_t)integer);
      return safe_integer_to_string(ctx, integer);
    }
  }
  if (isnan(x)) return tse_str_from_ascii(ctx, "NaN", 3);
  if (isinf(x)) return x > 0 ? tse_str_from_ascii(ctx, "Infinity", 8) : tse_str_from_ascii(ctx, "-Infinity", 9);
  char d[DIGITS_MAX];
  int n;
  int k = shortest_digits(fabs(x), d, &n);
  char out[64];
  int length = 0;
  if (x < 0) out[length++] = '-';
  if (k <= n && n <= 21) {
    memcpy(out + length, d, (size_t)k);
    length += k;
    for (int i = 0; i < n - k; i++) out[length++] = '0';
  } else if (0 < n && n <= 21) {
    memcpy(out + length, d, (size_t)n);
    length += n;
    out[length++] = '.';
    memcpy(out + length, d + n, (size_t)(k - n));
    length += k - n;
  } else if (-6 < n && n <= 0) {
    out[length++] = '0';
    out[length++] = '.';
    for (int i = 0; i < -n; i++) out[length++] = '0';
    memcpy(out + length, d, (size_t)k);
    length += k;
  } else {
    out[length++] = d[0];
    if (k > 1) {
      out[length++] = '.';
      memcpy(out + length, d + 1, (size_t)(k - 1));
      length += k - 1;
    }
    length += format_exponent(out + length, n - 1);
  }
  return number_text(ctx, out, (size_t)length);
}

static tse_str exponential_string(tse_ctx* ctx, bool negative, const char* digits, int count, int exponent) {
  char out[160];
  int length = 0;
  if (negative) out[length++] = '-';
  out[length++] = digits[0];
  if (count > 1) {
    out[length++] = '.';
    memcpy(out + length, digits + 1, (size_t)(count - 1));
    length += count - 1;
  }
  length += format_exponent(out + length, exponent);
  return tse_str_from_ascii(ctx, out, (size_t)length);
}

tse_str tse_number_to_exponential(tse_ctx* ctx, double x, double digits, bool has_digits) {
  double f = has_digits ? to_integer_or_infinity(digits) : 0;
  if (!isfinite(x)) return tse_js_number_to_string(ctx, x);
  if (has_digits && !(f >= 0 && f <= 100)) throw_range(ctx, "toExponential() argument must be between 0 and 100");
  bool negative = x < 0;
  char d[DIGITS_MAX];
  if (x == 0) {
    int count = has_digits ? (int)f + 1 : 1;
    memset(d, '0', (size_t)count);
    return exponential_string(ctx, false, d, count, 0);
  }
  if (!has_digits) {
    int point;
    int count = shortest_digits(fabs(x), d, &point);
    return exponential_string(ctx, negative, d, count, point - 1);
  }
  char exact[DIGITS_MAX];
  int point;
  int nd = exact_digits(fabs(x), exact, &point);
  int keep = (int)f + 1;
  point = round_significant(exact, nd, point, keep, d);
  return exponential_string(ctx, negative, d, keep, point - 1);
}

tse_str tse_number_to_precision(tse_ctx* ctx, double x, double precision, bool has_precision) {
  if (!has_precision) return tse_js_number_to_string(ctx, x);
  double p = to_integer_or_infinity(precision);
  if (!isfinite(x)) return tse_js_number_to_string(ctx, x);
  if (!(p >= 1 && p <= 100)) throw_range(ctx, "toPrecision() argument must be between 1 and 100");
  int keep = (int)p;
  char d[DIGITS_MAX];
  int exponent = 0;
  bool negative = x < 0;
  if (x == 0) {
    memset(d, '0', (size_t)keep);
    negative = false;
  } else {
    char exact[DIGITS_MAX];
    int point;
    int nd = exact_digits(fabs(x), exact, &point);
    exponent = round_significant(exact, nd, point, keep, d) - 1;
  }
  if (exponent < -6 || exponent >= keep) return exponential_string(ctx, negative, d, keep, exponent);
  char out[DIGITS_MAX];
  int length = 0;
  if (negative) out[length++] = '-';
  if (exponent >= 0) {
    memcpy(out + length, d, (size_t)exponent + 1);
    length += exponent + 1;
    if (keep > exponent + 1) {
      out[length++] = '.';
      memcpy(out + length, d + exponent + 1, (size_t)(keep - exponent - 1));
      length += keep - exponent - 1;
    }
  } else {
    out[length++] = '0';
    out[length++] = '.';
    for (int i = 0; i < -(exponent + 1); i++) out[length++] = '0';
    memcpy(out + length, d, (size_t)keep);
    length += keep;
  }
  return tse_str_from_ascii(ctx, out, (size_t)length);
}

/* ------------------------------------------------------------------ toString(radix) */

/* V8's Double::Exponent(): e in value = significand * 2^e with a 53-bit significand. */
static int binary_exponent(double v) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  int biased = (int)((bits >> 52) & 0x7FF);
  return biased == 0 ? -1074 : biased - 1075;
}

/*
 * V8's DoubleToRadixCString (value finite, nonzero): fraction digits are produced only up to
 * the precision of the input (delta is half the distance to the next double), with the last
 * digit rounded half to even; integer digits below the 53 significant bits print as zeros.
 */
static tse_str radix_string(tse_ctx* ctx, double value, int radix) {
  static const char chars[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  enum { SIZE = 2200, MIDDLE = SIZE / 2 };
  char buffer[SIZE];
  int integer_cursor = MIDDLE, fraction_cursor = MIDDLE;
  bool negative = value < 0;
  if (negative) value = -value;
  double integer = floor(value);
  double fraction = value - integer;
  double delta = 0.5 * (nextafter(value, INFINITY) - value);
  double min_delta = nextafter(0.0, 1.0);
  if (!(min_delta < delta)) delta = min_delta;
  if (fraction >= delta) {
    buffer[fraction_cursor++] = '.';
    do {
      fraction *= radix;
      delta *= radix;
      int digit = (int)fraction;
      buffer[fraction_cursor++] = chars[digit];
      fraction -= digit;
      if (fraction > 0.5 || (fraction == 0.5 && (digit & 1))) {
        if (fraction + delta > 1) {
          /* round up, carrying through the digits already written */
          for (;;) {
            fraction_cursor--;
            if (fraction_cursor == MIDDLE) {
              integer += 1; /* carry into the integer part; the '.' is dropped */
              break;
            }
            char c = buffer[fraction_cursor];
            int d = c > '9' ? c - 'a' + 10 : c - '0';
            if (d + 1 < radix) {
              buffer[fraction_cursor++] = chars[d + 1];
              break;
            }
          }
          break;
        }
      }
    } while (fraction >= delta && fraction_cursor < SIZE - 1);
  }
  while (binary_exponent(integer / radix) > 0 && integer_cursor > 1) {
    integer /= radix;
    buffer[--integer_cursor] = '0';
  }
  do {
    double remainder = fmod(integer, radix);
    buffer[--integer_cursor] = chars[(int)remainder];
    integer = (integer - remainder) / radix;
  } while (integer > 0 && integer_cursor > 1);
  if (negative) buffer[--integer_cursor] = '-';
  return tse_str_from_ascii(ctx, buffer + integer_cursor, (size_t)(fraction_cursor - integer_cursor));
}

tse_str tse_number_to_string_radix(tse_ctx* ctx, double x, double radix) {
  double r = to_integer_or_infinity(radix);
  if (!(r >= 2 && r <= 36)) throw_range(ctx, "toString() radix argument must be between 2 and 36");
  if (r == 10 || !isfinite(x)) return tse_js_number_to_string(ctx, x);
  if (x == 0) return tse_str_from_ascii(ctx, "0", 1);
  return radix_string(ctx, x, (int)r);
}

bool tse_number_is_integer(double x) { return isfinite(x) && trunc(x) == x; }

bool tse_number_is_safe_integer(double x) { return tse_number_is_integer(x) && fabs(x) <= 9007199254740991.0; }

/* ------------------------------------------------------------------ parsing */

static int digit_value(uint16_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

/*
 * Parses a StrDecimalLiteral (sign, digits, '.', exponent, or Infinity) at s[*at]; on success
 * returns true, stores the value and advances *at past the longest valid prefix.
 */
static bool parse_decimal(tse_str s, uint32_t* at, double* value) {
  enum { KEEP = 780 };
  uint32_t i = *at, n = s->length;
  bool negative = false;
  if (i < n && (unit(s, i) == '+' || unit(s, i) == '-')) {
    negative = unit(s, i) == '-';
    i++;
  }
  static const char infinity[] = "Infinity";
  if (i < n && unit(s, i) == 'I') {
    for (uint32_t k = 0; k < 8; k++) {
      if (i + k >= n || unit(s, i + k) != (uint16_t)infinity[k]) return false;
    }
    *at = i + 8;
    *value = negative ? -INFINITY : INFINITY;
    return true;
  }
  char text[KEEP + 48];
  int kept = 0;
  bool dropped_nonzero = false;
  int64_t point = 0; /* value = 0.kept x 10^point */
  bool any_digit = false;
  while (i < n && unit(s, i) >= '0' && unit(s, i) <= '9') {
    uint16_t c = unit(s, i++);
    any_digit = true;
    if (kept == 0 && c == '0') continue; /* leading zero */
    if (kept < KEEP) {
      text[2 + kept++] = (char)c;
    } else if (c != '0') {
      dropped_nonzero = true;
    }
    if (point < INT32_MAX) point++;
  }
  if (i < n && unit(s, i) == '.') {
    uint32_t j = i + 1;
    bool fraction_digit = false;
    while (j < n && unit(s, j) >= '0' && unit(s, j) <= '9') {
      uint16_t c = unit(s, j++);
      fraction_digit = true;
      if (kept == 0 && c == '0') {
        if (point > INT32_MIN) point--;
        continue;
      }
      if (kept < KEEP) {
        text[2 + kept++] = (char)c;
      } else if (c != '0') {
        dropped_nonzero = true;
      }
    }
    if (any_digit || fraction_digit) {
      any_digit = true;
      i = j;
    }
  }
  if (!any_digit) return false;
  if (i < n && (unit(s, i) == 'e' || unit(s, i) == 'E')) {
    uint32_t j = i + 1;
    bool exponent_negative = false;
    if (j < n && (unit(s, j) == '+' || unit(s, j) == '-')) {
      exponent_negative = unit(s, j) == '-';
      j++;
    }
    if (j < n && unit(s, j) >= '0' && unit(s, j) <= '9') {
      int64_t exponent = 0;
      while (j < n && unit(s, j) >= '0' && unit(s, j) <= '9') {
        if (exponent < 100000000) exponent = exponent * 10 + (unit(s, j) - '0');
        j++;
      }
      point += exponent_negative ? -exponent : exponent;
      i = j;
    }
  }
  *at = i;
  if (kept == 0) {
    *value = negative ? -0.0 : 0.0;
    return true;
  }
  if (dropped_nonzero) text[2 + kept++] = '1';
  if (point > 100000) point = 100000;
  if (point < -100000) point = -100000;
  text[0] = '0';
  text[1] = '.';
  snprintf(text + 2 + kept, 24, "e%d", (int)point);
  double v = strtod(text, NULL);
  *value = negative ? -v : v;
  return true;
}

/* V8's InternalStringToIntDouble for radix 2^log2 (exact, ties to even) over s[i, end) digits. */
static double parse_power_of_two(tse_str s, uint32_t i, uint32_t* end_out, int log2) {
  int radix = 1 << log2;
  uint32_t n = s->length;
  while (i < n && unit(s, i) == '0') i++;
  uint64_t number = 0;
  int exponent = 0;
  for (; i < n; i++) {
    int d = digit_value(unit(s, i));
    if (d >= radix) break;
    number = number * (uint64_t)radix + (uint64_t)d;
    int overflow = (int)(number >> 53);
    if (overflow != 0) {
      int overflow_bits = 1;
      while (overflow > 1) {
        overflow_bits++;
        overflow >>= 1;
      }
      int dropped = (int)(number & ((1u << overflow_bits) - 1));
      number >>= overflow_bits;
      exponent = overflow_bits;
      bool zero_tail = true;
      for (i++; i < n && digit_value(unit(s, i)) < radix; i++) {
        zero_tail = zero_tail && unit(s, i) == '0';
        exponent += log2;
      }
      int middle = 1 << (overflow_bits - 1);
      if (dropped > middle || (dropped == middle && ((number & 1) != 0 || !zero_tail))) number++;
      if (number & (1ull << 53)) {
        exponent++;
        number >>= 1;
      }
      break;
    }
  }
  *end_out = i;
  return exponent == 0 ? (double)number : ldexp((double)number, exponent);
}

static uint32_t skip_whitespace(tse_str s, uint32_t i) {
  while (i < s->length && is_js_whitespace(unit(s, i))) i++;
  return i;
}

double tse_parse_float(tse_str s) {
  uint32_t i = skip_whitespace(s, 0);
  double value;
  if (!parse_decimal(s, &i, &value)) return NAN;
  return value;
}

/*
 * Digits from `i` up to the first non-digit, when there are at most 15 of them: their value is
 * below 2^53, so exact, without strtod. *end: after the digits. False: none, or more than 15.
 */
static bool short_digit_run(tse_str s, uint32_t i, uint32_t* end, double* value) {
  uint64_t v = 0;
  uint32_t k = i;
  for (; k < s->length && k - i <= 15; k++) {
    uint16_t c = unit(s, k);
    if (c < '0' || c > '9') break;
    v = v * 10 + (uint64_t)(c - '0');
  }
  if (k == i || k - i > 15) return false;
  *end = k;
  *value = (double)v;
  return true;
}

double tse_string_to_number(tse_str s) {
  uint32_t i = skip_whitespace(s, 0), n = s->length;
  if (i == n) return 0;
  uint32_t end;
  double digits;
  /* The common case, a plain decimal integer ("8080", "2"). */
  if (short_digit_run(s, i, &end, &digits) && skip_whitespace(s, end) == n) return digits;
  double value;
  if (unit(s, i) == '0' && i + 1 < n) {
    uint16_t p = unit(s, i + 1);
    int log2 = p == 'x' || p == 'X' ? 4 : p == 'o' || p == 'O' ? 3 : p == 'b' || p == 'B' ? 1 : 0;
    if (log2) {
      uint32_t start = i + 2, end;
      if (start == n || digit_value(unit(s, start)) >= (1 << log2)) return NAN;
      value = parse_power_of_two(s, start, &end, log2);
      return skip_whitespace(s, end) == n ? value : NAN;
    }
  }
  if (!parse_decimal(s, &i, &value)) return NAN;
  return skip_whitespace(s, i) == n ? value : NAN;
}

static __attribute__((noinline)) double parse_int_general(tse_str s, double radix_arg);

double tse_parse_int(tse_str s, double radix_arg) {
  uint32_t n = s->length;
  /* The common case, a short run of decimal digits alone (`parseInt(m[1], 10)`): exact below 16
     digits, and without the general parser's stack frame. */
  if (!s->wide && n - 1 < 15 && (radix_arg == 10 || radix_arg == 0)) {
    uint64_t v = 0;
    uint32_t k = 0;
    for (; k < n && (unsigned)(s->data[k] - '0') <= 9; k++) v = v * 10 + (uint64_t)(s->data[k] - '0');
    if (k == n) return (double)v;
  }
  return parse_int_general(s, radix_arg);
}

static double parse_int_general(tse_str s, double radix_arg) {
  uint32_t n = s->length;
  uint32_t i = skip_whitespace(s, 0);
  if (i == n) return NAN;
  bool negative = false;
  if (unit(s, i) == '+' || unit(s, i) == '-') {
    negative = unit(s, i) == '-';
    i++;
    if (i == n) return NAN;
  }
  int32_t radix = tse_to_int32(radix_arg);
  bool leading_zero = false;
  if (radix == 0) {
    radix = 10;
    if (unit(s, i) == '0') {
      i++;
      if (i == n) return negative ? -0.0 : 0.0;
      if (unit(s, i) == 'x' || unit(s, i) == 'X') {
        radix = 16;
        i++;
        if (i == n) return NAN;
      } else {
        leading_zero = true;
      }
    }
  } else if (radix == 16) {
    if (unit(s, i) == '0') {
      i++;
      if (i == n) return negative ? -0.0 : 0.0;
      if (unit(s, i) == 'x' || unit(s, i) == 'X') {
        i++;
        if (i == n) return NAN;
      } else {
        leading_zero = true;
      }
    }
  }
  if (radix < 2 || radix > 36) return NAN;
  while (unit(s, i) == '0') {
    leading_zero = true;
    i++;
    if (i == n) return negative ? -0.0 : 0.0;
  }
  if (digit_value(unit(s, i)) >= radix) return leading_zero ? (negative ? -0.0 : 0.0) : NAN;

  double result;
  uint32_t digits_end;
  if (radix == 10 && short_digit_run(s, i, &digits_end, &result)) {
    /* exact: at most 15 digits */
  } else if (radix == 10) {
    /* at most 310 significant digits matter: more is >= 1e309, Infinity either way */
    char text[320];
    int kept = 0;
    for (; i < n && unit(s, i) >= '0' && unit(s, i) <= '9'; i++) {
      if (kept < 310) text[kept++] = (char)unit(s, i);
    }
    text[kept] = 0;
    result = strtod(text, NULL);
  } else if ((radix & (radix - 1)) == 0) {
    int log2 = 0;
    while ((1 << log2) < radix) log2++;
    uint32_t end;
    result = parse_power_of_two(s, i, &end, log2);
  } else {
    /* V8's generic loop: 32-bit chunks accumulated in a double (rounding allowed by the spec) */
    const uint32_t max_multiplier = 0xFFFFFFFFu / 36;
    result = 0;
    bool done = false;
    do {
      uint32_t part = 0, multiplier = 1;
      for (;;) {
        int d = digit_value(unit(s, i));
        if (d >= radix) {
          done = true;
          break;
        }
        uint32_t m = multiplier * (uint32_t)radix;
        if (m > max_multiplier) break;
        part = part * (uint32_t)radix + (uint32_t)d;
        multiplier = m;
        i++;
        if (i == n) {
          done = true;
          break;
        }
      }
      double scaled = result * (double)multiplier;
      result = scaled + (double)part;
    } while (!done);
  }
  return negative ? -result : result;
}
