/**
 * Diagnostics of tracers and stats sinks (issue 11): refused for Envoy 1.38 and 1.39 (TSE3021;
 * their binaries lack the stats sink's histogram callbacks, and this runtime speaks only 1.40's
 * ABI for both kinds), a hook's parameter of the wrong type (TypeScript's error), an HTTP hook in
 * a tracer (TSE3020).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { check } from "../../compiler/driver.js";
import { scratchDir } from "../helpers/paths.js";

const header = 'import { registerStatsSink, registerTracer, RequestHeadersStatus, type EnvoyHttpFilter, type EnvoyStatsSink, type EnvoyTracer } from "tsc2envoy";\n';
const tracer = `${header}class T {\n  onStart(_envoy: EnvoyTracer, _name: string, _traced: boolean): void {}\n}\nregisterTracer("t", () => new T());\n`;
const sink = `${header}class S {\n  onFlush(envoy: EnvoyStatsSink): void { envoy.getCounterCount(); }\n}\nregisterStatsSink("s", () => new S());\n`;

function diagnose(source: string, options: Parameters<typeof check>[1] = {}) {
  const file = path.join(scratchDir("tracer-sink-diagnostics"), "filter.ts");
  fs.writeFileSync(file, source);
  return check(file, options);
}

describe("diagnostics of tracers and stats sinks", () => {
  it.each([
    { register: "registerTracer", source: tracer },
    { register: "registerStatsSink", source: sink },
  ])("TSE3021: $register in a module for Envoy 1.38 or 1.39, at the register call", ({ register, source }) => {
    expect(diagnose(source)).toEqual([]);
    for (const version of ["1.38", "1.39"]) {
      const [diagnostic, ...rest] = diagnose(source, { envoyVersion: version });
      expect(rest).toEqual([]);
      expect(diagnostic).toMatchObject({ code: "TSE3021", line: 5, column: 1 });
      expect(diagnostic!.message).toBe(`${register} needs Envoy 1.40 or later; this module is built for Envoy ${version}`);
    }
  });

  it("a tracer hook taking a number where Envoy passes a string: TypeScript's error at the factory", () => {
    const source = `${header}class T {\n  onSetTag(_envoy: EnvoyTracer, key: number, _value: string): void { key; }\n}\nregisterTracer("t", () => new T());\n`;
    const [diagnostic, ...rest] = diagnose(source);
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: "TS2769", line: 5 });
  });

  it("TSE3020: an HTTP hook in a class registered as a tracer", () => {
    const source = `${header}class T {\n  onFinish(_envoy: EnvoyTracer): void {}\n  onRequestHeaders(_envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus { return RequestHeadersStatus.Continue; }\n}\nregisterTracer("t", () => new T());\n`;
    const [diagnostic] = diagnose(source);
    expect(diagnostic).toMatchObject({ code: "TSE3020", line: 4, column: 3 });
    expect(diagnostic!.message).toBe("`onRequestHeaders` is a hook of an HTTP filter, but this class is registered as a tracer");
    expect(diagnostic!.hint).toContain("TracerSpan, or register the class with registerHttpFilter");
  });
});
