/**
 * Reads our ABI header (abi/c/envoy-v1.40/envoy_abi.h): its enums, structs and pointer typedefs,
 * so the drift check can compare each against the upstream reference header.
 */
import fs from "node:fs";
import path from "node:path";

import { repoRoot } from "../helpers/paths.js";

export const ourHeader = path.join(repoRoot, "abi", "c", "envoy-v1.40", "envoy_abi.h");
export const referenceDir = path.resolve(repoRoot, "..", "shared", "reference", "envoy-abi");
export const referenceHeader = path.join(referenceDir, "abi-v1.40.h");
export const referencePrototypes = path.join(referenceDir, "abi-v1.40-http-prototypes.h");

export interface HeaderShape {
  enums: { name: string; enumerators: string[] }[];
  structs: { name: string; fields: string[] }[];
  typedefs: string[];
  functions: string[];
}

export function readHeaderShape(text: string): HeaderShape {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const enums = [...code.matchAll(/typedef enum (\w+) \{([^}]*)\} \1;/g)].map((m) => ({
    name: m[1]!,
    enumerators: m[2]!.split(",").map((e) => e.trim().split(/\s*=/)[0]!).filter(Boolean),
  }));
  const structs = [...code.matchAll(/typedef struct (\w+) \{([^}]*)\} \1;/g)].map((m) => ({
    name: m[1]!,
    fields: m[2]!.split(";").map((f) => f.trim().split(/\s+/).pop()!).filter(Boolean),
  }));
  const typedefs = [...code.matchAll(/typedef [^;{(]*?(\w+);/g)].map((m) => m[1]!).filter((n) => !enums.some((e) => e.name === n) && !structs.some((s) => s.name === n));
  const functions = [...new Set([...code.matchAll(/\b(envoy_dynamic_module_(?:on|callback)_\w+)\s*\(/g)].map((m) => m[1]!))];
  return { enums, structs, typedefs, functions };
}

/**
 * A C file that includes our header with every type and enumerator renamed, then the reference,
 * and asserts that each enumerator has the reference's value and each struct the reference's size
 * and field offsets, and each typedef the reference's type size.
 */
export function typeCheckProgram(shape: HeaderShape, ourHeaderPath: string): string {
  const renamed = [...shape.enums.flatMap((e) => [e.name, ...e.enumerators]), ...shape.structs.map((s) => s.name), ...shape.typedefs];
  const lines = ["#include <stddef.h>", "#define TSE_ABI_SKIP_FUNCTIONS"];
  for (const name of renamed) lines.push(`#define ${name} ours_${name}`);
  lines.push(`#include "${ourHeaderPath}"`);
  for (const name of renamed) lines.push(`#undef ${name}`);
  lines.push('#include "abi-v1.40.h"');
  for (const e of shape.enums) {
    lines.push(`_Static_assert(sizeof(ours_${e.name}) == sizeof(${e.name}), "enum ${e.name} size");`);
    for (const value of e.enumerators) lines.push(`_Static_assert((long)ours_${value} == (long)${value}, "enumerator ${value}");`);
  }
  for (const s of shape.structs) {
    lines.push(`_Static_assert(sizeof(ours_${s.name}) == sizeof(${s.name}), "struct ${s.name} size");`);
    for (const field of s.fields) {
      lines.push(`_Static_assert(offsetof(ours_${s.name}, ${field}) == offsetof(${s.name}, ${field}), "field ${s.name}.${field}");`);
      lines.push(`_Static_assert(sizeof(((ours_${s.name}*)0)->${field}) == sizeof(((${s.name}*)0)->${field}), "field ${s.name}.${field} size");`);
    }
  }
  for (const t of shape.typedefs) lines.push(`_Static_assert(sizeof(ours_${t}) == sizeof(${t}), "typedef ${t}");`);
  return `${lines.join("\n")}\n`;
}

/** A C file where our prototypes redeclare the reference's: any signature drift is a conflict. */
export function prototypeCheckProgram(ourHeaderPath: string): string {
  return `#include "abi-v1.40.h"\n#define TSE_ABI_SKIP_TYPES\n#include "${ourHeaderPath}"\n`;
}

export function readOurHeader(): string {
  return fs.readFileSync(ourHeader, "utf8");
}
