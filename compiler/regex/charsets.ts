/**
 * The character set of one regex element (a character, class or escape) under the literal's
 * flags. refa computes it; where Unicode data decides membership (case-insensitive matching,
 * \p{...} property escapes) refa's tables can be older than V8's, so the set is also taken from
 * the compiling Node's own RegExp, which is the engine the TypeScript means. When the two differ,
 * Node's set is used and refa's automata (the DFA) are not.
 */
import { AST } from "@eslint-community/regexpp";
import { refa } from "./refa.js";

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

/** Code points with case relations: those case mapping changes, and what they map to. */
let caseRelated: Set<number> | undefined;
function caseUniverse(): Set<number> {
  if (caseRelated) return caseRelated;
  caseRelated = new Set();
  for (let c = 0; c <= 0x10ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const s = String.fromCodePoint(c);
    for (const mapped of [s.toLowerCase(), s.toUpperCase()]) {
      if (mapped === s) continue;
      caseRelated.add(c);
      const image = [...mapped];
      if (image.length === 1) caseRelated.add(image[0]!.codePointAt(0)!);
    }
  }
  return caseRelated;
}

function toRanges(member: (c: number) => boolean, max: number): CharRange[] {
  const ranges: CharRange[] = [];
  let start = -1;
  for (let c = 0; c <= max + 1; c++) {
    const m = c <= max && member(c);
    if (m && start < 0) start = c;
    if (!m && start >= 0) {
      ranges.push({ min: start, max: c - 1 });
      start = -1;
    }
  }
  return ranges;
}

/*
 * Node's set: every code unit tested without u. With u, a property escape tests every code
 * point; case-insensitivity alone only changes membership of case-related code points (no other
 * code point canonicalizes to, or from, anything else), so only those are tested and the rest
 * keep their case-sensitive membership.
 */
function nodeRanges(node: CharElement, flags: RegexFlags): CharRange[] {
  const raw = node.raw;
  const flagText = `${flags.ignoreCase ? "i" : ""}${flags.dotAll ? "s" : ""}${flags.unicode ? "u" : ""}`;
  const key = `${flagText}/${raw}`;
  const known = cache.get(key);
  if (known) return known;
  const re = new RegExp(`^(?:${raw})$`, flagText);
  let ranges: CharRange[];
  if (!flags.unicode) {
    ranges = toRanges((c) => re.test(String.fromCharCode(c)), 0xffff);
  } else if (/\\[pP]\{/.test(raw)) {
    ranges = toRanges((c) => re.test(String.fromCodePoint(c)), 0x10ffff);
  } else {
    const sensitive = refaSet(node, { ...flags, ignoreCase: false });
    const related = caseUniverse();
    const members = new Set<number>();
    for (const c of related) if (re.test(String.fromCodePoint(c))) members.add(c);
    ranges = [];
    for (const r of sensitive) {
      // Case-sensitive members that are not case-related stay members.
      let start = -1;
      for (let c = r.min; c <= r.max + 1; c++) {
        const m = c <= r.max && !related.has(c);
        if (m && start < 0) start = c;
        if (!m && start >= 0) {
          ranges.push({ min: start, max: c - 1 });
          start = -1;
        }
      }
    }
    for (const c of members) ranges.push({ min: c, max: c });
    ranges = mergeRanges(ranges);
  }
  cache.set(key, ranges);
  return ranges;
}

/** Sorted, merged ranges. */
export function mergeRanges(ranges: CharRange[]): CharRange[] {
  const sorted = [...ranges].sort((a, b) => a.min - b.min);
  const out: CharRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.min <= last.max + 1) last.max = Math.max(last.max, r.max);
    else out.push({ ...r });
  }
  return out;
}

function refaSet(node: CharElement, flags: RegexFlags): CharRange[] {
  const { JS } = refa();
  const set = JS.parseCharSet(node as Parameters<typeof JS.parseCharSet>[0], { ignoreCase: flags.ignoreCase, unicode: flags.unicode, dotAll: flags.dotAll, multiline: flags.multiline });
  return set.ranges.map((r) => ({ min: r.min, max: r.max }));
}

function usesUnicodeData(node: CharElement, flags: RegexFlags): boolean {
  return flags.ignoreCase || /\\[pP]\{/.test(node.raw);
}

export function elementSet(node: CharElement, flags: RegexFlags): ElementSet {
  const refaRanges = refaSet(node, flags);
  if (!usesUnicodeData(node, flags)) return { ranges: refaRanges, refaAgrees: true };
  const ranges = nodeRanges(node, flags);
  const same = ranges.length === refaRanges.length && ranges.every((r, i) => r.min === refaRanges[i]!.min && r.max === refaRanges[i]!.max);
  return { ranges, refaAgrees: same };
}
