/**
 * Stage 5, the C toolchain: finds clang (else cc) and links the emitted C with runtime-c into
 * lib<name>.so. Builds happen in a scratch directory with relative paths only, so the output
 * depends on the sources alone (reproducible).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";

import { UsageError } from "./diagnostics.js";
import { abiDir, runtimeDir } from "./paths.js";

export interface Toolchain {
  /** The command run, e.g. "clang" or "/usr/bin/cc". */
  command: string;
  /** First line of `--version`. */
  version: string;
}

async function probe(command: string): Promise<Toolchain | undefined> {
  try {
    const { stdout } = await execa(command, ["--version"], { timeout: 10_000 });
    return { command, version: stdout.split("\n")[0] ?? command };
  } catch {
    return undefined;
  }
}

/** The explicit compiler if given, else clang, else cc. */
export async function findToolchain(explicit?: string): Promise<Toolchain> {
  if (explicit) {
    const found = await probe(explicit);
    if (!found) throw new UsageError(`C compiler '${explicit}' (from --cc) did not run`);
    return found;
  }
  for (const candidate of ["clang", "cc"]) {
    const found = await probe(candidate);
    if (found) return found;
  }
  throw new UsageError("no C compiler found: install clang (apt-get install clang) or any cc, or pass --cc <path>");
}

export const ENVOY_ABI_VERSION = "1.40";

/** Flags for every module: position independent, only the ABI hooks visible (TSE_EXPORT). */
export const CFLAGS = [
  "-std=c11",
  "-O2",
  "-fPIC",
  "-fvisibility=hidden",
  "-fno-strict-aliasing",
  "-fno-semantic-interposition",
  // JavaScript rounds after every operation: fused multiply-adds would change results.
  "-ffp-contract=off",
  // Recursion must grow the stack until the entry check throws RangeError, as in Node: a tail call
  // turned into a jump (or a loop) would recurse forever instead.
  "-fno-optimize-sibling-calls",
  "-Werror=implicit-function-declaration",
  "-Werror=incompatible-pointer-types",
  "-Werror=int-conversion",
  "-Werror=return-type",
];
export const LDFLAGS = ["-shared", "-Wl,--build-id=sha1", "-Wl,-z,now", "-lm"];

/** The runtime linked into every module, in link order. */
export const RUNTIME_SOURCES = ["arena.c", "error.c", "string.c", "number.c", "values.c", "arrays.c", "frozen.c", "collections.c", "json.c", "json_write.c", "js_string.c", "js_number.c", "js_math.c", "unicode_case.c", "regex.c", "envoy_api.c", "http_filter.c"];

function cacheDir(): string {
  const dir = process.env.TSC2ENVOY_CACHE_DIR ?? path.join(os.tmpdir(), `tsc2envoy-cache-${os.userInfo().uid}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Copies the runtime and ABI headers into `scratch` (relative paths keep the output path-free). */
function stageRuntime(scratch: string): void {
  fs.mkdirSync(path.join(scratch, "runtime"));
  for (const file of fs.readdirSync(runtimeDir).filter((f) => /\.[ch]$/.test(f)).sort()) {
    fs.copyFileSync(path.join(runtimeDir, file), path.join(scratch, "runtime", file));
  }
  fs.mkdirSync(path.join(scratch, "abi"));
  fs.copyFileSync(path.join(abiDir(ENVOY_ABI_VERSION), "envoy_abi.h"), path.join(scratch, "abi", "envoy_abi.h"));
}

async function run(toolchain: Toolchain, args: string[], cwd: string): Promise<void> {
  const result = await execa(toolchain.command, args, { cwd, reject: false, timeout: 300_000 });
  if (result.exitCode !== 0) {
    throw new UsageError(
      `the C compiler (${toolchain.command}) failed with exit code ${result.exitCode}:\n${result.stderr}\n` +
        "if this toolchain builds other C code, this is a tsc2envoy bug: please report it with the filter source",
    );
  }
}

/**
 * The runtime's object files, compiled once per toolchain, flags and sources and then reused:
 * object files hold no paths, so a cached object links to the same bytes as a fresh one.
 */
async function runtimeObjects(toolchain: Toolchain, scratch: string, flags: string[]): Promise<string[]> {
  const hash = crypto.createHash("sha256").update(toolchain.command).update(toolchain.version).update(flags.join(" "));
  for (const file of fs.readdirSync(path.join(scratch, "runtime")).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(scratch, "runtime", file)));
  }
  hash.update(fs.readFileSync(path.join(scratch, "abi", "envoy_abi.h")));
  const key = hash.digest("hex").slice(0, 32);
  const cached = path.join(cacheDir(), key);
  if (!RUNTIME_SOURCES.every((source) => fs.existsSync(path.join(cached, source.replace(/\.c$/, ".o"))))) {
    const sources = RUNTIME_SOURCES.map((f) => `runtime/${f}`);
    await run(toolchain, [...flags, "-Iruntime", "-Iabi", "-c", ...sources], scratch);
    // Publish atomically: parallel builds may race to fill the same entry.
    const staging = `${cached}.${process.pid}.${Date.now()}`;
    fs.mkdirSync(staging, { recursive: true });
    for (const source of RUNTIME_SOURCES) {
      const object = source.replace(/\.c$/, ".o");
      fs.copyFileSync(path.join(scratch, object), path.join(staging, object));
    }
    try {
      fs.renameSync(staging, cached);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another build won the race
    }
  }
  return RUNTIME_SOURCES.map((source) => {
    const object = source.replace(/\.c$/, ".o");
    fs.copyFileSync(path.join(cached, object), path.join(scratch, object));
    return object;
  });
}

/** `extraFlags`: for tests only (sanitizers); they go to compiling and linking. */
export async function compileSharedObject(toolchain: Toolchain, cSource: string, outputPath: string, extraFlags: string[] = []): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-"));
  const flags = [...CFLAGS, ...extraFlags];
  try {
    stageRuntime(scratch);
    fs.writeFileSync(path.join(scratch, "module.c"), cSource);
    const objects = await runtimeObjects(toolchain, scratch, flags);
    await run(toolchain, [...flags, "-Iruntime", "-Iabi", "-c", "module.c"], scratch);
    await run(toolchain, ["-o", "module.so", "module.o", ...objects, ...LDFLAGS, ...extraFlags], scratch);
    fs.mkdirSync(path.dirname(outputPath), { recursive: true });
    fs.copyFileSync(path.join(scratch, "module.so"), outputPath);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
