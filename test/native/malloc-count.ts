/**
 * Counting a module's own heap allocations in the native host: malloc_count.c preloaded, the
 * host fed a vector's streams repeated. Shared by the per-stream memory tests.
 */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";

import { repoRoot, scratchDir } from "../helpers/paths.js";
import { nativeHost } from "../hosts/native/run.js";
import { toHostLines, Vector } from "../hosts/vectors.js";

export interface Allocations {
  calls: number; // malloc/calloc/realloc calls the module made
  bytes: number; // bytes it asked for in all
  held: number; // usable bytes of its blocks it had not freed at exit
}

/**
 * Builds the host and the counter once; the function runs `streams` streams of `vector` (destroyed,
 * or left alive; `keepConfig`: the config too). `realClock`: the host on the real clock
 * (TSE_HOST_CLOCK=real), so the module keeps its timers itself, as in Envoy, and they count; else
 * the host keeps them on its virtual clock (abi/c/host/clock_model.c) and waits are deterministic.
 */
export async function mallocCounter(options: { realClock?: boolean } = {}): Promise<(soPath: string, vector: Vector, streams: number, destroy: boolean, keepConfig?: boolean) => Promise<Allocations>> {
  const dir = scratchDir("malloc-count");
  const preload = path.join(dir, "malloc_count.so");
  const hostBinary = path.join(dir, "host");
  fs.writeFileSync(hostBinary, await nativeHost(), { mode: 0o700 });
  await execa("cc", ["-std=c11", "-O1", "-shared", "-fPIC", path.join(repoRoot, "test", "native", "malloc_count.c"), "-o", preload, "-ldl"]);
  return async (soPath, vector, streams, destroy, keepConfig = false) => {
    const repeated = { ...vector, streams: Array.from({ length: streams }, (_, i) => vector.streams[i % vector.streams.length]!) };
    const lines = toHostLines(repeated).split("\n").filter((line) => (destroy || line !== "D") && !(keepConfig && line === "X")).join("\n");
    const result = await execa(hostBinary, [soPath], {
      input: lines,
      env: { LD_PRELOAD: preload, MALLOC_COUNT_OBJECT: path.basename(soPath), TSE_HOST_QUIET: "1", TSE_HOST_CLOCK: options.realClock ? "real" : "virtual" },
    });
    const [, calls, bytes, held] = /allocations (\d+) (\d+) (-?\d+)/.exec(result.stderr)!;
    return { calls: Number(calls), bytes: Number(bytes), held: Number(held) };
  };
}
