/* Numbers: the ECMAScript operations C does not give for free. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tse.h"

const tse_type tse_type_number = {TSE_KIND_NUMBER, "number", sizeof(double), NULL, 0, NULL, NULL};
const tse_type tse_type_boolean = {TSE_KIND_BOOLEAN, "boolean", sizeof(bool), NULL, 0, NULL, NULL};

/*
 * Shortest decimal digits that round-trip to `value` (value > 0, finite): writes the digits to
 * `digits` (no dot) and returns their count; *exponent_out is n in value = 0.d1d2... x 10^n.
 * %.*e rounds correctly, so the first precision that round-trips gives the closest shortest digits.
 */
static int shortest_digits(double value, char digits[32], int* exponent_out) {
  char buffer[40];
  for (int precision = 1; precision <= 17; precision++) {
    snprintf(buffer, sizeof buffer, "%.*e", precision - 1, value);
    if (precision == 17 || strtod(buffer, NULL) == value) break;
  }
  /* buffer is d[.ddd]e[+-]xx */
  int count = 0;
  char* p = buffer;
  for (; *p != 'e'; p++) {
    if (*p != '.') digits[count++] = *p;
  }
  int exponent = atoi(p + 1);
  while (count > 1 && digits[count - 1] == '0') count--;
  digits[count] = 0;
  *exponent_out = exponent + 1;
  return count;
}

tse_str tse_number_to_string(tse_ctx* ctx, double value) {
  if (isnan(value)) return tse_str_from_ascii(ctx, "NaN", 3);
  if (value == 0) return tse_str_from_ascii(ctx, "0", 1);
  if (isinf(value)) return value > 0 ? tse_str_from_ascii(ctx, "Infinity", 8) : tse_str_from_ascii(ctx, "-Infinity", 9);
  char out[64];
  int length = 0;
  if (value < 0) {
    out[length++] = '-';
    value = -value;
  }
  char digits[32];
  int n;
  int k = shortest_digits(value, digits, &n);
  if (k <= n && n <= 21) {
    memcpy(out + length, digits, (size_t)k);
    length += k;
    for (int i = 0; i < n - k; i++) out[length++] = '0';
  } else if (0 < n && n <= 21) {
    memcpy(out + length, digits, (size_t)n);
    length += n;
    out[length++] = '.';
    memcpy(out + length, digits + n, (size_t)(k - n));
    length += k - n;
  } else if (-6 < n && n <= 0) {
    out[length++] = '0';
    out[length++] = '.';
    for (int i = 0; i < -n; i++) out[length++] = '0';
    memcpy(out + length, digits, (size_t)k);
    length += k;
  } else {
    out[length++] = digits[0];
    if (k > 1) {
      out[length++] = '.';
      memcpy(out + length, digits + 1, (size_t)(k - 1));
      length += k - 1;
    }
    length += snprintf(out + length, sizeof out - (size_t)length, "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
  }
  return tse_str_from_ascii(ctx, out, (size_t)length);
}

double tse_number_mod(double a, double b) { return fmod(a, b); }

double tse_number_pow(double base, double exponent) {
  /* C's pow says pow(1, NaN) = 1 and pow(-1, +-Inf) = 1; ECMAScript says NaN for both. */
  if (isnan(exponent)) return NAN;
  if (isinf(exponent) && fabs(base) == 1) return NAN;
  return pow(base, exponent);
}

/* ToInt32 / ToUint32: the value modulo 2^32 after truncation; NaN and infinities give 0. */
uint32_t tse_to_uint32(double value) {
  if (!isfinite(value)) return 0;
  double truncated = trunc(value);
  double modulo = fmod(truncated, 4294967296.0);
  if (modulo < 0) modulo += 4294967296.0;
  return (uint32_t)modulo;
}

int32_t tse_to_int32(double value) { return (int32_t)tse_to_uint32(value); }
