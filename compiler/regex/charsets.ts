/**
 * The character set of one regex element (a character, class or escape) under the literal's
 * flags. refa computes it; where Unicode data decides membership (case-insensitive matching,
 * \p{...} property escapes) refa's tables can be older than V8's, so the set is also taken from
 * the compiling Node's own RegExp, which is the engine the TypeScript means. When the two differ,
 * Node's set is used and refa's automata (the DFA) are not.
 */
import { AST } from "@eslint-community/regexpp";
import { JS } from "refa";

import { RegexFlags } from "./parse.js";

export interface CharRange {
  min: number;
  max: number;
}

export interface ElementSet {
  ranges: CharRange[];
  /** refa's set is the same, so refa's parse of the literal can be trusted for this element. */
  refaAgrees: boolean;
}

type CharElement = AST.Character | AST.CharacterClass | AST.CharacterSet;

const cache = new Map<string, CharRange[]>();

function nodeRanges(raw: string, flags: RegexFlags): CharRange[] {
  const flagText = `${flags.ignoreCase ? "i" : ""}${flags.dotAll ? "s" : ""}${flags.unicode ? "u" : ""}`;
  const key = `${flagText}/${raw}`;
  const known = cache.get(key);
  if (known) return known;
  const re = new RegExp(`^(?:${raw})$`, flagText);
  const max = flags.unicode ? 0x10ffff : 0xffff;
  const ranges: CharRange[] = [];
  let start = -1;
  for (let c = 0; c <= max + 1; c++) {
    const member = c <= max && re.test(flags.unicode ? String.fromCodePoint(c) : String.fromCharCode(c));
    if (member && start < 0) start = c;
    if (!member && start >= 0) {
      ranges.push({ min: start, max: c - 1 });
      start = -1;
    }
  }
  cache.set(key, ranges);
  return ranges;
}

function usesUnicodeData(node: CharElement, flags: RegexFlags): boolean {
  return flags.ignoreCase || /\\[pP]\{/.test(node.raw);
}

export function elementSet(node: CharElement, flags: RegexFlags): ElementSet {
  const refa = JS.parseCharSet(node as Parameters<typeof JS.parseCharSet>[0], { ignoreCase: flags.ignoreCase, unicode: flags.unicode, dotAll: flags.dotAll, multiline: flags.multiline });
  const refaRanges = refa.ranges.map((r) => ({ min: r.min, max: r.max }));
  if (!usesUnicodeData(node, flags)) return { ranges: refaRanges, refaAgrees: true };
  const ranges = nodeRanges(node.raw, flags);
  const same = ranges.length === refaRanges.length && ranges.every((r, i) => r.min === refaRanges[i]!.min && r.max === refaRanges[i]!.max);
  return { ranges, refaAgrees: same };
}
