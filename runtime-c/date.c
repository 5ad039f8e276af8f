/*
 * date.c: Date objects, Date.parse, Date.UTC and the UTC getters and string forms, with V8's
 * results and messages. The module runs in UTC: local time is UTC, so toString gives V8's output
 * under TZ=UTC (the compiler rejects the other local-time methods). compiler/cc.ts links this file
 * only into modules whose C calls it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tse_internal.h"

static const tse_type* date_to_json(tse_ctx* ctx, const void* object, tse_str key, void* out);
static tse_str date_to_string_hook(tse_ctx* ctx, const void* object) { return tse_date_to_string(ctx, object); }

TSE_NAMED_TYPE(tse_type_date, "Date", .kind = TSE_KIND_OTHER, .size = sizeof(tse_date), .to_string = date_to_string_hook, .to_json = date_to_json);

#define MS_PER_DAY 86400000.0
/* ECMAScript's time range: 100,000,000 days either side of the epoch. */
#define MAX_TIME 8.64e15

static double time_clip(double t) {
  if (!isfinite(t) || fabs(t) > MAX_TIME) return NAN;
  return trunc(t) + 0.0; /* + 0.0: -0 becomes +0 */
}

tse_date* tse_date_new(tse_ctx* ctx, double time) {
  tse_date* date = tse_new_object(ctx, sizeof(tse_date), &tse_type_date);
  date->time = time_clip(time);
  return date;
}

double tse_date_set_time(tse_date* date, double time) { return date->time = time_clip(time); }

/* ------------------------------------------------------------------ calendar arithmetic */

/* Days from 1970-01-01 to year-month-01 (proleptic Gregorian; month 0-11), exact in 64 bits. */
static int64_t days_from_civil(int64_t year, int64_t month) {
  static const int32_t before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  /* Whole 400-year cycles keep the divisions on non-negative numbers. */
  int64_t y = year - 1 + 400 * 2500; /* the years before `year`, shifted by 1,000,000 */
  int64_t days = 365 * y + y / 4 - y / 100 + y / 400 - (int64_t)146097 * 2500;
  int64_t leap = (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 1 : 0;
  return days - 719162 + before[month] + (month >= 2 ? leap : 0); /* 719162: days from 0001-01-01 to 1970 */
}

/* MakeDay(year, month, date) and MakeTime as V8 computes them (the range V8 accepts, else NaN). */
static double make_day(double year, double month, double date) {
  if (!(year >= -1000000 && year <= 1000000) || !(month >= -10000000 && month <= 10000000) || !isfinite(date)) return NAN;
  int64_t y = (int64_t)year;
  int64_t m = (int64_t)month;
  y += m / 12;
  m %= 12;
  if (m < 0) {
    m += 12;
    y -= 1;
  }
  return (double)days_from_civil(y, m) + trunc(date) - 1;
}

static double make_time(double h, double m, double s, double ms) {
  if (!isfinite(h) || !isfinite(m) || !isfinite(s) || !isfinite(ms)) return NAN;
  return trunc(h) * 3600000.0 + trunc(m) * 60000.0 + trunc(s) * 1000.0 + trunc(ms);
}

static double make_date(double day, double time) {
  if (!isfinite(day) || !isfinite(time)) return NAN;
  return day * MS_PER_DAY + time;
}

double tse_date_utc(double year, double month, double day, double hours, double minutes, double seconds, double ms) {
  if (!isnan(year)) {
    double y = trunc(year);
    if (y >= 0 && y <= 99) year = 1900 + y;
  }
  return time_clip(make_date(make_day(year, month, day), make_time(hours, minutes, seconds, ms)));
}

typedef struct fields {
  int64_t year;
  int month, day, weekday, hours, minutes, seconds, ms;
} fields;

/* The UTC fields of a valid time value (civil-from-days, shifted to a non-negative era). */
static fields split(double time) {
  fields f;
  int64_t t = (int64_t)time;
  int64_t days = t >= 0 ? t / 86400000 : -((-t + 86399999) / 86400000);
  int64_t in_day = t - days * 86400000;
  f.weekday = (int)(((days + 4) % 7 + 7) % 7);
  f.hours = (int)(in_day / 3600000);
  f.minutes = (int)(in_day / 60000 % 60);
  f.seconds = (int)(in_day / 1000 % 60);
  f.ms = (int)(in_day % 1000);
  int64_t z = days + 719468 + (int64_t)146097 * 2500; /* days since 0000-03-01, shifted 1,000,000 years */
  int64_t era = z / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  f.day = (int)(doy - (153 * mp + 2) / 5 + 1);
  f.month = (int)(mp < 10 ? mp + 2 : mp - 10);
  f.year = yoe + era * 400 - 400 * 2500 + (f.month <= 1 ? 1 : 0);
  return f;
}

double tse_date_field(const tse_date* date, int32_t field) {
  if (isnan(date->time)) return NAN;
  fields f = split(date->time);
  switch (field) {
    case TSE_DATE_YEAR: return (double)f.year;
    case TSE_DATE_MONTH: return f.month;
    case TSE_DATE_DAY_OF_MONTH: return f.day;
    case TSE_DATE_WEEKDAY: return f.weekday;
    case TSE_DATE_HOURS: return f.hours;
    case TSE_DATE_MINUTES: return f.minutes;
    case TSE_DATE_SECONDS: return f.seconds;
    default: return f.ms;
  }
}

/* ------------------------------------------------------------------ string forms */

static const char WEEKDAYS[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char MONTHS[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

TSE_STRING_LITERAL(lit_invalid_date, 12, "Invalid Date");

tse_str tse_date_to_iso_string(tse_ctx* ctx, const tse_date* date) {
  if (isnan(date->time)) tse_throw_js_error(ctx, "RangeError", "Invalid time value");
  fields f = split(date->time);
  char out[40];
  int n;
  if (f.year >= 0 && f.year <= 9999) {
    n = snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (int)f.year, f.month + 1, f.day, f.hours, f.minutes, f.seconds, f.ms);
  } else {
    n = snprintf(out, sizeof out, "%c%06d-%02d-%02dT%02d:%02d:%02d.%03dZ", f.year < 0 ? '-' : '+', (int)(f.year < 0 ? -f.year : f.year), f.month + 1, f.day, f.hours, f.minutes, f.seconds,
                 f.ms);
  }
  return tse_str_from_ascii(ctx, out, (size_t)n);
}

tse_str tse_date_to_utc_string(tse_ctx* ctx, const tse_date* date) {
  if (isnan(date->time)) return TSE_STR(lit_invalid_date);
  fields f = split(date->time);
  char out[48];
  int n = snprintf(out, sizeof out, f.year < 0 ? "%s, %02d %s %05d %02d:%02d:%02d GMT" : "%s, %02d %s %04d %02d:%02d:%02d GMT", WEEKDAYS[f.weekday], f.day, MONTHS[f.month], (int)f.year,
                   f.hours, f.minutes, f.seconds);
  return tse_str_from_ascii(ctx, out, (size_t)n);
}

tse_str tse_date_to_string(tse_ctx* ctx, const tse_date* date) {
  if (isnan(date->time)) return TSE_STR(lit_invalid_date);
  fields f = split(date->time);
  char out[96];
  int n = snprintf(out, sizeof out, f.year < 0 ? "%s %s %02d %05d %02d:%02d:%02d GMT+0000 (Coordinated Universal Time)" : "%s %s %02d %04d %02d:%02d:%02d GMT+0000 (Coordinated Universal Time)",
                   WEEKDAYS[f.weekday], MONTHS[f.month], f.day, (int)f.year, f.hours, f.minutes, f.seconds);
  return tse_str_from_ascii(ctx, out, (size_t)n);
}

/* JSON.stringify calls toJSON: the ISO string, or null for an invalid date. */
static const tse_type* date_to_json(tse_ctx* ctx, const void* object, tse_str key, void* out) {
  (void)key;
  const tse_date* date = object;
  if (isnan(date->time)) return &tse_type_null;
  *(tse_str*)out = tse_date_to_iso_string(ctx, date);
  return &tse_type_string;
}

/* ------------------------------------------------------------------ Date.parse */

/*
 * V8's date parser, re-expressed: an ES ISO 8601 date-time first; whatever it leaves goes to the
 * legacy parser (the Safari-compatible heuristics that read IMF-fixdate, RFC 850 and asctime).
 * Same tokens, same composition of day, time and zone, same rejections, so the results match
 * Date.parse in Node for every input. No zone means local time, which is UTC here.
 */

enum { NONE = 0x7fffffff };
enum tok_kind { T_END, T_NUMBER, T_SYMBOL, T_SPACE, T_UNKNOWN, T_INVALID, T_WORD };
enum word_kind { W_GARBAGE, W_MONTH, W_ZONE, W_T, W_AMPM };

typedef struct token {
  enum tok_kind kind;
  enum word_kind word; /* T_WORD */
  int value;           /* the number, the symbol, or the word's value (month, zone hours, AM/PM offset) */
  int length;          /* characters */
} token;

typedef struct scanner {
  tse_str s;
  uint32_t pos;
  token next;
} scanner;

/* Code unit i; 0 past the end (V8 also stops at an embedded NUL). */
static uint32_t unit(const scanner* sc, uint32_t i) { return i < sc->s->length ? tse_str_unit(sc->s, i) : 0; }

static bool white_space(uint32_t c) {
  return c == 0x09 || c == 0x0b || c == 0x0c || c == 0x20 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

static bool space_or_line_end(uint32_t c) { return white_space(c) || c == 0x0a || c == 0x0d || c == 0x2028 || c == 0x2029; }

/* Words are matched on their first three letters; only month names may be longer. */
static const struct {
  char prefix[4];
  enum word_kind kind;
  int value;
} WORDS[] = {
    {"jan", W_MONTH, 1}, {"feb", W_MONTH, 2}, {"mar", W_MONTH, 3}, {"apr", W_MONTH, 4}, {"may", W_MONTH, 5}, {"jun", W_MONTH, 6}, {"jul", W_MONTH, 7}, {"aug", W_MONTH, 8}, {"sep", W_MONTH, 9},
    {"oct", W_MONTH, 10}, {"nov", W_MONTH, 11}, {"dec", W_MONTH, 12}, {"am", W_AMPM, 0}, {"pm", W_AMPM, 12}, {"ut", W_ZONE, 0}, {"utc", W_ZONE, 0}, {"z", W_ZONE, 0},
    {"gmt", W_ZONE, 0}, {"cdt", W_ZONE, -5}, {"cst", W_ZONE, -6}, {"edt", W_ZONE, -4}, {"est", W_ZONE, -5}, {"mdt", W_ZONE, -6}, {"mst", W_ZONE, -7}, {"pdt", W_ZONE, -7},
    {"pst", W_ZONE, -8}, {"t", W_T, 0},
};

static token scan(scanner* sc) {
  uint32_t start = sc->pos;
  uint32_t c = unit(sc, start);
  if (c == 0) return (token){T_END, W_GARBAGE, -1, 0};
  if (c >= '0' && c <= '9') {
    int n = 0, digits = 0;
    while (unit(sc, sc->pos) == '0') sc->pos++;
    for (c = unit(sc, sc->pos); c >= '0' && c <= '9'; c = unit(sc, ++sc->pos)) {
      if (digits++ < 9) n = n * 10 + (int)(c - '0'); /* nine significant digits, the rest skipped */
    }
    return (token){T_NUMBER, W_GARBAGE, n, (int)(sc->pos - start)};
  }
  if (c == ':' || c == '-' || c == '+' || c == '.' || c == ')') {
    sc->pos++;
    return (token){T_SYMBOL, W_GARBAGE, (int)c, 1};
  }
  if (c >= 'A' && !white_space(c)) {
    char prefix[4] = {0, 0, 0, 0};
    int length = 0;
    for (; c >= 'A' && !white_space(c); c = unit(sc, ++sc->pos), length++) {
      /* Non-ASCII letters stay themselves: they match no keyword. */
      if (length < 3) prefix[length] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c < 0x80 ? (char)c : (char)0x80;
    }
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++) {
      if (memcmp(prefix, WORDS[i].prefix, 3) == 0 && (length <= 3 || WORDS[i].kind == W_MONTH)) return (token){T_WORD, WORDS[i].kind, WORDS[i].value, length};
    }
    return (token){T_WORD, W_GARBAGE, 0, length};
  }
  if (space_or_line_end(c)) {
    sc->pos++;
    return (token){T_SPACE, W_GARBAGE, -1, 1};
  }
  if (c == '(') {
    int depth = 0;
    do {
      if (c == ')') depth--;
      else if (c == '(') depth++;
      c = unit(sc, ++sc->pos);
    } while (depth > 0 && c != 0);
    return (token){T_UNKNOWN, W_GARBAGE, -1, 1};
  }
  sc->pos++;
  return (token){T_UNKNOWN, W_GARBAGE, -1, 1};
}

static token take(scanner* sc) {
  token t = sc->next;
  sc->next = scan(sc);
  return t;
}

static bool is_symbol(token t, char c) { return t.kind == T_SYMBOL && t.value == c; }
static bool is_sign(token t) { return is_symbol(t, '+') || is_symbol(t, '-'); }
static bool is_number(token t, int length) { return t.kind == T_NUMBER && t.length == length; }
static bool is_z(token t) { return t.kind == T_WORD && t.word == W_ZONE && t.length == 1 && t.value == 0; }

static bool skip_symbol(scanner* sc, char c) {
  if (!is_symbol(sc->next, c)) return false;
  sc->next = scan(sc);
  return true;
}

static bool between(int x, int lo, int hi) { return (unsigned)(x - lo) <= (unsigned)(hi - lo); }

typedef struct composer {
  int day[3], days, named_month;
  bool iso;
  int time[4], times, hour_offset;
  int zone_sign, zone_hour, zone_minute;
} composer;

static bool add_day(composer* c, int n) { return c->days < 3 ? (c->day[c->days++] = n, true) : false; }
static bool add_time(composer* c, int n) { return c->times < 4 ? (c->time[c->times++] = n, true) : false; }
static bool time_expecting(const composer* c, int n) { return (c->times == 1 && between(n, 0, 59)) || (c->times == 2 && between(n, 0, 59)) || (c->times == 3 && between(n, 0, 999)); }
static bool zone_expecting(const composer* c, int n) { return c->zone_hour != NONE && c->zone_minute == NONE && between(n, 0, 59); }
static void set_zone(composer* c, int hours) {
  c->zone_sign = hours < 0 ? -1 : 1;
  c->zone_hour = hours * c->zone_sign;
  c->zone_minute = 0;
}

/* The first three significant digits of a fraction, from its value and its length. */
static int milliseconds(token t) {
  int n = t.value, length = t.length;
  if (length == 1) return n * 100;
  if (length == 2) return n * 10;
  if (length > 9) length = 9;
  for (; length > 3; length--) n /= 10;
  return n;
}

/* The ES ISO format; returns the token the legacy parser continues with (T_END: done, T_INVALID: NaN). */
static token parse_iso(scanner* sc, composer* c) {
  if (is_sign(sc->next)) {
    token sign = take(sc);
    if (!is_number(sc->next, 6)) return sign;
    int year = take(sc).value;
    if (sign.value == '-' && year == 0) return sign;
    add_day(c, sign.value == '-' ? -year : year);
  } else if (is_number(sc->next, 4)) {
    add_day(c, take(sc).value);
  } else {
    return take(sc);
  }
  if (skip_symbol(sc, '-')) {
    if (!is_number(sc->next, 2) || !between(sc->next.value, 1, 12)) return take(sc);
    add_day(c, take(sc).value);
    if (skip_symbol(sc, '-')) {
      if (!is_number(sc->next, 2) || !between(sc->next.value, 1, 31)) return take(sc);
      add_day(c, take(sc).value);
    }
  }
  token invalid = {T_INVALID, W_GARBAGE, -1, 0};
  if (!(sc->next.kind == T_WORD && sc->next.word == W_T)) {
    if (sc->next.kind != T_END) return take(sc);
  } else {
    take(sc);
    if (!is_number(sc->next, 2) || !between(sc->next.value, 0, 24)) return invalid;
    bool hour_24 = sc->next.value == 24;
    add_time(c, take(sc).value);
    if (!skip_symbol(sc, ':')) return invalid;
    if (!is_number(sc->next, 2) || !between(sc->next.value, 0, 59) || (hour_24 && sc->next.value > 0)) return invalid;
    add_time(c, take(sc).value);
    if (skip_symbol(sc, ':')) {
      if (!is_number(sc->next, 2) || !between(sc->next.value, 0, 59) || (hour_24 && sc->next.value > 0)) return invalid;
      add_time(c, take(sc).value);
      if (skip_symbol(sc, '.')) {
        if (sc->next.kind != T_NUMBER || (hour_24 && sc->next.value > 0)) return invalid;
        add_time(c, milliseconds(take(sc)));
      }
    }
    if (is_z(sc->next)) {
      take(sc);
      set_zone(c, 0);
    } else if (is_sign(sc->next)) {
      c->zone_sign = take(sc).value == '+' ? 1 : -1;
      if (is_number(sc->next, 4)) {
        int hhmm = take(sc).value;
        if (!between(hhmm / 100, 0, 23) || !between(hhmm % 100, 0, 59)) return invalid;
        c->zone_hour = hhmm / 100;
        c->zone_minute = hhmm % 100;
      } else {
        if (!is_number(sc->next, 2) || !between(sc->next.value, 0, 23)) return invalid;
        c->zone_hour = take(sc).value;
        if (!skip_symbol(sc, ':')) return invalid;
        if (!is_number(sc->next, 2) || !between(sc->next.value, 0, 59)) return invalid;
        c->zone_minute = take(sc).value;
      }
    }
    if (sc->next.kind != T_END) return invalid;
  }
  /* A date-only form without a zone is UTC (a date-time form is local time: UTC too, here). */
  if (c->zone_hour == NONE && c->times == 0) set_zone(c, 0);
  c->iso = true;
  return (token){T_END, W_GARBAGE, -1, 0};
}

static bool parse_legacy(scanner* sc, composer* c, token t) {
  bool has_number = c->days > 0;
  for (; t.kind != T_END; t = take(sc)) {
    if (t.kind == T_NUMBER) {
      has_number = true;
      int n = t.value;
      if (skip_symbol(sc, ':')) {
        if (skip_symbol(sc, ':')) {
          if (c->times != 0) return false;
          add_time(c, n);
          add_time(c, 0);
        } else {
          if (!add_time(c, n)) return false;
          if (is_symbol(sc->next, '.')) take(sc);
        }
      } else if (skip_symbol(sc, '.') && time_expecting(c, n)) {
        add_time(c, n);
        if (sc->next.kind != T_NUMBER) return false;
        int ms = milliseconds(take(sc));
        if (ms < 0) return false;
        add_time(c, ms);
        while (c->times < 4) c->time[c->times++] = 0;
      } else if (zone_expecting(c, n)) {
        c->zone_minute = n;
      } else if (time_expecting(c, n)) {
        add_time(c, n);
        while (c->times < 4) c->time[c->times++] = 0;
        token peek = sc->next;
        if (peek.kind != T_END && peek.kind != T_SPACE && !is_z(peek) && !is_sign(peek)) return false;
      } else {
        if (!add_day(c, n)) return false;
        skip_symbol(sc, '-');
      }
    } else if (t.kind == T_WORD) {
      if (t.word == W_AMPM && c->times != 0) {
        c->hour_offset = t.value;
      } else if (t.word == W_MONTH) {
        c->named_month = t.value;
        skip_symbol(sc, '-');
      } else if (t.word == W_ZONE && has_number) {
        set_zone(c, t.value);
      } else {
        if (has_number) return false; /* words after the first number must mean something */
        if (sc->next.kind == T_NUMBER) return false;
      }
    } else if (is_sign(t) && ((c->zone_hour == 0 && c->zone_minute == 0) || c->times != 0)) {
      c->zone_sign = t.value == '+' ? 1 : -1;
      int n = 0, length = 0;
      if (sc->next.kind == T_NUMBER) {
        token number = take(sc);
        n = number.value;
        length = number.length;
      }
      has_number = true;
      if (is_symbol(sc->next, ':')) {
        c->zone_hour = n;
        c->zone_minute = NONE;
      } else if (length == 1 || length == 2) {
        c->zone_hour = n;
        c->zone_minute = 0;
      } else if (length == 3 || length == 4) {
        c->zone_hour = n / 100;
        c->zone_minute = n % 100;
      } else {
        return false;
      }
    } else if ((is_sign(t) || is_symbol(t, ')')) && has_number) {
      return false;
    }
  }
  return true;
}

/* The composed day, time and zone as a time value, or NaN. */
static double compose(composer* c) {
  if (c->days < 1) return NAN;
  while (c->days < 3) c->day[c->days++] = 1;
  int year = 0, month, day;
  if (c->named_month == NONE) {
    if (c->iso || !between(c->day[0], 1, 31)) {
      year = c->day[0], month = c->day[1], day = c->day[2];
    } else {
      month = c->day[0], day = c->day[1], year = c->day[2];
    }
  } else {
    month = c->named_month;
    if (!between(c->day[0], 1, 31)) year = c->day[0], day = c->day[1];
    else day = c->day[0], year = c->day[1];
  }
  if (!c->iso) {
    if (between(year, 0, 49)) year += 2000;
    else if (between(year, 50, 99)) year += 1900;
  }
  if (!between(month, 1, 12) || !between(day, 1, 31)) return NAN;
  while (c->times < 4) c->time[c->times++] = 0;
  int hour = c->time[0], minute = c->time[1], second = c->time[2], ms = c->time[3];
  if (c->hour_offset != NONE) {
    if (!between(hour, 0, 12)) return NAN;
    hour = hour % 12 + c->hour_offset;
  }
  if (!between(hour, 0, 23) || !between(minute, 0, 59) || !between(second, 0, 59) || !between(ms, 0, 999)) {
    if (hour != 24 || minute != 0 || second != 0 || ms != 0) return NAN;
  }
  double offset = NAN;
  if (c->zone_sign != NONE) {
    unsigned hours = c->zone_hour == NONE ? 0u : (unsigned)c->zone_hour;
    unsigned minutes = c->zone_minute == NONE ? 0u : (unsigned)c->zone_minute;
    unsigned total = hours * 3600u + minutes * 60u;
    if (total > 2147483647u) return NAN;
    offset = (double)(int)total * c->zone_sign;
  }
  double date = make_date(make_day(year, month - 1, day), make_time(hour, minute, second, ms));
  if (isnan(offset)) {
    /* Local time is UTC; V8 bounds local times 10 days wider before converting them. */
    if (!(fabs(date) <= MAX_TIME + 864000000.0)) return NAN;
  } else {
    date -= offset * 1000.0;
    if (!(fabs(date) <= MAX_TIME)) return NAN;
  }
  return time_clip(date);
}

double tse_date_parse(tse_str s) {
  scanner sc = {s, 0, {T_END, W_GARBAGE, -1, 0}};
  sc.next = scan(&sc);
  composer c = {.named_month = NONE, .hour_offset = NONE, .zone_sign = NONE, .zone_hour = NONE, .zone_minute = NONE};
  token rest = parse_iso(&sc, &c);
  if (rest.kind == T_INVALID) return NAN;
  if (!parse_legacy(&sc, &c, rest)) return NAN;
  return compose(&c);
}
