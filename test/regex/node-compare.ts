/**
 * Runs compiled regex tables against Node's RegExp (shared by matcher.test.ts and onepass.test.ts):
 * each pattern's tables (compiler/regex/) are linked with runtime-c/regex.c into one program that
 * runs exec (and, for g/y, a second exec from the lastIndex the first left), replace, match, test
 * and split on every input, then the same with the pattern compiled at run time by the vendored
 * engine behind `new RegExp` (runtime-c/regex_dynamic.c). Also the seeded random patterns.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";

import { LIBRARY_SOURCES, VENDOR_SOURCES } from "../../compiler/cc.js";
import { emitRegexC } from "../../compiler/emit/c-regex.js";
import { compileRegex } from "../../compiler/regex/compile-regex.js";
import { repoRoot, scratchDir } from "../helpers/paths.js";

const runtimeDir = path.join(repoRoot, "runtime-c");
// The runtime without the Envoy glue, which the harness replaces.
const RUNTIME = [...LIBRARY_SOURCES, ...VENDOR_SOURCES.map((file) => `vendor/${file}`)];

let seed = Number(process.env.REGEX_SEED ?? 20240611);
export const random = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
export const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;

const ATOMS = ["a", "b", "A", ".", "[ab]", "[^a]", "\\w", "\\s", "(?:)", "😀", "\\ud83d", "ſ", "k"];
const QUANTIFIERS = ["*", "+", "?", "*?", "+?", "??", "{2}", "{0,2}", "{1,}", "{1,2}?"];

function term(depth: number): string {
  const r = random(10);
  if (depth > 0 && r < 3) return `(${alternation(depth - 1)})`;
  if (depth > 0 && r === 3) return `(?:${alternation(depth - 1)})`;
  if (depth > 0 && r === 4) return `(?${pick(["=", "!"])}${alternation(depth - 1)})`;
  if (r === 5) return pick(["^", "$", "\\b", "\\B"]);
  return pick(ATOMS);
}

function sequence(depth: number): string {
  let out = "";
  const n = random(4);
  for (let i = 0; i < n; i++) {
    const t = term(depth);
    const quantifiable = !["^", "$", "\\b", "\\B"].includes(t) && !t.startsWith("(?=") && !t.startsWith("(?!");
    out += quantifiable && random(3) === 0 ? t + pick(QUANTIFIERS) : t;
  }
  return out;
}

export function alternation(depth: number): string {
  const parts = [sequence(depth)];
  while (random(3) === 0) parts.push(sequence(depth));
  return parts.join("|");
}

export const DOT_PREFIXES = [["^.*", ""], [".*", ""], ["^.*?", ""], [".*?", ""], ["^.*(?:", ")"], [".*(", ")"]] as const;
const INPUT_UNITS = ["a", "b", "A", " ", "\n", "😀", "\ud83d", "ſ", "K", "k", "\u212a", "S"];

export function randomInput(): string {
  let s = "";
  const n = random(9);
  for (let i = 0; i < n; i++) s += pick(INPUT_UNITS);
  return s;
}

export interface Case {
  pattern: string;
  flags: string;
  inputs: string[];
}

function describeExec(re: RegExp, s: string): string {
  const m = re.exec(s);
  if (m === null) return `null|${re.lastIndex}`;
  const caps = [...m].map((g) => (g === undefined ? "U" : [...Array(g.length).keys()].map((i) => g.charCodeAt(i)).join(",")));
  return `${m.index}|${re.lastIndex}|${caps.join("|")}`;
}

const TEMPLATE = "<$&|$1|$`|$'>";
const units = (s: string): string => [...Array(s.length).keys()].map((i) => s.charCodeAt(i)).join(",");

/** Node's lines for a case, and for each input whether split runs (not when it yields undefined, which compiled code rejects). */
export function expected(c: Case): { lines: string[]; splits: boolean[] } {
  const lines: string[] = [];
  const splits: boolean[] = [];
  for (const input of c.inputs) {
    const re = new RegExp(c.pattern, c.flags);
    lines.push(describeExec(re, input));
    if (c.flags.includes("g") || c.flags.includes("y")) lines.push(describeExec(re, input));
    lines.push(`r ${units(input.replace(new RegExp(c.pattern, c.flags), TEMPLATE))}`);
    const matched = input.match(new RegExp(c.pattern, c.flags));
    lines.push(c.flags.includes("g") ? `m ${matched === null ? "null" : matched.map(units).join("|")}` : `m ${matched === null ? "null" : matched.index}`);
    lines.push(`t ${new RegExp(c.pattern, c.flags).test(input) ? 1 : 0}`);
    const parts = input.split(new RegExp(c.pattern, c.flags)) as (string | undefined)[];
    const split = parts.every((p) => p !== undefined);
    splits.push(split);
    if (split) lines.push(`s ${parts.map((p) => units(p!)).join("|")}`);
  }
  return { lines, splits };
}

function cUnits(s: string): string {
  return `{${[...Array(s.length).keys()].map((i) => s.charCodeAt(i)).concat(0).join(",")}}`;
}

export function harness(cases: Case[], splits: boolean[][]): string {
  const tables = cases.map((c, i) => emitRegexC(`case_${i}`, compileRegex(`/${c.pattern}/${c.flags}`).tables)).join("\n\n");
  const runs = cases.flatMap((c, i) =>
    c.inputs.map((input, j) => {
      const again = c.flags.includes("g") || c.flags.includes("y");
      return `  { static const uint16_t u[] = ${cUnits(input)}; run(ctx, &case_${i}, u, ${input.length}, ${again}, ${splits[i]![j]}); } /* ${i}.${j} */`;
    }),
  );
  // The same runs again with each pattern compiled at run time (new RegExp: the vendored engine).
  const dynamicRuns = cases.flatMap((c, i) => [
    `  { static const uint16_t p[] = ${cUnits(c.pattern)}, f[] = ${cUnits(c.flags)}; dynamic = tse_regexp_compile(ctx, tse_str_from_units(ctx, p, ${c.pattern.length}), tse_str_from_units(ctx, f, ${c.flags.length}))->regex; }`,
    ...c.inputs.map((input, j) => {
      const again = c.flags.includes("g") || c.flags.includes("y");
      return `  { static const uint16_t u[] = ${cUnits(input)}; run(ctx, dynamic, u, ${input.length}, ${again}, ${splits[i]![j]}); } /* dynamic ${i}.${j} */`;
    }),
  ]);
  return `#include "harness.h"
${tables}
static void show(tse_regexp_match* m, tse_regexp* re) {
  if (m == NULL) { printf("null|%.0f\\n", re->last_index); return; }
  printf("%.0f|%.0f", m->index, re->last_index);
  for (uint32_t g = 0; g < m->length; g++) {
    tse_str s = ((tse_str*)m->data)[g];
    if (s == NULL) { printf("|U"); continue; }
    printf("|");
    for (uint32_t k = 0; k < s->length; k++) printf(k ? ",%u" : "%u", (unsigned)tse_str_unit(s, k));
  }
  printf("\\n");
}
static void units(tse_str s) {
  for (uint32_t k = 0; k < s->length; k++) printf(k ? ",%u" : "%u", (unsigned)tse_str_unit(s, k));
}
TSE_STRING_LITERAL(template_str, ${TEMPLATE.length}, ${JSON.stringify(TEMPLATE)});
static void run(tse_ctx* ctx, const tse_regex* regex, const uint16_t* code_units, uint32_t length, int again, int split) {
  tse_str s = tse_str_from_units(ctx, code_units, length);
  tse_regexp* re = tse_regexp_new(ctx, regex);
  show(tse_regexp_exec(ctx, re, s), re);
  if (again) show(tse_regexp_exec(ctx, re, s), re);
  printf("r ");
  units(tse_str_replace_regexp(ctx, s, tse_regexp_new(ctx, regex), TSE_STR(template_str)));
  printf("\\nm ");
  tse_regexp_match* m = tse_str_match_regexp(ctx, s, tse_regexp_new(ctx, regex));
  if (m == NULL) printf("null");
  else if (regex->flag_bits & TSE_RX_GLOBAL) for (uint32_t g = 0; g < m->length; g++) { if (g) printf("|"); units(((tse_str*)m->data)[g]); }
  else printf("%.0f", m->index);
  printf("\\nt %d\\n", tse_regexp_test(ctx, tse_regexp_new(ctx, regex), s) ? 1 : 0);
  if (split) {
    tse_array* parts = tse_str_split_regexp(ctx, s, tse_regexp_new(ctx, regex), 0, false);
    printf("s ");
    for (uint32_t g = 0; g < parts->length; g++) { if (g) printf("|"); units(((tse_str*)parts->data)[g]); }
    printf("\\n");
  }
}
int main(void) {
  HARNESS_CONTEXT(ctx, arena)
${runs.join("\n")}
  printf("dynamic\\n");
  const tse_regex* dynamic;
${dynamicRuns.join("\n")}
  tse_arena_free(&arena);
  return 0;
}
`;
}


/**
 * Builds the harness for `cases`, runs it and expects Node's lines from the compiled tables and
 * the same lines from `new RegExp`'s engine. Returns how many lines were compared.
 */
export function expectNodeResults(cases: Case[], scratchName: string): number {
  const results = cases.map(expected);
  const dir = scratchDir(scratchName);
  fs.writeFileSync(path.join(dir, "harness.c"), harness(cases, results.map((r) => r.splits)));
  const binary = path.join(dir, "harness");
  const sanitize = process.env.REGEX_SANITIZE === "1" ? ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-g"] : [];
  const build = spawnSync("cc", [...sanitize, "-std=c11", "-O1", "-D_GNU_SOURCE", "-I", runtimeDir, "-I", path.join(repoRoot, "test", "regex"), path.join(dir, "harness.c"), ...RUNTIME.map((f) => path.join(runtimeDir, f)), "-o", binary, "-lm"], { encoding: "utf8" });
  expect(build.status, build.stderr).toBe(0);
  const result = spawnSync(binary, { encoding: "utf8", maxBuffer: 1 << 26 });
  expect(result.status, result.stderr + result.stdout.slice(-300)).toBe(0);
  const [literal, dynamic] = result.stdout.split("dynamic\n").map((half) => half.split("\n"));
  // The vendored engine (new RegExp) and the compiled tables give the same lines for the same pattern.
  expect(dynamic!.length).toBe(literal!.length);
  const disagree = literal!.flatMap((line, i) => (dynamic![i] === line ? [] : [`${line} (literal) vs ${dynamic![i]} (new RegExp)`]));
  expect(disagree.slice(0, 10)).toEqual([]);
  const actual = literal!;
  const labels = cases.flatMap((c, i) => results[i]!.lines.map(() => `/${c.pattern}/${c.flags} on ${JSON.stringify(c.inputs)}`));
  const wanted = results.flatMap((r) => r.lines);
  const wrong: string[] = [];
  wanted.forEach((line, i) => {
    if (actual[i] !== line) wrong.push(`${labels[i]}: node ${line}, compiled ${actual[i]}`);
  });
  expect(wrong.slice(0, 10)).toEqual([]);
  return wanted.length;
}
