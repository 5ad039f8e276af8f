#!/usr/bin/env node
/**
 * npm runs this after installing tsc2envoy: `tsc2envoy warm` compiles the C runtime into the user's
 * build cache now, so that the first `tsc2envoy build` compiles only the filter (docs/cli.md#warm);
 * in a checkout of the repository `npm ci` runs it as postprepare, once prepare has built dist/.
 * It never fails the install: without a C compiler, or with npm's --ignore-scripts, the first build
 * compiles the runtime instead. TSC2ENVOY_SKIP_WARM=1 skips it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/compiler/cli.js", import.meta.url));
// In a checkout of the repository npm runs postinstall before prepare compiles dist/: there the
// postprepare script runs this again, after dist/ exists.
if (process.env.TSC2ENVOY_SKIP_WARM !== "1" && fs.existsSync(cli)) {
  const result = spawnSync(process.execPath, [cli, "warm"], { stdio: ["ignore", "inherit", "inherit"], timeout: 600_000 });
  if (result.status !== 0) process.stderr.write("tsc2envoy: the build cache was not warmed (see above); the first build compiles the C runtime instead\n");
}
