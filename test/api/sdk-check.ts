/**
 * The Node SDK against the filter API table: its enums' values and log levels (run time), and
 * TypeScript's verdict on abi/ts/sdk.ts beside a given tsc2envoy.d.ts text (sdk.ts holds its
 * interfaces, StreamHandle and enums to the declarations at compile time).
 */
import path from "node:path";
import ts from "typescript";

import * as sdk from "../../abi/ts/sdk.js";
import type { FilterApiTable } from "../../compiler/api/declarations.js";
import { enumMembers } from "../../compiler/api/filter-api.js";
import { repoRoot } from "../helpers/paths.js";

const sdkFile = path.join(repoRoot, "abi", "ts", "sdk.ts");
const declarationsFile = path.join(repoRoot, "abi", "ts", "tsc2envoy.d.ts");

/** Where the SDK's enums and log levels differ from the table, one line each. */
export function sdkMismatches(api: FilterApiTable): string[] {
  const exported = sdk as unknown as Record<string, Record<string, unknown> | undefined>;
  const problems: string[] = [];
  for (const spec of api.enums) {
    const object = exported[spec.name];
    if (!object) {
      problems.push(`enum ${spec.name}: not exported by abi/ts/sdk.ts`);
      continue;
    }
    // A TypeScript enum object also maps values back to names: keep the name -> number entries.
    const actual = new Map(Object.entries(object).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
    const expected = new Map(enumMembers(spec).map((m) => [m.name, m.value]));
    for (const [name, value] of expected) if (actual.get(name) !== value) problems.push(`enum ${spec.name}.${name}: table ${value}, SDK ${actual.get(name)}`);
    for (const [name, value] of actual) if (!expected.has(name)) problems.push(`enum ${spec.name}.${name}: SDK ${value}, not in the table`);
  }
  const levels = Object.keys(sdk.log).join(", ");
  if (levels !== api.logLevels.join(", ")) problems.push(`log levels: table ${api.logLevels.join(", ")}, SDK ${levels}`);
  return problems;
}

/** TypeScript's errors in abi/ts/sdk.ts, type-checked with `declarations` as tsc2envoy.d.ts. */
export function sdkTypeErrors(declarations: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(repoRoot, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error("tsconfig.json does not parse");
  const options = { ...parsed.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    path.resolve(fileName) === declarationsFile ? ts.createSourceFile(fileName, declarations, languageVersion, true) : getSourceFile(fileName, languageVersion, ...rest);
  const program = ts.createProgram([sdkFile], options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(sdkFile))
    .map((d) => `${d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}
