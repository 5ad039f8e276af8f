/*
 * tse_jslib.h: the JavaScript built-ins on strings and numbers (String.prototype, Number,
 * parseInt/parseFloat, Math) with exactly the results Node 20 (V8 11.3) gives.
 *
 * Arguments are raw JS values: positions and counts are plain doubles on which each function
 * performs ToIntegerOrInfinity / ToUint32 / ToLength as the specification says, `has_x == false`
 * stands for an absent or undefined argument, and a NULL tse_str stands for undefined where noted.
 * Errors are thrown with tse_throw_js_error using V8's message text.
 *
 * This header may be included from tse.h (before or after its own declarations): it only needs the
 * struct tags below, which it (re)declares itself.
 */
#ifndef TSE_JSLIB_H
#define TSE_JSLIB_H

#include <stdbool.h>
#include <stdint.h>

#include "tse.h"

typedef struct tse_ctx tse_ctx;
typedef struct tse_string tse_string;
typedef const tse_string* tse_str;
typedef struct tse_array tse_array;
typedef struct tse_value tse_value;

/* ------------------------------------------------------------------ String.prototype */

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
/* Units [start, end) of s (clamped to its length), narrow when they are all ASCII. */
tse_str tse_str_substr_units(tse_ctx* ctx, tse_str s, uint32_t start, uint32_t end);
/* A string of `length` UTF-16 units, narrow when they are all ASCII. */
tse_str tse_str_from_units(tse_ctx* ctx, const uint16_t* units, uint32_t length);

/* V8's String::kMaxLength on 64-bit targets: longer results throw RangeError "Invalid string length". */
#define TSE_JS_MAX_STRING_LENGTH 536870888u

/* ------------------------------------------------------------------ Number and global functions */

double tse_parse_float(tse_str s);
double tse_parse_int(tse_str s, double radix); /* absent radix: NAN (ToInt32 makes it 0) */
double tse_string_to_number(tse_str s);        /* Number(s) */
/*
 * Number::toString(x) (radix 10) with V8's digits: the shortest that round-trip, the closest of
 * those. (number.c's tse_number_to_string misses the shortest form at some powers of two, e.g.
 * 2^-1017; this one is exact and is what the functions below use.)
 */
tse_str tse_js_number_to_string(tse_ctx* ctx, double x);
tse_str tse_number_to_fixed(tse_ctx* ctx, double x, double digits);         /* absent digits: 0 */
tse_str tse_number_to_precision(tse_ctx* ctx, double x, double precision, bool has_precision);
tse_str tse_number_to_exponential(tse_ctx* ctx, double x, double digits, bool has_digits);
tse_str tse_number_to_string_radix(tse_ctx* ctx, double x, double radix); /* absent radix: 10 */
bool tse_number_is_integer(double x);
bool tse_number_is_safe_integer(double x);
/* ToInt32 / ToUint32 (defined in number.c, declared here too for completeness). */
int32_t tse_to_int32(double x);
uint32_t tse_to_uint32(double x);

/* ------------------------------------------------------------------ Math */

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

/* ------------------------------------------------------------------ internal: unicode_case.c */

/* The code points cp maps to (1 to 3, written to out) under toLowerCase / toUpperCase, without context. */
uint32_t tse_unicode_to_lower(uint32_t cp, uint32_t out[3]);
uint32_t tse_unicode_to_upper(uint32_t cp, uint32_t out[3]);
/* How the Final_Sigma rule sees a code point. */
enum { TSE_CASE_OTHER = 0, TSE_CASE_CASED = 1, TSE_CASE_IGNORABLE = 2 };
int tse_unicode_case_class(uint32_t cp);

#endif /* TSE_JSLIB_H */
