/**
 * A one-pass table (compiler/regex/onepass.ts) as straight-line C (issue 14): one label a state,
 * a switch on the char's class, slot writes as stores, anchors and match checks decided here where
 * the table says they cannot hold. It does what runtime-c/regex.c's rx_onepass does with the same
 * table, step for step, without reading the table: no step loads, no loop over a step's slot writes,
 * no division to find a state's match. A table with many steps keeps the interpreter (code size).
 */
import { OnePassFlag, type OnePassStep, type RegexTables } from "../ir/index.js";

type OnePass = NonNullable<RegexTables["onepass"]>;

const { AtStart: AT_START, AtEnd: AT_END, HasActions: HAS_ACTIONS } = OnePassFlag;

/** Steps (states x classes) above which the table stays data for rx_onepass: the code would be large. */
const MAX_CODE_STEPS = 384;

/** Whether the regex has a one-pass table that becomes code, `<cName>_op_run`. */
export function onePassAsCode(tables: RegexTables): boolean {
  return tables.onepass !== undefined && tables.onepass.steps.length <= MAX_CODE_STEPS;
}

/** Where a path with these anchors may be taken: a C condition, or a constant. */
function anchorsHold(conds: number, atEnd: boolean): string | boolean {
  if ((conds & AT_END) !== 0 && !atEnd) return false; // a step on a char is never at the input's end
  return (conds & AT_START) !== 0 ? "pos == 0" : true;
}

const and = (a: string | boolean, b: string | boolean): string | boolean => (a === false || b === false ? false : a === true ? b : b === true ? a : `${a} && ${b}`);
const not = (a: string | boolean): string | boolean => (typeof a === "boolean" ? !a : `!(${a})`);
const indented = (lines: string[], by = "  "): string[] => lines.map((l) => `${by}${l}`);
/** `if (condition) { lines }`. */
const guarded = (condition: string | boolean, lines: string[]): string[] => [`if (${condition}) {`, ...indented(lines), "}"];

/**
 * `static bool <cName>_op_run(tse_str s, uint32_t pos, int32_t* out)`: the match of `s` from
 * `pos` as rx_onepass(re, s, pos, slotCount, out) gives it. `s` is narrow (ASCII), as rx_onepass needs.
 */
export function emitOnePassCode(cName: string, onepass: OnePass, slotCount: number): string {
  const { classCount, steps, matches, actions } = onepass;
  const stateCount = steps.length / classCount;
  const writes = (step: OnePassStep, target: string): string[] =>
    actions.slice(step.action, step.action + step.actionCount).map((a) => (a >= 0 ? `${target}[${a}] = (int32_t)pos;` : `${target}[${~a}] = -1;`));

  /** On a char: whether the step may go on, and whether the state's match holds (C conditions or constants). */
  const onChar = (state: number, step: OnePassStep) => ({
    stepsOn: step.next >= 0 ? anchorsHold(step.conds, false) : false,
    matchHolds: matches[state]!.next >= 0 ? anchorsHold(matches[state]!.conds, false) : false,
  });
  // A match a state offers where a char may still step on is remembered in `best` while that way goes on.
  const remembering = steps.some((step, i) => {
    const { stepsOn, matchHolds } = onChar(Math.floor(i / classCount), step);
    return (step.conds & ~HAS_ACTIONS) !== 0 && matchHolds !== false && stepsOn !== false && !step.matchWins;
  });
  const giveUp = remembering ? ["if (matched) for (uint32_t i = 0; i < " + slotCount + "; i++) out[i] = best[i];", "return matched;"] : ["return false;"];

  const targets = new Set<number>();
  /** What a state does on a char whose step is `step` (rx_onepass's loop body, decided where it can be). */
  const stepCode = (state: number, step: OnePassStep): string[] => {
    const lines: string[] = [];
    if ((step.conds & ~HAS_ACTIONS) !== 0) {
      const match = matches[state]!;
      const { stepsOn, matchHolds } = onChar(state, step);
      if (matchHolds !== false) {
        const take = [...writes(match, "out"), "return true;"];
        const remember = [`for (uint32_t i = 0; i < ${slotCount}; i++) best[i] = out[i];`, ...writes(match, "best"), "matched = true;"];
        let body: string[];
        if (stepsOn === false || step.matchWins) body = take;
        else if (stepsOn === true) body = remember;
        else body = [...guarded(not(stepsOn), take), ...remember];
        if (matchHolds === true) {
          lines.push(...body);
          if (body === take) return lines;
        } else lines.push(...guarded(matchHolds, body));
      }
      if (stepsOn === false) return [...lines, ...giveUp];
      if (stepsOn !== true) lines.push(...guarded(not(stepsOn), giveUp));
    }
    const next = step.next / classCount;
    targets.add(next);
    return [...lines, ...writes(step, "out"), "pos++;", `goto s${next};`];
  };

  const states: string[][] = [];
  for (let state = 0; state < stateCount; state++) {
    const body: string[] = [];
    // The input's end: rx_onepass's end_of_input step (no way on; the state's match, if it holds there).
    const match = matches[state]!;
    const endHolds = match.next >= 0 ? and(anchorsHold(match.conds, true), (match.conds & AT_END) !== 0 ? "pos == length" : true) : false;
    const end: string[] = [];
    if (endHolds === true) end.push(...writes(match, "out"), "return true;");
    else {
      if (endHolds !== false) end.push(...guarded(endHolds, [...writes(match, "out"), "return true;"]));
      end.push(...giveUp);
    }
    body.push(...guarded("pos >= length", end));
    // Classes whose steps do the same share a case; the largest group is the default.
    const groups = new Map<string, number[]>();
    const codes = new Map<string, string[]>();
    for (let c = 0; c < classCount; c++) {
      const code = stepCode(state, steps[state * classCount + c]!);
      const key = code.join("\n");
      groups.set(key, [...(groups.get(key) ?? []), c]);
      codes.set(key, code);
    }
    const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
    if (ordered.length === 1) body.push(...codes.get(ordered[0]![0])!);
    else {
      body.push(`switch (${cName}_op_class[bytes[pos]]) {`);
      for (const [key, classes] of ordered.slice(1)) body.push(`  ${classes.map((c) => `case ${c}:`).join(" ")} {`, ...indented(codes.get(key)!, "    "), "  }");
      body.push("  default: {", ...indented(codes.get(ordered[0]![0])!, "    "), "  }", "}");
    }
    states.push(body);
  }

  const out = [
    `/* ${cName}'s one-pass table as code (emit/c-regex-onepass.ts): rx_onepass's steps, decided where they can be. */`,
    `static bool ${cName}_op_run(tse_str s, uint32_t pos, int32_t* out) {`,
    "  const unsigned char* const bytes = s->data; /* ASCII: narrow (rx_onepass) */",
    "  const uint32_t length = s->length;",
    "  (void)bytes;",
    `  for (uint32_t i = 0; i < ${slotCount}; i++) out[i] = -1;`,
  ];
  if (remembering) out.push(`  int32_t best[${slotCount}];`, "  bool matched = false;");
  states.forEach((body, state) => {
    if (targets.has(state)) out.push(`s${state}:`);
    out.push(...indented(body));
  });
  out.push("}");
  return out.join("\n");
}
