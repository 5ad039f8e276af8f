/**
 * examples/envoy.yaml, the complete config the docs point to, loaded by the real Envoy 1.40 in
 * `--mode validate` with the example modules it names: modules load and their filter_configs are
 * accepted; the same file with a config the filter's type refuses fails validation, naming the field.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { envoyBinary, validateEnvoyConfig } from "../helpers/envoy.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

describe("examples/envoy.yaml", () => {
  const yaml = fs.readFileSync(path.join(examplesDir, "envoy.yaml"), "utf8");
  const modulesDir = scratchDir("examples-config");

  beforeAll(async () => {
    for (const example of ["route_rules.ts", "header_mutation.ts"]) await buildFilter(path.join(examplesDir, example), { outDir: modulesDir });
  });

  it("passes envoy --mode validate with the example modules", async () => {
    const result = await validateEnvoyConfig(envoyBinary(), yaml, modulesDir);
    expect(result.log).toContain("OK");
    expect(result.ok).toBe(true);
  });

  it("fails validation when a filter_config does not match the filter's type", async () => {
    const broken = yaml.replace('"kind": "api"', '"kind": "apis"');
    expect(broken).not.toBe(yaml);
    const result = await validateEnvoyConfig(envoyBinary(), broken, modulesDir);
    expect(result.ok).toBe(false);
    expect(result.log).toContain(`tsc2envoy: filter 'route_rules' rejected its filter_config: rules[1].kind: expected "prefix" | "api" | "header", got "apis"`);
  });
});
