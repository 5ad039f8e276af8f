#!/usr/bin/env node
/**
 * Regex benchmark (not part of the test suite): the compiled matcher (runtime-c/regex.c over the
 * tables compiler/regex/ emits) against Node's irregexp, same patterns, same inputs, one run.
 * Prints operations per second side by side. Needs `npx tsc -p tsconfig.json` first and cc.
 *
 *   node bench/regex-bench.mjs [seconds per case, default 0.3]
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { compileRegex } = await import(path.join(root, "dist", "compiler", "regex", "compile-regex.js"));
const { emitRegexC } = await import(path.join(root, "dist", "compiler", "emit", "c-regex.js"));
const { LIBRARY_SOURCES, VENDOR_SOURCES } = await import(path.join(root, "dist", "compiler", "cc.js"));
const seconds = Number(process.argv[2] ?? 0.3);

const cookie = Array.from({ length: 20 }, (_, i) => `name${i}=value${i}`).join("; ") + "; session=abc123";
const text = "lorem ipsum dolor sit amet ".repeat(400) + "needle";
const cases = [
  { re: /^\/api\/v(\d+)\//, input: "/api/v2/users/12345?x=1", op: "exec" },
  { re: /^\/api\/v(\d+)\//, input: "/api/v2/users/12345?x=1", op: "test" },
  { re: /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)$/i, input: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", op: "exec" },
  { re: /(?:^|;\s*)session=([^;]*)/, input: cookie, op: "exec" },
  { re: /session=/, input: cookie, op: "test" },
  { re: /needle/, input: text, op: "test" },
  { re: /ne+dle/, input: text, op: "exec" },
  { re: /\b\w+\b/g, input: "alpha beta gamma delta epsilon zeta eta theta", op: "match" },
  { re: /\s*,\s*/, input: "text/html, application/json;q=0.9, */*;q=0.1, image/webp", op: "split" },
  { re: /-(\w)/g, input: "content-type-options-x-forwarded-for", op: "replace" },
  { re: /^(a+)+$/, input: "a".repeat(24) + "!", op: "test" },
  { re: /^(a+)+$/g, input: "a".repeat(24) + "!", op: "exec" },
];

function nodeRun(c) {
  const re = c.re;
  switch (c.op) {
    case "test": return () => re.test(c.input);
    case "exec": return () => { re.lastIndex = 0; return re.exec(c.input); };
    case "match": return () => c.input.match(re);
    case "split": return () => c.input.split(re);
    case "replace": return () => c.input.replace(re, "$1");
  }
}

function timeNode(c) {
  const fn = nodeRun(c);
  for (let i = 0; i < 100; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < limit) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    elapsed = process.hrtime.bigint() - start;
  }
  return n / (Number(elapsed) / 1e9);
}

function cString(s) {
  return `{${[...Array(s.length).keys()].map((i) => s.charCodeAt(i)).concat(0).join(",")}}`;
}

const tables = cases.map((c, i) => emitRegexC(`bench_re_${i}`, compileRegex(`/${c.re.source}/${c.re.flags}`).tables)).join("\n\n");
const calls = { test: "tse_regexp_test(ctx, re, s)", exec: "(re->last_index = 0, tse_regexp_exec(ctx, re, s) != NULL)", match: "tse_str_match_regexp(ctx, s, re) != NULL", split: "tse_str_split_regexp(ctx, s, re, 0, false)->length", replace: "tse_str_replace_regexp(ctx, s, re, TSE_STR(dollar_one))->length" };
const main = `
#include <time.h>
#include "harness.h"
TSE_STRING_LITERAL(dollar_one, 2, "$1");
${tables}
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
${cases.map((c, i) => `static const uint16_t input_${i}[] = ${cString(c.input)};`).join("\n")}
int main(void) {
  static const tse_regex* regexes[] = {${cases.map((_, i) => `&bench_re_${i}`).join(", ")}};
  static const uint16_t* inputs[] = {${cases.map((_, i) => `input_${i}`).join(", ")}};
  static const uint32_t lengths[] = {${cases.map((c) => c.input.length).join(", ")}};
  static const int ops[] = {${cases.map((c) => Object.keys(calls).indexOf(c.op)).join(", ")}};
  for (int k = 0; k < ${cases.length}; k++) {
    HARNESS_CONTEXT(ctx, arena)
    tse_str s = tse_str_from_units(ctx, inputs[k], lengths[k]);
    double start = now(), elapsed = 0;
    long n = 0;
    volatile long sink = 0;
    while (elapsed < ${seconds}) {
      for (int i = 0; i < 50; i++) {
        tse_regexp* re = tse_regexp_new(ctx, regexes[k]);
        switch (ops[k]) {
${Object.values(calls).map((call, i) => `          case ${i}: sink += (long)(${call}); break;`).join("\n")}
        }
      }
      n += 50;
      if (arena.used_bytes > ((size_t)1 << 28)) { tse_arena_free(&arena); tse_arena_init(&arena, (size_t)1 << 30, NULL, 0); s = tse_str_from_units(ctx, inputs[k], lengths[k]); }
      elapsed = now() - start;
    }
    printf("%.0f\\n", n / elapsed);
    tse_arena_free(&arena);
  }
  return 0;
}
`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "regex-bench-"));
fs.writeFileSync(path.join(dir, "bench.c"), main);
const runtime = [...LIBRARY_SOURCES, ...VENDOR_SOURCES.map((file) => `vendor/${file}`)];
const cc = process.env.CC ?? "cc";
execFileSync(cc, ["-std=c11", "-O2", "-D_GNU_SOURCE", "-I", path.join(root, "runtime-c"), "-I", path.join(root, "test", "regex"), path.join(dir, "bench.c"), ...runtime.map((f) => path.join(root, "runtime-c", f)), "-o", path.join(dir, "bench"), "-lm"], { stdio: "inherit" });
const compiled = execFileSync(path.join(dir, "bench"), { encoding: "utf8" }).trim().split("\n").map(Number);

const rows = cases.map((c, i) => {
  const node = timeNode(c);
  const label = `${c.op} /${c.re.source}/${c.re.flags}`;
  return [label.length > 58 ? label.slice(0, 55) + "..." : label, String(c.input.length), compiled[i].toExponential(2), node.toExponential(2), (compiled[i] / node).toFixed(2)];
});
const header = ["operation", "input units", "compiled ops/s", "node ops/s", "compiled/node"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const row of [header, widths.map((w) => "-".repeat(w)), ...rows]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
fs.rmSync(dir, { recursive: true, force: true });
