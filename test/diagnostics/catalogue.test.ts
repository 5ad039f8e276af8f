/**
 * The diagnostics catalogue (compiler/diagnostics/catalogue.ts) is the one list of codes: the docs
 * table is the one it writes, every code is reported somewhere in the compiler and exercised by a
 * test case, and no compiler file spells a code outside it.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { CATALOGUE, DiagnosticCode, diagnosticsTable, docsAnchor, formatMessage } from "../../compiler/diagnostics/catalogue.js";
import { repoRoot } from "../helpers/paths.js";

/** Codes no test can trigger through the compiler, and why. */
const UNTESTABLE: Partial<Record<DiagnosticCode, string>> = {
  TSE2000: "never shown: it stops lowering after an error that was already reported",
  TSE2099: "an internal compiler error: only a bug in tsc2envoy triggers it (test/diagnostics/nesting.test.ts checks internalError maps exceptions to it)",
};

const docsPath = path.join(repoRoot, "docs", "diagnostics.md");
const codes = Object.keys(CATALOGUE) as DiagnosticCode[];
const shownCodes = codes.filter((code) => !("neverShown" in CATALOGUE[code]));

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => keep(f) && fs.statSync(f).isFile());
}

/** The codes of the docs table's rows. */
function documentedCodes(markdown: string): string[] {
  return [...markdown.matchAll(/^\| (?:<a id="[^"]*"><\/a>)?(TSE\d{4}) \|/gm)].map((m) => m[1]!);
}

/** Problems between the catalogue's codes and the docs' rows. */
function docsProblems(catalogued: readonly string[], documented: readonly string[]): string[] {
  return [
    ...catalogued.filter((c) => !documented.includes(c)).map((c) => `${c} has no entry in docs/diagnostics.md`),
    ...documented.filter((c) => !catalogued.includes(c)).map((c) => `docs/diagnostics.md lists ${c}, which the catalogue lacks`),
  ];
}

/** Codes no test source mentions as a quoted string ("TSE1234"). */
function untestedCodes(candidates: readonly string[], testSources: readonly string[]): string[] {
  return candidates.filter((code) => !testSources.some((text) => text.includes(`"${code}"`)));
}

describe("the diagnostics catalogue", () => {
  const docs = fs.readFileSync(docsPath, "utf8");

  it("is what docs/diagnostics.md lists, code for code", () => {
    expect(docsProblems(shownCodes, documentedCodes(docs))).toEqual([]);
  });

  it("writes the docs table as it stands (regenerate with diagnosticsTable())", () => {
    expect(docs).toContain(diagnosticsTable());
  });

  it("anchors each code where the docs table has it", () => {
    for (const code of shownCodes) expect(docs).toContain(`<a id="${docsAnchor(code).split("#")[1]}"></a>${code}`);
  });

  it("has a test case for every code that a program can trigger", () => {
    const thisFile = path.join(repoRoot, "test", "diagnostics", "catalogue.test.ts");
    const sources = filesUnder(path.join(repoRoot, "test"), (f) => f.endsWith(".test.ts") && f !== thisFile && !f.includes(`${path.sep}fuzz${path.sep}`)).map((f) => fs.readFileSync(f, "utf8"));
    const testable = codes.filter((code) => !(code in UNTESTABLE));
    expect(untestedCodes(testable, sources)).toEqual([]);
    expect(Object.keys(UNTESTABLE).filter((code) => !codes.includes(code as DiagnosticCode))).toEqual([]);
  });

  it("is the only place in compiler/ that spells a code, and every code is reported somewhere", () => {
    const catalogue = path.join(repoRoot, "compiler", "diagnostics", "catalogue.ts");
    const files = filesUnder(path.join(repoRoot, "compiler"), (f) => f.endsWith(".ts") && f !== catalogue);
    const texts = files.map((f) => fs.readFileSync(f, "utf8"));
    const bare = files.filter((_, i) => /["'`]TSE\d{4}/.test(texts[i]!)).map((f) => path.relative(repoRoot, f));
    expect(bare).toEqual([]);
    const reported = codes.filter((code) => texts.some((text) => text.includes(`diag.${code}`)));
    expect(codes.filter((code) => !reported.includes(code))).toEqual([]);
  });

  it("fills message templates", () => {
    expect(formatMessage("TSE2001", { what: "`for...in`" })).toBe("`for...in` is not supported yet");
    expect(formatMessage("TSE1024", { depth: 130, max: 128 })).toMatch(/^this is nested 130 levels deep; tsc2envoy compiles at most 128/);
  });
});

describe("the catalogue checks catch drift", () => {
  it("report a code missing from the docs and a documented code the catalogue lacks", () => {
    const documented = documentedCodes('| <a id="tse1001"></a>TSE1001 | a |\n| TSE2021 | b |\n');
    expect(documented).toEqual(["TSE1001", "TSE2021"]);
    expect(docsProblems(["TSE1001", "TSE2030"], documented)).toEqual(["TSE2030 has no entry in docs/diagnostics.md", "docs/diagnostics.md lists TSE2021, which the catalogue lacks"]);
  });

  it("report a code no test mentions", () => {
    expect(untestedCodes(["TSE1012", "TSE1017"], ['{ code: "TSE1017" }', "TSE1012 without quotes"])).toEqual(["TSE1012"]);
  });
});
