/**
 * Regex stage 2: the parsed literal as a priority-ordered Thompson NFA for a Pike VM (as RE2
 * runs one): threads ordered by backtracking priority, capture slots per thread.
 *
 * JavaScript semantics compiled in statically:
 * - alternatives and greedy/lazy quantifiers become SPLITs whose preferred branch is the one a
 *   backtracking matcher tries first;
 * - every quantifier iteration starts with RESET of the groups inside it (RepeatMatcher step 4);
 * - an iteration beyond the minimum may not match the empty string: for a body that can match
 *   empty, the code is compiled twice, "nothing consumed yet in this iteration" and "consumed",
 *   and the end of the body in the first state FAILs. The state is part of the program counter,
 *   so two threads at one pc always have the same future, which is what makes the Pike VM's
 *   dropping of the lower-priority one exact.
 * Character sets come from refa, which applies the flags (i: Canonicalize, u: code points).
 */
import { AST } from "@eslint-community/regexpp";
import { refa } from "./refa.js";

import { CharRange, elementSet, mergeRanges } from "./charsets.js";

import { ParsedRegex, RegexRejection, shortened } from "./parse.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";

export enum Op {
  Char = 0, // a: the unit (code point under u)
  Set = 1, // a: set index
  Split = 2, // next first, then b
  Save = 3, // a: slot
  Reset = 4, // slots a..b-1 to -1
  Assert = 5, // a: AssertKind
  Look = 6, // a: entry of the lookahead's program, b: 1 when negative
  Match = 7,
  Fail = 8,
  LookMatch = 9, // end of a lookahead's program
}

export enum AssertKind {
  Start = 0,
  End = 1,
  LineStart = 2,
  LineEnd = 3,
  WordBoundary = 4,
  NotWordBoundary = 5,
}

export interface Inst {
  op: Op;
  a: number;
  b: number;
  next: number;
}

export interface Program {
  insts: Inst[];
  /** Character sets as sorted, disjoint, inclusive ranges. */
  sets: CharRange[][];
  entry: number;
  /** Slots: 2 per group including group 0. */
  slotCount: number;
  /** The set \w stands for under the flags (for \b). */
  wordSet: number;
  lookCount: number;
  /** refa's character sets equal the compiling Node's for every element (so its DFA is exact). */
  refaAgrees: boolean;
  /** A set holding every character a match can start with (-1: a match may be empty). */
  firstSet: number;
  /** Every alternative starts with ^ (no m): matches start only at 0. */
  anchoredStart: boolean;
}

/** More instructions than this is a pattern too large to compile (usually a large {n,m}). */
export const MAX_INSTRUCTIONS = 20000;

type Kont = (fresh: boolean) => number;

function memo(k: Kont): Kont {
  const cache: (number | undefined)[] = [undefined, undefined];
  return (fresh) => (cache[fresh ? 1 : 0] ??= k(fresh));
}

export function compileProgram(parsed: ParsedRegex): Program {
  const tooLarge = () =>
    new RegexRejection(diag.TSE2042, formatMessage(diag.TSE2042, { literal: shortened(parsed.literal.raw), max: MAX_INSTRUCTIONS }), CATALOGUE.TSE2042.hint, 0);
  if (estimatedSize(parsed.literal.pattern) > MAX_INSTRUCTIONS) throw tooLarge();
  try {
    return compileChecked(parsed, tooLarge);
  } catch (error) {
    // The compiler recurses once per instruction on a path; very long patterns exhaust the stack.
    if (error instanceof RangeError) throw tooLarge();
    throw error;
  }
}

/** An upper estimate of the instructions a node compiles to (copies per repetition, twice for empty-check bodies). */
function estimatedSize(node: AST.Node): number {
  switch (node.type) {
    case "Quantifier": {
      const copies = node.min + (node.max === Infinity ? 1 : node.max - node.min);
      return 2 + copies * (1 + estimatedSize(node.element) * (canMatchEmpty(node.element) ? 2 : 1));
    }
    case "Group":
    case "CapturingGroup":
    case "Pattern":
    case "Assertion":
      return 2 + ("alternatives" in node ? node.alternatives.reduce((n, a) => n + 1 + estimatedSize(a), 0) : 0);
    case "Alternative":
      return node.elements.reduce((n, e) => n + estimatedSize(e), 0);
    default:
      return 1;
  }
}

function compileChecked(parsed: ParsedRegex, tooLarge: () => RegexRejection): Program {
  const flags = parsed.flags;
  const refaFlags = { ignoreCase: flags.ignoreCase, multiline: flags.multiline, dotAll: flags.dotAll, unicode: flags.unicode };
  const insts: Inst[] = [];
  const sets: CharRange[][] = [];
  const setIndex = new Map<string, number>();
  const groupNumber = new Map<AST.CapturingGroup, number>(parsed.groups.map((g) => [g.node, g.index]));
  let lookCount = 0;

  const emit = (op: Op, a: number, b: number, next: number): number => {
    if (insts.length >= MAX_INSTRUCTIONS) throw tooLarge();
    insts.push({ op, a, b, next });
    return insts.length - 1;
  };
  const fail = emit(Op.Fail, 0, 0, 0);
  const addSet = (ranges: CharRange[]): number => {
    const key = ranges.map((r) => `${r.min}-${r.max}`).join(",");
    let index = setIndex.get(key);
    if (index === undefined) {
      index = sets.length;
      sets.push(ranges);
      setIndex.set(key, index);
    }
    return index;
  };
  const wordSet = addSet(refa().JS.createCharSet([{ kind: "word", negate: false }], refaFlags).ranges.map((r) => ({ min: r.min, max: r.max })));

  /** The groups inside a node, as a slot range for RESET. */
  const slotRange = (node: AST.Node): [number, number] | undefined => {
    const inside = parsed.groups.filter((g) => g.node.start >= node.start && g.node.end <= node.end);
    if (inside.length === 0) return undefined;
    const first = Math.min(...inside.map((g) => g.index));
    const last = Math.max(...inside.map((g) => g.index));
    return [2 * first, 2 * last + 2];
  };

  const alternatives = (alts: AST.Alternative[], fresh: boolean, k: Kont): number => {
    const kk = memo(k);
    let pc = sequence(alts[alts.length - 1]!.elements, 0, fresh, kk);
    for (let i = alts.length - 2; i >= 0; i--) {
      const first = sequence(alts[i]!.elements, 0, fresh, kk);
      pc = emit(Op.Split, 0, pc, first);
    }
    return pc;
  };

  const sequence = (elements: AST.Element[], i: number, fresh: boolean, k: Kont): number => {
    if (i === elements.length) return k(fresh);
    return element(elements[i]!, fresh, memo((f) => sequence(elements, i + 1, f, k)));
  };

  let refaAgrees = true;
  const consume = (node: AST.Character | AST.CharacterClass | AST.CharacterSet, k: Kont): number => {
    const next = k(false);
    if (node.type === "Character" && !flags.ignoreCase) return emit(Op.Char, node.value, 0, next);
    const set = elementSet(node, flags);
    refaAgrees &&= set.refaAgrees;
    if (set.ranges.length === 1 && set.ranges[0]!.min === set.ranges[0]!.max) return emit(Op.Char, set.ranges[0]!.min, 0, next);
    return emit(Op.Set, addSet(set.ranges), 0, next);
  };

  const element = (node: AST.Element, fresh: boolean, k: Kont): number => {
    switch (node.type) {
      case "Character":
      case "CharacterClass":
      case "CharacterSet":
        return consume(node, k);
      case "Group":
        return alternatives(node.alternatives, fresh, k);
      case "CapturingGroup": {
        const n = groupNumber.get(node)!;
        const body = alternatives(node.alternatives, fresh, memo((f) => emit(Op.Save, 2 * n + 1, 0, k(f))));
        return emit(Op.Save, 2 * n, 0, body);
      }
      case "Assertion":
        return assertion(node, fresh, k);
      case "Quantifier":
        return quantifier(node, fresh, k);
      default:
        throw new RegexRejection(diag.TSE2040, formatMessage(diag.TSE2040, { construct: node.raw }), CATALOGUE.TSE2040.hint, node.start);
    }
  };

  const assertion = (node: AST.Assertion, fresh: boolean, k: Kont): number => {
    switch (node.kind) {
      case "start":
        return emit(Op.Assert, flags.multiline ? AssertKind.LineStart : AssertKind.Start, 0, k(fresh));
      case "end":
        return emit(Op.Assert, flags.multiline ? AssertKind.LineEnd : AssertKind.End, 0, k(fresh));
      case "word":
        return emit(Op.Assert, node.negate ? AssertKind.NotWordBoundary : AssertKind.WordBoundary, 0, k(fresh));
      case "lookahead": {
        // Its own program, run at the position by a nested VM; atomic, as in JavaScript.
        const lookMatch = emit(Op.LookMatch, 0, 0, 0);
        const entry = alternatives(node.alternatives, false, () => lookMatch);
        lookCount++;
        return emit(Op.Look, entry, node.negate ? 1 : 0, k(fresh));
      }
      default:
        throw new RegexRejection(diag.TSE2040, `lookbehind in a regular expression is not supported`, "match the preceding text with a group", node.start);
    }
  };

  const quantifier = (node: AST.Quantifier, fresh: boolean, k: Kont): number => {
    const body = node.element;
    const slots = slotRange(body);
    const checked = canMatchEmpty(body);
    // One iteration: RESET the groups inside, then the body.
    const iteration = (f: boolean, end: Kont): number => {
      const start = element(body, f, end);
      return slots ? emit(Op.Reset, slots[0], slots[1], start) : start;
    };
    const kk = memo(k);
    // Optional iterations: with a finite maximum, `remaining` more; Infinity loops.
    const optional = (remaining: number): Kont => {
      if (remaining === 0) return kk;
      if (remaining === Infinity) {
        const heads: (number | undefined)[] = [undefined, undefined];
        const head = (f: boolean): number => {
          const existing = heads[f ? 1 : 0];
          if (existing !== undefined) return existing;
          const pc = emit(Op.Split, 0, 0, 0);
          heads[f ? 1 : 0] = pc;
          const enter = iteration(checked ? true : f, (g) => (checked && g ? fail : head(false)));
          const exit = kk(f);
          insts[pc]!.next = node.greedy ? enter : exit;
          insts[pc]!.b = node.greedy ? exit : enter;
          return pc;
        };
        return head;
      }
      const rest = memo(optional(remaining - 1));
      return memo((f) => {
        const enter = iteration(checked ? true : f, (g) => (checked && g ? fail : rest(g)));
        const exit = kk(f);
        return node.greedy ? emit(Op.Split, 0, exit, enter) : emit(Op.Split, 0, enter, exit);
      });
    };
    const mandatory = (count: number): Kont => {
      if (count === 0) return optional(node.max - node.min);
      const rest = memo(mandatory(count - 1));
      return (f) => iteration(f, rest);
    };
    return mandatory(node.min)(fresh);
  };

  const matchPc = emit(Op.Match, 0, 0, 0);
  const end = emit(Op.Save, 1, 0, matchPc);
  const body = alternatives(parsed.literal.pattern.alternatives, false, () => end);
  const entry = emit(Op.Save, 0, 0, body);
  // What a match can start with, for skipping ahead: a superset (assertions and lookaheads only narrow it).
  const first = (elements: AST.Element[]): CharRange[] | undefined => {
    const out: CharRange[] = [];
    for (const e of elements) {
      const f = firstOf(e);
      if (f === undefined) return undefined;
      out.push(...f.ranges);
      if (!f.nullable) return out;
    }
    return undefined; // the sequence can match empty
  };
  const firstOfAlternatives = (alts: AST.Alternative[]): CharRange[] | undefined => {
    const out: CharRange[] = [];
    for (const a of alts) {
      const f = first(a.elements);
      if (f === undefined) return undefined;
      out.push(...f);
    }
    return out;
  };
  const firstOf = (e: AST.Element): { ranges: CharRange[]; nullable: boolean } | undefined => {
    switch (e.type) {
      case "Character":
      case "CharacterClass":
      case "CharacterSet":
        return { ranges: elementSet(e, flags).ranges, nullable: false };
      case "Assertion":
        return { ranges: [], nullable: true };
      case "Group":
      case "CapturingGroup": {
        const ranges = firstOfAlternatives(e.alternatives);
        return ranges === undefined ? (canMatchEmpty(e) ? { ranges: allFirst(e.alternatives), nullable: true } : undefined) : { ranges, nullable: false };
      }
      case "Quantifier": {
        const inner = firstOf(e.element);
        if (inner === undefined) return undefined;
        return { ranges: inner.ranges, nullable: inner.nullable || e.min === 0 };
      }
      default:
        return undefined;
    }
  };
  // The chars a nullable group can start with when it does consume.
  const allFirst = (alts: AST.Alternative[]): CharRange[] => {
    const out: CharRange[] = [];
    for (const a of alts) {
      for (const e of a.elements) {
        const f = firstOf(e);
        if (f === undefined) return [{ min: 0, max: 0x10ffff }];
        out.push(...f.ranges);
        if (!f.nullable) break;
      }
    }
    return out;
  };
  const firstRanges = firstOfAlternatives(parsed.literal.pattern.alternatives);
  const firstSet = firstRanges === undefined ? -1 : addSet(mergeRanges(firstRanges));
  const anchoredStart = !flags.multiline && parsed.literal.pattern.alternatives.every((a) => a.elements[0]?.type === "Assertion" && a.elements[0].kind === "start");
  return { insts, sets, entry, slotCount: 2 * (parsed.groups.length + 1), wordSet, lookCount, refaAgrees, firstSet, anchoredStart };
}

/** Whether some path through the node consumes no character (assertions consume none). */
export function canMatchEmpty(node: AST.Node): boolean {
  switch (node.type) {
    case "Character":
    case "CharacterClass":
    case "CharacterSet":
      return false;
    case "Assertion":
    case "Backreference":
      return true;
    case "Quantifier":
      return node.min === 0 || canMatchEmpty(node.element);
    case "Group":
    case "CapturingGroup":
    case "Pattern":
      return node.alternatives.some((a) => canMatchEmpty(a));
    case "Alternative":
      return node.elements.every((e) => canMatchEmpty(e));
    default:
      return true;
  }
}
