/**
 * `tsc2envoy warm`: fills the per-user build cache ahead of the first build, as npm install does
 * (scripts/postinstall.mjs): builds the filter `tsc2envoy init` writes into a scratch directory,
 * which compiles the C runtime into the cache (object-cache.ts) and writes the code cache of the
 * compiler's own packages (code-cache.ts). A first build then compiles only the filter's C
 * (docs/cli.md#warm).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { CompilerCommand, EnvoyVersion, Target, Toolchain } from "./cc.js";
import { UsageError } from "./diagnostics.js";
import { build } from "./driver.js";
import { cacheDirectory, ObjectCache } from "./object-cache.js";
import { packageRoot } from "./paths.js";

export interface WarmOptions {
  cc?: CompilerCommand;
  target: Target;
  envoyVersion: EnvoyVersion;
}

/**
 * Builds the init template with `options` and throws the module away; returns the cache and the
 * compiler used. A cache the build would not use (ObjectCache.open's checks, its warning printed) is
 * a usage error: there is nothing to warm.
 */
export async function warmBuildCache(options: WarmOptions): Promise<{ cacheDir: string; toolchain: Toolchain }> {
  const warn = (message: string) => process.stderr.write(`tsc2envoy: warning: ${message}\n`);
  if (!ObjectCache.open(warn)) throw new UsageError(`the build cache ${cacheDirectory()} cannot be used (see the warning above), so it was not warmed`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-warm-"));
  try {
    const entry = path.join(packageRoot, "compiler", "templates", "filter.ts");
    const { toolchain } = await build(entry, { outDir: scratch, ...options });
    return { cacheDir: cacheDirectory(), toolchain };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
