/** The tsc2envoy command line, run as a user runs it (the built bin), with its exit codes. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { analyze } from "../../compiler/driver.js";
import { canRunUnprivileged, makeReadOnlyForUnprivileged, runCli as run, runCliUnprivileged } from "../helpers/cli.js";
import { examplesDir, repoRoot, scratchDir } from "../helpers/paths.js";

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
    expect(result.stderr).toContain("\nFound 1 error in test/fixtures/uses_any.ts:4");
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

  it("--envoy-version builds for another Envoy release (its ABI marker, its logging callback); an unknown release is a usage error", async () => {
    const out = scratchDir("cli-envoy-version");
    const built = await run(["build", "examples/passthrough.ts", "-o", out, "--envoy-version", "1.39"]);
    expect(built.exitCode).toBe(0);
    const so = fs.readFileSync(path.join(out, "libpassthrough.so"));
    expect(so.includes("v0.1.0")).toBe(true);
    expect(so.includes("envoy_dynamic_module_callback_log_v2")).toBe(false);
    expect(so.includes("envoy_dynamic_module_callback_log\0")).toBe(true);
    const unknown = await run(["build", "examples/passthrough.ts", "-o", out, "--envoy-version", "1.37"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("Allowed choices are 1.38, 1.39, 1.40");
  });

  it("--version prints the package's version", async () => {
    const result = await run(["--version"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version);
  });

  it("build and check take several entries: each is built or checked, and the exit code reports any with errors", async () => {
    const out = scratchDir("cli");
    const result = await run(["build", "examples/passthrough.ts", "test/fixtures/uses_any.ts", "examples/header_mutation.ts", "-o", out]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("test/fixtures/uses_any.ts:4:10 - error TSE1001");
    expect(fs.readdirSync(out).sort()).toEqual(["libheader_mutation.so", "libpassthrough.so"]);
    const good = await run(["build", "examples/passthrough.ts", "examples/header_mutation.ts", "-o", out]);
    expect(good.exitCode).toBe(0);
    expect(good.stdout.split("\n").filter((line) => line.startsWith("wrote "))).toHaveLength(2);

    const checked = await run(["check", "examples/passthrough.ts", "test/fixtures/uses_any.ts", "examples/route_rules.ts"]);
    expect(checked.exitCode).toBe(1);
    expect(checked.stdout).toBe("examples/passthrough.ts: ok\nexamples/route_rules.ts: ok");
    expect(checked.stderr).toContain("uses_any.ts:4:10 - error TSE1001");
  });

  it("several entries with --name, or two entries of the same module name, are usage errors: exit 2", async () => {
    const named = await run(["build", "examples/passthrough.ts", "examples/header_mutation.ts", "--name", "x"]);
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toBe("tsc2envoy: --name names one module: build one entry at a time with it");
    const twice = await run(["build", "examples/passthrough.ts", path.join(examplesDir, "passthrough.ts"), "-o", scratchDir("cli")]);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toContain("would both be written as libpassthrough.so");
  });

  it("--cc takes a command with arguments, split as a shell would", async () => {
    const dir = scratchDir("cc-wrapper");
    const wrapper = path.join(dir, "cc wrapper.sh");
    const log = path.join(dir, "calls");
    // Records its first argument, then runs the real compiler with the rest.
    fs.writeFileSync(wrapper, `#!/bin/sh\necho "$1" >> '${log}'\nshift\nexec cc "$@"\n`, { mode: 0o755 });
    const out = scratchDir("cli");
    const result = await run(["build", "examples/passthrough.ts", "-o", out, "--cc", `'${wrapper}' --marker`], { TSC2ENVOY_CACHE_DIR: scratchDir("cc-cache") });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(fs.existsSync(path.join(out, "libpassthrough.so"))).toBe(true);
    // --version, the runtime, the module, the link: every call got the argument.
    const calls = fs.readFileSync(log, "utf8").trim().split("\n");
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(new Set(calls)).toEqual(new Set(["--marker"]));
    const broken = await run(["build", "examples/passthrough.ts", "--cc", "no-such-compiler --flag"]);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toBe("tsc2envoy: C compiler 'no-such-compiler --flag' (from --cc) did not run");
  });

  it("an internal error (here, an installation missing its runtime) exits 3 and asks for a report, without a stack trace", async () => {
    const install = scratchDir("broken-install");
    fs.cpSync(path.join(repoRoot, "dist"), path.join(install, "dist"), { recursive: true });
    fs.cpSync(path.join(repoRoot, "abi"), path.join(install, "abi"), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(install, "package.json"));
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(install, "node_modules"));
    const result = await execa("node", [path.join(install, "dist", "compiler", "cli.js"), "build", "examples/passthrough.ts", "-o", scratchDir("cli")], {
      cwd: repoRoot,
      reject: false,
      env: { TSC2ENVOY_CACHE_DIR: scratchDir("cache") },
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/^tsc2envoy: internal error: .*runtime-c/);
    expect(result.stderr).toContain("this is a bug in tsc2envoy");
    expect(result.stderr).not.toMatch(/^\s+at /m);
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

  it("writes the module atomically: a rebuild replaces the file (new inode) and leaves no temporary file", async () => {
    const out = scratchDir("cli");
    expect((await run(["build", "examples/passthrough.ts", "-o", out])).exitCode).toBe(0);
    const before = fs.statSync(path.join(out, "libpassthrough.so")).ino;
    expect((await run(["build", "examples/passthrough.ts", "-o", out, "--emit-c"])).exitCode).toBe(0);
    expect(fs.statSync(path.join(out, "libpassthrough.so")).ino).not.toBe(before);
    expect(fs.readdirSync(out).sort()).toEqual(["libpassthrough.so", "passthrough.c"]);
  });

  it("--content-name names the module after its content and prints the name for Envoy", async () => {
    const out = scratchDir("cli");
    const result = await run(["build", "examples/passthrough.ts", "-o", out, "--content-name"]);
    expect(result.exitCode).toBe(0);
    const name = /^dynamic_module_config\.name: (passthrough-[0-9a-f]{8})$/m.exec(result.stdout)?.[1];
    expect(name).toBeDefined();
    const bytes = fs.readFileSync(path.join(out, `lib${name}.so`));
    expect(`passthrough-${crypto.createHash("sha256").update(bytes).digest("hex").slice(0, 8)}`).toBe(name);
    expect(fs.readdirSync(out)).toEqual([`lib${name}.so`]);
  });

  describe("output errors are usage errors naming the path and what to do (exit 2)", () => {
    // As root this runs as uid 65534, which needs to read the repository.
    it.runIf(canRunUnprivileged)("an output directory the user cannot write to", async () => {
      const parent = scratchDir("cli");
      const locked = path.join(parent, "locked");
      fs.mkdirSync(locked);
      makeReadOnlyForUnprivileged(locked);
      makeReadOnlyForUnprivileged(parent);
      const result = await runCliUnprivileged(["build", "examples/passthrough.ts", "-o", locked]);
      expect(result.stderr).toBe(`tsc2envoy: cannot write ${locked}/libpassthrough.so: permission denied (EACCES); choose a directory you can write to with -o`);
      expect(result.exitCode).toBe(2);
      expect(fs.readdirSync(locked)).toEqual([]);

      const below = await runCliUnprivileged(["build", "examples/passthrough.ts", "-o", path.join(locked, "sub")]);
      expect(below.stderr).toBe(`tsc2envoy: cannot create directory ${locked}/sub: permission denied (EACCES); choose a directory you can write to with -o`);
      expect(below.exitCode).toBe(2);
    });

    it("an output path that is a directory", async () => {
      const out = scratchDir("cli");
      fs.mkdirSync(path.join(out, "libpassthrough.so", "inside"), { recursive: true });
      const result = await run(["build", "examples/passthrough.ts", "-o", out]);
      expect(result.stderr).toBe(`tsc2envoy: cannot write ${out}/libpassthrough.so: it is a directory (EISDIR); remove that directory, or choose another -o or --name`);
      expect(result.exitCode).toBe(2);
      expect(fs.readdirSync(out)).toEqual(["libpassthrough.so"]);
    });

    it("-o naming a file, or a path under a file", async () => {
      const file = path.join(scratchDir("cli"), "file");
      fs.writeFileSync(file, "");
      const onFile = await run(["build", "examples/passthrough.ts", "-o", file]);
      expect(onFile.stderr).toBe(`tsc2envoy: cannot create directory ${file}: it exists and is not a directory (EEXIST); pass -o a directory, or a path that does not exist yet`);
      expect(onFile.exitCode).toBe(2);
      const under = await run(["build", "examples/passthrough.ts", "-o", path.join(file, "a", "b")]);
      expect(under.stderr).toBe(`tsc2envoy: cannot create directory ${file}/a/b: ${file} is not a directory (ENOTDIR); pass -o a directory, or a path that does not exist yet`);
      expect(under.exitCode).toBe(2);
    });

    it("-o on procfs ends promptly (Node's recursive mkdir would retry forever)", async () => {
      const result = await run(["build", "examples/passthrough.ts", "-o", "/proc/sys/tsc2envoy-test"], {}, { timeout: 60_000 });
      expect(result.timedOut).toBe(false);
      expect(result.stderr).toBe(
        "tsc2envoy: cannot create directory /proc/sys/tsc2envoy-test: no such file or directory (ENOENT); " +
          "the file system does not take new files there (as /proc and /sys do not): pass -o an ordinary directory",
      );
      expect(result.exitCode).toBe(2);
    });
  });

  it("bounds --max-stream-memory to 64k..1g", async () => {
    for (const [value, message] of [
      ["99999999999999999999999m", "must be at most 1g"],
      ["2g", "must be at most 1g"],
      ["1025m", "must be at most 1g"],
      ["63k", "must be at least 64k"],
      ["1e30", "expected bytes, e.g. 4194304, 512k, 4m or 1g"],
    ]) {
      const result = await run(["build", "examples/passthrough.ts", "-o", scratchDir("cli"), "--max-stream-memory", value!]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`argument '${value}' is invalid. ${message}`);
    }
    // The driver checks the bound too: the limit becomes a size_t constant in C.
    expect(() => analyze("examples/passthrough.ts", { streamMemoryLimit: 1e30 })).toThrow("the stream memory limit must be a whole number of bytes from 64k to 1g, got 1e+30");
    const out = scratchDir("cli");
    expect((await run(["build", "examples/passthrough.ts", "-o", out, "--emit-c", "--max-stream-memory", "1g"])).exitCode).toBe(0);
    expect(fs.readFileSync(path.join(out, "passthrough.c"), "utf8")).toContain("const size_t tse_module_stream_memory_limit = 1073741824;");
  });
});
