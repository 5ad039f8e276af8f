/**
 * Regex stage 2c: a one-pass table (the idea of RE2's OnePass, built here from our own program)
 * for patterns anchored at their start: where, at every point of a match, the next ASCII char
 * picks at most one way on, `exec` runs one table step per char, writes capture slots as it goes
 * and never backtracks. ASCII only: the runtime keeps an ASCII string in one byte a char, and a
 * string with any other char takes the general matcher.
 *
 * A state is a program counter a consuming instruction leads to (and the entry). From it, the
 * paths that consume nothing, in the program's priority order (SPLIT: next before b), end at a
 * consuming instruction (CHAR/SET), at MATCH or at FAIL; each carries its slot writes (SAVE,
 * RESET) and the anchors it passed (^, $ without m). The table exists only when, in every state:
 * - no two paths consume the same char;
 * - at most one path reaches MATCH (paths after an unconditional MATCH are cut, as the Pike VM
 *   cuts threads of lower priority than a match);
 * - nothing else is on a path: lookahead, \b, ^/$ under m give no table.
 * A path reaching a pc another path reached first is dropped, as the Pike VM drops the thread of
 * lower priority, when the first path needed no anchor the second lacks (else no table). The
 * match a state offers is taken when it comes first for the next char (or nothing consumes it),
 * else remembered while the consuming path goes on: if that one fails, the remembered match is
 * the one backtracking would fall back to.
 */
import { OnePassFlag, type RegexTables } from "../ir/index.js";
import { classesOf } from "./classes.js";
import { AssertKind, Op, Program } from "./program.js";

/** The table's shape is the IR's (ir/regex.ts). */
export type OnePassTable = NonNullable<RegexTables["onepass"]>;
type Step = OnePassTable["steps"][number];

const { AtStart: AT_START, AtEnd: AT_END, CheckMatch: CHECK_MATCH, HasActions: HAS_ACTIONS, NoWay: NO_WAY } = OnePassFlag;

/** The runtime's fixed capture buffer (runtime-c/regex.c RX_ONEPASS_MAX_SLOTS). */
export const MAX_ONEPASS_SLOTS = 32;
const MAX_STATES = 1024;
const MAX_TABLE_ENTRIES = 16384;
const MAX_ACTIONS = 16384;
/** Chars a one-pass search reads: ASCII (the runtime's narrow strings). */
const CHARS = 128;

interface Path {
  conds: number;
  /** Slot writes in order: s >= 0 sets slot s to the position, ~s clears slot s. */
  actions: number[];
  /** The consuming instruction, or -1 for MATCH. */
  inst: number;
}

class NotOnePass extends Error {}

/** The paths from `pc` to the next consuming instruction or MATCH, in priority order. */
function closure(program: Program, pc: number): Path[] {
  const reached = new Map<number, number>(); // pc -> anchors of the path that reached it first
  const paths: Path[] = [];
  const visit = (at: number, conds: number, actions: number[]): void => {
    const first = reached.get(at);
    if (first !== undefined) {
      // The earlier path is taken wherever this one could be: this one is dropped, as by the VM.
      if ((first & ~conds) === 0) return;
      throw new NotOnePass();
    }
    reached.set(at, conds);
    const inst = program.insts[at]!;
    switch (inst.op) {
      case Op.Char:
      case Op.Set:
        paths.push({ conds, actions, inst: at });
        return;
      case Op.Match:
        paths.push({ conds, actions, inst: -1 });
        return;
      case Op.Fail:
        return;
      case Op.Split:
        visit(inst.next, conds, actions);
        visit(inst.b, conds, actions);
        return;
      case Op.Save:
        visit(inst.next, conds, [...actions, inst.a]);
        return;
      case Op.Reset: {
        const cleared: number[] = [];
        for (let slot = inst.a; slot < inst.b; slot++) cleared.push(~slot);
        visit(inst.next, conds, [...actions, ...cleared]);
        return;
      }
      case Op.Assert:
        if (inst.a === AssertKind.Start) return visit(inst.next, conds | AT_START, actions);
        if (inst.a === AssertKind.End) return visit(inst.next, conds | AT_END, actions);
        throw new NotOnePass();
      default:
        throw new NotOnePass();
    }
  };
  visit(pc, 0, []);
  return paths;
}

/** Whether the instruction consumes `c` (an ASCII char). */
function consumes(program: Program, pc: number, c: number): boolean {
  const inst = program.insts[pc]!;
  if (inst.op === Op.Char) return inst.a === c;
  return program.sets[inst.a]!.some((r) => r.min <= c && c <= r.max);
}

/** The one-pass table of a program whose matches start only at their search's start, or undefined. */
export function buildOnePass(program: Program, anchoredStart: boolean, sticky: boolean): OnePassTable | undefined {
  if (!anchoredStart && !sticky) return undefined;
  if (program.slotCount > MAX_ONEPASS_SLOTS || program.lookCount > 0) return undefined;
  try {
    return build(program, sticky);
  } catch (error) {
    if (error instanceof NotOnePass) return undefined;
    throw error;
  }
}

function build(program: Program, sticky: boolean): OnePassTable | undefined {
  const stateOf = new Map<number, number>([[program.entry, 0]]);
  const queue = [program.entry];
  const actions: number[] = [];
  const addActions = (list: number[]): number => {
    const at = actions.length;
    actions.push(...list);
    return at;
  };
  const none: Step = { next: -1, conds: 0, matchWins: false, action: 0, actionCount: 0 };
  /** Per state: the step for each char, and its match. */
  const rows: Step[][] = [];
  const matches: Step[] = [];
  for (let s = 0; s < queue.length; s++) {
    if (queue.length > MAX_STATES || actions.length > MAX_ACTIONS) return undefined;
    const paths = closure(program, queue[s]!);
    const cut = paths.findIndex((p) => p.inst < 0 && p.conds === 0);
    const live = cut < 0 ? paths : paths.slice(0, cut + 1);
    const matchPaths = live.filter((p) => p.inst < 0);
    if (matchPaths.length > 1) return undefined;
    const matchAt = live.findIndex((p) => p.inst < 0);
    const match = matchPaths[0];
    matches.push(match ? { next: 0, conds: match.conds, matchWins: false, action: addActions(match.actions), actionCount: match.actions.length } : none);
    const row: Step[] = [];
    const stepOf = new Map<number, Step>();
    for (let c = 0; c < CHARS; c++) {
      // A path needing the end of the input never consumes.
      const taking = live.map((p, i) => ({ p, i })).filter(({ p }) => p.inst >= 0 && (p.conds & AT_END) === 0 && consumes(program, p.inst, c));
      if (taking.length > 1) return undefined;
      const only = taking[0];
      if (only === undefined) {
        row.push(none);
        continue;
      }
      let step = stepOf.get(only.i);
      if (step === undefined) {
        const target = program.insts[only.p.inst]!.next;
        let next = stateOf.get(target);
        if (next === undefined) {
          next = queue.length;
          stateOf.set(target, next);
          queue.push(target);
        }
        step = { next, conds: only.p.conds, matchWins: matchAt >= 0 && matchAt < only.i, action: addActions(only.p.actions), actionCount: only.p.actions.length };
        stepOf.set(only.i, step);
      }
      row.push(step);
    }
    rows.push(row);
  }
  // Chars whose steps agree in every state share a class.
  const key = (step: Step) => `${step.next},${step.conds},${step.matchWins},${step.action},${step.actionCount}`;
  const { itemClass: charClass, representative: classChar } = classesOf(CHARS, (c) => rows.map((row) => key(row[c]!)).join(";"));
  if (rows.length * classChar.length > MAX_TABLE_ENTRIES) return undefined;
  // A step's next is the next state's first step; a step out of a state with a match says so,
  // unless the match needs the end of the input, which a step on a char is never at.
  const classCount = classChar.length;
  const offersMatch = (s: number) => matches[s]!.next >= 0 && (matches[s]!.conds & AT_END) === 0;
  // Without `y` the runtime runs the table from position 0 only (runtime-c/regex.c rx_match_at):
  // where no step leads back to the entry state, its steps are always taken at the start.
  const entryOnlyAtStart = !sticky && !rows.some((row) => row.some((step) => step.next === 0));
  const steps = rows.flatMap((row, s) =>
    classChar.map((c) => {
      const step = row[c]!;
      const flags = (offersMatch(s) ? CHECK_MATCH : 0) | (step.actionCount > 0 ? HAS_ACTIONS : 0) | (step.next < 0 ? NO_WAY : 0);
      const conds = s === 0 && entryOnlyAtStart ? step.conds & ~AT_START : step.conds;
      return { ...step, next: step.next < 0 ? -1 : step.next * classCount, conds: conds | flags };
    }),
  );
  return { charClass, classCount, steps, matches, actions };
}
