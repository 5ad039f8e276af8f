/**
 * A regular expression literal in the IR: the tables compiler/regex builds from it, as plain data
 * (regex/dfa.ts's DfaTable is this DFA shape; the program is regex/program.ts's Program, the
 * fields the matcher reads). emit/c-regex.ts prints them as the static C tables runtime-c/regex.c
 * runs.
 */

export interface RegexTables {
  /** The literal as written (`/a+/g`), for a comment. */
  raw: string;
  source: string;
  flags: { global: boolean; ignoreCase: boolean; multiline: boolean; dotAll: boolean; unicode: boolean; sticky: boolean };
  /** Capture groups 1..n: their names (null when unnamed). */
  groups: { index: number; name: string | null }[];
  program: {
    /** `op` is regex/program.ts's Op; a, b, next as it says for each op. */
    insts: { op: number; a: number; b: number; next: number }[];
    /** Character sets as sorted, disjoint, inclusive ranges. */
    sets: { min: number; max: number }[][];
    entry: number;
    wordSet: number;
    firstSet: number;
    anchoredStart: boolean;
  };
  /** A minimized DFA for `test` without g/y, where refa's semantics agree with the program's. */
  dfa?: {
    /** Character classes: the class of each char below 256, then [start, class] for ranges above. */
    byteClass: number[];
    upperRanges: [number, number][];
    classCount: number;
    /** next[state * classCount + class]; -1 is the dead state. The initial state is 0. */
    next: number[];
    finals: boolean[];
    anchoredStart: boolean;
    anchoredEnd: boolean;
  };
  /**
   * A one-pass table (regex/onepass.ts) for `exec` and the rest on ASCII input, where the pattern
   * is anchored (a leading ^ without m, or y) and the next char always picks one way on.
   */
  onepass?: {
    /** The class of each ASCII char. */
    charClass: number[];
    classCount: number;
    /** steps[state * classCount + class]: the step on that char; its next is the next state's first step (next state * classCount), -1: none. State 0 is the start. */
    steps: OnePassStep[];
    /** Per state: the match it offers (next 0), or none (next -1). */
    matches: OnePassStep[];
    /** Slot writes the steps and matches point into: s >= 0 sets slot s to the position, ~s clears it. */
    actions: number[];
  };
}

/** The bits of a one-pass step's `conds` (runtime-c/tse.h TSE_RX_*): built by regex/onepass.ts, read by emit/c-regex-onepass.ts. */
export const OnePassFlag = {
  /** The path may be taken only at the input's start. */
  AtStart: 1,
  /** ... only at its end. */
  AtEnd: 2,
  /** The state stepped from has a match a char may meet (not only at the end), to be looked at before the step. */
  CheckMatch: 4,
  /** The step writes slots (a step without any flag is the runtime's fast path). */
  HasActions: 8,
  /** No way on (next is -1), so the fast path tests one byte, not two fields. */
  NoWay: 16,
} as const;

export interface OnePassStep {
  next: number;
  /** OnePassFlag bits. */
  conds: number;
  /** The state's match comes first: where it holds, it ends the search. */
  matchWins: boolean;
  action: number;
  actionCount: number;
}
