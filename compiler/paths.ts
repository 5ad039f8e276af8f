/** Where the package's own files are, whether running from compiler/ sources or dist/. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "tsc2envoy") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`tsc2envoy: package root not found above ${start}`);
    dir = parent;
  }
}

export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
/** This compiler's version, as published. */
export const packageVersion = (JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
export const apiDeclarationsPath = path.join(packageRoot, "abi", "ts", "tsc2envoy.d.ts");
/** The compiler options filters are checked with, shipped as the preset `tsc2envoy/tsconfig.json`. */
export const filterTsconfigPath = path.join(packageRoot, "abi", "ts", "tsconfig.filter.json");
export const runtimeDir = path.join(packageRoot, "runtime-c");
/** Our declarations of Envoy's C ABI (envoy_abi.h, every supported release: TSE_ENVOY_MINOR). */
export const abiHeaderDir = path.join(packageRoot, "abi", "c");
/** Facts about one Envoy release's binary (hooks.json). */
export const abiDir = (envoyVersion: string) => path.join(abiHeaderDir, `envoy-v${envoyVersion}`);
