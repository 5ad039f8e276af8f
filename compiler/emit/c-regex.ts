/**
 * A regular expression's tables (ir/regex.ts, built by compiler/regex) as static C data for
 * runtime-c/regex.c (tse_regex, declared in runtime-c/tse.h).
 */
import type { RegexTables } from "../ir/index.js";
import { emitOnePassCode, onePassAsCode } from "./c-regex-onepass.js";
import { stringLiteralDefinition } from "./c-types.js";

const FLAG_BITS: [keyof RegexTables["flags"], number][] = [
  ["global", 1],
  ["ignoreCase", 2],
  ["multiline", 4],
  ["dotAll", 8],
  ["unicode", 16],
  ["sticky", 32],
];

/** RegExp.prototype.flags order. */
function canonicalFlags(tables: RegexTables): string {
  const f = tables.flags;
  return [f.global ? "g" : "", f.ignoreCase ? "i" : "", f.multiline ? "m" : "", f.dotAll ? "s" : "", f.unicode ? "u" : "", f.sticky ? "y" : ""].join("");
}

/** Numbers as C initializer rows of at most `perLine`. */
function rows(values: (number | string)[], perLine = 16): string {
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += perLine) lines.push(`  ${values.slice(i, i + perLine).join(", ")},`);
  return lines.join("\n");
}

/** The one ASCII char every match starts with, or -1. */
function firstAscii(program: RegexTables["program"]): number {
  const ranges = program.firstSet < 0 ? [] : program.sets[program.firstSet]!;
  return ranges.length === 1 && ranges[0]!.min === ranges[0]!.max && ranges[0]!.min < 0x80 ? ranges[0]!.min : -1;
}

export function emitRegexC(cName: string, tables: RegexTables): string {
  const { program, dfa } = tables;
  const out: string[] = [`/* ${tables.raw.replace(/\*\//g, "*\\/")} */`];
  out.push(stringLiteralDefinition(`${cName}_source`, tables.source));
  out.push(stringLiteralDefinition(`${cName}_flags`, canonicalFlags(tables)));

  const named = tables.groups.some((g) => g.name !== null);
  if (named) {
    tables.groups.forEach((g) => {
      if (g.name !== null) out.push(stringLiteralDefinition(`${cName}_name_${g.index}`, g.name));
    });
    const names = tables.groups.map((g) => (g.name !== null ? `TSE_STR(${cName}_name_${g.index})` : "NULL"));
    out.push(`static const tse_str ${cName}_names[] = {${names.join(", ")}};`);
  }

  program.sets.forEach((ranges, i) => {
    const low = new Array<number>(8).fill(0);
    const upper: number[] = [];
    for (const { min, max } of ranges) {
      for (let c = min; c <= Math.min(max, 255); c++) low[c >> 5] = (low[c >> 5]! | (1 << (c & 31))) >>> 0;
      if (max >= 256) upper.push(Math.max(min, 256), max);
    }
    if (upper.length > 0) out.push(`static const uint32_t ${cName}_set_${i}_ranges[] = {\n${rows(upper)}\n};`);
    const lowText = low.map((w) => `0x${w.toString(16)}u`).join(", ");
    out.push(`#define ${cName}_SET_${i} {{${lowText}}, ${upper.length / 2}, ${upper.length > 0 ? `${cName}_set_${i}_ranges` : "NULL"}}`);
  });
  out.push(`static const tse_rx_set ${cName}_sets[] = {${program.sets.map((_, i) => `${cName}_SET_${i}`).join(", ")}};`);
  program.sets.forEach((_, i) => out.push(`#undef ${cName}_SET_${i}`));

  const insts = program.insts.map((inst) => `{${inst.op}, ${inst.a}, ${inst.b}, ${inst.next}}`);
  out.push(`static const tse_rx_inst ${cName}_insts[] = {\n${rows(insts, 6)}\n};`);

  if (dfa) {
    out.push(`static const uint16_t ${cName}_dfa_bytes[256] = {\n${rows(dfa.byteClass, 32)}\n};`);
    out.push(`static const uint32_t ${cName}_dfa_upper[] = {\n${rows(dfa.upperRanges.flat())}\n};`);
    out.push(`static const int32_t ${cName}_dfa_next[] = {\n${rows(dfa.next, 24)}\n};`);
    out.push(`static const uint8_t ${cName}_dfa_finals[] = {${dfa.finals.map((f) => (f ? 1 : 0)).join(", ")}};`);
    out.push(
      `static const tse_rx_dfa ${cName}_dfa = {${cName}_dfa_bytes, ${dfa.upperRanges.length}, ${cName}_dfa_upper, ${dfa.classCount}, ${cName}_dfa_next, ${cName}_dfa_finals, ${dfa.anchoredStart}, ${dfa.anchoredEnd}};`,
    );
  }

  const onepass = tables.onepass;
  if (onepass) {
    out.push(`static const uint8_t ${cName}_op_class[128] = {\n${rows(onepass.charClass, 32)}\n};`);
    if (onePassAsCode(tables)) {
      // The table as code: its steps are not data the runtime reads.
      out.push(emitOnePassCode(cName, onepass, 2 * (tables.groups.length + 1)));
      out.push(`static const tse_rx_onepass ${cName}_onepass = {${cName}_op_class, ${onepass.classCount}, NULL, NULL, NULL, ${cName}_op_run};`);
    } else {
      const step = (st: { next: number; conds: number; matchWins: boolean; action: number; actionCount: number }) => `{${st.next}, ${st.conds}, ${st.matchWins ? 1 : 0}, ${st.action}, ${st.actionCount}}`;
      out.push(`static const tse_rx_step ${cName}_op_steps[] = {\n${rows(onepass.steps.map(step), 6)}\n};`);
      out.push(`static const tse_rx_step ${cName}_op_matches[] = {\n${rows(onepass.matches.map(step), 6)}\n};`);
      const actions = onepass.actions.length > 0 ? onepass.actions : [0];
      out.push(`static const int16_t ${cName}_op_actions[] = {${actions.join(", ")}};`);
      out.push(`static const tse_rx_onepass ${cName}_onepass = {${cName}_op_class, ${onepass.classCount}, ${cName}_op_steps, ${cName}_op_matches, ${cName}_op_actions, NULL};`);
    }
  }

  const bits = FLAG_BITS.reduce((acc, [flag, bit]) => acc | (tables.flags[flag] ? bit : 0), 0);
  out.push(
    [
      `static const tse_regex ${cName} = {`,
      `  TSE_STR(${cName}_source), TSE_STR(${cName}_flags), ${bits}, ${tables.groups.length}, ${named ? `${cName}_names` : "NULL"},`,
      `  ${program.insts.length}, ${cName}_insts, ${program.entry}, ${cName}_sets, ${program.wordSet}, ${dfa ? `&${cName}_dfa` : "NULL"},`,
      `  ${program.firstSet}, ${firstAscii(program)}, ${program.anchoredStart}, ${onepass ? `&${cName}_onepass` : "NULL"},`,
      "};",
    ].join("\n"),
  );
  return out.join("\n");
}
