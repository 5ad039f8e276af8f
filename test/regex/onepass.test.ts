/**
 * The one-pass matcher (compiler/regex/onepass.ts, runtime-c/regex.c rx_onepass) against Node:
 * anchored patterns (a leading ^ without m, or y) on ASCII inputs, which it serves, and on inputs
 * with other chars, which the general matcher serves; the results must be Node's either way.
 * Which patterns get a table is checked too, so the comparison cannot pass on the old path alone.
 * Small tables run as generated C (emit/c-regex-onepass.ts), large ones as data read by rx_onepass:
 * both are compared, and which one each pattern gets is checked.
 */
import { describe, expect, it } from "vitest";

import { emitRegexC } from "../../compiler/emit/c-regex.js";
import { compileRegex, RegexRejection } from "../../compiler/regex/compile-regex.js";
import { alternation, type Case, expectNodeResults, pick, random } from "./node-compare.js";

/** A one-pass pattern whose table (774 steps) stays data, above c-regex-onepass.ts's limit. */
const LARGE_TABLE = "^(?:alpha|beta|gamma|delta|epsilon|zeta|theta|iota|kappa|lambda)(\\d*)$";

/** Patterns the table serves, with the inputs that decide their results. */
const ONE_PASS: [string, string, string[]][] = [
  // examples/route_rules.ts
  ["^\\/api\\/v(\\d+)(?:\\/|$)", "", ["/api/v3/items", "/api/v12", "/api/v", "/api/vx/", "/api/v3x", "/api/v3/", "/api/v٣/", ""]],
  ["^Bearer\\s+([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)$", "i", ["Bearer abc_1.def-2", "bearer \t a.b", "Bearer a.b.c", "Bearer\u00a0a.b", "Bearer .b", "BEARER x.y ", "Bearer x."]],
  // captures of alternations, reset in each iteration
  ["^(?:(a)|(b)|(c))+", "", ["abcab", "cba", "x", "", "aé"]],
  ["^(?:(a)|b)+", "", ["ab", "ba", "bbb"]],
  ["^(a)|^(b)", "g", ["ab", "ba", "c"]],
  // lazy and greedy: a match passed over for a longer way, kept when that way fails
  ["^(\\w+?)-(\\d*)", "", ["ab-12x", "-1", "a-", "a_b-", "ab"]],
  ["^(a+?)$", "", ["aaa", "aab", "a", ""]],
  ["^(a+?)", "", ["aaa", "ab", ""]],
  ["^a*?", "g", ["aa", ""]],
  ["^(?:a|c)??(b)", "", ["cb", "ab", "b", "a"]],
  ["^(a+)(b)?", "", ["aab", "aac", "b", "aa"]],
  ["^(a|b)*?c", "", ["abac", "c", "ab", "abcc"]],
  ["^(?:ab|cd)+?$", "", ["abcd", "abc", "ab", "cdab"]],
  ["^x(?:|y)z", "", ["xz", "xyz", "xyyz"]],
  // empty matches, lastIndex with g and y
  ["^a*", "g", ["", "b", "aab", "aaa"]],
  ["a*", "y", ["", "b", "aab", "aaa"]],
  ["a|b", "gy", ["abc", "cab", "ab"]],
  ["^(?:)", "g", ["", "ab"]],
  ["(a)(b)?", "y", ["aba", "aab", "ba"]],
  // ^ with y: a sticky search past 0 runs the table, whose entry steps still check the start
  ["^(a)b", "y", ["abab", "ab", "b"]],
  ["^(a)b|^c", "gy", ["abab", "cab", "abc"]],
  // unicode and case folding (ASCII inputs here; the wide ones take the general matcher)
  ["^(.)(.)$", "u", ["ab", "a😀", "a\n"]],
  ["^[k]+$", "iu", ["kK", "k\u212a", "K"]],
  ["^([a-z]+)=(\\d+)$", "i", ["Key=42", "key=", "KEY=4é"]],
  // as generated C: a remembered match the longer way then fails, $ where a char may also step on,
  // ^ in a sticky pattern's entry steps and matches, an optional tail before $
  ["^(a+)(bc)?", "", ["aab", "aabc", "aabd", "a", "b"]],
  ["^a(?:b|$)c?", "", ["a", "ab", "abc", "ac", "abd", ""]],
  ["(?:^a)?b?", "y", ["ab", "b", "", "ba", "aab"]],
  ["(a|^b)c", "y", ["bc", "ac", "abc", "bcbc", "acbc"]],
  ["^(?:a|$)", "g", ["", "a", "b"]],
  ["^(\\d+)(?:\\.(\\d+))?$", "", ["1.2", "12", "1.", ".2", "1.2.3", ""]],
  // a table too large for code: rx_onepass reads it
  [LARGE_TABLE, "i", ["alpha1", "Lambda", "et", "theta22", "thetaX", "KAPPA", "iota1é", ""]],
];

/** Patterns it does not serve: both consuming ways share chars, a lookahead, \b, ^ under m, unanchored. */
const NOT_ONE_PASS = ["/^(a|ab)/", "/^(a+)+$/", "/^(a*?)(a*)b/", "/^(?=a)a/", "/^\\bab/", "/^a/m", "/a(b)/", "/^a|b/"];

const ASCII_UNITS = ["a", "b", "A", "k", "K", "-", "1", " ", "\n"];

function asciiInput(): string {
  let s = "";
  const n = random(9);
  for (let i = 0; i < n; i++) s += pick(ASCII_UNITS);
  return s;
}

describe("one-pass matcher", () => {
  it("is built for anchored patterns where the next char picks the way, and only those", () => {
    for (const [pattern, flags] of ONE_PASS) expect(compileRegex(`/${pattern}/${flags}`).tables.onepass, `/${pattern}/${flags}`).toBeDefined();
    for (const literal of NOT_ONE_PASS) expect(compileRegex(literal).tables.onepass, literal).toBeUndefined();
  });

  it("runs small tables as generated C and large ones as data", () => {
    const emitted = (pattern: string, flags: string) => emitRegexC("regex_0", compileRegex(`/${pattern}/${flags}`).tables);
    for (const [pattern, flags] of ONE_PASS.filter(([pattern]) => pattern !== LARGE_TABLE)) {
      const c = emitted(pattern, flags);
      expect(c, `/${pattern}/${flags}`).toContain("regex_0_op_run");
      expect(c, `/${pattern}/${flags}`).not.toContain("regex_0_op_steps");
    }
    const large = emitted(LARGE_TABLE, "i");
    expect(large).toContain("regex_0_op_steps");
    expect(large).not.toContain("regex_0_op_run");
  });

  it("gives Node's index, captures and lastIndex", () => {
    const cases: Case[] = ONE_PASS.map(([pattern, flags, inputs]) => ({ pattern, flags, inputs }));
    let served = 0;
    // Random anchored patterns: ^ without m, or y; mostly ASCII inputs, one with a wide char.
    for (let tries = 0; cases.length < ONE_PASS.length + 150 && tries < 20000; tries++) {
      const sticky = random(4) === 0;
      const pattern = (sticky ? "" : "^") + alternation(2);
      const flags = [random(2) ? "i" : "", random(3) === 0 ? "s" : "", random(2) ? "u" : "", sticky ? pick(["y", "gy"]) : pick(["", "g"])].join("");
      let onepass: boolean;
      try {
        new RegExp(pattern, flags);
        onepass = compileRegex(`/${pattern}/${flags}`).tables.onepass !== undefined;
      } catch (error) {
        if (error instanceof SyntaxError || error instanceof RegexRejection) continue;
        throw error;
      }
      // Keep mostly patterns the table serves.
      if (!onepass && random(4) !== 0) continue;
      if (onepass) served++;
      cases.push({ pattern, flags, inputs: [...Array.from({ length: 6 }, asciiInput), asciiInput() + "é", ""] });
    }
    expect(served).toBeGreaterThan(80);
    expect(expectNodeResults(cases, "regex-onepass")).toBeGreaterThan(1000);
  }, 600_000);
});
