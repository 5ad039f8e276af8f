/**
 * The C side of the filter API table: a C file that assigns each method's `c.fn` to a pointer of
 * the type the emitter calls it with, and asserts each hook's slot in tse_filter_def. Compiled with
 * -Werror against runtime-c/tse.h, a missing function, constant or slot, or a different parameter
 * or result type, is a compile error that names the method.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { ApiHook, ApiMethod, ApiParam } from "../../compiler/api/filter-api.js";
import { apiEnum, kindOfHandle } from "../../compiler/api/kinds.js";
import type { FilterApiTable } from "../../compiler/api/declarations.js";
import { cType } from "../../compiler/emit/c-types.js";
import { IrType, numberType, stringType, booleanType, undefinedType, unionOf } from "../../compiler/ir/index.js";
import { repoRoot } from "../helpers/paths.js";

export const runtimeDir = path.join(repoRoot, "runtime-c");

/** An API type as written in the table, as the IR type lowering gives it (enums are numbers). */
function irType(type: string): IrType {
  const members = type.split("|").map((m) => m.trim());
  if (members.length > 1) return unionOf(members.map(irType));
  if (type.endsWith("[]")) return { kind: "array", element: irType(type.slice(0, -2)) };
  switch (type) {
    case "string":
      return stringType;
    case "number":
      return numberType;
    case "boolean":
      return booleanType;
    case "void":
      return { kind: "void" };
    case "undefined":
      return undefinedType;
    case "EnvoyHttpFilter":
    case "EnvoyFilterConfig":
      return { kind: "envoy" };
    // Metric and log writer handles are branded numbers.
    case "Counter":
    case "Gauge":
    case "Histogram":
    case "LogWriter":
    case "SharedCounter":
    case "Snapshot<T>":
      return numberType;
    // A [name, value] tuple; only its being a heap value shows in C.
    case "Header":
      return { kind: "array", element: stringType };
    case "Uint8Array":
      return { kind: "bytes" };
  }
  if (apiEnum(type)) return numberType;
  // Every kind's handle (compiler/api/kinds.ts) is a value-less handle too.
  if (kindOfHandle(type)) return { kind: "envoy" };
  throw new Error(`test/api: no IR type for the API type ${type}`);
}

const paramCType = (p: ApiParam): string => cType(p.optional ? unionOf([irType(p.type), undefinedType]) : irType(p.type));
/** A parameter typed by one of the method's type parameters is the value's pointer. */
const methodParamCType = (method: ApiMethod, p: ApiParam): string => ((method.typeParams ?? []).some((t) => t.split(" ")[0] === p.type) ? "const void*" : paramCType(p));

/** The C prototype the emitter calls a method's function with (compiler/emit/c-runtime-ops.ts). */
export function methodPrototype(method: ApiMethod): string {
  const params = [
    "tse_ctx* ctx",
    ...(method.c.constants ?? []).map((_, i) => `int32_t constant_${i}`),
    ...typeParamCTypes(method).map((type, i) => `${type} type_${i}`),
    ...method.params.map((p) => `${methodParamCType(method, p)} ${p.name}`),
  ];
  return `${returnCType(method)} ${method.c.fn}(${params.join(", ")})`;
}

/** A generic method's type arguments: their descriptors; a result of a type parameter (its struct) as void*. */
const typeParamCTypes = (method: ApiMethod): string[] => [...(method.typeParams ?? []).map(() => "const tse_type*"), ...(method.literalChecks ? ["const tse_literal_check*"] : [])];
const returnCType = (method: ApiMethod): string =>
  (method.typeParams ?? []).some((t) => method.returns.split("|").map((m) => m.trim()).includes(t.split(" ")[0]!)) ? "void*" : cType(irType(method.returns));

/** `onRequestHeaders` -> `on_request_headers`, as compiler/emit/c-module.ts names the slot. */
const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The slot's type in tse_filter_def: the hook's glue (compiler/emit/c-module.ts hookGlue). */
function hookSlotType(hook: ApiHook, handle: string): string {
  const values = hook.params.filter((p) => p.type !== handle).map(paramCType);
  return `${hook.returns === "void" ? "void" : hook.returns === "number" ? "double" : "int32_t"} (*)(${["tse_ctx*", "void*", ...values].join(", ")})`;
}

/** `def`, `handle`: another kind's registration struct and handle type (compiler/api/kinds.ts). */
export function probeSource(api: FilterApiTable, def = "tse_filter_def", handle = "EnvoyHttpFilter"): string {
  const lines = ['#include "tse.h"', ""];
  for (const method of [...api.methods, ...(api.configMethods ?? [])]) {
    const params = ["tse_ctx*", ...(method.c.constants ?? []).map(() => "int32_t"), ...typeParamCTypes(method), ...method.params.map((p) => methodParamCType(method, p))];
    lines.push(`/* ${method.name}: ${methodPrototype(method)} */`);
    lines.push(`${returnCType(method)} (*const probe_${method.name})(${params.join(", ")}) = ${method.c.fn};`);
    (method.c.constants ?? []).forEach((constant, i) => lines.push(`const int32_t probe_${method.name}_constant_${i} = ${constant};`));
  }
  for (const hook of api.hooks) {
    const slot = snakeCase(hook.name);
    lines.push(`_Static_assert(__builtin_types_compatible_p(__typeof__(((${def}*)0)->${slot}), ${hookSlotType(hook, handle)}), "${hook.name}: ${def}.${slot} is ${hookSlotType(hook, handle)}");`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Compiles the probe from stdin (no files); the compiler's diagnostics when it fails, each followed
 * by the probe line it is about (the compiler cannot quote stdin), which names the method or hook.
 */
export function compileProbe(api: FilterApiTable, def?: string, handle?: string): { ok: boolean; diagnostics: string } {
  const source = probeSource(api, def, handle);
  const cc = process.env.CC ?? "cc";
  const result = spawnSync(cc, ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I", runtimeDir, "-x", "c", "-"], { input: source, encoding: "utf8" });
  const sourceLines = source.split("\n");
  const diagnostics = (result.stderr ?? "").replace(/^<stdin>:(\d+):.*$/gm, (line, n: string) => `${line}\n    probe line ${n}: ${sourceLines[Number(n) - 1]}`);
  return { ok: result.status === 0, diagnostics: `${diagnostics}${result.error?.message ?? ""}` };
}

/** The methods whose `c.fn` no runtime-c/*.c file defines (a prototype alone links nowhere). */
export function undefinedFunctions(api: FilterApiTable): string[] {
  const sources = fs
    .readdirSync(runtimeDir)
    .filter((f) => f.endsWith(".c"))
    .map((f) => fs.readFileSync(path.join(runtimeDir, f), "utf8"))
    .join("\n");
  return [...api.methods, ...(api.configMethods ?? [])].filter((m) => !new RegExp(`^[A-Za-z_][\\w \\t*]*\\b${m.c.fn}\\([^;{]*\\)\\s*\\{`, "m").test(sources)).map((m) => `${m.name} (${m.c.fn})`);
}
