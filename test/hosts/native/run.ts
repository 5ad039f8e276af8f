/** Builds the native host once per test process and runs a module with a vector through it. */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";

import { repoRoot, scratchDir } from "../../helpers/paths.js";
import { toHostLines, Vector } from "../vectors.js";

let hostBinary: Promise<string> | undefined;

export const nativeHostDir = path.join(repoRoot, "test", "hosts", "native");
export const envoyAbiDir = path.join(repoRoot, "abi", "c", "envoy-v1.40");

/** TSE_SANITIZE=1: modules and the native host built with AddressSanitizer and UBSan. */
export const SANITIZE_FLAGS = process.env.TSE_SANITIZE ? ["-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"] : [];

export function nativeHost(): Promise<string> {
  hostBinary ??= (async () => {
    const out = path.join(scratchDir("native-host"), "host");
    const sources = ["host.c", "envoy_model.c"].map((file) => path.join(nativeHostDir, file));
    await execa(SANITIZE_FLAGS.length ? "clang" : "cc", ["-std=c11", "-D_GNU_SOURCE", "-O1", "-Wall", "-Wextra", "-Werror", "-rdynamic", ...SANITIZE_FLAGS, "-I", envoyAbiDir, "-I", nativeHostDir, ...sources, "-o", out, "-ldl"]);
    return out;
  })();
  return hostBinary;
}

/** The transcript of `vector` run against the compiled module. */
export async function runNative(soPath: string, vector: Vector): Promise<string> {
  const result = await execa(await nativeHost(), [soPath], { input: toHostLines(vector), reject: false, stripFinalNewline: false, timeout: 60_000 });
  if (result.exitCode !== 0) throw new Error(`native host exited with ${result.exitCode} (signal ${result.signal ?? "none"}):\n${result.stderr}\n${result.stdout}`);
  if (!fs.existsSync(soPath)) throw new Error(`missing ${soPath}`);
  return result.stdout;
}
