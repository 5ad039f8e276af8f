/* Numbers: the ECMAScript operations C does not give for free. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tse_internal.h"

TSE_NAMED_TYPE(tse_type_number, "number", .kind = TSE_KIND_NUMBER, .size = sizeof(double));
TSE_NAMED_TYPE(tse_type_boolean, "boolean", .kind = TSE_KIND_BOOLEAN, .size = sizeof(bool));

/* Number::toString(10): the exact shortest-digits algorithm lives in js_number.c. */
tse_str tse_number_to_string(tse_ctx* ctx, double value) { return tse_js_number_to_string(ctx, value); }

double tse_number_mod(double a, double b) { return fmod(a, b); }

/* V8's pow (an fdlibm port), with ECMAScript's NaN for 1 ** NaN and (+-1) ** +-Infinity. */
double tse_number_pow(double base, double exponent) { return tse_math_pow(base, exponent); }

/* ToInt32 / ToUint32: the value modulo 2^32 after truncation; NaN and infinities give 0. */
uint32_t tse_to_uint32(double value) {
  /* Integers of int64's range (radixes, indices, bit operands): the low 32 bits, no libm call. */
  if (value > -9007199254740992.0 && value < 9007199254740992.0) {
    int64_t integer = (int64_t)value;
    if ((double)integer == value) return (uint32_t)(uint64_t)integer;
  }
  if (!isfinite(value)) return 0;
  double truncated = trunc(value);
  double modulo = fmod(truncated, 4294967296.0);
  if (modulo < 0) modulo += 4294967296.0;
  return (uint32_t)modulo;
}

int32_t tse_to_int32(double value) { return (int32_t)tse_to_uint32(value); }
