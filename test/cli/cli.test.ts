/** The tsc2envoy command line, run as a user runs it (the built bin), with its exit codes. */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { examplesDir, repoRoot, scratchDir } from "../helpers/paths.js";

const cli = path.join(repoRoot, "dist", "compiler", "cli.js");

function run(args: string[], env: Record<string, string> = {}) {
  return execa("node", [cli, ...args], { reject: false, cwd: repoRoot, env, extendEnv: !env.PATH });
}

describe("tsc2envoy CLI", () => {
  it("build writes lib<name>.so and exits 0", async () => {
    const out = scratchDir("cli");
    const result = await run(["build", "examples/header_mutation.ts", "-o", out]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`wrote ${path.join(out, "libheader_mutation.so")}`);
    expect(fs.statSync(path.join(out, "libheader_mutation.so")).size).toBeGreaterThan(1000);
  });

  it("build --name renames the module and --emit-c keeps the C", async () => {
    const out = scratchDir("cli");
    const result = await run(["build", "examples/passthrough.ts", "-o", out, "--name", "custom_name", "--emit-c"]);
    expect(result.exitCode).toBe(0);
    expect(fs.existsSync(path.join(out, "libcustom_name.so"))).toBe(true);
    expect(fs.readFileSync(path.join(out, "custom_name.c"), "utf8")).toContain('const char tse_module_name[] = "custom_name";');
  });

  it("check reports `any` at file:line:col with a hint and exits 1", async () => {
    const result = await run(["check", "test/fixtures/uses_any.ts"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("test/fixtures/uses_any.ts:4:10 - error TSE1001: type `any` turns off checking");
    expect(result.stderr).toContain("hint: declare the precise type");
    expect(result.stderr).toContain("\n1 error");
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it("build of a file with diagnostics exits 1 and writes nothing", async () => {
    const out = scratchDir("cli");
    const result = await run(["build", "test/fixtures/uses_any.ts", "-o", out]);
    expect(result.exitCode).toBe(1);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it("check of a valid filter exits 0", async () => {
    const result = await run(["check", path.join(examplesDir, "header_mutation.ts")]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("ok");
  });

  it("a missing file is a usage error: exit 2, no stack trace", async () => {
    const result = await run(["build", "nope.ts"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("tsc2envoy: no such file: nope.ts");
  });

  it("an unknown option is a usage error: exit 2", async () => {
    const result = await run(["build", "examples/passthrough.ts", "--frobnicate"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
  });

  it("--cpu-budget sets the steps per hook call (k, m), or turns the budget off", async () => {
    const out = scratchDir("cli");
    const budgeted = await run(["build", "examples/passthrough.ts", "-o", out, "--name", "budgeted", "--emit-c", "--cpu-budget", "250k"]);
    expect(budgeted.exitCode).toBe(0);
    const budgetedC = fs.readFileSync(path.join(out, "budgeted.c"), "utf8");
    expect(budgetedC).toContain("const int64_t tse_module_cpu_budget = 250000;");
    expect(budgetedC).toContain("tse_spend_fuel(ctx, ");
    const off = await run(["build", "examples/passthrough.ts", "-o", out, "--name", "unbudgeted", "--emit-c", "--cpu-budget", "off"]);
    expect(off.exitCode).toBe(0);
    const offC = fs.readFileSync(path.join(out, "unbudgeted.c"), "utf8");
    expect(offC).toContain("const int64_t tse_module_cpu_budget = 0;");
    expect(offC).not.toContain("tse_spend_fuel");
    const bad = await run(["build", "examples/passthrough.ts", "-o", out, "--cpu-budget", "lots"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("expected a number of steps");
  });

  it("an invalid module name is a usage error: exit 2", async () => {
    const result = await run(["build", "examples/passthrough.ts", "--name", "bad name"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("module name 'bad name'");
  });

  it("builds with plain cc when clang is not on PATH", async () => {
    const bin = scratchDir("only-cc");
    const which = async (tool: string) => (await execa("sh", ["-c", `command -v ${tool}`])).stdout.trim();
    fs.symlinkSync(await which("gcc"), path.join(bin, "cc"));
    for (const tool of ["as", "ld", "node"]) fs.symlinkSync(await which(tool), path.join(bin, tool));
    const out = scratchDir("cli");
    const result = await run(["build", "examples/passthrough.ts", "-o", out], { PATH: bin, HOME: process.env.HOME ?? "/tmp" });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/\(cc .*\)|\(gcc .*\)/);
    expect(fs.existsSync(path.join(out, "libpassthrough.so"))).toBe(true);
  });

  it("reports a missing C compiler clearly: exit 2", async () => {
    const bin = scratchDir("no-cc");
    fs.symlinkSync((await execa("sh", ["-c", "command -v node"])).stdout.trim(), path.join(bin, "node"));
    const result = await run(["build", "examples/passthrough.ts", "-o", scratchDir("cli")], { PATH: bin });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("no C compiler found: install clang");
  });
});
