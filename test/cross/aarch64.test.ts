/**
 * `build --target aarch64-linux-gnu`: the module is an AArch64 shared object that imports only
 * callbacks Envoy 1.40 exports, builds reproducibly, and — run by the native host cross-built for
 * aarch64 under qemu-aarch64 — prints the same transcripts as the x86 module in the x86 host.
 * Needs a cross toolchain (test/toolchains/install-zig.sh, found in .venv-zig as a user's
 * `pip install ziglang` is), qemu-user and libc6-arm64-cross; skipped without them, except in CI
 * (CI or TSE_REQUIRE_CROSS set: .ci/run installs them) where a missing tool fails.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";

import { nativeHost } from "../../abi/ts/host/native.js";
import { findToolchain, targetFlags, Toolchain } from "../../compiler/cc.js";
import { dynamicSymbols, hookFacts } from "../abi/hooks.js";
import { buildFilter } from "../helpers/build.js";
import { runCli } from "../helpers/cli.js";
import { corpusProgram } from "../helpers/corpus.js";
import { envoyBinary } from "../helpers/envoy.js";
import { examplesDir, repoRoot, scratchDir } from "../helpers/paths.js";
import { buildBoth, transcripts } from "../hosts/differential.js";
import { toHostLines, vectorsFor } from "../hosts/vectors.js";

const TARGET = "aarch64-linux-gnu";
const SYSROOT = "/usr/aarch64-linux-gnu";
const required = !!(process.env.CI || process.env.TSE_REQUIRE_CROSS);

// The venv install-zig.sh made, first on PATH as an activated venv would be.
const zigVenv = path.join(repoRoot, ".venv-zig", "bin");
if (fs.existsSync(zigVenv)) process.env.PATH = `${zigVenv}:${process.env.PATH}`;

const toolchain: Toolchain | undefined = await findToolchain(undefined, TARGET).catch(() => undefined);
const qemu = (await execa("sh", ["-c", "command -v qemu-aarch64"], { reject: false })).stdout.trim();
const missing = [!toolchain && "a cross C toolchain (test/toolchains/install-zig.sh)", !qemu && "qemu-aarch64 (apt-get install qemu-user)", !fs.existsSync(path.join(SYSROOT, "lib", "ld-linux-aarch64.so.1")) && "the arm64 libc (apt-get install libc6-arm64-cross)"].filter(Boolean);

describe("cross tools", () => {
  it.runIf(required)("are installed where the cross tests must run (CI)", () => {
    expect(missing).toEqual([]);
  });
});

// Corpus programs where a machine could differ: numbers (formatting, rounding), strings and
// bytes (char signedness: unsigned on aarch64), regex, JSON, recursion (stack limit), failures.
const PROGRAMS = ["numbers/format.ts", "numbers/math.ts", "strings/unicode_code_points.ts", "regex/case_insensitive.ts", "json/parse_typed.ts", "recursion/stack.ts", "failures/runtime_errors.ts", "bytes/text_codecs.ts"];
const EXAMPLES = ["route_rules.ts", "header_mutation.ts", "json_transformer.ts", "zero_copy_regex_waf.ts"];

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe.skipIf(missing.length > 0)(`build --target ${TARGET}`, () => {
  let soPath: string;

  beforeAll(async () => {
    const out = scratchDir("cross-cli");
    const result = await runCli(["build", path.join(examplesDir, "route_rules.ts"), "--target", TARGET, "-o", out, "--manifest"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    // The toolchain found here (the environment, .venv-zig on PATH included, is the CLI's).
    expect(result.stdout).toContain(`(${TARGET}: ${[toolchain!.command, ...(toolchain!.args ?? [])].join(" ")}, `);
    soPath = path.join(out, "libroute_rules.so");
    expect(JSON.parse(fs.readFileSync(path.join(out, "libroute_rules.manifest.json"), "utf8")).module.target).toBe(TARGET);
  }, 300_000);

  it("is a 64-bit AArch64 shared object needing only libc, libm (and libpthread)", async () => {
    const header = (await execa("readelf", ["-h", soPath])).stdout;
    expect(header).toMatch(/Class:\s+ELF64/);
    expect(header).toMatch(/Type:\s+DYN/);
    expect(header).toMatch(/Machine:\s+AArch64/);
    const needed = [...(await execa("readelf", ["-d", soPath])).stdout.matchAll(/\(NEEDED\).*\[(.*)\]/g)].map((m) => m[1]);
    // Before glibc 2.34 pthread (the log writers' threads) was its own library: zig links it for some
    // glibc versions and not others (a fresh CI machine did, this one did not); any glibc system has it.
    expect(needed).toContain("libc.so.6");
    expect(needed.filter((library) => !["libc.so.6", "libm.so.6", "libpthread.so.0"].includes(library))).toEqual([]);
  });

  it("exports the hooks Envoy requires and imports only callbacks Envoy 1.40 exports", async () => {
    const exported = (await dynamicSymbols(soPath, "--defined-only")).filter((s) => !s.startsWith("_"));
    const { required: hooks, optional } = hookFacts();
    for (const hook of hooks) expect(exported).toContain(hook);
    expect(exported.filter((s) => !hooks.includes(s) && !optional.includes(s))).toEqual([]);
    const referenced = (await dynamicSymbols(soPath, "--undefined-only")).map((s) => s.replace(/@.*/, "")).filter((s) => s.startsWith("envoy_dynamic_module_callback_"));
    expect(referenced.length).toBeGreaterThan(5);
    const envoyExports = new Set(await dynamicSymbols(envoyBinary("1.40"), "--defined-only"));
    expect(referenced.filter((s) => !envoyExports.has(s))).toEqual([]);
  });

  it("is reproducible: a cold build elsewhere gives the same bytes", async () => {
    const previous = process.env.TSC2ENVOY_CACHE_DIR;
    process.env.TSC2ENVOY_CACHE_DIR = scratchDir("cross-cold-cache");
    const again = await buildFilter(path.join(examplesDir, "route_rules.ts"), { target: TARGET }).finally(() => {
      if (previous === undefined) delete process.env.TSC2ENVOY_CACHE_DIR;
      else process.env.TSC2ENVOY_CACHE_DIR = previous;
    });
    expect(again.soPath).not.toBe(soPath);
    expect(sha256(again.soPath)).toBe(sha256(soPath));
  }, 300_000);

  describe("in the native host built for aarch64, under qemu-aarch64", () => {
    let host: Buffer;
    beforeAll(async () => {
      host = await nativeHost({ toolchain: toolchain!, extraFlags: [...targetFlags(toolchain!, TARGET), "-g0", "-Werror"] });
    }, 300_000);

    const runArm = async (module: string, lines: string) => {
      const dir = scratchDir("cross-host");
      const file = path.join(dir, "host");
      fs.writeFileSync(file, host, { mode: 0o700 });
      const result = await execa(qemu, ["-L", SYSROOT, file, module], { input: lines, reject: false, stripFinalNewline: false, timeout: 120_000 });
      expect(result.exitCode, result.stderr).toBe(0);
      return result.stdout;
    };

    const cases = [...PROGRAMS.map((p) => ({ name: p, entry: corpusProgram(p), vectors: corpusProgram(p) })), ...EXAMPLES.map((e) => ({ name: e, entry: path.join(examplesDir, e), vectors: path.join(repoRoot, "test", "differential", "examples", e.replace(/\.ts$/, ".vectors")) }))];
    it.each(cases)("$name prints the x86 module's transcripts", async ({ entry, vectors }) => {
      const x86 = await buildBoth(entry);
      const arm = await buildFilter(entry, { target: TARGET, outDir: scratchDir("cross-arm") });
      for (const vector of vectorsFor(vectors)) {
        const { native } = await transcripts(x86, vector);
        const transcript = await runArm(arm.soPath, toHostLines(vector));
        expect(transcript).toContain("program_init -> ok");
        expect(transcript).toBe(native);
      }
    }, 300_000);
  });
});

describe("build --target errors", () => {
  it("an unknown target is a usage error naming the known ones: exit 2", async () => {
    const result = await runCli(["build", "examples/passthrough.ts", "--target", "armv7-linux-gnueabihf", "-o", scratchDir("cross-bad")]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("x86_64-linux-gnu, aarch64-linux-gnu");
  });

  it("no cross toolchain is a usage error with the install commands: exit 2", async () => {
    const bin = scratchDir("cross-no-cc");
    fs.symlinkSync(process.execPath, path.join(bin, "node"));
    const result = await runCli(["build", "examples/passthrough.ts", "--target", TARGET, "-o", scratchDir("cross-none")], { PATH: bin });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`no C compiler that builds for ${TARGET} found`);
    expect(result.stderr).toContain("pip install ziglang");
    expect(result.stderr).toContain("apt-get install gcc-aarch64-linux-gnu");
  });

  it("--cc with a compiler that cannot build for the target is a usage error: exit 2", async () => {
    const result = await runCli(["build", "examples/passthrough.ts", "--target", TARGET, "--cc", "gcc", "-o", scratchDir("cross-gcc")]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`C compiler 'gcc' (from --cc) cannot link a shared object for ${TARGET}`);
  });
});

