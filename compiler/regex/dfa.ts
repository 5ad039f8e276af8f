/**
 * Regex stage 2b: a minimized DFA (refa: JS.Parser -> NFA -> DFA) for the question "is there a
 * match?", which `test` asks when neither `g` nor `y` needs the match's end. Built only for
 * patterns without assertions, apart from a leading `^` and a trailing `$` without `m`, which
 * anchor the search; otherwise (and past the size limit) the Pike VM answers.
 */
import { AST } from "@eslint-community/regexpp";
import type { DFA } from "refa";
import { refa } from "./refa.js";

import type { RegexTables } from "../ir/index.js";
import { classesOf } from "./classes.js";
import { ParsedRegex } from "./parse.js";

/** The table's shape is the IR's (ir/regex.ts): the DFA enters the IR as plain data. */
export type DfaTable = NonNullable<RegexTables["dfa"]>;

const MAX_DFA_STATES = 2000;
const MAX_TABLE_ENTRIES = 65536;

export function buildDfa(parsed: ParsedRegex): DfaTable | undefined {
  const anchors = findAnchors(parsed);
  if (!anchors) return undefined;
  const flags = parsed.flags;
  const { DFA, JS, NFA, TooManyNodesError } = refa();
  let dfa: DFA;
  try {
    const parser = JS.Parser.fromAst({ pattern: parsed.literal.pattern, flags: parsed.literal.flags });
    // The only assertions left are the anchors found above, handled by (not) prepending [^]*.
    const { expression, maxCharacter } = parser.parse({ backreferences: "throw", assertions: "ignore", maxNodes: 20000 });
    const nfa = NFA.fromRegex(expression, { maxCharacter });
    if (!anchors.start) nfa.prepend(NFA.all({ maxCharacter }));
    if (!anchors.end) nfa.append(NFA.all({ maxCharacter }));
    dfa = DFA.fromFA(nfa, new DFA.LimitedNodeFactory(MAX_DFA_STATES * 4));
    dfa.minimize();
  } catch (error) {
    if (error instanceof TooManyNodesError) return undefined;
    throw error;
  }
  const states = [...dfa.nodes()];
  if (states.length > MAX_DFA_STATES) return undefined;
  // The initial state first.
  states.splice(states.indexOf(dfa.initial), 1);
  states.unshift(dfa.initial);
  const stateIndex = new Map(states.map((s, i) => [s, i]));
  const maxChar = flags.unicode ? 0x10ffff : 0xffff;

  // Elementary intervals: split the alphabet wherever some transition's set starts or ends.
  const cuts = new Set<number>([0, maxChar + 1]);
  for (const state of states) {
    for (const [range] of state.out) {
      cuts.add(range.min);
      cuts.add(range.max + 1);
    }
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const targetAt = (state: DFA.Node, char: number): number => {
    const to = state.out.get(char);
    return to ? stateIndex.get(to)! : -1;
  };
  const { itemClass: intervalClass, representative } = classesOf(bounds.length - 1, (i) => states.map((s) => targetAt(s, bounds[i]!)).join(","));
  const classCount = representative.length;
  if (classCount * states.length > MAX_TABLE_ENTRIES) return undefined;
  const classOf = (char: number): number => {
    let lo = 0;
    let hi = bounds.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid]! <= char) lo = mid;
      else hi = mid - 1;
    }
    return intervalClass[lo]!;
  };
  const byteClass = Array.from({ length: 256 }, (_, c) => classOf(c));
  const upperRanges: [number, number][] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i]!;
    const end = bounds[i + 1]! - 1;
    if (end < 256) continue;
    const from = Math.max(start, 256);
    const cls = intervalClass[i]!;
    if (upperRanges.length > 0 && upperRanges[upperRanges.length - 1]![1] === cls) continue;
    upperRanges.push([from, cls]);
  }
  const next: number[] = [];
  for (let s = 0; s < states.length; s++) {
    for (let c = 0; c < classCount; c++) next.push(targetAt(states[s]!, bounds[representative[c]!]!));
  }
  return { byteClass, upperRanges, classCount, next, finals: states.map((s) => dfa.finals.has(s)), anchoredStart: anchors.start, anchoredEnd: anchors.end };
}

/** The anchors of a pattern whose only assertions are a leading ^ and a trailing $ (no m). */
function findAnchors(parsed: ParsedRegex): { start: boolean; end: boolean } | undefined {
  const alternatives = parsed.literal.pattern.alternatives;
  const elements = alternatives.length === 1 ? alternatives[0]!.elements : undefined;
  let start = false;
  let end = false;
  const allowed = new Set<AST.Node>();
  if (elements && !parsed.flags.multiline) {
    const first = elements[0];
    const last = elements[elements.length - 1];
    if (first?.type === "Assertion" && first.kind === "start") {
      start = true;
      allowed.add(first);
    }
    if (last?.type === "Assertion" && last.kind === "end") {
      end = true;
      allowed.add(last);
    }
  }
  let other = false;
  const visit = (node: AST.Node): void => {
    if (node.type === "Assertion" && !allowed.has(node)) other = true;
    if (node.type === "Backreference") other = true;
    if ("alternatives" in node) node.alternatives.forEach(visit);
    if (node.type === "Alternative") node.elements.forEach(visit);
    if (node.type === "Quantifier") visit(node.element);
  };
  visit(parsed.literal.pattern);
  return other ? undefined : { start, end };
}
