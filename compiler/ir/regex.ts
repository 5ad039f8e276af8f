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
}
