/**
 * The package as a user gets it: `npm pack` of the dist/ that `npm test` built (no prepare script:
 * other test files run it meanwhile), once per test file. Needs the npm registry for installing it,
 * as `npm ci` does.
 */
import path from "node:path";
import { execa } from "execa";

import { repoRoot, scratchDir } from "./paths.js";

/** Flags for npm installs in tests: quiet, and offline where the cache already has a package. */
export const npmQuiet = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

let tarball: Promise<string> | undefined;

/** The path of the packed tarball. */
export function packedTarball(): Promise<string> {
  tarball ??= (async () => {
    const packDir = scratchDir("pack");
    const { stdout } = await execa("npm", ["pack", "--ignore-scripts", "--pack-destination", packDir, "--loglevel=error"], { cwd: repoRoot });
    return path.join(packDir, stdout.trim().split("\n").pop()!);
  })();
  return tarball;
}
