/**
 * How the CLI prints diagnostics (docs/diagnostics.md), run as a user runs it: plain lines off a
 * terminal, colour and code frames on request, --format json, the order, hints, related places,
 * config types, node_modules and helper modules.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { runCli } from "../helpers/cli.js";
import { repoRoot, scratchDir } from "../helpers/paths.js";

const ANSI = /\x1b\[[0-9;]*m/g;
const header = 'import { registerHttpFilter, RequestHeadersStatus, log, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";\n';

function hook(statements: string, before = ""): string {
  return `${header}${before}class F implements HttpFilter {\n  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {\n${statements}\n    return RequestHeadersStatus.Continue;\n  }\n}\nregisterHttpFilter("f", () => new F());\n`;
}

/** Writes `files` into a fresh directory; returns the path of the first one. */
function project(files: Record<string, string>): string {
  const dir = scratchDir("diagnostics-output");
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return path.join(dir, Object.keys(files)[0]!);
}

/** As the CLI prints it: relative to its working directory (the repository root). */
const shown = (file: string) => path.relative(repoRoot, file);

const anyFilter = () => project({ "any.ts": hook("    const v: any = 1;\n    log.info(String(v));") });

interface JsonReport {
  diagnostics: { file: string; line: number; column: number; endLine?: number; endColumn?: number; code: string; category: string; message: string; hint?: string; related: { file: string; line: number; column: number; message: string }[] }[];
  errorCount: number;
  entries: { entry: string; ok: boolean; errorCount: number; helperModule?: boolean; wrote?: string[] }[];
}

describe("diagnostics output", () => {
  it("is plain off a terminal: one $tsc-shaped line, the hint, the summary; no colour, no code frame", async () => {
    const file = anyFilter();
    const result = await runCli(["check", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).not.toMatch(ANSI);
    expect(result.stderr).toBe(
      [
        `${shown(file)}:4:14 - error TSE1001: type \`any\` turns off checking, so nothing can be compiled for it`,
        "  hint: declare the precise type; for JSON use an interface that describes it",
        `Found 1 error in ${shown(file)}:4`,
      ].join("\n"),
    );
  });

  it("is coloured with a code frame under FORCE_COLOR and --color; the first line is the plain one without colour", async () => {
    const file = anyFilter();
    for (const [args, env] of [[["check", file], { FORCE_COLOR: "1" }], [["check", "--color", file], {}]] as const) {
      const result = await runCli([...args], env);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(ANSI);
      const plain = result.stderr.replace(ANSI, "");
      const lines = plain.split("\n");
      expect(lines[0]).toBe(`${shown(file)}:4:14 - error TSE1001: type \`any\` turns off checking, so nothing can be compiled for it`);
      // The marked line, with `any` underlined (3 carets under columns 14-16), and context around it.
      const marked = lines.findIndex((l) => l.startsWith(">"));
      expect(lines[marked]).toBe("> 4 |     const v: any = 1;");
      expect(lines[marked + 1]).toBe("    |              ^^^");
      expect(lines[marked - 1]).toContain(" 3 |   onRequestHeaders(");
      expect(lines[marked + 1]!.indexOf("^")).toBe(lines[marked]!.indexOf("any"));
      expect(plain).toContain("  hint: declare the precise type");
      expect(plain).toContain(`Found 1 error in ${shown(file)}:4`);
    }
  });

  it("is plain with --no-color or NO_COLOR, even with FORCE_COLOR", async () => {
    const file = anyFilter();
    for (const [args, env] of [[["check", "--no-color", file], { FORCE_COLOR: "1" }], [["check", file], { FORCE_COLOR: "1", NO_COLOR: "1" }], [["check", file], { FORCE_COLOR: "0" }]] as const) {
      const result = await runCli([...args], env);
      expect(result.stderr).not.toMatch(ANSI);
      expect(result.stderr).not.toContain(" | ");
      expect(result.stderr).toContain(`${shown(file)}:4:14 - error TSE1001`);
    }
  });

  it("--format json prints one JSON document on stdout, with places, ends, hints and related places", async () => {
    const file = project({ "json.ts": hook("    log.info(String(twice()));\n    const v: any = 1;\n    log.info(String(v));", "function twice(n: number): number { return n * 2; }\n") });
    const result = await runCli(["check", "--format", "json", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.errorCount).toBe(2);
    expect(report.entries).toEqual([{ entry: file, ok: false, errorCount: 2 }]);
    expect(report.diagnostics[0]).toEqual({
      file: shown(file),
      line: 5,
      column: 21,
      endLine: 5,
      endColumn: 26,
      code: "TS2554",
      category: "error",
      message: "Expected 1 arguments, but got 0.",
      related: [{ file: shown(file), line: 2, column: 16, endLine: 2, endColumn: 25, message: "An argument for 'n' was not provided." }],
    });
    expect(report.diagnostics[1]).toMatchObject({ line: 6, column: 14, endColumn: 17, code: "TSE1001", hint: expect.stringContaining("declare the precise type") });
  });

  it("build --format json reports what it wrote in the JSON and prints nothing else on stdout", async () => {
    const out = scratchDir("diagnostics-output-build");
    const result = await runCli(["build", "--format", "json", "examples/passthrough.ts", "-o", out]);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report).toEqual({ diagnostics: [], errorCount: 0, entries: [{ entry: "examples/passthrough.ts", ok: true, errorCount: 0, wrote: [path.join(out, "libpassthrough.so")] }] });
  });

  it("sorts TypeScript's and the compiler's errors together by line and column", async () => {
    const file = project({ "mixed.ts": `${header}let counter = 0;\n${hook('    const n: number = "x";\n    const v: any = n;\n    log.info(String(v) + String(counter));').slice(header.length)}` });
    const result = await runCli(["check", "--format", "json", file]);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(["TSE1009@2:1", "TS2322@5:11", "TSE1001@6:14"]);
    const text = await runCli(["check", file]);
    const heads = text.stderr.split("\n").filter((l) => l.includes(" - error "));
    expect(heads.map((l) => /error (\w+):/.exec(l)![1])).toEqual(["TSE1009", "TS2322", "TSE1001"]);
  });

  it("replaces TypeScript's @types/node, dom and lib advice with Envoy-specific hints", async () => {
    const file = project({
      "globals.ts": hook('    log.info(process.env.HOME ?? "");\n    console.log("x");\n    setTimeout(() => {}, 1);\n    log.info(String(Object.groupBy([1], (n: number) => String(n))));\n    log.info(Buffer.from("x").toString());'),
    });
    const result = await runCli(["check", "--format", "json", file]);
    const report = JSON.parse(result.stdout) as JsonReport;
    const byName = (name: string) => report.diagnostics.find((d) => d.message.includes(`'${name}'`));
    for (const d of report.diagnostics) expect(d.message).not.toMatch(/@types\/node|npm i|'dom'|'lib' compiler option|Do you need/);
    expect(byName("process")).toMatchObject({ code: expect.stringMatching(/^TS25(80|91)$/), message: "Cannot find name 'process'.", hint: expect.stringContaining("filter's config") });
    expect(byName("console")).toMatchObject({ code: "TS2584", message: "Cannot find name 'console'.", hint: expect.stringContaining("log.info(message)") });
    expect(byName("setTimeout")!.hint).toContain("cannot wait");
    expect(byName("groupBy")).toMatchObject({ code: "TS2550", hint: expect.stringContaining("ES2022") });
    expect(byName("Buffer")!.hint).toContain("strings");
  });

  it("reports every config-type problem at once (JSON shape and type mapping alike), each at its field, with the config parameter as a related place", async () => {
    const file = project({
      "config.ts": `${header}class Part { x = 1; }\ninterface Config {\n  name: string;\n  table: Map<string, string>;\n  part: Part;\n  either: Record<string, string> | { a: number };\n  nested: { parts: Part[] };\n  when: Date;\n  count: bigint;\n}\nclass F implements HttpFilter {\n  constructor(private readonly config: Config) {}\n  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {\n    log.info(this.config.name);\n    return RequestHeadersStatus.Continue;\n  }\n}\nregisterHttpFilter("f", (config: Config) => new F(config));\n`,
    });
    const result = await runCli(["check", "--format", "json", file]);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.diagnostics.map((d) => `${d.code}@${d.line}:${d.column} ${d.message.split(":")[0]}`)).toEqual([
      "TSE3006@5:10 field `table`",
      "TSE3006@6:9 field `part`",
      "TSE3006@7:11 field `either`",
      "TSE3006@8:20 field `nested.parts[]`",
      "TSE3006@9:9 field `when`",
      "TSE2002@10:10 field `count`",
    ]);
    for (const d of report.diagnostics) expect(d.related).toEqual([expect.objectContaining({ line: 19, column: 26, message: "the config is decoded into this type here" })]);
    const text = await runCli(["check", file]);
    expect(text.stderr).toContain(`  related: ${shown(file)}:19:26 - the config is decoded into this type here`);
    expect(text.stderr).toContain(`Found 6 errors in the same file, starting at: ${shown(file)}:5`);
  });

  it("reports an npm import once, at the import, and nothing from the package's files", async () => {
    const broken = "export declare function pad(s: string): string;\nexport declare const oops: NoSuchType;\nlet x: number = 'no';\n";
    const file = project({
      "uses-npm.ts": `import { registerHttpFilter, type HttpFilter } from "tsc2envoy";\nimport { pad } from "fakepad";\nimport { missing } from "not-installed";\nclass F implements HttpFilter {}\nregisterHttpFilter("f", () => new F());\nexport function padded(): string {\n  return pad("x") + String(missing);\n}\n`,
      "node_modules/fakepad/package.json": JSON.stringify({ name: "fakepad", version: "1.0.0", types: "index.d.ts" }),
      "node_modules/fakepad/index.d.ts": broken,
    });
    const result = await runCli(["check", "--format", "json", file]);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(["TSE1010@2:21", "TSE1010@3:25"]);
    expect(result.stdout).not.toContain("node_modules");
  });

  it("check accepts a helper module that registers no filter; build still needs one", async () => {
    const helper = project({
      "helpers.ts": "export function double(n: number): number {\n  return n * 2;\n}\n",
      "filter.ts": `${header}import { double } from "./helpers.js";\n${hook("    log.info(String(double(2)));").slice(header.length)}`,
    });
    const checked = await runCli(["check", helper, path.join(path.dirname(helper), "filter.ts")]);
    expect(checked.stderr).toBe("");
    expect(checked.exitCode).toBe(0);
    expect(checked.stdout).toContain(`${helper}: ok (registers no filter: checked as a helper module)`);
    const json = JSON.parse((await runCli(["check", "--format", "json", helper])).stdout) as JsonReport;
    expect(json.entries).toEqual([{ entry: helper, ok: true, errorCount: 0, helperModule: true }]);
    const built = await runCli(["build", helper, "-o", scratchDir("diagnostics-output-build")]);
    expect(built.exitCode).toBe(1);
    expect(built.stderr).toContain("error TSE3001");
  });

  it("a helper module's own errors are still reported", async () => {
    const helper = project({ "bad-helper.ts": "export function half(n: number): string {\n  return n / 2;\n}\nexport let shared = 0;\n" });
    const result = await runCli(["check", "--format", "json", helper]);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.diagnostics.map((d) => d.code)).toEqual(["TS2322", "TSE1009"]);
  });

  it("the VS Code problem matcher init writes (.vscode/tasks.json, shown in docs/diagnostics.md) reads TS and TSE lines, plain and coloured, and skips hints and related places", async () => {
    const template = fs.readFileSync(path.join(repoRoot, "compiler", "templates", "vscode-tasks.json"), "utf8");
    const docs = fs.readFileSync(path.join(repoRoot, "docs", "diagnostics.md"), "utf8");
    expect(/## In VS Code[\s\S]*?```json\n([\s\S]*?)```/.exec(docs)![1]).toBe(template);
    type Pattern = { regexp: string; file: number; line: number; column: number; code: number; message: number };
    const patterns = (JSON.parse(template) as { tasks: { problemMatcher: { pattern: Pattern } }[] }).tasks.map((t) => t.problemMatcher.pattern);
    expect(patterns).toHaveLength(2);
    expect(patterns[1]).toEqual(patterns[0]);
    const pattern = patterns[0]!;
    const matcher = new RegExp(pattern.regexp);
    const file = project({ "matched.ts": hook("    log.info(String(twice()));\n    const v: any = 1;\n    log.info(String(v));", "function twice(n: number): number { return n * 2; }\n") });
    const result = await runCli(["check", file]);
    const matched = (output: string) =>
      output.split("\n").flatMap((line) => {
        const m = matcher.exec(line);
        return m ? [`${m[pattern.file]}:${m[pattern.line]}:${m[pattern.column]} ${m[pattern.code]} ${m[pattern.message]}`] : [];
      });
    const expected = [`${shown(file)}:5:21 TS2554 Expected 1 arguments, but got 0.`, `${shown(file)}:6:14 TSE1001 type \`any\` turns off checking, so nothing can be compiled for it`];
    expect(matched(result.stderr)).toEqual(expected);
    // In VS Code's terminal the output is coloured, with code frames; VS Code strips the colour codes before matching.
    const coloured = await runCli(["check", file], { FORCE_COLOR: "1" });
    expect(coloured.stderr).toMatch(ANSI);
    expect(matched(coloured.stderr.replace(ANSI, ""))).toEqual(expected);
    // Without the widened code, VS Code's own $tsc matcher would miss the TSE line.
    const builtIn = /^([^\s].*)[\(:](\d+)[,:](\d+)(?:\):\s+|\s+-\s+)(error|warning|info)\s+TS(\d+)\s*:\s*(.*)$/;
    expect(result.stderr.split("\n").filter((l) => builtIn.test(l))).toHaveLength(1);
  });
});
