/**
 * `tsc2envoy init`: a filter project in a directory. Writes a filter and its unit test
 * (tsc2envoy/testing under vitest), the filter's config, a tsconfig.json extending the shipped
 * preset (the options the compiler checks with, and the editor plugin), an envoy.yaml for the
 * filter, a CI workflow that tests the filter and uploads the built module, VS Code settings and
 * tasks (docs/editor.md), and a .gitignore; adds "type": "module", scripts
 * and vitest to package.json; then runs `npm install`. Files that exist are left alone unless
 * --force. The templates are real files in compiler/templates/, so the repository tests them.
 */
import fs from "node:fs";
import path from "node:path";

import { UsageError } from "./diagnostics.js";
import { envoyConfigYaml } from "./envoy.js";
import { fileSystemError, makeDirectories } from "./output.js";
import { packageRoot } from "./paths.js";

export const templatesDir = path.join(packageRoot, "compiler", "templates");

export interface InitOptions {
  dir: string;
  force: boolean;
  /** Run `npm install` afterwards (vitest is new to package.json). */
  install: boolean;
  print: (message: string) => void;
}

/** The listener the generated envoy.yaml and `tsc2envoy run` use. */
export const DEFAULT_PORT = 10000;

function template(name: string): string {
  return fs.readFileSync(path.join(templatesDir, name), "utf8");
}

/** The project's files, by path in the project (npm never packs a file named .gitignore: the template is "gitignore"). */
function projectFiles(): Map<string, string> {
  const config = template("filter.config.json");
  return new Map([
    ["filter.ts", template("filter.ts")],
    ["filter.test.ts", template("filter.test.ts")],
    ["filter.config.json", config],
    [
      "tsconfig.json",
      `${JSON.stringify({ extends: "tsc2envoy/tsconfig.json", include: ["**/*.ts"], exclude: ["**/*.test.ts", "node_modules", "out"] }, null, 2)}\n`,
    ],
    [
      "envoy.yaml",
      envoyConfigYaml({
        listener: { address: "0.0.0.0", port: DEFAULT_PORT },
        upstream: { address: "127.0.0.1", port: 8080 },
        admin: { address: "127.0.0.1", port: 9901 },
        module: "filter",
        filter: "filter",
        // The same JSON as filter.config.json (which `tsc2envoy run` reads), on one line.
        filterConfig: JSON.stringify(JSON.parse(config)),
      }).replace("  - name: upstream\n", "  - name: upstream   # your service: set its address below\n"),
    ],
    [".github/workflows/filter.yml", template("workflow.yml")],
    // The editor: the workspace's TypeScript (which loads the preset's plugin), a task whose problem matcher reads TSE codes.
    [".vscode/settings.json", template("vscode-settings.json")],
    [".vscode/tasks.json", template("vscode-tasks.json")],
    [".gitignore", template("gitignore")],
  ]);
}

/** npm's placeholder from `npm init -y`, which a project has not chosen. */
const NPM_PLACEHOLDER_TEST = 'echo "Error: no test specified" && exit 1';

const scripts: Record<string, string> = {
  build: "tsc2envoy build filter.ts -o out",
  check: "tsc2envoy check filter.ts",
  test: "vitest run",
  "test:native": "TSC2ENVOY_TEST_NATIVE=1 vitest run",
  start: `tsc2envoy run filter.ts --config filter.config.json --watch`,
};

interface PackageJson {
  name?: string;
  type?: string;
  scripts?: Record<string, string>;
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(`${file} is not valid JSON: ${error.message}`);
    throw fileSystemError(`read ${file}`, error);
  }
}

/** package.json with what the project needs; returns what changed, for the user. */
function updatePackageJson(file: string): string[] {
  const own = readJson<PackageJson>(path.join(packageRoot, "package.json"));
  const pkg: PackageJson = fs.existsSync(file) ? readJson<PackageJson>(file) : { name: path.basename(path.dirname(file)).toLowerCase().replace(/[^a-z0-9._-]/g, "-"), version: "0.1.0", private: true };
  const changes: string[] = [];
  if (pkg.type !== "module") {
    pkg.type = "module";
    changes.push('"type": "module"');
  }
  pkg.scripts ??= {};
  for (const [name, command] of Object.entries(scripts)) {
    if (pkg.scripts[name] === undefined || (name === "test" && pkg.scripts[name] === NPM_PLACEHOLDER_TEST)) {
      pkg.scripts[name] = command;
      changes.push(`script ${name}`);
    }
  }
  const has = (name: string) => pkg.dependencies?.[name] !== undefined || pkg.devDependencies?.[name] !== undefined;
  // The vitest this package is tested with; the TypeScript it is built with (6: TypeScript 7 is
  // native and loads no language-service plugins, so the editor would miss the TSE diagnostics);
  // tsc2envoy itself when init ran through a bare npx.
  for (const [name, version] of [
    ["vitest", `^${own.devDependencies?.vitest}`],
    ["typescript", `^${own.devDependencies?.typescript}`],
    ["tsc2envoy", `^${String(own.version)}`],
  ] as const) {
    if (!has(name)) {
      pkg.devDependencies = { ...pkg.devDependencies, [name]: version };
      changes.push(`devDependency ${name}@${version}`);
    }
  }
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  return changes;
}

export async function initProject(options: InitOptions): Promise<void> {
  const dir = path.resolve(options.dir);
  try {
    makeDirectories(dir);
  } catch (error) {
    throw fileSystemError(`create directory ${options.dir}`, error);
  }
  const written: string[] = [];
  const kept: string[] = [];
  for (const [name, text] of projectFiles()) {
    const file = path.join(dir, name);
    if (fs.existsSync(file) && !options.force) {
      kept.push(name);
      continue;
    }
    try {
      makeDirectories(path.dirname(file));
      fs.writeFileSync(file, text);
    } catch (error) {
      throw fileSystemError(`write ${file}`, error);
    }
    written.push(name);
  }
  const packageChanges = updatePackageJson(path.join(dir, "package.json"));
  if (written.length > 0) options.print(`wrote ${written.join(", ")}`);
  if (kept.length > 0) options.print(`left as they are (--force overwrites): ${kept.join(", ")}`);
  if (packageChanges.length > 0) options.print(`package.json: ${packageChanges.join(", ")}`);

  if (options.install) {
    options.print("npm install");
    // execa is imported when needed, not with the CLI: a build does not load it (docs/benchmarks.md#build-speed).
    const result = await (await import("execa")).execa("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit", reject: false });
    if (result.exitCode !== 0) throw new UsageError(`npm install failed (exit code ${result.exitCode}) in ${dir}; run it there yourself, then npm test`);
  }
  const cd = path.relative(process.cwd(), dir) ? `cd ${path.relative(process.cwd(), dir)} && ` : "";
  options.print(
    [
      "next:",
      `  ${cd}${options.install ? "" : "npm install && "}npm test       # the unit tests in filter.test.ts (npm run test:native: against the compiled module)`,
      `  npx tsc2envoy run filter.ts --config filter.config.json --watch   # Envoy with the filter on http://127.0.0.1:${DEFAULT_PORT}`,
      "  npx tsc2envoy build filter.ts -o out    # out/libfilter.so, for envoy.yaml",
    ].join("\n"),
  );
}
