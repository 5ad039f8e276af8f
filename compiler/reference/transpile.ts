/**
 * The reference backend: the same analyzed filter program as JavaScript for Node, running against
 * the reference implementation of "tsc2envoy" (abi/ts/sdk.ts). Beside the C emitter, it is the
 * other half of the correctness oracle: both must behave the same.
 *
 * TypeScript's own emit erases types; this adds back what the native compiler knows from them:
 * config schemas for registerHttpFilter, the file and line of log calls, and the run-time checks
 * the native code makes (x!).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ts } from "ts-morph";

import type { FilterProgram } from "../frontend.js";
import { IrModule } from "../ir.js";
import { apiExportName } from "../lower/api.js";
import type { JsonParseTarget } from "../lower/module.js";
import { packageRoot } from "../paths.js";
import { configSchemaTable } from "./schema.js";

export const sdkPath = path.join(packageRoot, "dist", "abi", "ts", "sdk.js");

export interface ReferenceOutput {
  /** Absolute path of the entry's JavaScript in outDir. */
  entry: string;
  /** The SDK URL the program imports (one instance per `instance`). */
  sdkUrl: string;
}

/**
 * Writes the program's JavaScript into outDir (same relative layout as the sources). `instance`
 * gives the program its own SDK module instance, so several programs can run in one process.
 */
export function transpileForNode(
  filterProgram: FilterProgram,
  module: IrModule,
  jsonParses: ReadonlyMap<ts.Node, JsonParseTarget>,
  outDir: string,
  instance: string,
): ReferenceOutput {
  const { checker, entry } = filterProgram;
  const root = path.dirname(entry.fileName);
  const sdkUrl = `${pathToFileURL(sdkPath).href}?instance=${encodeURIComponent(instance)}`;
  const printer = ts.createPrinter();
  let entryOut = "";

  for (const file of filterProgram.userFiles) {
    const transformed = ts.transform(file, [(context) => referenceTransformer(context, file, checker, module, jsonParses, sdkUrl, root)]);
    const typescript = printer.printFile(transformed.transformed[0] as ts.SourceFile);
    transformed.dispose();
    const { outputText } = ts.transpileModule(typescript, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, useDefineForClassFields: true },
      fileName: file.fileName,
    });
    const relative = path.relative(root, file.fileName).replace(/\.ts$/, ".js");
    const outPath = path.join(outDir, relative);
    fs.mkdirSync(path.dirname(outPath), { recursive: true });
    fs.writeFileSync(outPath, outputText);
    if (file === entry) entryOut = outPath;
  }
  return { entry: entryOut, sdkUrl };
}

function referenceTransformer(
  context: ts.TransformationContext,
  file: ts.SourceFile,
  checker: ts.TypeChecker,
  module: IrModule,
  jsonParses: ReadonlyMap<ts.Node, JsonParseTarget>,
  sdkUrl: string,
  root: string,
): ts.Transformer<ts.SourceFile> {
  const f = context.factory;
  const sourceName = path.relative(root, file.fileName).split(path.sep).join("/");
  const helpers = new Set<string>();

  const literal = (value: unknown): ts.Expression => {
    const parsed = ts.parseJsonText("schema.json", JSON.stringify(value));
    return (parsed.statements[0] as ts.ExpressionStatement).expression;
  };

  const visit = (node: ts.Node): ts.Node => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const specifier = node.moduleSpecifier;
      if (specifier && ts.isStringLiteral(specifier)) {
        const target = specifier.text === "tsc2envoy" ? sdkUrl : specifier.text.startsWith(".") && !/\.[cm]?js$/.test(specifier.text) ? `${specifier.text.replace(/\.ts$/, "")}.js` : specifier.text;
        if (target !== specifier.text) {
          return ts.isImportDeclaration(node)
            ? f.updateImportDeclaration(node, node.modifiers, node.importClause, f.createStringLiteral(target), node.attributes)
            : f.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, f.createStringLiteral(target), node.attributes);
        }
      }
      return node;
    }
    if (ts.isNonNullExpression(node)) {
      // An assignment target (`xs[i]!++`, `a.b! = v`) is written, not read: native code does not check it either.
      if (isAssignmentTarget(node)) return ts.visitNode(node.expression, visit) as ts.Expression;
      helpers.add("__tseNonNull");
      return f.createCallExpression(f.createIdentifier("__tseNonNull"), undefined, [ts.visitNode(node.expression, visit) as ts.Expression]);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const args = node.arguments.map((a) => ts.visitNode(a, visit) as ts.Expression);
      const jsonTarget = jsonParses.get(node);
      if (jsonTarget) {
        helpers.add("__tseJsonParse");
        return f.createCallExpression(f.createIdentifier("__tseJsonParse"), undefined, [args[0]!, literal(configSchemaTable(jsonTarget.type, jsonTarget.literals))]);
      }
      if (ts.isPropertyAccessExpression(callee) && apiExportName(callee.expression, checker) === "log") {
        const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
        return f.updateCallExpression(node, ts.visitNode(callee, visit) as ts.Expression, node.typeArguments, [...args.slice(0, 1), f.createStringLiteral(sourceName), f.createNumericLiteral(line)]);
      }
      if (apiExportName(callee, checker) === "registerHttpFilter") {
        const [nameArgument] = node.arguments;
        const registration = module.filters.find((r) => nameArgument && ts.isStringLiteralLike(nameArgument) && r.name === nameArgument.text);
        const config = !registration?.configType
          ? { kind: "none" }
          : registration.configType.kind === "string"
            ? { kind: "raw", ...(registration.configLiterals ? { literals: registration.configLiterals } : {}) }
            : { kind: "json", schema: configSchemaTable(registration.configType, registration.configLiterals) };
        return f.updateCallExpression(node, callee, node.typeArguments, [...args, literal(config)]);
      }
      return f.updateCallExpression(node, ts.visitNode(callee, visit) as ts.Expression, node.typeArguments, args);
    }
    return ts.visitEachChild(node, visit, context);
  };

  return (source) => {
    const visited = ts.visitEachChild(source, visit, context);
    if (helpers.size === 0) return visited;
    const helper = f.createImportDeclaration(
      undefined,
      f.createImportClause(false, undefined, f.createNamedImports([...helpers].sort().map((name) => f.createImportSpecifier(false, undefined, f.createIdentifier(name))))),
      f.createStringLiteral(sdkUrl),
    );
    return f.updateSourceFile(visited, [helper, ...visited.statements]);
  };
}

function isAssignmentTarget(node: ts.Expression): boolean {
  const parent = node.parent;
  if (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent)) return isAssignmentTarget(parent);
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}
