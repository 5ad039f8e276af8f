/**
 * `build --manifest`: the JSON Schema of each filter's config accepts exactly the configs the
 * compiled module accepts. Each candidate config goes to the module (the native host creates the
 * filter config, as Envoy does) and to a JSON Schema validator; the verdicts must agree.
 */
import fs from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";

import type { Manifest } from "../../compiler/manifest/manifest.js";
import { buildFilter } from "../helpers/build.js";
import { repoRoot } from "../helpers/paths.js";
import { runNative } from "../hosts/native/run.js";

const entry = path.join(repoRoot, "test/fixtures/config-schema/shapes.ts");

const rule = { name: "a", kind: "prefix", enabled: true, weight: 1 };
const shapes = { rules: [rule], pairs: [["x", 1]], flags: [true], matrix: [[1, 2], []] };

/** [what, filter, filter_config text]. */
const candidates: [string, string, string][] = [
  ["a full config", "shapes", JSON.stringify(shapes)],
  ["unknown properties (ignored)", "shapes", JSON.stringify({ ...shapes, extra: 1, rules: [{ ...rule, other: "x" }] })],
  ["optional properties present", "shapes", JSON.stringify({ ...shapes, rules: [{ ...rule, status: 404 }], tree: { label: "r", children: [{ label: "c", children: [] }] } })],
  ["`| undefined` property missing", "shapes", JSON.stringify({ ...shapes, rules: [{ name: "a", kind: "exact", enabled: true }] })],
  ["a required property missing", "shapes", JSON.stringify({ rules: [], pairs: [], flags: [] })],
  ["a string literal outside its union", "shapes", JSON.stringify({ ...shapes, rules: [{ ...rule, kind: "suffix" }] })],
  ["a number literal outside its union", "shapes", JSON.stringify({ ...shapes, rules: [{ ...rule, status: 500 }] })],
  ["the other boolean literal", "shapes", JSON.stringify({ ...shapes, rules: [{ ...rule, enabled: false }] })],
  ["null for an optional property", "shapes", JSON.stringify({ ...shapes, tree: null })],
  ["a tuple one element short", "shapes", JSON.stringify({ ...shapes, pairs: [["x"]] })],
  ["a tuple one element long", "shapes", JSON.stringify({ ...shapes, pairs: [["x", 1, 2]] })],
  ["a tuple with elements swapped", "shapes", JSON.stringify({ ...shapes, pairs: [[1, "x"]] })],
  ["a wrong type deep in a recursive type", "shapes", JSON.stringify({ ...shapes, tree: { label: "r", children: [{ label: 7, children: [] }] } })],
  ["a string where a nested array is", "shapes", JSON.stringify({ ...shapes, matrix: ["1"] })],
  ["an array where the object is", "shapes", JSON.stringify([shapes])],
  ["Records of values and of literal types", "shapes", JSON.stringify({ ...shapes, routes: { x: "a", "7": "b" }, weights: { w: [1, 2], v: [] } })],
  ["an empty Record", "shapes", JSON.stringify({ ...shapes, routes: {} })],
  ["a Record value outside its literal type", "shapes", JSON.stringify({ ...shapes, routes: { x: "c" } })],
  ["a Record value of the wrong type", "shapes", JSON.stringify({ ...shapes, weights: { w: [1, "2"] } })],
  ["an array where a Record is", "shapes", JSON.stringify({ ...shapes, weights: [[1]] })],
  ["unions decoded by JSON kind", "shapes", JSON.stringify({ ...shapes, aud: ["a"], port: { label: "t", children: [] } })],
  ["the unions' other members", "shapes", JSON.stringify({ ...shapes, aud: "a", port: 80 })],
  ["a union member of no listed kind", "shapes", JSON.stringify({ ...shapes, aud: 1 })],
  ["a wrong value inside a union's member", "shapes", JSON.stringify({ ...shapes, port: { label: 7, children: [] } })],
  ["discriminated union members and null", "shapes", JSON.stringify({ ...shapes, match: { kind: "regex", pattern: "x" }, note: null })],
  ["the other discriminated member", "shapes", JSON.stringify({ ...shapes, match: { kind: "prefix", prefix: "/" }, note: "n" })],
  ["null for a nullable union", "shapes", JSON.stringify({ ...shapes, match: null })],
  ["an unknown discriminant", "shapes", JSON.stringify({ ...shapes, match: { kind: "glob", prefix: "/" } })],
  ["a missing discriminant", "shapes", JSON.stringify({ ...shapes, match: { prefix: "/" } })],
  ["a discriminated member lacking its property", "shapes", JSON.stringify({ ...shapes, match: { kind: "regex", prefix: "/" } })],
  ["a number where a nullable string is", "shapes", JSON.stringify({ ...shapes, note: 1 })],
  ["a string config of its literal type", "raw_mode", "deny"],
  ["a string config outside its literal type", "raw_mode", "maybe"],
  ["anything, for a filter without config", "no_config", "[1, 2, 3]"],
];

describe("build --manifest: config schemas", () => {
  let manifest: Manifest;
  let soPath: string;

  beforeAll(async () => {
    const built = await buildFilter(entry, { manifest: true });
    soPath = built.soPath;
    manifest = JSON.parse(fs.readFileSync(path.join(built.dir, "libshapes.manifest.json"), "utf8")) as Manifest;
  });

  it("the manifest describes the module", () => {
    const bytes = fs.readFileSync(soPath);
    expect(manifest.module.size).toBe(bytes.length);
    expect(manifest.module.file).toBe("libshapes.so");
    expect(manifest.filters.map((f) => f.name)).toEqual(["shapes", "raw_mode", "no_config"]);
    expect(manifest.minEnvoyVersion).toBe("1.40.0");
    expect(manifest.source).toBe("shapes.ts");
  });

  it("a discriminated union is a oneOf with const discriminants", () => {
    const properties = manifest.filters[0]!.configSchema.properties as Record<string, { oneOf?: { type: string; properties?: { kind: unknown } }[] }>;
    const members = properties.match!.oneOf!;
    expect(members.map((m) => m.properties?.kind ?? m.type)).toEqual(["null", { type: "string", const: "prefix" }, { type: "string", const: "regex" }]);
  });

  it("each schema is a valid draft 2020-12 schema", () => {
    const ajv = new Ajv2020({ strict: true });
    for (const filter of manifest.filters) expect(ajv.validateSchema(filter.configSchema), filter.name).toBe(true);
  });

  it.each(candidates)("%s: the schema and the module agree", async (_what, filterName, config) => {
    const filter = manifest.filters.find((f) => f.name === filterName)!;
    const validate = new Ajv2020({ strict: false }).compile(filter.configSchema);
    const value = filter.configSchema.type === "string" ? config : (JSON.parse(config) as unknown);
    const transcript = await runNative(soPath, { filter: filterName, config, streams: [] });
    const moduleAccepts = transcript.includes(`config "${filterName}" -> ok`);
    expect(transcript).toMatch(new RegExp(`config "${filterName}" -> (ok|rejected)`));
    expect(validate(value), `${transcript}\n${JSON.stringify(validate.errors)}`).toBe(moduleAccepts);
  });

  it("the candidates include configs the module accepts and configs it rejects", async () => {
    const verdicts = await Promise.all(candidates.map(async ([, filter, config]) => (await runNative(soPath, { filter, config, streams: [] })).includes(`config "${filter}" -> ok`)));
    expect(verdicts).toContain(true);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThanOrEqual(8);
  });
});

describe("build --manifest: per-route config schemas", () => {
  const perRoute: [string, string][] = [
    ["a full per-route config", JSON.stringify({ mode: "strict", label: "r", limits: [1] })],
    ["without its optional property", JSON.stringify({ mode: "lax", label: "r" })],
    ["a mode outside its union", JSON.stringify({ mode: "loose", label: "r" })],
    ["a required property missing", JSON.stringify({ mode: "lax" })],
    ["a number where a string is", JSON.stringify({ mode: "lax", label: 1 })],
  ];
  let manifest: Manifest;
  let soPath: string;

  beforeAll(async () => {
    const built = await buildFilter(path.join(repoRoot, "test/filters/per_route.ts"), { manifest: true });
    soPath = built.soPath;
    manifest = JSON.parse(fs.readFileSync(path.join(built.dir, "libper_route.manifest.json"), "utf8")) as Manifest;
  });

  it.each(perRoute)("%s: the schema and the module agree", async (_what, config) => {
    const schema = manifest.filters[0]!.perRouteConfigSchema!;
    expect(new Ajv2020({ strict: true }).validateSchema(schema)).toBe(true);
    const vector = { filter: "route_policy", config: JSON.stringify({ fallback: "f" }), streams: [{ perRouteConfig: { config }, events: [] }] };
    const transcript = await runNative(soPath, vector);
    expect(transcript).toMatch(/per_route_config "route_policy" -> (ok|rejected)/);
    expect(new Ajv2020({ strict: false }).compile(schema)(JSON.parse(config))).toBe(transcript.includes('per_route_config "route_policy" -> ok'));
  });
});
