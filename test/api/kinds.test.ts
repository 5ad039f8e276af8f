/**
 * The other kinds' API tables (compiler/api/kinds.ts, issue 11) against runtime-c, as test/api
 * holds the HTTP table: each method's C function has the emitter's prototype and a definition, each
 * hook its slot in the kind's registration struct; the declarations have each kind's surface; the
 * SDK's enums have the tables' values.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { analyze } from "../../compiler/driver.js";
import { repoRoot, scratchDir } from "../helpers/paths.js";

import { FILTER_KINDS } from "../../compiler/api/kinds.js";
import { enumMembers } from "../../compiler/api/filter-api.js";
import { renderDeclarations } from "../../compiler/api/declarations.js";
import * as sdk from "../../abi/ts/sdk.js";
import { compileProbe, undefinedFunctions } from "./c-probe.js";

const kinds = FILTER_KINDS.filter((kind) => kind.kind !== "http");

describe.each(kinds)("the $kind kind", (kind) => {
  const table = { ...kind.api, configMethods: [], logLevels: [] };

  it("runtime-c declares each method with the emitter's prototype, and each hook's slot in its struct", () => {
    const probe = compileProbe(table, kind.cDef, kind.handle);
    expect(probe.diagnostics).toBe("");
    expect(probe.ok).toBe(true);
  });

  it("runtime-c defines each method's function", () => {
    expect(undefinedFunctions(table)).toEqual([]);
  });

  it("a hook slot of the wrong type does not compile", () => {
    const [first, ...rest] = kind.api.hooks;
    const retyped = { ...table, hooks: [{ ...first!, params: [...first!.params, { name: "extra", type: "number" }] }, ...rest] };
    expect(compileProbe(retyped, kind.cDef, kind.handle).ok).toBe(false);
  });

  it("the declarations have its handle, class interface and register function", () => {
    const text = renderDeclarations();
    expect(text).toContain(`export interface ${kind.handle} {`);
    expect(text).toContain(`export interface ${kind.classInterface} {`);
    expect(text).toContain(`export declare function ${kind.register}<Config = undefined>(`);
    for (const method of kind.api.methods) expect(text).toContain(`  ${method.name}(`);
  });

  it("the SDK's enums have the table's values, and it exports the register function", () => {
    for (const spec of kind.api.enums) {
      const actual = (sdk as unknown as Record<string, Record<string, number>>)[spec.name];
      expect(Object.fromEntries(Object.entries(actual!).filter(([, v]) => typeof v === "number")), spec.name).toEqual(Object.fromEntries(enumMembers(spec).map((m) => [m.name, m.value])));
    }
    expect(typeof (sdk as unknown as Record<string, unknown>)[kind.register]).toBe("function");
  });
});

describe("docs/api.md on the other kinds", () => {
  const doc = fs.readFileSync(path.join(repoRoot, "docs", "api.md"), "utf8");
  const ticks = doc.match(/`[^`\n]+`/g) ?? [];
  const examples = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it.each(kinds)("documents every $kind method and hook in backticks and in an example that compiles", (kind) => {
    const example = examples.find((e) => e.includes(`${kind.register}(`));
    expect(example, `a ${kind.register} example`).toBeDefined();
    for (const { name } of [...kind.api.methods, ...kind.api.hooks]) {
      const word = new RegExp(`\\b${name}\\b`);
      expect(ticks.some((t) => word.test(t)), `${name} in backticks`).toBe(true);
      expect(word.test(example!), `${name} in the ${kind.register} example`).toBe(true);
    }
    const file = path.join(scratchDir(`api-${kind.kind}`), "example.ts");
    fs.writeFileSync(file, example!);
    const { module, diagnostics } = analyze(file);
    expect(diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual([]);
    expect(module?.filters.map((f) => f.kind)).toEqual([kind.kind]);
  });
});
