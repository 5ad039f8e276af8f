/**
 * The package as a user gets it: `npm pack`, installed into a new project with `npm install
 * <tarball>`, then the user's own TypeScript type-checks a filter against it (with the module
 * resolution modes users pick, and with the shipped preset) and `npx tsc2envoy build` makes a
 * module the real Envoy loads. test/helpers/pack.ts packs it.
 */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";

import { envoyBinary, validateEnvoyConfig } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { npmQuiet, packedTarball } from "../helpers/pack.js";
import { examplesDir, repoRoot, scratchDir } from "../helpers/paths.js";
import { TsServer } from "../helpers/tsserver.js";

/** The TypeScript `tsc2envoy init` puts in a project's devDependencies: ours. */
const ownTypescript = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies.typescript!;

describe("the npm package", () => {
  let tarball: string;
  let project: string;
  // The user's build cache, which npm install warms (scripts/postinstall.mjs).
  const cacheDir = path.join(scratchDir("user-cache"), "tsc2envoy");
  const cacheEntries = () => fs.readdirSync(cacheDir).filter((name) => !name.startsWith(".")).sort();

  beforeAll(async () => {
    tarball = await packedTarball();
    project = scratchDir("user-project");
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-filter", private: true, type: "module" }, null, 2));
    await execa("npm", ["install", "--save-dev", tarball, ...npmQuiet], { cwd: project, env: { TSC2ENVOY_CACHE_DIR: cacheDir } });
    fs.copyFileSync(path.join(examplesDir, "header_mutation.ts"), path.join(project, "filter.ts"));
  }, 300_000);

  it("ships the compiler, runtime and API, and no tests", async () => {
    const { stdout } = await execa("tar", ["tzf", tarball]);
    const files = stdout.split("\n");
    expect(files).toContain("package/dist/compiler/cli.js");
    expect(files).toContain("package/abi/ts/tsc2envoy.d.ts");
    expect(files).toContain("package/runtime-c/tse.h");
    expect(files).toContain("package/runtime-c/vendor/quickjs-libregexp/libregexp.c");
    expect(files).toContain("package/runtime-c/vendor/quickjs-libregexp/LICENSE");
    expect(files).toContain("package/dist/abi/ts/testing.js");
    expect(files).toContain("package/dist/abi/ts/testing.d.ts");
    expect(files).toContain("package/abi/c/host/host.c");
    expect(files).toContain("package/abi/ts/tsconfig.filter.json");
    expect(files).toContain("package/compiler/templates/filter.ts");
    expect(files.filter((f) => f.startsWith("package/test/") || f.endsWith(".map"))).toEqual([]);
  });

  it("compiles the C runtime into the user's build cache as it installs, with the compiler's code cache", () => {
    expect(cacheEntries()).toHaveLength(1);
    expect(fs.existsSync(path.join(cacheDir, cacheEntries()[0]!, "manifest.json"))).toBe(true);
    expect(fs.readdirSync(path.join(cacheDir, ".code-cache")).filter((name) => name.endsWith(".v8")).length).toBeGreaterThan(0);
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

  it("the preset tsc2envoy/tsconfig.json makes tsc report what tsc2envoy check reports", async () => {
    // Reading past an array's end is `string | undefined` only under noUncheckedIndexedAccess, which the preset sets.
    const filter = 'import { registerHttpFilter, type HttpFilter } from "tsc2envoy";\nconst names: string[] = [];\nexport const first: string = names[0];\nregisterHttpFilter("p", (): HttpFilter => ({}));\n';
    fs.writeFileSync(path.join(project, "preset.ts"), filter);
    fs.writeFileSync(path.join(project, "tsconfig.preset.json"), JSON.stringify({ extends: "tsc2envoy/tsconfig.json", files: ["preset.ts"] }));
    const tsc = await execa("npx", ["tsc", "-p", "tsconfig.preset.json"], { cwd: project, reject: false });
    const check = await execa("npx", ["tsc2envoy", "check", "preset.ts"], { cwd: project, reject: false, env: { FORCE_COLOR: undefined, NO_COLOR: undefined } });
    expect(tsc.stdout).toContain("preset.ts(3,14): error TS2322");
    expect(check.stderr).toContain("preset.ts:3:14 - error TS2322");
    const shown = await execa("npx", ["tsc", "-p", "tsconfig.preset.json", "--showConfig"], { cwd: project });
    expect(JSON.parse(shown.stdout).compilerOptions).toMatchObject({ strict: true, noUncheckedIndexedAccess: true, types: [], lib: ["es2022", "es2023.array"] });
  });

  it("builds a module with npx tsc2envoy build that Envoy loads", async () => {
    const warmed = cacheEntries();
    const result = await execa("npx", ["tsc2envoy", "build", "filter.ts", "-o", "out"], { cwd: project, reject: false, env: { TSC2ENVOY_CACHE_DIR: cacheDir } });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    // The first build found the runtime npm install compiled: it added no entry of its own.
    expect(cacheEntries()).toEqual(warmed);
    const modulesDir = path.join(project, "out");
    expect(fs.existsSync(path.join(modulesDir, "libfilter.so"))).toBe(true);
    const config = JSON.stringify({ request_headers: [], remove_request_headers: [], response_headers: [], remove_response_headers: [] });
    const loaded = await validateEnvoyConfig(envoyBinary(), staticBootstrap(1, 1, [listenerYaml("l", 1, [{ module: "filter", filterName: "header_mutation", config }])]), modulesDir);
    expect(loaded.log).toContain("OK");
    expect(loaded.ok).toBe(true);
  });

  it("the preset's editor plugin loads from the installed package in the project's own tsserver (TypeScript 6, as init installs it)", async () => {
    // As `tsc2envoy init` sets a project up: TypeScript 6 (7 is native and loads no plugins) beside the package.
    const dir = scratchDir("editor-project");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "editor-project", private: true, type: "module" }));
    await execa("npm", ["install", "--save-dev", tarball, `typescript@${ownTypescript}`, ...npmQuiet], { cwd: dir });
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ extends: "tsc2envoy/tsconfig.json", include: ["*.ts"] }));
    const file = path.join(dir, "state.ts");
    fs.writeFileSync(file, 'import { registerHttpFilter, type HttpFilter } from "tsc2envoy";\nlet seen = 0;\nregisterHttpFilter("s", (): HttpFilter => ({}));\n');
    // As an editor set to the workspace's TypeScript runs it: tsserver finds plugins beside itself.
    const server = new TsServer(dir, { tsserver: path.join(dir, "node_modules", "typescript", "lib", "tsserver.js") });
    try {
      server.send("open", { file, projectRootPath: dir });
      const diagnostics = await server.semanticDiagnostics(file);
      expect(diagnostics.map((d) => [d.start.line, d.start.offset, d.code, d.source])).toEqual([[2, 1, 91009, "tsc2envoy"]]);
    } finally {
      await server.close();
    }
  }, 300_000);
});
