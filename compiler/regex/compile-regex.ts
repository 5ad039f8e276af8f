/**
 * The regex compiler's entry: a RegExp literal's text to what lowering and the C module need.
 * Stages: parse.ts (regexpp, rejections) -> program.ts (Pike VM program), dfa.ts (refa DFA) and
 * onepass.ts (one-pass table);
 * the result enters the IR as data (ir/regex.ts), which emit/c-regex.ts prints as static tables.
 */
import type { RegexTables } from "../ir/index.js";
import { buildDfa } from "./dfa.js";
import { CaptureGroup, parseRegexLiteral, RegexFlags } from "./parse.js";
import { buildOnePass } from "./onepass.js";
import { compileProgram } from "./program.js";

export { RegexRejection } from "./parse.js";

export interface CompiledRegex {
  flags: RegexFlags;
  groups: Omit<CaptureGroup, "node">[];
  tables: RegexTables;
}

/** Where compiled regular expressions are kept between builds (../regex-cache.ts). */
export interface RegexStore {
  get(text: string): CompiledRegex | undefined;
  set(text: string, compiled: CompiledRegex): void;
}

/** Throws RegexRejection for what cannot be compiled exactly (rejections are not stored). */
export function compileRegex(text: string, store?: RegexStore): CompiledRegex {
  const stored = store?.get(text);
  if (stored) return stored;
  const compiled = compileFresh(text);
  store?.set(text, compiled);
  return compiled;
}

function compileFresh(text: string): CompiledRegex {
  const parsed = parseRegexLiteral(text);
  const program = compileProgram(parsed);
  const dfa = program.refaAgrees ? buildDfa(parsed) : undefined;
  const onepass = buildOnePass(program, program.anchoredStart, parsed.flags.sticky);
  return {
    flags: parsed.flags,
    groups: parsed.groups.map(({ index, name, alwaysSet }) => ({ index, name, alwaysSet })),
    tables: {
      raw: parsed.literal.raw,
      source: parsed.source,
      flags: parsed.flags,
      groups: parsed.groups.map(({ index, name }) => ({ index, name })),
      program: { insts: program.insts, sets: program.sets, entry: program.entry, wordSet: program.wordSet, firstSet: program.firstSet, anchoredStart: program.anchoredStart },
      ...(dfa ? { dfa } : {}),
      ...(onepass ? { onepass } : {}),
    },
  };
}
