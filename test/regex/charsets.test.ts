/**
 * The character sets the regex compiler emits (compiler/regex/charsets.ts: refa's, or the compiling
 * Node's where Unicode data decides) against Node's own RegExp, for every code unit (every code
 * point under u): classes, escapes, properties and case-insensitive single characters. A
 * difference here would be a miscompiled match.
 */
import { RegExpParser } from "@eslint-community/regexpp";
import { describe, expect, it } from "vitest";

import { elementSet } from "../../compiler/regex/charsets.js";

const parser = new RegExpParser({ ecmaVersion: 2024 });

function emittedSet(literal: string): (c: number) => boolean {
  const ast = parser.parseLiteral(literal);
  const element = ast.pattern.alternatives[0]!.elements[0]!;
  const f = ast.flags;
  const { ranges } = elementSet(element as Parameters<typeof elementSet>[0], { ignoreCase: f.ignoreCase, unicode: f.unicode, dotAll: f.dotAll, multiline: f.multiline, global: false, sticky: false });
  return (c) => ranges.some((r) => r.min <= c && c <= r.max);
}

/** Code points where refa and Node disagree (at most a few, for the message). */
function differences(literal: string): string[] {
  const slash = literal.lastIndexOf("/");
  const flags = literal.slice(slash + 1);
  const node = new RegExp(`^(?:${literal.slice(1, slash)})$`, flags);
  const ours = emittedSet(literal);
  const max = flags.includes("u") ? 0x10ffff : 0xffff;
  const found: string[] = [];
  for (let c = 0; c <= max && found.length < 5; c++) {
    const s = flags.includes("u") ? String.fromCodePoint(c) : String.fromCharCode(c);
    if (node.test(s) !== ours(c)) found.push(`U+${c.toString(16).toUpperCase()}: node ${node.test(s)}`);
  }
  return found;
}

const CLASSES = [
  "/./", "/./s", "/./u", "/./su", "/\\s/", "/\\S/u", "/\\w/", "/\\w/i", "/\\w/iu", "/\\W/iu", "/\\d/", "/\\D/iu", "/[^a-z]/i", "/[^a-z]/iu",
  "/[a-z]/i", "/[a-z]/iu", "/[À-ÿ]/i", "/[α-ω]/i", "/[\\u0100-\\u017f]/i", "/[\\u0100-\\u017f]/iu", "/[^\\s\\S]/", "/[^]/u", "/[\\w-]/",
  "/\\p{L}/u", "/\\p{Lu}/iu", "/\\p{Ll}/u", "/\\P{L}/u", "/\\p{N}/u", "/\\p{Script=Greek}/u", "/\\p{Script_Extensions=Latin}/u", "/\\p{Emoji_Presentation}/u",
  "/\\p{White_Space}/u", "/\\p{Any}/u", "/\\p{ASCII}/u", "/[\\p{L}\\p{N}]/iu", "/[^\\p{L}]/u", "/\\p{Cased}/iu", "/\\p{Alphabetic}/u",
];

describe("regex character sets match Node's", () => {
  for (const literal of CLASSES) {
    it(literal, () => {
      expect(differences(literal)).toEqual([]);
    });
  }

  // Case-insensitive single characters: the equivalence class of every cased code unit/point.
  for (const flags of ["i", "iu"]) {
    it(`single characters under ${flags}`, () => {
      const unicode = flags.includes("u");
      const candidates: number[] = [];
      for (let c = 0; c <= (unicode ? 0x1ffff : 0xffff); c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        const s = String.fromCodePoint(c);
        if (s.toUpperCase() !== s || s.toLowerCase() !== s || /\p{Cased}/u.test(s)) candidates.push(c);
      }
      const pool = [...new Set([...candidates, ...candidates.flatMap((c) => [...String.fromCodePoint(c).toUpperCase(), ...String.fromCodePoint(c).toLowerCase()].map((x) => x.codePointAt(0)!))])];
      const wrong: string[] = [];
      for (const c of candidates) {
        const escaped = unicode ? `\\u{${c.toString(16)}}` : c > 0xffff ? "" : `\\u${c.toString(16).padStart(4, "0")}`;
        if (!escaped) continue;
        const ours = emittedSet(`/${escaped}/${flags}`);
        const node = new RegExp(`^${escaped}$`, flags);
        for (const d of pool) {
          if (!unicode && d > 0xffff) continue;
          if (node.test(String.fromCodePoint(d)) !== ours(d)) wrong.push(`${c.toString(16)}~${d.toString(16)}`);
        }
        if (wrong.length > 5) break;
      }
      expect(wrong).toEqual([]);
    });
  }
});
