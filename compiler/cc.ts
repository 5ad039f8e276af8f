/**
 * Stage 5, the C toolchain: finds clang (else cc) and links the emitted C with runtime-c into
 * lib<name>.so. Builds happen in a scratch directory with relative paths only, so the output
 * depends on the sources alone (reproducible).
 */
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
  "-Werror=implicit-function-declaration",
  "-Werror=incompatible-pointer-types",
  "-Werror=int-conversion",
  "-Werror=return-type",
];
export const LDFLAGS = ["-shared", "-Wl,--build-id=sha1", "-Wl,-z,now", "-lm"];

export async function compileSharedObject(toolchain: Toolchain, cSource: string, outputPath: string): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-"));
  try {
    const runtimeFiles = fs.readdirSync(runtimeDir).filter((f) => /\.[ch]$/.test(f)).sort();
    fs.mkdirSync(path.join(scratch, "runtime"));
    for (const file of runtimeFiles) fs.copyFileSync(path.join(runtimeDir, file), path.join(scratch, "runtime", file));
    fs.mkdirSync(path.join(scratch, "abi"));
    fs.copyFileSync(path.join(abiDir(ENVOY_ABI_VERSION), "envoy_abi.h"), path.join(scratch, "abi", "envoy_abi.h"));
    fs.writeFileSync(path.join(scratch, "module.c"), cSource);
    const sources = ["module.c", ...runtimeFiles.filter((f) => f.endsWith(".c")).map((f) => `runtime/${f}`)];
    const args = [...CFLAGS, "-Iruntime", "-Iabi", ...sources, "-o", "module.so", ...LDFLAGS];
    const result = await execa(toolchain.command, args, { cwd: scratch, reject: false, timeout: 300_000 });
    if (result.exitCode !== 0) {
      throw new UsageError(
        `the C compiler (${toolchain.command}) failed with exit code ${result.exitCode}:\n${result.stderr}\n` +
          "if this toolchain builds other C code, this is a tsc2envoy bug: please report it with the filter source",
      );
    }
    fs.mkdirSync(path.dirname(outputPath), { recursive: true });
    fs.copyFileSync(path.join(scratch, "module.so"), outputPath);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
