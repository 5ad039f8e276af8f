/**
 * The regex compiler's entry: a RegExp literal's text to what lowering and the C module need.
 * Stages: parse.ts (regexpp, rejections) -> program.ts (Pike VM program) and dfa.ts (refa DFA)
 * -> emit-c.ts (static tables).
 */
import { buildDfa } from "./dfa.js";
import { emitRegexC } from "./emit-c.js";
import { CaptureGroup, parseRegexLiteral, RegexFlags } from "./parse.js";
import { compileProgram } from "./program.js";

export { RegexRejection } from "./parse.js";

export interface CompiledRegex {
  flags: RegexFlags;
  groups: Omit<CaptureGroup, "node">[];
  emitC: (cName: string) => string;
}

/** Throws RegexRejection for what cannot be compiled exactly. */
export function compileRegex(text: string): CompiledRegex {
  const parsed = parseRegexLiteral(text);
  const program = compileProgram(parsed);
  const dfa = program.refaAgrees ? buildDfa(parsed) : undefined;
  return {
    flags: parsed.flags,
    groups: parsed.groups.map(({ index, name, alwaysSet }) => ({ index, name, alwaysSet })),
    emitC: (cName) => emitRegexC(cName, parsed, program, dfa),
  };
}
