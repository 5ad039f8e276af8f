/** The shipped native host (abi/c/host), built for the tests: -Werror, and sanitizers under TSE_SANITIZE. */
import fs from "node:fs";

import { nativeHost as buildNativeHost, nativeHostSourceDir, runNativeHost } from "../../../abi/ts/host/native.js";
import { abiHeaderDir } from "../../../compiler/paths.js";
import { AccessLogVector, NetworkVector, Vector, vectorLines } from "../vectors.js";

export const nativeHostDir = nativeHostSourceDir;
export const envoyAbiDir = abiHeaderDir;

/** TSE_SANITIZE=1: modules and the native host built with AddressSanitizer and UBSan. */
export const SANITIZE_FLAGS = process.env.TSE_SANITIZE ? ["-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"] : [];

/** The host binary's bytes; runNativeHost writes a private copy for each run. */
export function nativeHost(): Promise<Buffer> {
  return buildNativeHost({
    toolchain: SANITIZE_FLAGS.length ? { command: "clang", version: "" } : { command: "cc", version: "" },
    extraFlags: ["-Werror", ...SANITIZE_FLAGS],
  });
}

/** The transcript of `vector` run against the compiled module. */
export async function runNative(soPath: string, vector: Vector | NetworkVector | AccessLogVector): Promise<string> {
  const transcript = await runNativeHost(await nativeHost(), soPath, vectorLines(vector));
  if (!fs.existsSync(soPath)) throw new Error(`missing ${soPath}`);
  return transcript;
}
