/*
 * Hand-written C counterpart of examples/route_rules.ts, for the benchmarks: same filter name,
 * config keys and behaviour. The two regular expressions are matched by hand-written code, as a C
 * author would for patterns this simple (no regex library): /^\/api\/v(\d+)(?:\/|$)/ and
 * /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i, with JavaScript's \s (Unicode spaces, matched
 * on their UTF-8 bytes) and JavaScript's Number() and String() for the version numbers. Rule
 * details that do not depend on the path are formatted once, with the config; a deny status is
 * checked there too (a bad one rejects the config; the TypeScript filter fails the request instead).
 */
#define _POSIX_C_SOURCE 200809L /* strndup */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bench_module.h"

typedef enum rule_kind { RULE_PREFIX, RULE_API, RULE_HEADER } rule_kind;

typedef struct rule {
  bench_bytes name, value;
  rule_kind kind;
  double minimum;      /* RULE_API: Number(value) */
  bench_bytes detail;  /* RULE_PREFIX, RULE_HEADER: "prefix <value>", "header <value>" */
  uint32_t deny;       /* 0: route, else the local reply's status */
  bench_bytes deny_body;
} rule;

typedef struct route_rules_config {
  rule* rules;
  size_t count;
  bench_bytes default_route;
} route_rules_config;

static bench_bytes format(const char* a, const bench_bytes* b, const char* c) {
  bench_bytes out;
  out.length = strlen(a) + b->length + strlen(c);
  out.ptr = malloc(out.length + 1);
  snprintf(out.ptr, out.length + 1, "%s%s%s", a, b->ptr, c);
  return out;
}

/* JavaScript's Number(text) for the strings a config holds: NaN where JavaScript gives NaN. */
static double js_number(const char* text) {
  while (*text == ' ' || (*text >= '\t' && *text <= '\r')) text++;
  size_t length = strlen(text);
  while (length && (text[length - 1] == ' ' || (text[length - 1] >= '\t' && text[length - 1] <= '\r'))) length--;
  if (length == 0) return 0;
  char* copy = strndup(text, length);
  double result = NAN;
  int base = copy[0] == '0' && length > 2 ? (strchr("xX", copy[1]) ? 16 : strchr("oO", copy[1]) ? 8 : strchr("bB", copy[1]) ? 2 : 0) : 0;
  const char* s = copy;
  if (base) {
    result = 0;
    for (s = copy + 2; *s; s++) {
      int digit = *s >= '0' && *s <= '9' ? *s - '0' : (*s | 32) >= 'a' && (*s | 32) <= 'f' ? (*s | 32) - 'a' + 10 : 99;
      if (digit >= base) {
        result = NAN;
        break;
      }
      result = result * base + digit;
    }
  } else {
    if (*s == '+' || *s == '-') s++;
    if (strcmp(s, "Infinity") == 0) {
      result = copy[0] == '-' ? -INFINITY : INFINITY;
    } else {
      /* StrDecimalLiteral: digits [. digits] | . digits, then an optional exponent. */
      size_t integer = strspn(s, "0123456789"), fraction = 0;
      const char* p = s + integer;
      if (*p == '.') fraction = strspn(++p, "0123456789"), p += fraction;
      bool ok = integer + fraction > 0;
      if (ok && (*p == 'e' || *p == 'E')) {
        p++;
        if (*p == '+' || *p == '-') p++;
        size_t exponent = strspn(p, "0123456789");
        ok = exponent > 0;
        p += exponent;
      }
      if (ok && *p == 0) result = strtod(copy, NULL);
    }
  }
  free(copy);
  return result;
}

/* JavaScript's String(v) for a non-negative integer v: shortest round-trip digits. */
static size_t js_integer_string(double v, char* out, size_t capacity) {
  if (v < 9007199254740992.0) { /* below 2^53 every digit is exact */
    char digits[24];
    char* start = digits + sizeof digits;
    uint64_t n = (uint64_t)v;
    do *--start = (char)('0' + n % 10); while (n /= 10);
    size_t length = (size_t)(digits + sizeof digits - start);
    if (length >= capacity) length = capacity - 1;
    memcpy(out, start, length);
    out[length] = 0;
    return length;
  }
  char scientific[32];
  for (int precision = 0; precision < 17; precision++) {
    snprintf(scientific, sizeof scientific, "%.*e", precision, v);
    if (strtod(scientific, NULL) == v) break;
  }
  char digits[24];
  size_t count = 0;
  const char* p = scientific;
  for (; *p != 'e'; p++)
    if (*p != '.') digits[count++] = *p;
  int point = atoi(p + 1) + 1; /* digits before the decimal point */
  if (point <= 21) {
    size_t n = 0;
    for (int i = 0; i < point && n + 1 < capacity; i++) out[n++] = (size_t)i < count ? digits[i] : '0';
    out[n] = 0;
    return n;
  }
  return (size_t)snprintf(out, capacity, "%c%s%.*se+%d", digits[0], count > 1 ? "." : "", (int)count - 1, digits + 1, point - 1);
}

static bool read_rule(const bench_json* json, int object, rule* out) {
  bench_bytes kind = {0};
  if (!bench_json_string(json, bench_json_member(json, object, "name"), &out->name) ||
      !bench_json_string(json, bench_json_member(json, object, "value"), &out->value) ||
      !bench_json_string(json, bench_json_member(json, object, "kind"), &kind)) {
    free(kind.ptr);
    return false;
  }
  bool ok = true;
  if (strcmp(kind.ptr, "prefix") == 0) {
    out->kind = RULE_PREFIX;
    out->detail = format("prefix ", &out->value, "");
  } else if (strcmp(kind.ptr, "api") == 0) {
    out->kind = RULE_API;
    out->minimum = js_number(out->value.ptr);
  } else if (strcmp(kind.ptr, "header") == 0) {
    out->kind = RULE_HEADER;
    out->detail = format("header ", &out->value, "");
  } else {
    ok = false;
  }
  free(kind.ptr);
  int deny = bench_json_member(json, object, "deny");
  if (ok && deny >= 0) {
    double status;
    ok = bench_json_number(json, deny, &status) && status >= 200 && status <= 599 && status == (uint32_t)status &&
         status != 204 && status != 304 && bench_is_header_value(&out->name);
    out->deny = ok ? (uint32_t)status : 0;
    out->deny_body = format("denied by rule ", &out->name, "\n");
  }
  return ok && bench_is_header_value(&out->name);
}

static void free_config(route_rules_config* config) {
  for (size_t i = 0; i < config->count; i++) {
    rule* r = &config->rules[i];
    free(r->name.ptr), free(r->value.ptr), free(r->detail.ptr), free(r->deny_body.ptr);
  }
  free(config->rules);
  free(config->default_route.ptr);
  free(config);
}

BENCH_EXPORT envoy_dynamic_module_type_http_filter_config_module_ptr envoy_dynamic_module_on_http_filter_config_new(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr envoy_config, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config) {
  (void)envoy_config;
  if (!bench_name_is(name, "route_rules")) return NULL;
  bench_json json;
  if (!bench_json_parse(config, &json)) return NULL;
  route_rules_config* parsed = calloc(1, sizeof *parsed);
  int rules = bench_json_member(&json, 0, "rules");
  bool ok = bench_json_is_array(&json, rules) &&
            bench_json_string(&json, bench_json_member(&json, 0, "default_route"), &parsed->default_route) &&
            bench_is_header_value(&parsed->default_route);
  if (ok) {
    parsed->count = (size_t)bench_json_size(&json, rules);
    parsed->rules = calloc(parsed->count + 1, sizeof(rule));
    int item = rules + 1;
    for (size_t i = 0; ok && i < parsed->count; i++, item = bench_json_next(&json, item)) ok = read_rule(&json, item, &parsed->rules[i]);
  }
  bench_json_free(&json);
  if (!ok) {
    bench_log(envoy_dynamic_module_type_log_level_Error, "route_rules.c", "route_rules: invalid filter_config");
    free_config(parsed);
    return NULL;
  }
  return parsed;
}

BENCH_EXPORT void envoy_dynamic_module_on_http_filter_config_destroy(
    envoy_dynamic_module_type_http_filter_config_module_ptr config) {
  free_config((route_rules_config*)config);
}

static bool request_header(envoy_dynamic_module_type_http_filter_envoy_ptr envoy, envoy_dynamic_module_type_module_buffer name,
                           envoy_dynamic_module_type_envoy_buffer* value) {
  size_t count = 0;
  return envoy_dynamic_module_callback_http_get_header(envoy, envoy_dynamic_module_type_http_header_type_RequestHeader, name,
                                                       value, 0, &count) &&
         count > 0 && value->ptr != NULL;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The N of an /api/v<N>/ path (or /api/v<N> ending the path); -1 for other paths. */
static double api_version(const char* path, size_t length) {
  static const char prefix[] = "/api/v";
  size_t start = sizeof prefix - 1, end = start;
  if (length <= start || memcmp(path, prefix, start) != 0) return -1;
  while (end < length && is_digit(path[end])) end++;
  if (end == start || (end < length && path[end] != '/')) return -1;
  if (end - start < 16) { /* exact in a double */
    double n = 0;
    for (size_t i = start; i < end; i++) n = n * 10 + (path[i] - '0');
    return n;
  }
  char* digits = strndup(path + start, end - start);
  double n = strtod(digits, NULL);
  free(digits);
  return n;
}

/* Bytes of one JavaScript \s character (WhiteSpace or LineTerminator) at p, in UTF-8; 0 if none. */
static size_t js_space(const unsigned char* p, const unsigned char* end) {
  size_t left = (size_t)(end - p);
  if (left >= 1 && (*p == ' ' || (*p >= '\t' && *p <= '\r'))) return 1;
  if (left >= 2 && p[0] == 0xC2 && p[1] == 0xA0) return 2;
  if (left < 3) return 0;
  if (p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80) return 3;                       /* U+1680 */
  if (p[0] == 0xE2 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF)) return 3;
  if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F) return 3;                       /* U+205F */
  if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return 3;                       /* U+3000 */
  if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) return 3;                       /* U+FEFF */
  return 0;
}

static bool is_token_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit((char)c) || c == '_' || c == '-';
}

/* The subject (first part) of a "Bearer <subject>.<signature>" value, any case of "Bearer". */
static bool bearer_subject(const char* value, size_t length, envoy_dynamic_module_type_module_buffer* subject) {
  const unsigned char* p = (const unsigned char*)value;
  const unsigned char* end = p + length;
  if (length < 6 || strncasecmp(value, "bearer", 6) != 0) return false;
  p += 6;
  size_t space = js_space(p, end);
  if (space == 0) return false;
  while (space) p += space, space = js_space(p, end);
  const unsigned char* start = p;
  while (p < end && is_token_char(*p)) p++;
  if (p == start || p == end || *p != '.') return false;
  *subject = bench_buffer((const char*)start, (size_t)(p - start));
  const unsigned char* signature = ++p;
  while (p < end && is_token_char(*p)) p++;
  return p > signature && p == end;
}

static void set_request_header(envoy_dynamic_module_type_http_filter_envoy_ptr envoy, envoy_dynamic_module_type_module_buffer name,
                               envoy_dynamic_module_type_module_buffer value) {
  envoy_dynamic_module_callback_http_set_header(envoy, envoy_dynamic_module_type_http_header_type_RequestHeader, name, value);
}

BENCH_EXPORT envoy_dynamic_module_type_on_http_filter_request_headers_status
envoy_dynamic_module_on_http_filter_request_headers(envoy_dynamic_module_type_http_filter_envoy_ptr envoy,
                                                    envoy_dynamic_module_type_http_filter_module_ptr filter, bool eos) {
  (void)eos;
  const route_rules_config* config = filter;
  envoy_dynamic_module_type_envoy_buffer path = {NULL, 0}, found = {NULL, 0};
  if (!request_header(envoy, BENCH_LITERAL(":path"), &path)) path = (envoy_dynamic_module_type_envoy_buffer){"/", 1};

  const rule* matched = NULL;
  double version = -1;
  for (size_t i = 0; i < config->count && matched == NULL; i++) {
    const rule* r = &config->rules[i];
    switch (r->kind) {
      case RULE_PREFIX:
        if (path.length >= r->value.length && memcmp(path.ptr, r->value.ptr, r->value.length) == 0) matched = r;
        break;
      case RULE_API:
        version = api_version(path.ptr, path.length);
        if (version >= r->minimum) matched = r;
        break;
      case RULE_HEADER:
        if (request_header(envoy, bench_module_bytes(&r->value), &found)) matched = r;
        break;
    }
  }

  if (matched && matched->deny) {
    envoy_dynamic_module_type_module_http_header header = {"x-route", 7, matched->name.ptr, matched->name.length};
    envoy_dynamic_module_callback_http_send_response(envoy, matched->deny, &header, 1, bench_module_bytes(&matched->deny_body),
                                                     BENCH_LITERAL("route_rules_denied"));
    return envoy_dynamic_module_type_on_http_filter_request_headers_status_StopIteration;
  }
  set_request_header(envoy, BENCH_LITERAL("x-route"), bench_module_bytes(matched ? &matched->name : &config->default_route));
  if (matched && matched->kind == RULE_API) {
    char detail[64] = "api version ";
    size_t length = 12 + js_integer_string(version, detail + 12, sizeof detail - 12);
    set_request_header(envoy, BENCH_LITERAL("x-route-detail"), bench_buffer(detail, length));
  } else if (matched) {
    set_request_header(envoy, BENCH_LITERAL("x-route-detail"), bench_module_bytes(&matched->detail));
  }
  envoy_dynamic_module_type_envoy_buffer authorization = {NULL, 0};
  envoy_dynamic_module_type_module_buffer subject;
  if (request_header(envoy, BENCH_LITERAL("authorization"), &authorization) &&
      bearer_subject(authorization.ptr, authorization.length, &subject)) {
    set_request_header(envoy, BENCH_LITERAL("x-token-subject"), subject);
  }
  if (envoy_dynamic_module_callback_log_enabled(envoy_dynamic_module_type_log_level_Debug)) {
    char message[512];
    const bench_bytes* route = matched ? &matched->name : NULL;
    int length = snprintf(message, sizeof message, "%.*s -> %.*s", (int)path.length, path.ptr, route ? (int)route->length : 7,
                          route ? route->ptr : "default");
    envoy_dynamic_module_callback_log_v2(envoy_dynamic_module_type_log_level_Debug,
                                         bench_buffer(message, length < (int)sizeof message ? (size_t)length : sizeof message - 1),
                                         BENCH_LITERAL("route_rules.c"), 0);
  }
  return envoy_dynamic_module_type_on_http_filter_request_headers_status_Continue;
}
