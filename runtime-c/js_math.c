/*
 * Math: the functions whose JS result C's libm does not give.
 *
 * V8 (Node 20) computes the transcendental functions with its port of fdlibm (Sun's freely
 * distributable math library, with FreeBSD's log2 and cbrt), not with the system libm; glibc's
 * results differ in the last bit for a few percent of inputs. The functions below implement the
 * same published algorithms (same argument reductions, polynomial coefficients and order of
 * operations), so that every result is bit-identical to Node's. The differential test in
 * test/runtime/jslib.test.ts checks them against Node on a large set of inputs.
 *
 * Word access: hi(x) is the upper 32 bits of the IEEE-754 encoding (sign, exponent, top of the
 * mantissa), lo(x) the lower 32 bits.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "tse_internal.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF /* the algorithms rely on separately rounded multiply and add */
#endif

static inline uint64_t bits_of(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}
static inline double from_bits(uint64_t u) {
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}
static inline int32_t hi(double x) { return (int32_t)(uint32_t)(bits_of(x) >> 32); }
static inline uint32_t lo(double x) { return (uint32_t)bits_of(x); }
static inline double make(uint32_t high, uint32_t low) { return from_bits(((uint64_t)high << 32) | low); }
static inline double with_hi(double x, uint32_t high) { return make(high, lo(x)); }
static inline double with_lo(double x, uint32_t low) { return make((uint32_t)hi(x), low); }
/* 2^k as the high word 0x3FF00000 + k << 20 (k in the normal exponent range). */
static inline uint32_t exp_word(int32_t k) { return 0x3FF00000u + ((uint32_t)k << 20); }

/* ------------------------------------------------------------------ simple ones */

double tse_math_round(double x) {
  if (!isfinite(x) || x == 0) return x;
  double r = ceil(x); /* keeps -0 for x in (-0.5, 0) */
  if (r - 0.5 > x) r -= 1.0;
  return r;
}

double tse_math_sign(double x) {
  if (isnan(x) || x == 0) return x;
  return x > 0 ? 1.0 : -1.0;
}

double tse_math_max(const double* values, uint32_t count) {
  double result = -INFINITY;
  bool nan = false;
  for (uint32_t i = 0; i < count; i++) {
    double v = values[i];
    if (isnan(v)) {
      nan = true;
    } else if (v > result || (v == 0 && result == 0 && !signbit(v))) {
      result = v;
    }
  }
  return nan ? NAN : result;
}

double tse_math_min(const double* values, uint32_t count) {
  double result = INFINITY;
  bool nan = false;
  for (uint32_t i = 0; i < count; i++) {
    double v = values[i];
    if (isnan(v)) {
      nan = true;
    } else if (v < result || (v == 0 && result == 0 && signbit(v))) {
      result = v;
    }
  }
  return nan ? NAN : result;
}

/* V8's MathHypot builtin: scale by the largest magnitude, then a Kahan-compensated sum of squares. */
double tse_math_hypot(const double* values, uint32_t count) {
  double max = 0;
  bool nan = false;
  for (uint32_t i = 0; i < count; i++) {
    if (isnan(values[i])) {
      nan = true;
    } else if (fabs(values[i]) > max) {
      max = fabs(values[i]);
    }
  }
  if (max == INFINITY) return INFINITY;
  if (nan) return NAN;
  if (max == 0) return 0;
  double sum = 0, compensation = 0;
  for (uint32_t i = 0; i < count; i++) {
    double n = fabs(values[i]) / max;
    double summand = n * n - compensation;
    double preliminary = sum + summand;
    compensation = (preliminary - sum) - summand;
    sum = preliminary;
  }
  return sqrt(sum) * max;
}

double tse_math_fround(double x) { return (double)(float)x; }

double tse_math_clz32(double x) {
  uint32_t u = tse_to_uint32(x);
  return u == 0 ? 32.0 : (double)__builtin_clz(u);
}

double tse_math_imul(double a, double b) {
  uint32_t product = (uint32_t)tse_to_int32(a) * (uint32_t)tse_to_int32(b);
  return (double)(int32_t)product;
}

/* ------------------------------------------------------------------ trigonometric kernels */

/* Bits of 2/pi, 24 per entry. */
static const int32_t two_over_pi[] = {
    0xA2F983, 0x6E4E44, 0x1529FC, 0x2757D1, 0xF534DD, 0xC0DB62, 0x95993C, 0x439041, 0xFE5163, 0xABDEBB, 0xC561B7,
    0x246E3A, 0x424DD2, 0xE00649, 0x2EEA09, 0xD1921C, 0xFE1DEB, 0x1CB129, 0xA73EE8, 0x8235F5, 0x2EBB44, 0x84E99C,
    0x7026B4, 0x5F7E41, 0x3991D6, 0x398353, 0x39F49C, 0x845F8B, 0xBDF928, 0x3B1FF8, 0x97FFDE, 0x05980F, 0xEF2F11,
    0x8B5A0A, 0x6D1F6D, 0x367ECF, 0x27CB09, 0xB74F46, 0x3F669E, 0x5FEA2D, 0x7527BA, 0xC7EBE5, 0xF17B3D, 0x0739F7,
    0x8A5292, 0xEA6BFB, 0x5FB11F, 0x8D5D08, 0x560330, 0x46FC7B, 0x6BABF0, 0xCFBC20, 0x9AF436, 0x1DA9E3, 0x91615E,
    0xE61B08, 0x659985, 0x5F14A0, 0x68408D, 0xFFD880, 0x4D7327, 0x310606, 0x1556CA, 0x73A8C9, 0x60E27B, 0xC08C6B,
};

/* pi/2 cut in 24-bit pieces. */
static const double pio2_pieces[] = {
    1.57079625129699707031e+00, 7.54978941586159635335e-08, 5.39030252995776476554e-15, 3.28200341580791294123e-22,
    1.27065575308067607349e-29, 1.22933308981111328932e-36, 2.73370053816464559624e-44, 2.16741683877804819444e-51,
};

/*
 * Payne-Hanek reduction of a large x (given as nx 24-bit pieces scaled by 2^e0) modulo pi/2, with
 * the 64-bit-precision setting (five initial terms of 2/pi), as fdlibm's e_rem_pio2 uses it.
 * Writes the remainder as y[0] + y[1] and returns the quotient's last three bits.
 */
static int reduce_large(const double* x, double* y, int e0, int nx) {
  const double two24 = 16777216.0, twon24 = 5.96046447753906250000e-08;
  const int jk = 4; /* terms of 2/pi beyond the first */
  int32_t iq[20];
  double f[20] = {0}, fq[20] = {0}, q[20] = {0};
  int jx = nx - 1;
  int jv = (e0 - 3) / 24;
  if (jv < 0) jv = 0;
  int q0 = e0 - 24 * (jv + 1);

  for (int i = 0, j = jv - jx; i <= jx + jk; i++, j++) f[i] = j < 0 ? 0.0 : (double)two_over_pi[j];
  for (int i = 0; i <= jk; i++) {
    double fw = 0.0;
    for (int j = 0; j <= jx; j++) fw += x[j] * f[jx + i - j];
    q[i] = fw;
  }

  int jz = jk;
  int n, ih;
  double z;
  for (;;) {
    /* distill q[] into iq[] in reverse */
    int i = 0;
    z = q[jz];
    for (int j = jz; j > 0; i++, j--) {
      double fw = (double)(int32_t)(twon24 * z);
      iq[i] = (int32_t)(z - two24 * fw);
      z = q[j - 1] + fw;
    }
    z = scalbn(z, q0);
    z -= 8.0 * floor(z * 0.125);
    n = (int32_t)z;
    z -= (double)n;
    ih = 0;
    if (q0 > 0) {
      int32_t top = iq[jz - 1] >> (24 - q0);
      n += top;
      iq[jz - 1] -= top << (24 - q0);
      ih = iq[jz - 1] >> (23 - q0);
    } else if (q0 == 0) {
      ih = iq[jz - 1] >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }
    if (ih > 0) { /* q > 0.5: use 1 - q */
      n += 1;
      int carry = 0;
      for (int k = 0; k < jz; k++) {
        int32_t j = iq[k];
        if (carry == 0) {
          if (j != 0) {
            carry = 1;
            iq[k] = 0x1000000 - j;
          }
        } else {
          iq[k] = 0xFFFFFF - j;
        }
      }
      if (q0 == 1) iq[jz - 1] &= 0x7FFFFF;
      if (q0 == 2) iq[jz - 1] &= 0x3FFFFF;
      if (ih == 2) {
        z = 1.0 - z;
        if (carry != 0) z -= scalbn(1.0, q0);
      }
    }
    if (z != 0.0) break;
    int32_t any = 0;
    for (int k = jz - 1; k >= jk; k--) any |= iq[k];
    if (any != 0) break;
    /* cancellation: bring in more terms of 2/pi and recompute */
    int k = 1;
    while (jk >= k && iq[jk - k] == 0) k++;
    for (int m = jz + 1; m <= jz + k; m++) {
      f[jx + m] = (double)two_over_pi[jv + m];
      double fw = 0.0;
      for (int j = 0; j <= jx; j++) fw += x[j] * f[jx + m - j];
      q[m] = fw;
    }
    jz += k;
  }

  if (z == 0.0) { /* chop off zero terms */
    jz -= 1;
    q0 -= 24;
    while (iq[jz] == 0) {
      jz--;
      q0 -= 24;
    }
  } else { /* break z into 24-bit pieces if necessary */
    z = scalbn(z, -q0);
    if (z >= two24) {
      double fw = (double)(int32_t)(twon24 * z);
      iq[jz] = (int32_t)(z - two24 * fw);
      jz += 1;
      q0 += 24;
      iq[jz] = (int32_t)fw;
    } else {
      iq[jz] = (int32_t)z;
    }
  }

  double fw = scalbn(1.0, q0);
  for (int i = jz; i >= 0; i--) {
    q[i] = fw * iq[i];
    fw *= twon24;
  }
  for (int i = jz; i >= 0; i--) {
    fw = 0.0;
    for (int k = 0; k <= jk && k <= jz - i; k++) fw += pio2_pieces[k] * q[i + k];
    fq[jz - i] = fw;
  }
  fw = 0.0;
  for (int i = jz; i >= 0; i--) fw += fq[i];
  y[0] = ih == 0 ? fw : -fw;
  fw = fq[0] - fw;
  for (int i = 1; i <= jz; i++) fw += fq[i];
  y[1] = ih == 0 ? fw : -fw;
  return n & 7;
}

/* x - n*pi/2 as y[0] + y[1] with |y| <= pi/4 (about); returns n. */
static int32_t rem_pio2(double x, double* y) {
  static const int32_t npio2_hw[] = {
      0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C, 0x4025FDBB, 0x402921FB,
      0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C, 0x40346B9C, 0x4035FDBB, 0x40378FDB, 0x403921FB,
      0x403AB41B, 0x403C463A, 0x403DD85A, 0x403F6A7A, 0x40407E4C, 0x4041475C, 0x4042106C, 0x4042D97C,
      0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB, 0x40478FDB, 0x404858EB, 0x404921FB,
  };
  const double invpio2 = 6.36619772367581382433e-01, pio2_1 = 1.57079632673412561417e+00,
               pio2_1t = 6.07710050650619224932e-11, pio2_2 = 6.07710050630396597660e-11,
               pio2_2t = 2.02226624879595063154e-21, pio2_3 = 2.02226624871116645580e-21,
               pio2_3t = 8.47842766036889956997e-32;
  int32_t hx = hi(x);
  int32_t ix = hx & 0x7FFFFFFF;
  if (ix <= 0x3FE921FB) {
    y[0] = x;
    y[1] = 0;
    return 0;
  }
  if (ix < 0x4002D97C) { /* |x| < 3pi/4: n = +-1 */
    double z;
    if (hx > 0) {
      z = x - pio2_1;
      if (ix != 0x3FF921FB) {
        y[0] = z - pio2_1t;
        y[1] = (z - y[0]) - pio2_1t;
      } else {
        z -= pio2_2;
        y[0] = z - pio2_2t;
        y[1] = (z - y[0]) - pio2_2t;
      }
      return 1;
    }
    z = x + pio2_1;
    if (ix != 0x3FF921FB) {
      y[0] = z + pio2_1t;
      y[1] = (z - y[0]) + pio2_1t;
    } else {
      z += pio2_2;
      y[0] = z + pio2_2t;
      y[1] = (z - y[0]) + pio2_2t;
    }
    return -1;
  }
  if (ix <= 0x413921FB) { /* |x| <= 2^19 pi/2: Cody-Waite with up to three pieces of pi/2 */
    double t = fabs(x);
    int32_t n = (int32_t)(t * invpio2 + 0.5);
    double fn = (double)n;
    double r = t - fn * pio2_1;
    double w = fn * pio2_1t;
    if (n < 32 && ix != npio2_hw[n - 1]) {
      y[0] = r - w;
    } else {
      int32_t j = ix >> 20;
      y[0] = r - w;
      int32_t i = j - ((hi(y[0]) >> 20) & 0x7FF);
      if (i > 16) {
        t = r;
        w = fn * pio2_2;
        r = t - w;
        w = fn * pio2_2t - ((t - r) - w);
        y[0] = r - w;
        i = j - ((hi(y[0]) >> 20) & 0x7FF);
        if (i > 49) {
          t = r;
          w = fn * pio2_3;
          r = t - w;
          w = fn * pio2_3t - ((t - r) - w);
          y[0] = r - w;
        }
      }
    }
    y[1] = (r - y[0]) - w;
    if (hx < 0) {
      y[0] = -y[0];
      y[1] = -y[1];
      return -n;
    }
    return n;
  }
  if (ix >= 0x7FF00000) {
    y[0] = y[1] = x - x;
    return 0;
  }
  /* large: split |x| scaled to [2^23, 2^24) into three 24-bit pieces */
  int32_t e0 = (ix >> 20) - 1046;
  double z = make((uint32_t)(ix - e0 * (1 << 20)), lo(x));
  double tx[3];
  for (int i = 0; i < 2; i++) {
    tx[i] = (double)(int32_t)z;
    z = (z - tx[i]) * 16777216.0;
  }
  tx[2] = z;
  int nx = 3;
  while (nx > 1 && tx[nx - 1] == 0.0) nx--;
  int32_t n = reduce_large(tx, y, e0, nx);
  if (hx < 0) {
    y[0] = -y[0];
    y[1] = -y[1];
    return -n;
  }
  return n;
}

/* cos(x + y) for |x| <= pi/4, y the tail of x. */
static double kernel_cos(double x, double y) {
  const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
               C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  int32_t ix = hi(x) & 0x7FFFFFFF;
  if (ix < 0x3E400000) return 1.0; /* |x| < 2^-27 */
  double z = x * x;
  double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3FD33333) return 1.0 - (0.5 * z - (z * r - x * y));
  double qx = ix > 0x3FE90000 ? 0.28125 : make((uint32_t)(ix - 0x00200000), 0);
  double iz = 0.5 * z - qx;
  double a = 1.0 - qx;
  return a - (iz - (z * r - x * y));
}

/* sin(x + y) for |x| <= pi/4; has_tail 0 means y is 0. */
static double kernel_sin(double x, double y, int has_tail) {
  const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
               S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  int32_t ix = hi(x) & 0x7FFFFFFF;
  if (ix < 0x3E400000) return x;
  double z = x * x;
  double v = z * x;
  double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (has_tail == 0) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/* tan(x + y) (kind 1) or -1/tan(x + y) (kind -1) for |x| <= pi/4. */
static double kernel_tan(double x, double y, int kind) {
  static const double T[] = {
      3.33333333333334091986e-01, 1.33333333333201242699e-01, 5.39682539762260521377e-02, 2.18694882948595424599e-02,
      8.86323982359930005737e-03, 3.59207910759131235356e-03, 1.45620945432529025516e-03, 5.88041240820264096874e-04,
      2.46463134818469906812e-04, 7.81794442939557092300e-05, 7.14072491382608190305e-05, -1.85586374855275456654e-05,
      2.59073051863633712884e-05,
  };
  const double pio4 = 7.85398163397448278999e-01, pio4lo = 3.06161699786838301793e-17;
  int32_t hx = hi(x);
  int32_t ix = hx & 0x7FFFFFFF;
  double z, r, v, w, s;
  if (ix < 0x3E300000) { /* |x| < 2^-28 */
    if (((ix | (int32_t)lo(x)) | (kind + 1)) == 0) return 1.0 / fabs(x);
    if (kind == 1) return x;
    /* -1/(x + y), carefully */
    z = w = x + y;
    z = with_lo(z, 0);
    v = y - (z - x);
    double a = -1.0 / w;
    double t = with_lo(a, 0);
    s = 1.0 + t * z;
    return t + a * (s + t * v);
  }
  if (ix >= 0x3FE59428) { /* |x| >= 0.6744: use tan(pi/4 - x) */
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    z = pio4 - x;
    w = pio4lo - y;
    x = z + w;
    y = 0.0;
  }
  z = x * x;
  w = z * z;
  r = T[1] + w * (T[3] + w * (T[5] + w * (T[7] + w * (T[9] + w * T[11]))));
  v = z * (T[2] + w * (T[4] + w * (T[6] + w * (T[8] + w * (T[10] + w * T[12])))));
  s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T[0] * s;
  w = x + r;
  if (ix >= 0x3FE59428) {
    v = (double)kind;
    return (double)(1 - ((hx >> 30) & 2)) * (v - 2.0 * (x - (w * w / (w + v) - r)));
  }
  if (kind == 1) return w;
  z = with_lo(w, 0);
  v = r - (z - x);
  double a = -1.0 / w;
  double t = with_lo(a, 0);
  s = 1.0 + t * z;
  return t + a * (s + t * v);
}

double tse_math_sin(double x) {
  int32_t ix = hi(x) & 0x7FFFFFFF;
  if (ix <= 0x3FE921FB) return kernel_sin(x, 0.0, 0);
  if (ix >= 0x7FF00000) return x - x;
  double y[2];
  int32_t n = rem_pio2(x, y);
  switch (n & 3) {
    case 0: return kernel_sin(y[0], y[1], 1);
    case 1: return kernel_cos(y[0], y[1]);
    case 2: return -kernel_sin(y[0], y[1], 1);
    default: return -kernel_cos(y[0], y[1]);
  }
}

double tse_math_cos(double x) {
  int32_t ix = hi(x) & 0x7FFFFFFF;
  if (ix <= 0x3FE921FB) return kernel_cos(x, 0.0);
  if (ix >= 0x7FF00000) return x - x;
  double y[2];
  int32_t n = rem_pio2(x, y);
  switch (n & 3) {
    case 0: return kernel_cos(y[0], y[1]);
    case 1: return -kernel_sin(y[0], y[1], 1);
    case 2: return -kernel_cos(y[0], y[1]);
    default: return kernel_sin(y[0], y[1], 1);
  }
}

double tse_math_tan(double x) {
  int32_t ix = hi(x) & 0x7FFFFFFF;
  if (ix <= 0x3FE921FB) return kernel_tan(x, 0.0, 1);
  if (ix >= 0x7FF00000) return x - x;
  double y[2];
  int32_t n = rem_pio2(x, y);
  return kernel_tan(y[0], y[1], 1 - ((n & 1) << 1));
}

/* ------------------------------------------------------------------ inverse trigonometric */

/* R(z) = (asin(x) - x) / x^3 with z = x^2, as p/q. */
static double asin_ratio(double z) {
  const double pS0 = 1.66666666666666657415e-01, pS1 = -3.25565818622400915405e-01, pS2 = 2.01212532134862925881e-01,
               pS3 = -4.00555345006794114027e-02, pS4 = 7.91534994289814532176e-04, pS5 = 3.47933107596021167570e-05,
               qS1 = -2.40339491173441421878e+00, qS2 = 2.02094576023350569471e+00, qS3 = -6.88283971605453293030e-01,
               qS4 = 7.70381505559019352791e-02;
  double p = z * (pS0 + z * (pS1 + z * (pS2 + z * (pS3 + z * (pS4 + z * pS5)))));
  double q = 1.0 + z * (qS1 + z * (qS2 + z * (qS3 + z * qS4)));
  return p / q;
}

static const double pio2_hi = 1.57079632679489655800e+00, pio2_lo = 6.12323399573676603587e-17;

double tse_math_asin(double x) {
  const double pio4_hi = 7.85398163397448278999e-01;
  int32_t hx = hi(x);
  int32_t ix = hx & 0x7FFFFFFF;
  double t, w;
  if (ix >= 0x3FF00000) {
    if (((ix - 0x3FF00000) | (int32_t)lo(x)) == 0) return x * pio2_hi + x * pio2_lo;
    return NAN;
  }
  if (ix < 0x3FE00000) { /* |x| < 0.5 */
    if (ix < 0x3E400000) return x;
    t = x * x;
    return x + x * asin_ratio(t);
  }
  w = 1.0 - fabs(x);
  t = w * 0.5;
  double r = asin_ratio(t);
  double s = sqrt(t);
  if (ix >= 0x3FEF3333) { /* |x| > 0.975 */
    t = pio2_hi - (2.0 * (s + s * r) - pio2_lo);
  } else {
    w = with_lo(s, 0);
    double c = (t - w * w) / (s + w);
    double p = 2.0 * s * r - (pio2_lo - 2.0 * c);
    double q = pio4_hi - 2.0 * w;
    t = pio4_hi - (p - q);
  }
  return hx > 0 ? t : -t;
}

double tse_math_acos(double x) {
  const double pi = 3.14159265358979311600e+00;
  int32_t hx = hi(x);
  int32_t ix = hx & 0x7FFFFFFF;
  if (ix >= 0x3FF00000) {
    if (((ix - 0x3FF00000) | (int32_t)lo(x)) == 0) return hx > 0 ? 0.0 : pi + 2.0 * pio2_lo;
    return NAN;
  }
  if (ix < 0x3FE00000) { /* |x| < 0.5 */
    if (ix <= 0x3C600000) return pio2_hi + pio2_lo;
    double z = x * x;
    double r = asin_ratio(z);
    return pio2_hi - (x - (pio2_lo - x * r));
  }
  if (hx < 0) { /* x < -0.5 */
    double z = (1.0 + x) * 0.5;
    double r = asin_ratio(z);
    double s = sqrt(z);
    double w = r * s - pio2_lo;
    return pi - 2.0 * (s + w);
  }
  double z = (1.0 - x) * 0.5;
  double s = sqrt(z);
  double df = with_lo(s, 0);
  double c = (z - df * df) / (s + df);
  double r = asin_ratio(z);
  double w = r * s + c;
  return 2.0 * (df + w);
}

double tse_math_atan(double x) {
  static const double atanhi[] = {4.63647609000806093515e-01, 7.85398163397448278999e-01, 9.82793723247329054082e-01,
                                  1.57079632679489655800e+00};
  static const double atanlo[] = {2.26987774529616870924e-17, 3.06161699786838301793e-17, 1.39033110312309984516e-17,
                                  6.12323399573676603587e-17};
  static const double aT[] = {
      3.33333333333329318027e-01,  -1.99999999998764832476e-01, 1.42857142725034663711e-01,  -1.11111104054623557880e-01,
      9.09088713343650656196e-02,  -7.69187620504482999495e-02, 6.66107313738753120669e-02,  -5.83357013379057348645e-02,
      4.97687799461593236017e-02,  -3.65315727442169155270e-02, 1.62858201153657823623e-02,
  };
  int32_t hx = hi(x);
  int32_t ix = hx & 0x7FFFFFFF;
  int id;
  if (ix >= 0x44100000) { /* |x| >= 2^66 */
    if (isnan(x)) return x + x;
    return hx > 0 ? atanhi[3] + atanlo[3] : -atanhi[3] - atanlo[3];
  }
  if (ix < 0x3FDC0000) { /* |x| < 0.4375 */
    if (ix < 0x3E400000) return x;
    id = -1;
  } else {
    x = fabs(x);
    if (ix < 0x3FF30000) {
      if (ix < 0x3FE60000) {
        id = 0;
        x = (2.0 * x - 1.0) / (2.0 + x);
      } else {
        id = 1;
        x = (x - 1.0) / (x + 1.0);
      }
    } else if (ix < 0x40038000) {
      id = 2;
      x = (x - 1.5) / (1.0 + 1.5 * x);
    } else {
      id = 3;
      x = -1.0 / x;
    }
  }
  double z = x * x;
  double w = z * z;
  double s1 = z * (aT[0] + w * (aT[2] + w * (aT[4] + w * (aT[6] + w * (aT[8] + w * aT[10])))));
  double s2 = w * (aT[1] + w * (aT[3] + w * (aT[5] + w * (aT[7] + w * aT[9]))));
  if (id < 0) return x - x * (s1 + s2);
  z = atanhi[id] - ((x * (s1 + s2) - atanlo[id]) - x);
  return hx < 0 ? -z : z;
}

double tse_math_atan2(double y, double x) {
  const double pi_o_4 = 7.8539816339744827900E-01, pi_o_2 = 1.5707963267948965580E+00,
               pi = 3.1415926535897931160E+00, pi_lo = 1.2246467991473531772E-16;
  if (isnan(x) || isnan(y)) return x + y;
  int32_t hx = hi(x), hy = hi(y);
  uint32_t lx = lo(x), ly = lo(y);
  int32_t ix = hx & 0x7FFFFFFF, iy = hy & 0x7FFFFFFF;
  if (x == 1.0) return tse_math_atan(y);
  int m = (hy < 0 ? 1 : 0) | (hx < 0 ? 2 : 0); /* 2*sign(x) + sign(y) */
  if ((iy | (int32_t)ly) == 0) { /* y = +-0 */
    switch (m) {
      case 0:
      case 1: return y;
      case 2: return pi;
      default: return -pi;
    }
  }
  if ((ix | (int32_t)lx) == 0) return hy < 0 ? -pi_o_2 : pi_o_2;
  if (ix == 0x7FF00000) {
    if (iy == 0x7FF00000) {
      switch (m) {
        case 0: return pi_o_4;
        case 1: return -pi_o_4;
        case 2: return 3.0 * pi_o_4;
        default: return -3.0 * pi_o_4;
      }
    }
    switch (m) {
      case 0: return 0.0;
      case 1: return -0.0;
      case 2: return pi;
      default: return -pi;
    }
  }
  if (iy == 0x7FF00000) return hy < 0 ? -pi_o_2 : pi_o_2;
  int32_t k = (iy - ix) >> 20;
  double z;
  if (k > 60) {
    z = pi_o_2 + 0.5 * pi_lo;
    m &= 1;
  } else if (hx < 0 && k < -60) {
    z = 0.0;
  } else {
    z = tse_math_atan(fabs(y / x));
  }
  switch (m) {
    case 0: return z;
    case 1: return -z;
    case 2: return pi - (z - pi_lo);
    default: return (z - pi_lo) - pi;
  }
}

/* ------------------------------------------------------------------ exponential and logarithm */

static const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10,
                    invln2 = 1.44269504088896338700e+00, two54 = 1.80143985094819840000e+16;

double tse_math_exp(double x) {
  const double o_threshold = 7.09782712893383973096e+02, u_threshold = -7.45133219101941108420e+02,
               P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
               P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08, E = 2.718281828459045,
               twom1000 = 9.33263618503218878990e-302, two1023 = 8.988465674311579539e307;
  uint32_t hx = (uint32_t)hi(x);
  int xsb = (int)(hx >> 31);
  hx &= 0x7FFFFFFF;
  double hi_part = 0.0, lo_part = 0.0;
  int32_t k = 0;
  if (hx >= 0x40862E42) { /* |x| >= 709.78 */
    if (hx >= 0x7FF00000) {
      if (isnan(x)) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > o_threshold) return INFINITY;
    if (x < u_threshold) return 0.0;
  }
  if (hx > 0x3FD62E42) { /* |x| > 0.5 ln2 */
    if (hx < 0x3FF0A2B2) { /* |x| < 1.5 ln2 */
      if (x == 1.0) return E;
      hi_part = x - (xsb ? -ln2_hi : ln2_hi);
      lo_part = xsb ? -ln2_lo : ln2_lo;
      k = 1 - xsb - xsb;
    } else {
      k = (int32_t)(invln2 * x + (xsb ? -0.5 : 0.5));
      double t = k;
      hi_part = x - t * ln2_hi;
      lo_part = t * ln2_lo;
    }
    x = hi_part - lo_part;
  } else if (hx < 0x3E300000) { /* |x| < 2^-28 */
    return 1.0 + x;
  }
  double t = x * x;
  double twopk = k >= -1021 ? make(exp_word(k), 0) : make(exp_word(k + 1000), 0);
  double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  double y = 1.0 - ((lo_part - (x * c) / (2.0 - c)) - hi_part);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * two1023;
    return y * twopk;
  }
  return y * twopk * twom1000;
}

double tse_math_expm1(double x) {
  const double o_threshold = 7.09782712893383973096e+02, Q1 = -3.33333333333331316428e-02,
               Q2 = 1.58730158725481460165e-03, Q3 = -7.93650757867487942473e-05, Q4 = 4.00821782732936239552e-06,
               Q5 = -2.01099218183624371326e-07;
  uint32_t hx = (uint32_t)hi(x);
  uint32_t xsb = hx & 0x80000000u;
  hx &= 0x7FFFFFFF;
  int32_t k;
  double c = 0.0;
  if (hx >= 0x4043687A) { /* |x| >= 56 ln2 */
    if (hx >= 0x40862E42) {
      if (hx >= 0x7FF00000) {
        if (isnan(x)) return x + x;
        return xsb == 0 ? x : -1.0;
      }
      if (x > o_threshold) return INFINITY;
    }
    if (xsb != 0) return -1.0; /* x < -56 ln2 */
  }
  if (hx > 0x3FD62E42) { /* |x| > 0.5 ln2 */
    double hi_part, lo_part;
    if (hx < 0x3FF0A2B2) {
      if (xsb == 0) {
        hi_part = x - ln2_hi;
        lo_part = ln2_lo;
        k = 1;
      } else {
        hi_part = x + ln2_hi;
        lo_part = -ln2_lo;
        k = -1;
      }
    } else {
      k = (int32_t)(invln2 * x + (xsb == 0 ? 0.5 : -0.5));
      double t = k;
      hi_part = x - t * ln2_hi;
      lo_part = t * ln2_lo;
    }
    x = hi_part - lo_part;
    c = (hi_part - x) - lo_part;
  } else if (hx < 0x3C900000) { /* |x| < 2^-54 */
    return x;
  } else {
    k = 0;
  }
  double hfx = 0.5 * x;
  double hxs = x * hfx;
  double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  double t = 3.0 - r1 * hfx;
  double e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);
  double twopk = make(exp_word(k), 0);
  e = (x * (e - c) - c);
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1.0 + 2.0 * (x - e);
  }
  double y;
  if (k <= -2 || k > 56) {
    y = 1.0 - (e - x);
    if (k == 1024) {
      y = y * 2.0 * 8.98846567431158e+307;
    } else {
      y = y * twopk;
    }
    return y - 1.0;
  }
  if (k < 20) {
    t = make(0x3FF00000u - (0x200000u >> k), 0); /* 1 - 2^-k */
    y = t - (e - x);
    y = y * twopk;
  } else {
    t = make((uint32_t)(0x3FF - k) << 20, 0); /* 2^-k */
    y = x - (e + t);
    y += 1.0;
    y = y * twopk;
  }
  return y;
}

static const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
                    Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                    Lg7 = 1.479819860511658591e-01;

double tse_math_log(double x) {
  int32_t hx = hi(x);
  uint32_t lx = lo(x);
  int32_t k = 0;
  if (hx < 0x00100000) { /* x < 2^-1022 */
    if (((hx & 0x7FFFFFFF) | (int32_t)lx) == 0) return -INFINITY;
    if (hx < 0) return NAN;
    k -= 54;
    x *= two54;
    hx = hi(x);
  }
  if (hx >= 0x7FF00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000FFFFF;
  int32_t i = (hx + 0x95F64) & 0x100000;
  x = with_hi(x, (uint32_t)(hx | (i ^ 0x3FF00000))); /* normalize x or x/2 */
  k += i >> 20;
  double f = x - 1.0;
  double dk;
  if ((0x000FFFFF & (2 + hx)) < 3) { /* -2^-20 <= f < 2^-20 */
    if (f == 0.0) {
      if (k == 0) return 0.0;
      dk = (double)k;
      return dk * ln2_hi + dk * ln2_lo;
    }
    double R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    dk = (double)k;
    return dk * ln2_hi - ((R - dk * ln2_lo) - f);
  }
  double s = f / (2.0 + f);
  dk = (double)k;
  double z = s * s;
  i = hx - 0x6147A;
  double w = z * z;
  int32_t j = 0x6B851 - hx;
  double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  double R = t2 + t1;
  if (i > 0) {
    double hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

double tse_math_log1p(double x) {
  int32_t hx = hi(x);
  int32_t ax = hx & 0x7FFFFFFF;
  int32_t k = 1, hu = 0;
  double f = 0.0, c = 0.0;
  if (hx < 0x3FDA827A) {    /* 1 + x < sqrt(2)+ */
    if (ax >= 0x3FF00000) { /* x <= -1 */
      if (x == -1.0) return -INFINITY;
      return NAN;
    }
    if (ax < 0x3E200000) { /* |x| < 2^-29 */
      if (ax < 0x3C900000) return x;
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (int32_t)0xBFD2BEC4) {
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7FF00000) return x + x;
  if (k != 0) {
    double u;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = hi(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);
      c /= u;
    } else {
      u = x;
      hu = hi(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000FFFFF;
    if (hu < 0x6A09E) {
      u = with_hi(u, (uint32_t)(hu | 0x3FF00000));
    } else {
      k += 1;
      u = with_hi(u, (uint32_t)(hu | 0x3FE00000));
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  double hfsq = 0.5 * f * f;
  if (hu == 0) { /* |f| < 2^-20 */
    if (f == 0.0) {
      if (k == 0) return 0.0;
      c += k * ln2_lo;
      return k * ln2_hi + c;
    }
    double R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - R;
    return k * ln2_hi - ((R - (k * ln2_lo + c)) - f);
  }
  double s = f / (2.0 + f);
  double z = s * s;
  double R = z * (Lg1 + z * (Lg2 + z * (Lg3 + z * (Lg4 + z * (Lg5 + z * (Lg6 + z * Lg7))))));
  if (k == 0) return f - (hfsq - s * (hfsq + R));
  return k * ln2_hi - ((hfsq - (s * (hfsq + R) + (k * ln2_lo + c))) - f);
}

/* log(1 + f) - f + f*f/2 for 1 + f in [sqrt(2)/2, sqrt(2)] (FreeBSD's k_log1p). */
static double log1p_kernel(double f) {
  double s = f / (2.0 + f);
  double z = s * s;
  double w = z * z;
  double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  double R = t2 + t1;
  double hfsq = 0.5 * f * f;
  return s * (hfsq + R);
}

double tse_math_log2(double x) {
  const double ivln2hi = 1.44269504072144627571e+00, ivln2lo = 1.67517131648865118353e-10;
  int32_t hx = hi(x);
  uint32_t lx = lo(x);
  int32_t k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7FFFFFFF) | (int32_t)lx) == 0) return -INFINITY;
    if (hx < 0) return NAN;
    k -= 54;
    x *= two54;
    hx = hi(x);
  }
  if (hx >= 0x7FF00000) return x + x;
  if (hx == 0x3FF00000 && lx == 0) return 0.0;
  k += (hx >> 20) - 1023;
  hx &= 0x000FFFFF;
  int32_t i = (hx + 0x95F64) & 0x100000;
  x = with_hi(x, (uint32_t)(hx | (i ^ 0x3FF00000)));
  k += i >> 20;
  double y = (double)k;
  double f = x - 1.0;
  double hfsq = 0.5 * f * f;
  double r = log1p_kernel(f);
  double hi_part = with_lo(f - hfsq, 0);
  double lo_part = (f - hi_part) - hfsq + r;
  double val_hi = hi_part * ivln2hi;
  double val_lo = (lo_part + hi_part) * ivln2lo + lo_part * ivln2hi;
  double w = y + val_hi;
  val_lo += (y - w) + val_hi;
  val_hi = w;
  return val_lo + val_hi;
}

double tse_math_log10(double x) {
  const double ivln10 = 4.34294481903251816668e-01, log10_2hi = 3.01029995663611771306e-01,
               log10_2lo = 3.69423907715893078616e-13;
  int32_t hx = hi(x);
  uint32_t lx = lo(x);
  int32_t k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7FFFFFFF) | (int32_t)lx) == 0) return -INFINITY;
    if (hx < 0) return NAN;
    k -= 54;
    x *= two54;
    hx = hi(x);
    lx = lo(x);
  }
  if (hx >= 0x7FF00000) return x + x;
  if (hx == 0x3FF00000 && lx == 0) return 0.0;
  k += (hx >> 20) - 1023;
  int32_t i = k < 0 ? 1 : 0;
  hx = (hx & 0x000FFFFF) | ((0x3FF - i) << 20);
  double y = (double)(k + i);
  x = make((uint32_t)hx, lx);
  double z = y * log10_2lo + ivln10 * tse_math_log(x);
  return z + y * log10_2hi;
}

/* ------------------------------------------------------------------ hyperbolic */

double tse_math_sinh(double x) {
  const double overflow = 710.4758600739439, two_m28 = 3.725290298461914e-9, log_maxd = 709.7822265625;
  double h = x < 0 ? -0.5 : 0.5;
  double ax = fabs(x);
  if (ax < 22) {
    if (ax < two_m28) return x;
    double t = tse_math_expm1(ax);
    if (ax < 1) return h * (2 * t - t * t / (t + 1));
    return h * (t + t / (t + 1));
  }
  if (ax < log_maxd) return h * tse_math_exp(ax);
  if (ax <= overflow) {
    double w = tse_math_exp(0.5 * ax);
    double t = h * w;
    return t * w;
  }
  return x * 1.0e307; /* +-Infinity, or NaN */
}

double tse_math_cosh(double x) {
  const double overflow = 710.4758600739439;
  int32_t ix = hi(x) & 0x7FFFFFFF;
  if (ix < 0x3FD62E43) { /* |x| < 0.5 ln2 */
    double t = tse_math_expm1(fabs(x));
    double w = 1.0 + t;
    if (ix < 0x3C800000) return w;
    return 1.0 + (t * t) / (w + w);
  }
  if (ix < 0x40360000) { /* |x| < 22 */
    double t = tse_math_exp(fabs(x));
    return 0.5 * t + 0.5 / t;
  }
  if (ix < 0x40862E42) return 0.5 * tse_math_exp(fabs(x));
  if (fabs(x) <= overflow) {
    double w = tse_math_exp(0.5 * fabs(x));
    double t = 0.5 * w;
    return t * w;
  }
  if (ix >= 0x7FF00000) return x * x;
  return INFINITY;
}

double tse_math_tanh(double x) {
  int32_t jx = hi(x);
  int32_t ix = jx & 0x7FFFFFFF;
  double z;
  if (ix >= 0x7FF00000) {
    if (jx >= 0) return 1.0 / x + 1.0;
    return 1.0 / x - 1.0;
  }
  if (ix < 0x40360000) { /* |x| < 22 */
    if (ix < 0x3E300000) return x;
    if (ix >= 0x3FF00000) {
      double t = tse_math_expm1(2.0 * fabs(x));
      z = 1.0 - 2.0 / (t + 2.0);
    } else {
      double t = tse_math_expm1(-2.0 * fabs(x));
      z = -t / (t + 2.0);
    }
  } else {
    z = 1.0;
  }
  return jx >= 0 ? z : -z;
}

static const double ln2 = 6.93147180559945286227e-01;

double tse_math_asinh(double x) {
  int32_t hx = hi(x);
  int32_t ix = hx & 0x7FFFFFFF;
  if (ix >= 0x7FF00000) return x + x;
  if (ix < 0x3E300000) return x; /* |x| < 2^-28 */
  double w;
  if (ix > 0x41B00000) { /* |x| > 2^28 */
    w = tse_math_log(fabs(x)) + ln2;
  } else if (ix > 0x40000000) { /* 2 < |x| <= 2^28 */
    double t = fabs(x);
    w = tse_math_log(2.0 * t + 1.0 / (sqrt(x * x + 1.0) + t));
  } else {
    double t = x * x;
    w = tse_math_log1p(fabs(x) + t / (1.0 + sqrt(1.0 + t)));
  }
  return hx > 0 ? w : -w;
}

double tse_math_acosh(double x) {
  int32_t hx = hi(x);
  uint32_t lx = lo(x);
  if (hx < 0x3FF00000) return isnan(x) ? x + x : NAN; /* x < 1 */
  if (hx >= 0x41B00000) {                             /* x > 2^28 */
    if (hx >= 0x7FF00000) return x + x;
    return tse_math_log(x) + ln2;
  }
  if (((hx - 0x3FF00000) | (int32_t)lx) == 0) return 0.0;
  if (hx > 0x40000000) { /* 2 < x < 2^28 */
    double t = x * x;
    return tse_math_log(2.0 * x - 1.0 / (x + sqrt(t - 1.0)));
  }
  double t = x - 1.0;
  return tse_math_log1p(t + sqrt(2.0 * t + t * t));
}

double tse_math_atanh(double x) {
  int32_t hx = hi(x);
  int32_t ix = hx & 0x7FFFFFFF;
  if (isnan(x)) return x + x;
  if (fabs(x) > 1.0) return NAN;
  if (ix == 0x3FF00000) return x > 0 ? INFINITY : -INFINITY;
  if (ix < 0x3E300000) return x; /* |x| < 2^-28 */
  x = with_hi(x, (uint32_t)ix);  /* |x| */
  double t;
  if (ix < 0x3FE00000) {
    t = x + x;
    t = 0.5 * tse_math_log1p(t + t * x / (1.0 - x));
  } else {
    t = 0.5 * tse_math_log1p((x + x) / (1.0 - x));
  }
  return hx >= 0 ? t : -t;
}

double tse_math_cbrt(double x) {
  const uint32_t B1 = 715094163, B2 = 696219795;
  const double P0 = 1.87595182427177009643, P1 = -1.88497979543377169875, P2 = 1.621429720105354466140,
               P3 = -0.758397934778766047437, P4 = 0.145996192886612446982;
  uint32_t hx = (uint32_t)hi(x);
  uint32_t low = lo(x);
  uint32_t sign = hx & 0x80000000u;
  hx ^= sign;
  if (hx >= 0x7FF00000) return x + x;
  double t;
  if (hx < 0x00100000) { /* zero or subnormal */
    if ((hx | low) == 0) return x;
    t = make(0x43500000, 0) * x; /* x * 2^54 */
    uint32_t high = (uint32_t)hi(t);
    t = make(sign | ((high & 0x7FFFFFFF) / 3 + B2), 0);
  } else {
    t = make(sign | (hx / 3 + B1), 0);
  }
  double r = (t * t) * (t / x);
  t = t * ((P0 + r * (P1 + r * P2)) + ((r * r) * r) * (P3 + r * P4));
  t = from_bits((bits_of(t) + 0x80000000u) & 0xFFFFFFFFC0000000ull);
  double s = t * t;
  r = x / s;
  double w = t + t;
  r = (r - t) / (w + r);
  return t + t * r;
}

/* ------------------------------------------------------------------ pow (fdlibm e_pow.c) */

double tse_math_pow(double x, double y) {
  static const double bp[] = {1.0, 1.5}, dp_h[] = {0.0, 5.84962487220764160156e-01},
                      dp_l[] = {0.0, 1.35003920212974897128e-08};
  const double two53 = 9007199254740992.0, L1 = 5.99999999999994648725e-01, L2 = 4.28571428578550184252e-01,
               L3 = 3.33333329818377432918e-01, L4 = 2.72728123808534006489e-01, L5 = 2.30660745775561754067e-01,
               L6 = 2.06975017800338417784e-01, P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
               P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08,
               lg2_h = 6.93147182464599609375e-01, lg2_l = -1.90465429995776804525e-09,
               ovt = 8.0085662595372944372e-17, cp = 9.61796693925975554329e-01, cp_h = 9.61796700954437255859e-01,
               cp_l = -7.02846165095275826516e-09, ivln2_h = 1.44269502162933349609e+00,
               ivln2_l = 1.92596299112661746887e-08;
  const double huge = 1.0e300, tiny = 1.0e-300;
  int32_t hx = hi(x), hy = hi(y);
  uint32_t lx = lo(x), ly = lo(y);
  int32_t ix = hx & 0x7FFFFFFF, iy = hy & 0x7FFFFFFF;
  double z, ax, z_h, z_l, p_h, p_l, y1, t1, t2, r, s, t, u, v, w;
  int32_t i, j, k, n;

  if ((iy | (int32_t)ly) == 0) return 1.0; /* x ** 0 */
  if (isnan(x) || isnan(y)) return x + y;

  /* yisint: 0 not an integer, 1 odd integer, 2 even integer (only computed for x < 0) */
  int yisint = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) {
      yisint = 2;
    } else if (iy >= 0x3FF00000) {
      k = (iy >> 20) - 0x3FF;
      if (k > 20) {
        uint32_t jj = ly >> (52 - k);
        if ((jj << (52 - k)) == ly) yisint = 2 - (int)(jj & 1);
      } else if (ly == 0) {
        j = iy >> (20 - k);
        if ((j << (20 - k)) == iy) yisint = 2 - (j & 1);
      }
    }
  }

  if (ly == 0) {
    if (iy == 0x7FF00000) { /* y is +-Infinity */
      if (((ix - 0x3FF00000) | (int32_t)lx) == 0) return y - y; /* (+-1) ** +-Infinity: NaN */
      if (ix >= 0x3FF00000) return hy >= 0 ? y : 0.0;
      return hy < 0 ? -y : 0.0;
    }
    if (iy == 0x3FF00000) return hy < 0 ? 1.0 / x : x;
    if (hy == 0x40000000) return x * x;
    if (hy == 0x3FE00000 && hx >= 0) return sqrt(x);
  }

  ax = fabs(x);
  if (lx == 0 && (ix == 0x7FF00000 || ix == 0 || ix == 0x3FF00000)) { /* x is +-0, +-Infinity, +-1 */
    z = ax;
    if (hy < 0) z = 1.0 / z;
    if (hx < 0) {
      if (((ix - 0x3FF00000) | yisint) == 0) {
        z = NAN;
      } else if (yisint == 1) {
        z = -z;
      }
    }
    return z;
  }

  n = (hx < 0) ? 0 : 1;
  if ((n | yisint) == 0) return NAN; /* negative ** non-integer */
  s = 1.0;
  if ((n | (yisint - 1)) == 0) s = -1.0; /* negative ** odd integer */

  if (iy > 0x41E00000) {   /* |y| > 2^31 */
    if (iy > 0x43F00000) { /* |y| > 2^64 */
      if (ix <= 0x3FEFFFFF) return hy < 0 ? huge * huge : tiny * tiny;
      if (ix >= 0x3FF00000) return hy > 0 ? huge * huge : tiny * tiny;
    }
    if (ix < 0x3FEFFFFF) return hy < 0 ? s * huge * huge : s * tiny * tiny;
    if (ix > 0x3FF00000) return hy > 0 ? s * huge * huge : s * tiny * tiny;
    t = ax - 1.0;
    w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    u = ivln2_h * t;
    v = t * ivln2_l - w * (1.44269504088896338700e+00);
    t1 = with_lo(u + v, 0);
    t2 = v - (t1 - u);
  } else {
    double ss, s2, s_h, s_l, t_h, t_l;
    n = 0;
    if (ix < 0x00100000) {
      ax *= two53;
      n -= 53;
      ix = hi(ax);
    }
    n += (ix >> 20) - 0x3FF;
    j = ix & 0x000FFFFF;
    ix = j | 0x3FF00000;
    if (j <= 0x3988E) {
      k = 0;
    } else if (j < 0xBB67A) {
      k = 1;
    } else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    ax = with_hi(ax, (uint32_t)ix);
    u = ax - bp[k];
    v = 1.0 / (ax + bp[k]);
    ss = u * v;
    s_h = with_lo(ss, 0);
    t_h = make((uint32_t)(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18)), 0);
    t_l = ax - (t_h - bp[k]);
    s_l = v * ((u - s_h * t_h) - s_h * t_l);
    s2 = ss * ss;
    r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += s_l * (s_h + ss);
    s2 = s_h * s_h;
    t_h = with_lo(3.0 + s2 + r, 0);
    t_l = r - ((t_h - 3.0) - s2);
    u = s_h * t_h;
    v = s_l * t_h + t_l * ss;
    p_h = with_lo(u + v, 0);
    p_l = v - (p_h - u);
    z_h = cp_h * p_h;
    z_l = cp_l * p_h + p_l * cp + dp_l[k];
    t = (double)n;
    t1 = with_lo(((z_h + z_l) + dp_h[k]) + t, 0);
    t2 = z_l - (((t1 - t) - dp_h[k]) - z_h);
  }

  y1 = with_lo(y, 0);
  p_l = (y - y1) * t1 + y * t2;
  p_h = y1 * t1;
  z = p_l + p_h;
  j = hi(z);
  i = (int32_t)lo(z);
  if (j >= 0x40900000) { /* z >= 1024 */
    if (((j - 0x40900000) | i) != 0) return s * huge * huge;
    if (p_l + ovt > z - p_h) return s * huge * huge;
  } else if ((j & 0x7FFFFFFF) >= 0x4090CC00) { /* z <= -1075 */
    if ((int32_t)(((uint32_t)j - 0xC090CC00u) | (uint32_t)i) != 0) return s * tiny * tiny;
    if (p_l <= z - p_h) return s * tiny * tiny;
  }
  i = j & 0x7FFFFFFF;
  k = (i >> 20) - 0x3FF;
  n = 0;
  if (i > 0x3FE00000) { /* |z| > 0.5: n = [z + 0.5] */
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7FFFFFFF) >> 20) - 0x3FF;
    t = make((uint32_t)(n & ~(0x000FFFFF >> k)), 0);
    n = ((n & 0x000FFFFF) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    p_h -= t;
  }
  t = with_lo(p_l + p_h, 0);
  u = t * lg2_h;
  v = (p_l - (t - p_h)) * ln2 + t * lg2_l;
  z = u + v;
  w = v - (z - u);
  t = z * z;
  t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  r = (z * t1) / ((t1 - 2.0) - (w + z * w));
  z = 1.0 - (r - z);
  j = hi(z);
  j += (int32_t)((uint32_t)n << 20);
  if ((j >> 20) <= 0) {
    z = scalbn(z, n); /* subnormal result */
  } else {
    z = with_hi(z, (uint32_t)hi(z) + ((uint32_t)n << 20));
  }
  return s * z;
}
