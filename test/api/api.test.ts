/**
 * The filter API table (compiler/api/filter-api.ts) against its readers: the generated
 * declarations are up to date; the Node SDK's enums and log levels carry the table's values, and
 * abi/ts/sdk.ts type-checks against the declarations (it holds its surface to them); runtime-c
 * declares and defines each method's C function with the types the emitter calls it with, and
 * each hook's slot. Each check also runs on a changed table, to show that it can fail.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { FilterApiTable, renderDeclarations } from "../../compiler/api/declarations.js";
import { ApiMethod, FILTER_API } from "../../compiler/api/filter-api.js";
import { repoRoot } from "../helpers/paths.js";
import { compileProbe, methodPrototype, probeSource, undefinedFunctions } from "./c-probe.js";
import { sdkMismatches, sdkTypeErrors } from "./sdk-check.js";

const declarationsFile = path.join(repoRoot, "abi", "ts", "tsc2envoy.d.ts");

/** A callback the table describes but nothing implements. */
const unimplemented: ApiMethod = {
  name: "getRequestHeaderValueNotWritten",
  params: [{ name: "name", type: "string" }],
  returns: "string | undefined",
  section: "request headers",
  c: { fn: "tse_http_get_header_not_written", constants: ["TSE_REQUEST_HEADER"] },
};
const withUnimplemented: FilterApiTable = { ...FILTER_API, methods: [...FILTER_API.methods, unimplemented] };

describe("abi/ts/tsc2envoy.d.ts", () => {
  it("is what compiler/api/declarations.ts generates (npm run generate:api)", () => {
    expect(fs.readFileSync(declarationsFile, "utf8")).toBe(renderDeclarations());
  });

  it("would change with a new table entry", () => {
    const text = renderDeclarations(withUnimplemented);
    expect(text).toContain("  getRequestHeaderValueNotWritten(name: string): string | undefined;");
    expect(text).not.toBe(fs.readFileSync(declarationsFile, "utf8"));
  });
});

describe("the Node reference SDK", () => {
  it("has the table's enums, values and log levels", () => {
    expect(sdkMismatches(FILTER_API)).toEqual([]);
  });

  it("reports an enum member or log level the table has and the SDK lacks", () => {
    const [first, ...rest] = FILTER_API.enums;
    const grown: FilterApiTable = { ...FILTER_API, enums: [{ ...first!, members: [...first!.members, "StopAndRewind"] }, ...rest], logLevels: [...FILTER_API.logLevels, "fatal"] };
    expect(sdkMismatches(grown)).toEqual([
      "enum RequestHeadersStatus.StopAndRewind: table 5, SDK undefined",
      "log levels: table trace, debug, info, warn, error, critical, fatal, SDK trace, debug, info, warn, error, critical",
    ]);
  });

  it("type-checks against the generated declarations", () => {
    expect(sdkTypeErrors(renderDeclarations())).toEqual([]);
  });

  it("does not type-check against declarations with a method it lacks", () => {
    const errors = sdkTypeErrors(renderDeclarations(withUnimplemented));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.startsWith("sdk.ts:"))).toBe(true);
    expect(errors.join("\n")).toContain("Type 'false' does not satisfy the constraint 'true'");
  });
});

describe("runtime-c", () => {
  it("declares each method's C function and constants, and each hook's slot, with the emitter's types", () => {
    const probe = compileProbe(FILTER_API);
    expect(probe.diagnostics).toBe("");
    expect(probe.ok).toBe(true);
  });

  it("defines each method's C function", () => {
    expect(undefinedFunctions(FILTER_API)).toEqual([]);
  });

  it("reports a method whose C function is missing", () => {
    const probe = compileProbe(withUnimplemented);
    expect(probe.ok).toBe(false);
    expect(probe.diagnostics).toContain("tse_http_get_header_not_written");
    expect(undefinedFunctions(withUnimplemented)).toEqual(["getRequestHeaderValueNotWritten (tse_http_get_header_not_written)"]);
    expect(methodPrototype(unimplemented)).toBe("tse_str tse_http_get_header_not_written(tse_ctx* ctx, int32_t constant_0, tse_str name)");
  });

  it("reports a method whose C function has other types", () => {
    const attributeInt = FILTER_API.methods.find((m) => m.name === "getAttributeInt")!;
    const retyped: FilterApiTable = { ...FILTER_API, methods: [{ ...attributeInt, returns: "number" }] };
    expect(probeSource(retyped)).toContain("double (*const probe_getAttributeInt)(tse_ctx*, double) = tse_http_get_attribute_int;");
    const probe = compileProbe(retyped);
    expect(probe.ok).toBe(false);
    expect(probe.diagnostics).toContain("probe_getAttributeInt");
  });

  it("reports a hook whose slot has other types", () => {
    const [first, ...rest] = FILTER_API.hooks;
    const retyped: FilterApiTable = { ...FILTER_API, hooks: [{ ...first!, params: [...first!.params, { name: "bufferedBytes", type: "number" }] }, ...rest] };
    const probe = compileProbe(retyped);
    expect(probe.ok).toBe(false);
    expect(probe.diagnostics).toContain("onRequestHeaders: tse_filter_def.on_request_headers");
  });
});
