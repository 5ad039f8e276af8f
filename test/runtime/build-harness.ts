/** Compiles a C harness of test/runtime with the runtime (less its Envoy glue) under a sanitizer. */
import { spawnSync } from "node:child_process";
import path from "node:path";

import { LIBRARY_SOURCES, VENDOR_SOURCES } from "../../compiler/cc.js";
import { repoRoot } from "../helpers/paths.js";

const runtimeDir = path.join(repoRoot, "runtime-c");

/** ASan with UBSan, or TSan (they cannot share a binary); none: optimized as modules are, without a sanitizer. */
export type Sanitizer = "address,undefined" | "thread" | "none";

/** `harness` (test/runtime/<harness>.c) linked with the library, `glue` (runtime-c files beside it) and pthreads, into `dir`. */
export function buildHarness(dir: string, harness: string, glue: string[], sanitizer: Sanitizer): string {
  const binary = path.join(dir, `${harness}-${{ thread: "tsan", "address,undefined": "asan", none: "plain" }[sanitizer]}`);
  const sources = [...LIBRARY_SOURCES, ...VENDOR_SOURCES.map((file) => `vendor/${file}`), ...glue].map((file) => path.join(runtimeDir, file));
  const compile = spawnSync(
    "cc",
    ["-std=c11", "-g", ...(sanitizer === "none" ? ["-O2"] : ["-O1", `-fsanitize=${sanitizer}`, "-fno-sanitize-recover=all"]), "-I", runtimeDir, "-I", path.join(repoRoot, "abi", "c"), "-o", binary, path.join(repoRoot, "test", "runtime", `${harness}.c`), ...sources, "-lm", "-lpthread"],
    { encoding: "utf8" },
  );
  if (compile.status !== 0) throw new Error(`compiling ${harness} (${sanitizer}) failed:\n${compile.stderr}`);
  return binary;
}

/** Runs a harness: leaks fail an ASan run, and any report a TSan run (halt_on_error). */
export function runHarness(binary: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, ASAN_OPTIONS: "detect_leaks=1", TSAN_OPTIONS: "halt_on_error=1" };
  return spawnSync(binary, args, { encoding: "utf8", env, ...(input !== undefined ? { input } : {}) });
}
