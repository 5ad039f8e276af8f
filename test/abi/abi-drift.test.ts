/**
 * Our ABI declarations must mean exactly what the upstream Envoy 1.40 header means: every
 * prototype, enumerator value, struct layout and typedef is compiled against the reference header,
 * and drift is a compile error. Mutated copies of our header prove the check catches drift.
 */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { scratchDir } from "../helpers/paths.js";
import { ourHeader, prototypeCheckProgram, readHeaderShape, readOurHeader, referenceDir, referenceHeader, typeCheckProgram } from "./abi-header.js";

async function compiles(source: string): Promise<{ ok: boolean; stderr: string }> {
  const dir = scratchDir("abi");
  const file = path.join(dir, "check.c");
  fs.writeFileSync(file, source);
  const result = await execa("cc", ["-std=c11", "-fsyntax-only", "-Werror", "-Wno-pragma-once-outside-header", "-I", referenceDir, file], { reject: false });
  return { ok: result.exitCode === 0, stderr: String(result.stderr) };
}

function mutatedHeader(from: string, to: string): string {
  const text = readOurHeader();
  expect(text).toContain(from);
  const file = path.join(scratchDir("abi-mutant"), "envoy_abi.h");
  fs.writeFileSync(file, text.replace(from, to));
  return file;
}

describe("ABI declarations against the Envoy 1.40 reference header", () => {
  it("has the reference header beside the repository", () => {
    expect(fs.existsSync(referenceHeader)).toBe(true);
  });

  it("declares what the HTTP filter runtime needs", () => {
    const shape = readHeaderShape(readOurHeader());
    expect(shape.enums.length).toBeGreaterThanOrEqual(14);
    expect(shape.structs.map((s) => s.name)).toContain("envoy_dynamic_module_type_module_http_header");
    expect(shape.functions.filter((f) => f.startsWith("envoy_dynamic_module_on_http_filter_")).length).toBeGreaterThanOrEqual(19);
  });

  it("every prototype matches the reference", async () => {
    const result = await compiles(prototypeCheckProgram(ourHeader));
    expect(result.stderr).toBe("");
    expect(result.ok).toBe(true);
  });

  it("every enumerator value, struct layout and typedef matches the reference", async () => {
    const result = await compiles(typeCheckProgram(readHeaderShape(readOurHeader()), ourHeader));
    expect(result.stderr).toBe("");
    expect(result.ok).toBe(true);
  });

  it("catches a changed enumerator value", async () => {
    const mutant = mutatedHeader("envoy_dynamic_module_type_attribute_id_UpstreamAddress = 41,", "envoy_dynamic_module_type_attribute_id_UpstreamAddress = 40,");
    const result = await compiles(typeCheckProgram(readHeaderShape(fs.readFileSync(mutant, "utf8")), mutant));
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain("enumerator envoy_dynamic_module_type_attribute_id_UpstreamAddress");
  });

  it("catches reordered struct fields", async () => {
    const mutant = mutatedHeader(
      "  envoy_dynamic_module_type_buffer_envoy_ptr ptr;\n  size_t length;\n} envoy_dynamic_module_type_envoy_buffer;",
      "  size_t length;\n  envoy_dynamic_module_type_buffer_envoy_ptr ptr;\n} envoy_dynamic_module_type_envoy_buffer;",
    );
    const result = await compiles(typeCheckProgram(readHeaderShape(fs.readFileSync(mutant, "utf8")), mutant));
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain("field envoy_dynamic_module_type_envoy_buffer.ptr");
  });

  it("catches a changed parameter type", async () => {
    const mutant = mutatedHeader(
      "envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, size_t id,\n    envoy_dynamic_module_type_module_buffer* label_values",
      "envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, uint32_t id,\n    envoy_dynamic_module_type_module_buffer* label_values",
    );
    const result = await compiles(prototypeCheckProgram(mutant));
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/conflicting types for .?envoy_dynamic_module_callback_http_filter_increment_counter/);
  });
});
