/**
 * The reference backend: the same analyzed filter program as JavaScript for Node, running against
 * the reference implementation of "tsc2envoy" (abi/ts/sdk.ts). Beside the C emitter, it is the
 * other half of the correctness oracle: both must behave the same.
 *
 * TypeScript's own emit erases types; this adds back what the native compiler knows from them:
 * config schemas for registerHttpFilter, the file and line of log calls, and the run-time checks
 * the native code makes (x!). Each file registers its source map and function table with the SDK,
 * which reads failure sites from V8's stack with them.
 */
import { FILTER_KINDS } from "../api/kinds.js";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ts } from "../ts-morph.js";

import type { FilterProgram } from "../frontend.js";
import { IrModule } from "../ir/index.js";
import { apiExportName } from "../lower/api.js";
import type { JsonParseTarget } from "../lower/module.js";
import { packageRoot } from "../paths.js";
import { configSchemaTable } from "./schema.js";
import { FunctionLike, stageReturns } from "../lower/config-stage.js";
import { isDictTsType } from "../lower/dicts.js";
import { isComputedTable } from "../lower/computed-tables.js";
import { isModuleTable } from "../lower/tables.js";

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
  let entryOut = "";

  for (const file of filterProgram.userFiles) {
    const sourceName = path.relative(root, file.fileName).split(path.sep).join("/");
    const rewrites = findRewrites(file, checker, module, jsonParses, sourceName);
    // transpileModule parses the same text again, so nodes are found by position; its source map
    // leads V8's stack frames back to TypeScript lines (the sites of failures, abi/ts/sdk.ts).
    const { outputText, sourceMapText } = ts.transpileModule(file.text, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, useDefineForClassFields: true, sourceMap: true },
      fileName: file.fileName,
      transformers: { before: [(context) => referenceTransformer(context, rewrites, sdkUrl)] },
    });
    const functions = functionTable(module, sourceName);
    const registration = [
      `import { __tseSource } from ${JSON.stringify(sdkUrl)};`,
      `__tseSource(import.meta.url, ${JSON.stringify(sourceName)}, ${sourceMapText}, ${JSON.stringify(functions)});`,
    ];
    const relative = path.relative(root, file.fileName).replace(/\.ts$/, ".js");
    const outPath = path.join(outDir, relative);
    fs.mkdirSync(path.dirname(outPath), { recursive: true });
    fs.writeFileSync(outPath, `${outputText.replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n")}${registration.join("\n")}\n`);
    if (file === entry) entryOut = outPath;
  }
  return { entry: entryOut, sdkUrl };
}

/**
 * The file's functions as the reference host needs them to tell where a stack overflow is reported:
 * [start line, start column, end line, end column, checks the stack (0/1), site line] (0-based
 * positions). Instances of a generic function share one entry; it checks if any instance does.
 */
function functionTable(module: IrModule, sourceName: string): number[][] {
  const byPosition = new Map<string, number[]>();
  for (const fn of module.functions) {
    if (!fn.span || fn.span.file !== sourceName) continue;
    const key = `${fn.span.start}-${fn.span.end}`;
    const row = byPosition.get(key) ?? [...fn.span.start, ...fn.span.end, 0, fn.site?.line ?? 0];
    if (fn.mayRecurse) row[4] = 1;
    byPosition.set(key, row);
  }
  return [...byPosition.values()];
}

/** What the reference adds to a call, found with the checker on the analyzed program. */
type Rewrite =
  | { kind: "jsonParse"; schema: unknown }
  /** `envoy.getPerRouteConfig<T>()`: T's schema (null for a string), checked by __tsePerRouteConfig. */
  | { kind: "perRoute"; schema: unknown }
  /** `envoy.defineSnapshot<T>(v)`, `envoy.getSnapshot<T>(s)`, `task.publishSnapshot<T>(s, v)`: T's schema, for __tseDefineSnapshot, __tseGetSnapshot and __tsePublishSnapshot. */
  | { kind: "snapshot"; schema: unknown }
  | { kind: "log"; file: string; line: number }
  | { kind: "register"; config: unknown }
  /** A per-stream factory a config stage returns: what it captures is frozen (__tseStage). */
  | { kind: "stage"; captures: string[] }
  /** A module-level const table: deep-frozen, as runtime-c freezes it (__tseTable). */
  | { kind: "table" }
  /** A read of a Record<string, T>'s entry: own keys only, as compiled code reads (__tseOwn). */
  | { kind: "dictRead" };

const positionKey = (node: ts.Node) => `${node.kind}:${node.pos}:${node.end}`;

function findRewrites(
  file: ts.SourceFile,
  checker: ts.TypeChecker,
  module: IrModule,
  jsonParses: ReadonlyMap<ts.Node, JsonParseTarget>,
  sourceName: string,
): Map<string, Rewrite> {
  const rewrites = new Map<string, Rewrite>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer && (isModuleTable(node.initializer) || isComputedTable(node.initializer)) && ts.isSourceFile(node.parent.parent.parent) && node.parent.flags & ts.NodeFlags.Const) {
      rewrites.set(positionKey(node.initializer), { kind: "table" });
    }
    if ((ts.isElementAccessExpression(node) || ts.isPropertyAccessExpression(node)) && isDictRead(node, checker)) {
      rewrites.set(positionKey(node), { kind: "dictRead" });
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const jsonTarget = jsonParses.get(node);
      if (jsonTarget?.snapshot) {
        rewrites.set(positionKey(node), { kind: "snapshot", schema: configSchemaTable(jsonTarget.type, jsonTarget.literals) });
      } else if (jsonTarget?.perRoute) {
        rewrites.set(positionKey(node), { kind: "perRoute", schema: jsonTarget.type.kind === "string" ? null : configSchemaTable(jsonTarget.type, undefined) });
      } else if (jsonTarget) {
        rewrites.set(positionKey(node), { kind: "jsonParse", schema: configSchemaTable(jsonTarget.type, jsonTarget.literals) });
      } else if (ts.isPropertyAccessExpression(callee) && apiExportName(callee.expression, checker) === "log") {
        rewrites.set(positionKey(node), { kind: "log", file: sourceName, line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 });
      } else if (FILTER_KINDS.some((kind) => kind.register === apiExportName(callee, checker))) {
        const [nameArgument] = node.arguments;
        const registration = module.filters.find((r) => nameArgument && ts.isStringLiteralLike(nameArgument) && r.name === nameArgument.text);
        const config = !registration?.configType
          ? { kind: "none" }
          : registration.configType.kind === "string"
            ? { kind: "raw", ...(registration.configLiterals ? { literals: registration.configLiterals } : {}) }
            : { kind: "json", schema: configSchemaTable(registration.configType, registration.configLiterals) };
        const perRoute = registration?.perRouteType && (registration.perRouteType.kind === "string"
          ? { kind: "raw", ...(registration.perRouteLiterals ? { literals: registration.perRouteLiterals } : {}) }
          : { kind: "json", schema: configSchemaTable(registration.perRouteType, registration.perRouteLiterals) });
        const described = { ...config, ...(registration?.streamFactory ? { staged: true } : {}), ...(perRoute ? { perRoute } : {}) };
        rewrites.set(positionKey(node), { kind: "register", config: described });
        const outer = registration?.streamFactory ? stageFunction(node.arguments[1], checker) : undefined;
        for (const { arrow, captures } of outer && outer.getSourceFile() === file ? stageReturns(outer, checker) : []) {
          if (arrow) rewrites.set(positionKey(arrow), { kind: "stage", captures: captures.map((c) => c.symbol.getName()) });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return rewrites;
}

function referenceTransformer(context: ts.TransformationContext, rewrites: ReadonlyMap<string, Rewrite>, sdkUrl: string): ts.Transformer<ts.SourceFile> {
  const f = context.factory;
  const helpers = new Set<string>();

  const literal = (value: unknown): ts.Expression => {
    const parsed = ts.parseJsonText("schema.json", JSON.stringify(value));
    return (parsed.statements[0] as ts.ExpressionStatement).expression;
  };

  /** A call of an SDK helper replacing `original`, which V8's stack places at `at`, as the operation it stands for. */
  const helperCall = (name: string, args: ts.Expression[], original: ts.Node, at: ts.Node = original): ts.Expression => {
    helpers.add(name);
    const callee = ts.setSourceMapRange(f.createIdentifier(name), { pos: at.pos, end: at.end });
    return ts.setTextRange(f.createCallExpression(callee, undefined, args), original);
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
      return helperCall("__tseNonNull", [ts.visitNode(node.expression, visit) as ts.Expression], node);
    }
    if ((ts.isElementAccessExpression(node) || ts.isPropertyAccessExpression(node)) && rewrites.get(positionKey(node))?.kind === "dictRead") {
      const key = ts.isPropertyAccessExpression(node) ? f.createStringLiteral(node.name.text) : (ts.visitNode(node.argumentExpression, visit) as ts.Expression);
      return helperCall("__tseOwn", [ts.visitNode(node.expression, visit) as ts.Expression, key], node);
    }
    if (ts.isExpression(node) && rewrites.get(positionKey(node))?.kind === "table") {
      return helperCall("__tseTable", [ts.visitEachChild(node, visit, context)], node);
    }
    const stage = (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && rewrites.get(positionKey(node));
    if (stage && stage.kind === "stage") {
      const factory = ts.visitEachChild(node, visit, context);
      return helperCall("__tseStage", [f.createArrayLiteralExpression(stage.captures.map((name) => f.createIdentifier(name))), factory], node);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const args = node.arguments.map((a) => ts.visitNode(a, visit) as ts.Expression);
      const rewrite = rewrites.get(positionKey(node));
      if (rewrite?.kind === "jsonParse") {
        return helperCall("__tseJsonParse", [args[0]!, literal(rewrite.schema)], node, ts.isPropertyAccessExpression(callee) ? callee.name : callee);
      }
      if (rewrite?.kind === "perRoute" && ts.isPropertyAccessExpression(callee)) {
        return helperCall("__tsePerRouteConfig", [ts.visitNode(callee.expression, visit) as ts.Expression, literal(rewrite.schema)], node, callee.name);
      }
      if (rewrite?.kind === "snapshot" && ts.isPropertyAccessExpression(callee)) {
        const helper = { defineSnapshot: "__tseDefineSnapshot", getSnapshot: "__tseGetSnapshot", publishSnapshot: "__tsePublishSnapshot" }[callee.name.text as "getSnapshot"];
        const values = callee.name.text === "publishSnapshot" ? args.slice(0, 2) : args.slice(0, 1);
        return helperCall(helper, [ts.visitNode(callee.expression, visit) as ts.Expression, ...values, literal(rewrite.schema)], node, callee.name);
      }
      if (rewrite?.kind === "log") {
        return f.updateCallExpression(node, ts.visitNode(callee, visit) as ts.Expression, node.typeArguments, [...args.slice(0, 1), f.createStringLiteral(rewrite.file), f.createNumericLiteral(rewrite.line)]);
      }
      if (rewrite?.kind === "register") return f.updateCallExpression(node, callee, node.typeArguments, [...args, literal(rewrite.config)]);
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

/** The config stage a registerHttpFilter call names: an arrow, a function expression, or a declared function. */
function stageFunction(argument: ts.Expression | undefined, checker: ts.TypeChecker): FunctionLike | undefined {
  if (!argument) return undefined;
  if (ts.isArrowFunction(argument) || ts.isFunctionExpression(argument)) return argument;
  const symbol = ts.isIdentifier(argument) ? checker.getSymbolAtLocation(argument) : undefined;
  const resolved = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const declaration = resolved?.valueDeclaration;
  return declaration && ts.isFunctionDeclaration(declaration) && declaration.body ? declaration : undefined;
}

/** `d[k]`, `d.name` reading a Record<string, T> outside an optional chain (a chain keeps JavaScript's reading). */
function isDictRead(node: ts.ElementAccessExpression | ts.PropertyAccessExpression, checker: ts.TypeChecker): boolean {
  if (node.flags & ts.NodeFlags.OptionalChain || isAssignmentTarget(node) || ts.isDeleteExpression(node.parent)) return false;
  if (ts.isCallExpression(node.parent) && node.parent.expression === node) return false;
  return isDictTsType(checker, checker.getTypeAtLocation(node.expression));
}

function isAssignmentTarget(node: ts.Expression): boolean {
  const parent = node.parent;
  if (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent)) return isAssignmentTarget(parent);
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}
