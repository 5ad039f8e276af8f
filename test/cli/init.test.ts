/**
 * `tsc2envoy init` on its own (--no-install; test/package/getting-started.test.ts runs the whole
 * path with npm install and the real Envoy): what it writes, what it leaves alone, how it updates
 * package.json.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";

import { runCli } from "../helpers/cli.js";
import { repoRoot, scratchDir } from "../helpers/paths.js";

const ownVersion = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");

describe("tsc2envoy init", () => {
  it("writes a project: filter, test, config, tsconfig on the preset, envoy.yaml with the config, CI workflow", async () => {
    const dir = path.join(scratchDir("init"), "my-filter");
    const result = await runCli(["init", dir, "--no-install"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("wrote filter.ts, filter.test.ts, filter.config.json, tsconfig.json, envoy.yaml, .github/workflows/filter.yml, .vscode/settings.json, .vscode/tasks.json, .gitignore");

    const templates = path.join(repoRoot, "compiler", "templates");
    for (const file of ["filter.ts", "filter.test.ts", "filter.config.json"]) expect(read(dir, file)).toBe(read(templates, file));
    expect(read(dir, ".github/workflows/filter.yml")).toBe(read(templates, "workflow.yml"));
    expect(read(dir, ".vscode/tasks.json")).toBe(read(templates, "vscode-tasks.json"));
    expect(JSON.parse(read(dir, ".vscode/settings.json"))["typescript.tsdk"]).toBe("node_modules/typescript/lib");
    expect(read(dir, ".gitignore")).toBe("node_modules/\nout/\n");
    expect(JSON.parse(read(dir, "tsconfig.json")).extends).toBe("tsc2envoy/tsconfig.json");

    const pkg = JSON.parse(read(dir, "package.json"));
    expect(pkg).toMatchObject({ name: "my-filter", type: "module", private: true });
    expect(pkg.scripts).toEqual({
      build: "tsc2envoy build filter.ts -o out",
      check: "tsc2envoy check filter.ts",
      test: "vitest run",
      "test:native": "TSC2ENVOY_TEST_NATIVE=1 vitest run",
      start: "tsc2envoy run filter.ts --config filter.config.json --watch",
    });
    expect(pkg.devDependencies).toEqual({ vitest: `^${ownVersion.devDependencies.vitest}`, typescript: `^${ownVersion.devDependencies.typescript}`, tsc2envoy: `^${ownVersion.version}` });

    const envoy = YAML.parse(read(dir, "envoy.yaml"));
    const listener = envoy.static_resources.listeners[0];
    expect(listener.address.socket_address).toEqual({ address: "0.0.0.0", port_value: 10000 });
    const [filter] = listener.filter_chains[0].filters[0].typed_config.http_filters;
    expect(filter.typed_config.dynamic_module_config.name).toBe("filter");
    expect(filter.typed_config.filter_name).toBe("filter");
    expect(JSON.parse(filter.typed_config.filter_config.value)).toEqual(JSON.parse(read(dir, "filter.config.json")));
  });

  it("leaves existing files and scripts alone (but npm's placeholder test), unless --force", async () => {
    const dir = scratchDir("init");
    fs.writeFileSync(path.join(dir, "filter.ts"), "// mine\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x", type: "commonjs", scripts: { test: 'echo "Error: no test specified" && exit 1', build: "make" } }));
    const result = await runCli(["init", dir, "--no-install"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("left as they are (--force overwrites): filter.ts");
    expect(read(dir, "filter.ts")).toBe("// mine\n");
    const pkg = JSON.parse(read(dir, "package.json"));
    expect(pkg.type).toBe("module");
    expect(pkg.scripts.build).toBe("make");
    expect(pkg.scripts.test).toBe("vitest run");

    expect((await runCli(["init", dir, "--no-install", "--force"])).exitCode).toBe(0);
    expect(read(dir, "filter.ts")).toBe(read(path.join(repoRoot, "compiler", "templates"), "filter.ts"));
    expect(JSON.parse(read(dir, "package.json")).scripts.build).toBe("make");
  });

  it("a package.json that is not JSON is a usage error: exit 2", async () => {
    const dir = scratchDir("init");
    fs.writeFileSync(path.join(dir, "package.json"), "{ nope");
    const result = await runCli(["init", dir, "--no-install"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`tsc2envoy: ${path.join(dir, "package.json")} is not valid JSON`);
  });
});
