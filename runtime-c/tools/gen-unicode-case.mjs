#!/usr/bin/env node
/**
 * Generates runtime-c/unicode_case.c: the case mappings String.prototype.toLowerCase and
 * toUpperCase apply, taken from the running Node itself (V8 + ICU, root locale), so the C runtime
 * converts exactly as Node does.
 *
 *   node runtime-c/tools/gen-unicode-case.mjs            # rewrites runtime-c/unicode_case.c
 *   node runtime-c/tools/gen-unicode-case.mjs --check    # exits 1 if the file is out of date
 *
 * Tables (compact: ranges with a constant delta, not one entry per code point):
 *   - single code point mappings as runs {first, last, stride, delta}: every stride-th code point
 *     from first to last maps to itself + delta (stride 2 covers the alternating Latin/Cyrillic
 *     upper/lower pairs);
 *   - mappings to several code points (ß -> SS, İ -> i̇, ΐ -> Ϊ́, ...) listed one by one;
 *   - for the Final_Sigma rule of toLowerCase, which code points are "cased" and which are
 *     "case-ignorable" as ICU's case mapping classifies them, found by probing Node:
 *       ("A" + X + "Σ").toLowerCase() ends in ς  <=>  X is case-ignorable or cased,
 *       (X + "Σ").toLowerCase() ends in ς        <=>  X is cased and not case-ignorable
 *     (ICU skips a case-ignorable code point even when it is also cased).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const outFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "unicode_case.c");
const MAX = 0x10ffff;
const isSurrogate = (cp) => cp >= 0xd800 && cp <= 0xdfff;

function mappings(convert) {
  const single = new Map(); // cp -> delta
  const multi = []; // [cp, [code points]]
  for (let cp = 0; cp <= MAX; cp++) {
    if (isSurrogate(cp)) continue;
    const mapped = [...convert(String.fromCodePoint(cp))].map((c) => c.codePointAt(0));
    if (mapped.length === 1) {
      if (mapped[0] !== cp) single.set(cp, mapped[0] - cp);
    } else {
      multi.push([cp, mapped]);
    }
  }
  return { single, multi };
}

/** Runs {first, last, stride, delta} covering `single` exactly (no code point outside it). */
function runs(single) {
  const cps = [...single.keys()].sort((a, b) => a - b);
  const out = [];
  let i = 0;
  while (i < cps.length) {
    const first = cps[i];
    const delta = single.get(first);
    // Try stride 1 and stride 2 and keep the longer run.
    let best = { last: first, stride: 1, count: 1 };
    for (const stride of [1, 2]) {
      let last = first;
      let count = 1;
      while (single.get(last + stride) === delta && (stride === 1 || !single.has(last + 1))) {
        last += stride;
        count++;
      }
      if (count > best.count) best = { last, stride, count };
    }
    out.push({ first, last: best.last, stride: best.stride, delta });
    i += best.stride === 1 ? best.count : 0;
    if (best.stride === 2) {
      // skip the covered code points (the in-between ones are not in `single` by construction)
      while (i < cps.length && cps[i] <= best.last) i++;
    }
  }
  return out;
}

/** Maximal ranges [first, last] of code points satisfying `test`. */
function ranges(test) {
  const out = [];
  let start = -1;
  for (let cp = 0; cp <= MAX + 1; cp++) {
    const inside = cp <= MAX && !isSurrogate(cp) && test(cp);
    if (inside && start < 0) start = cp;
    if (!inside && start >= 0) {
      out.push([start, cp - 1]);
      start = -1;
    }
  }
  return out;
}

const hex = (n) => "0x" + n.toString(16).toUpperCase().padStart(4, "0");

function runTable(name, list) {
  const rows = list.map((r) => `    {${hex(r.first)}, ${hex(r.last)}, ${r.stride}, ${r.delta}},`);
  return `static const tse_case_run ${name}[] = {\n${rows.join("\n")}\n};\n`;
}

function multiTable(name, list) {
  const rows = list.map(([cp, mapped]) => {
    const cps = [...mapped, 0, 0, 0].slice(0, 3);
    return `    {${hex(cp)}, ${mapped.length}, {${cps.map(hex).join(", ")}}},`;
  });
  return `static const tse_case_multi ${name}[] = {\n${rows.join("\n")}\n};\n`;
}

function rangeTable(name, list) {
  const rows = [];
  for (let i = 0; i < list.length; i += 4) {
    rows.push("    " + list.slice(i, i + 4).map(([a, b]) => `{${hex(a)}, ${hex(b)}}`).join(", ") + ",");
  }
  return `static const tse_cp_range ${name}[] = {\n${rows.join("\n")}\n};\n`;
}

function generate() {
  const lower = mappings((s) => s.toLowerCase());
  const upper = mappings((s) => s.toUpperCase());
  for (const [cp, mapped] of [...lower.multi, ...upper.multi]) {
    if (mapped.length > 3) throw new Error(`U+${cp.toString(16)} maps to ${mapped.length} code points`);
  }
  const SIGMA = "\u03a3";
  const endsFinal = (s) => s.toLowerCase().endsWith("\u03c2");
  const casedOnly = (cp) => endsFinal(String.fromCodePoint(cp) + SIGMA);
  const casedOrIgnorable = (cp) => endsFinal("A" + String.fromCodePoint(cp) + SIGMA);
  const cased = ranges(casedOnly);
  const ignorable = ranges((cp) => casedOrIgnorable(cp) && !casedOnly(cp));

  const lowerRuns = runs(lower.single);
  const upperRuns = runs(upper.single);
  return `/*
 * Case mapping tables for String.prototype.toLowerCase / toUpperCase.
 * GENERATED by runtime-c/tools/gen-unicode-case.mjs from Node ${process.version}
 * (ICU ${process.versions.icu}, Unicode ${process.versions.unicode}). Do not edit; regenerate instead:
 *   node runtime-c/tools/gen-unicode-case.mjs
 */
#include <stdint.h>

#include "tse_internal.h"

typedef struct tse_case_run {
  uint32_t first, last; /* code points first, first + stride, ..., last */
  uint32_t stride;
  int32_t delta; /* each maps to itself + delta */
} tse_case_run;

typedef struct tse_case_multi {
  uint32_t code_point;
  uint32_t count; /* code points it maps to */
  uint32_t mapped[3];
} tse_case_multi;

typedef struct tse_cp_range {
  uint32_t first, last;
} tse_cp_range;

/* toLowerCase: ${lowerRuns.length} runs covering ${lower.single.size} code points, ${lower.multi.length} expanding mappings. */
${runTable("lower_runs", lowerRuns)}
${multiTable("lower_multi", lower.multi)}
/* toUpperCase: ${upperRuns.length} runs covering ${upper.single.size} code points, ${upper.multi.length} expanding mappings. */
${runTable("upper_runs", upperRuns)}
${multiTable("upper_multi", upper.multi)}
/* Final_Sigma context: cased (and not case-ignorable) code points. */
${rangeTable("cased_ranges", cased)}
/* Final_Sigma context: case-ignorable code points. */
${rangeTable("ignorable_ranges", ignorable)}
#define COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

static uint32_t map_code_point(const tse_case_run* runs, uint32_t run_count, const tse_case_multi* multi,
                               uint32_t multi_count, uint32_t cp, uint32_t out[3]) {
  uint32_t low = 0, high = multi_count;
  while (low < high) {
    uint32_t mid = low + (high - low) / 2;
    if (multi[mid].code_point == cp) {
      for (uint32_t i = 0; i < multi[mid].count; i++) out[i] = multi[mid].mapped[i];
      return multi[mid].count;
    }
    if (multi[mid].code_point < cp) low = mid + 1;
    else high = mid;
  }
  low = 0;
  high = run_count;
  while (low < high) {
    uint32_t mid = low + (high - low) / 2;
    if (cp < runs[mid].first) {
      high = mid;
    } else if (cp > runs[mid].last) {
      low = mid + 1;
    } else {
      out[0] = (cp - runs[mid].first) % runs[mid].stride == 0 ? (uint32_t)((int32_t)cp + runs[mid].delta) : cp;
      return 1;
    }
  }
  out[0] = cp;
  return 1;
}

static int in_ranges(const tse_cp_range* ranges, uint32_t count, uint32_t cp) {
  uint32_t low = 0, high = count;
  while (low < high) {
    uint32_t mid = low + (high - low) / 2;
    if (cp < ranges[mid].first) high = mid;
    else if (cp > ranges[mid].last) low = mid + 1;
    else return 1;
  }
  return 0;
}

uint32_t tse_unicode_to_lower(uint32_t cp, uint32_t out[3]) {
  return map_code_point(lower_runs, COUNT(lower_runs), lower_multi, COUNT(lower_multi), cp, out);
}

uint32_t tse_unicode_to_upper(uint32_t cp, uint32_t out[3]) {
  return map_code_point(upper_runs, COUNT(upper_runs), upper_multi, COUNT(upper_multi), cp, out);
}

int tse_unicode_case_class(uint32_t cp) {
  if (in_ranges(ignorable_ranges, COUNT(ignorable_ranges), cp)) return TSE_CASE_IGNORABLE;
  if (in_ranges(cased_ranges, COUNT(cased_ranges), cp)) return TSE_CASE_CASED;
  return TSE_CASE_OTHER;
}
`;
}

const text = generate();
if (process.argv.includes("--check")) {
  const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, "utf8") : "";
  if (current !== text) {
    console.error(`${outFile} is out of date (or was generated by another Node/ICU version)`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(outFile, text);
  console.log(`wrote ${outFile}`);
}
