/**
 * runtime-c/snapshot.c under AddressSanitizer and UndefinedBehaviorSanitizer: a publisher thread
 * replaces a snapshot while reader threads run streams over it (test/runtime/snapshot_harness.c
 * says what each checks): no stream sees a torn or changing value, a value of the wrong type is
 * refused and the last good one stays, versions nobody holds are freed at once and the last one
 * with the snapshot (LeakSanitizer fails the run otherwise).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LIBRARY_SOURCES, VENDOR_SOURCES } from "../../compiler/cc.js";
import { repoRoot, scratchDir } from "../helpers/paths.js";

const runtimeDir = path.join(repoRoot, "runtime-c");
let work: string;
let harness: string;

beforeAll(() => {
  work = scratchDir("snapshot");
  harness = path.join(work, "snapshot_harness");
  const sources = [...LIBRARY_SOURCES, ...VENDOR_SOURCES.map((file) => `vendor/${file}`)].map((file) => path.join(runtimeDir, file));
  const compile = spawnSync(
    "cc",
    ["-std=c11", "-Wall", "-Wextra", "-g", "-O1", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-I", runtimeDir, "-o", harness, path.join(repoRoot, "test", "runtime", "snapshot_harness.c"), ...sources, "-lm", "-lpthread"],
    { encoding: "utf8" },
  );
  if (compile.status !== 0) throw new Error(`compiling the snapshot harness failed:\n${compile.stderr}`);
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("snapshots (runtime-c/snapshot.c)", () => {
  it("streams on four threads read whole, stable versions while one thread publishes; every version is freed", () => {
    const run = spawnSync(harness, ["4", "400", "300"], { encoding: "utf8", env: { ...process.env, ASAN_OPTIONS: "detect_leaks=1" } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const [word, seen, live] = run.stdout.trim().split(" ");
    expect(word).toBe("ok");
    // The readers saw the value change (at least one newer version than the first), and nothing outlived the snapshot.
    expect(Number(seen)).toBeGreaterThan(0);
    expect(live).toBe("0");
  });
});
