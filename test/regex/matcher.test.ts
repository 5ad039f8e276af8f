/**
 * The compiled matcher against Node's RegExp on random patterns and inputs: each pattern's tables
 * (compiler/regex/) are linked with runtime-c/regex.c into one program that runs exec (and, for
 * g/y, a second exec from the lastIndex the first left), replace, match and split on every input;
 * the match index, captures, lastIndex and results must equal Node's. The patterns mix what decides JavaScript's results: alternation
 * order, greedy and lazy quantifiers, nested groups in loops, empty bodies, anchors, \b,
 * lookahead, case folding and surrogate pairs. Each pattern also runs compiled at run time by
 * the vendored engine behind `new RegExp` (runtime-c/regex_dynamic.c): both must give the same lines.
 */
import { describe, expect, it } from "vitest";

import { compileRegex, RegexRejection } from "../../compiler/regex/compile-regex.js";
import { alternation, type Case, DOT_PREFIXES, expectNodeResults, pick, random, randomInput } from "./node-compare.js";

describe("compiled matcher against Node on random patterns", () => {
  it("gives Node's index, captures and lastIndex", () => {
    const cases: Case[] = [];
    while (cases.length < 400) {
      // Every fifth pattern starts with `.*` or `^.*` (new RegExp's fast path for them); the rest start as generated (its first-unit skip).
      const [before, after] = cases.length % 5 === 1 ? DOT_PREFIXES[Math.floor(cases.length / 5) % DOT_PREFIXES.length]! : ["", ""];
      const pattern = before + alternation(3) + after;
      const flags = [random(2) ? "i" : "", random(3) === 0 ? "m" : "", random(3) === 0 ? "s" : "", random(2) ? "u" : "", pick(["", "", "g", "y"])].join("");
      try {
        new RegExp(pattern, flags);
        compileRegex(`/${pattern}/${flags}`);
      } catch (error) {
        if (error instanceof SyntaxError || error instanceof RegexRejection) continue;
        throw error;
      }
      cases.push({ pattern, flags, inputs: Array.from({ length: 8 }, randomInput) });
    }
    // Large programs (the VM's scratch memory continues in the arena) on long inputs.
    const long = (n: number): string => Array.from({ length: n }, () => pick(["a", "b", "c", " ", "é"])).join("");
    for (const [pattern, flags] of [["(?:a|b|c){3,300}?c", ""], ["((a)|b)*?(?=c)c{0,50}", "g"], ["(?:(a+)|(b+)|\\s)+$", "u"], ["(?=(\\w{0,40}))\\w+c", "gi"], ["(?:(?:a|ab)(?:c|bcd)){1,20}(?!x)", "y"]] as const) {
      cases.push({ pattern, flags, inputs: [long(400), long(1200), "abc".repeat(100), ""] });
    }
    // new RegExp's fast paths on long inputs (regex_dynamic.c): the first-unit skip (one unit by memchr, a set,
    // units from 256 up, case folding, surrogate pairs), its fall-back to libregexp's loop after many
    // attempts or dense start units, and `^.*R` / `.*R` with the line terminators (\n \r \u2028 \u2029) under m and s.
    const body = (n: number, end: string): string => "a".repeat(n) + end;
    const waf = [body(1500, ""), body(1500, "curl"), body(1500, "\ncurl"), body(1000, "\r") + "wget" + body(10, ""), body(1000, "\u2028wget"), "wg\u2029et\ncurl", "é".repeat(50) + "wget", `x${"c".repeat(1200)}curlx`, ""];
    for (const [pattern, flags] of [
      ["^.*(curl|wget).*", ""], ["^.*(curl|wget).*", "m"], ["^.*(curl|wget).*", "s"], ["^.*(CURL|WGET)", "i"], ["^.*?(curl|wget)", "u"],
      [".*(curl|wget)", "g"], [".*(curl|wget).*", "ms"], ["^.*(?:curl|wget)", "y"], ["^.*$", ""], [".*", "g"], ["^(curl|wget)", "g"],
      ["curl|wget", ""], ["(c)(u)rl|wget", "g"], ["c+url", ""], ["[c-w]+(?=url)", "g"], ["\\bcurl", "i"], ["(?:x|c)url", "u"], ["a{2}c", ""], ["ac|é+w", "g"],
    ] as const) {
      cases.push({ pattern, flags, inputs: waf });
    }
    // Over 1000 start positions to try, sparse enough to skip to: the fall-back after 1000 attempts.
    for (const [pattern, flags] of [["(c)(u)rl|wget", "g"], ["^.*(curl|wget)", ""], ["c+url", "i"]] as const) {
      cases.push({ pattern, flags, inputs: [("c" + "a".repeat(9)).repeat(1100) + "curl", ("c" + "a".repeat(9)).repeat(1100)] });
    }
    for (const [pattern, flags] of [["\\ud83d\\ude00|k", "u"], ["\\ude00", "u"], ["\\ude00", ""], ["K", "iu"], ["ſ", "i"], ["[\\u{1F600}-\\u{1F601}]b", "u"]] as const) {
      cases.push({ pattern, flags, inputs: ["a😀b".repeat(700) + "\u212a", "😀b", "\ude00\ud83d\ude00", "ſs", "xK"] });
    }
    const compared = expectNodeResults(cases, "regex-matcher");
    expect(compared).toBeGreaterThan(3000);
    // One C build of the runtime, both engines and 400 patterns' tables: over a minute on 2 idle cores, over five on busy ones.
  }, 600_000);
});
