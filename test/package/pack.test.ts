/**
 * The package as a user gets it: `npm pack`, installed into a new project with `npm install
 * <tarball>`, then the user's own TypeScript type-checks a filter against it (with the module
 * resolution modes users pick) and `npx tsc2envoy build` makes a module the real Envoy loads.
 * Packs the dist/ that `npm test` built (no prepare script: other test files run it meanwhile).
 * Needs the npm registry (for the package's dependencies), as `npm ci` does.
 */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";

import { envoyBinary, validateEnvoyConfig } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { examplesDir, repoRoot, scratchDir } from "../helpers/paths.js";

const npmQuiet = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

describe("the npm package", () => {
  let tarball: string;
  let project: string;

  beforeAll(async () => {
    const packDir = scratchDir("pack");
    const { stdout } = await execa("npm", ["pack", "--ignore-scripts", "--pack-destination", packDir, "--loglevel=error"], { cwd: repoRoot });
    tarball = path.join(packDir, stdout.trim().split("\n").pop()!);
    project = scratchDir("user-project");
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-filter", private: true, type: "module" }, null, 2));
    await execa("npm", ["install", "--save-dev", tarball, ...npmQuiet], { cwd: project });
    fs.copyFileSync(path.join(examplesDir, "header_mutation.ts"), path.join(project, "filter.ts"));
  }, 300_000);

  it("ships the compiler, runtime and API, and no tests", async () => {
    const { stdout } = await execa("tar", ["tzf", tarball]);
    const files = stdout.split("\n");
    expect(files).toContain("package/dist/compiler/cli.js");
    expect(files).toContain("package/abi/ts/tsc2envoy.d.ts");
    expect(files).toContain("package/runtime-c/tse.h");
    expect(files.filter((f) => f.startsWith("package/test/") || f.endsWith(".map"))).toEqual([]);
  });

  it("installs TypeScript beside it as its peer", () => {
    expect(fs.existsSync(path.join(project, "node_modules", "typescript", "package.json"))).toBe(true);
  });

  // TypeScript 6 (what the peer range installs today) dropped `node` (node10) resolution; TypeScript 5
  // users still have it, and it reads only the top-level `types` field.
  for (const { resolution, typescript } of [
    { resolution: { module: "nodenext", moduleResolution: "nodenext" }, typescript: [] },
    { resolution: { module: "esnext", moduleResolution: "bundler" }, typescript: [] },
    { resolution: { module: "commonjs", moduleResolution: "node" }, typescript: ["--yes", "--package", "typescript@5"] },
  ]) {
    it(`type-checks a filter with moduleResolution ${resolution.moduleResolution}`, async () => {
      const tsconfig = path.join(project, `tsconfig.${resolution.moduleResolution}.json`);
      const compilerOptions = { ...resolution, target: "es2022", lib: ["es2023"], strict: true, noEmit: true, types: [] };
      fs.writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files: ["filter.ts"] }, null, 2));
      const result = await execa("npx", [...typescript, "tsc", "-p", tsconfig], { cwd: project, reject: false });
      expect(result.stdout + result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
    });
  }

  it("builds a module with npx tsc2envoy build that Envoy loads", async () => {
    const result = await execa("npx", ["tsc2envoy", "build", "filter.ts", "-o", "out"], { cwd: project, reject: false });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const modulesDir = path.join(project, "out");
    expect(fs.existsSync(path.join(modulesDir, "libfilter.so"))).toBe(true);
    const config = JSON.stringify({ request_headers: [], remove_request_headers: [], response_headers: [], remove_response_headers: [] });
    const loaded = await validateEnvoyConfig(envoyBinary(), staticBootstrap(1, 1, [listenerYaml("l", 1, [{ module: "filter", filterName: "header_mutation", config }])]), modulesDir);
    expect(loaded.log).toContain("OK");
    expect(loaded.ok).toBe(true);
  });
});
