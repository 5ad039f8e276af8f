/**
 * RegExp methods (test, exec), what a match array offers (its elements as strings), and the
 * check of a replacer function's parameters against the literal's capture groups.
 */
import { ts } from "../../ts-morph.js";
import { FILTER_KINDS } from "../../api/kinds.js";
import { booleanType, displayType, Expr, IrType, optionalOf, stringType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { LoweringError, unsupported } from "../errors.js";
import { ARRAY_METHODS, arrayMethod } from "./array.js";
import type { BuiltinCall, BuiltinTable } from "./common.js";
import { FunctionType, matchOrNull, rt, undef } from "./common.js";
import { CATALOGUE, diag, formatMessage } from "../../diagnostics/catalogue.js";

/**
 * A replacer function for a RegExp receives (match, p1..pn, offset, input[, groups]): what each
 * parameter gets depends on the literal's group count, so its parameters are checked against it.
 * Returns the group count.
 */
export function checkReplacer(l: LowerContext, patternNode: ts.Expression, replacerNode: ts.Expression, type: FunctionType): number {
  const reject = (message: string, hint: string): never => {
    throw new LoweringError(replacerNode, diag.TSE2043, message, hint);
  };
  const literal = l.regexLiteralOf(patternNode);
  if (!literal) {
    if (type.params.length <= 1) return 0;
    reject("a replacer function with parameters after the match needs the regular expression literal at the call", "pass the literal (or a const holding it) to replace, so its groups are known");
  }
  const regex = l.regexInfo(literal!);
  const n = regex.groups.length;
  const isString = (t: IrType) => t.kind === "string";
  const isOptionalString = (t: IrType) => isString(t) || (t.kind === "union" && t.members.every((m) => m.kind === "string" || m.kind === "undefined"));
  type.params.forEach((param, i) => {
    const what = i === 0 ? "the matched text" : i <= n ? `capture group ${i}` : i === n + 1 ? "the match's offset" : i === n + 2 ? "the input string" : "the named groups object";
    if (i > n + 2) reject(`replacer parameter ${i + 1} would receive ${what}, which is not supported`, `declare at most ${n + 3} parameters: (match, ${n > 0 ? "p1..pn, " : ""}offset, input)`);
    if (i === 0 || i === n + 2) {
      if (!isString(param)) reject(`replacer parameter ${i + 1} receives ${what}, a string, but is declared ${displayType(param)}`, "declare it `string`");
    } else if (i === n + 1) {
      if (param.kind !== "number") reject(`replacer parameter ${i + 1} receives ${what}, a number, but is declared ${displayType(param)}`, `the regular expression has ${n} capture group${n === 1 ? "" : "s"}; declare it \`number\``);
    } else if (!isOptionalString(param)) {
      reject(`replacer parameter ${i + 1} receives ${what}, a string or undefined, but is declared ${displayType(param)}`, `the regular expression has ${n} capture group${n === 1 ? "" : "s"}; declare it \`string | undefined\``);
    } else if (isString(param) && !regex.groups[i - 1]!.alwaysSet) {
      reject(`capture group ${i} may not take part in a match, so replacer parameter ${i + 1} can be undefined`, "declare it `string | undefined`");
    }
  });
  return n;
}

export const REGEXP_BUILTINS: BuiltinTable = {
  "RegExp.prototype.test": (l, { node, receiver }) => {
    const input = l.coerce(l.expr(node.arguments[0]!), stringType, node.arguments[0]!);
    // re.test(decoder.decode(b)): the text is a temporary only the test sees; the runtime frees it
    // after the test (a body scanned window by window keeps no window). Same operands, same order.
    if (input.kind === "runtime" && input.op === "textDecoder.decode") return rt("regexp.testDecoded", [receiver!, ...input.args], booleanType);
    return rt("regexp.test", [receiver!, input], booleanType);
  },
  "RegExp.prototype.exec": (l, { node, receiver }) => rt("regexp.exec", [receiver!, l.coerce(l.expr(node.arguments[0]!), stringType, node.arguments[0]!)], matchOrNull),
  // TypeScript types the elements string; unmatched groups are undefined. join prints those
  // as ""; other methods get the array only when no element is undefined (TypeError otherwise).
  ...Object.fromEntries(ARRAY_METHODS.map((method) => [`RegExpMatchArray.prototype.${method}`, (l: LowerContext, { node, receiver }: BuiltinCall) => {
    if (method === "join" || method === "toString") {
      return arrayMethod(l, node, method, { kind: "convert", value: receiver!, type: { kind: "array", element: optionalOf(stringType) }, checked: false });
    }
    return arrayMethod(l, node, method, rt("regexpMatch.strings", [receiver!], { kind: "array", element: stringType }));
  }])),
};


/**
 * `new RegExp(pattern, flags?)`: compiled by the engine runtime-c vendors (regex_dynamic.c) when it
 * runs, which should be once per config, in the config stage. In a filter class (whose methods run
 * per stream) it is TSE2044; a helper a hook calls still works, compiling on each call.
 */
export function newRegExp(l: LowerContext, node: ts.NewExpression): Expr {
  const filterMethod = enclosingFilterMember(node);
  if (filterMethod) {
    throw new LoweringError(node, diag.TSE2044, formatMessage(diag.TSE2044, { where: filterMethod }), CATALOGUE.TSE2044.hint);
  }
  const [pattern, flags] = node.arguments ?? [];
  if (pattern && l.typeOf(pattern).kind === "regexp") unsupported(pattern, "new RegExp of a RegExp", "pass the pattern string: new RegExp(re.source, flags)");
  const patternExpr: Expr = pattern ? l.coerce(l.expr(pattern), stringType, pattern) : { kind: "string", value: "", type: stringType };
  const flagsExpr: Expr = flags ? l.coerce(l.expr(flags), optionalOf(stringType), flags) : undef;
  return rt("regexp.compile", [patternExpr, flagsExpr], { kind: "regexp" });
}

const HOOK_NAMES = new Set<string>(FILTER_KINDS.flatMap((kind) => kind.api.hooks.map((hook) => hook.name)));

const isFunctionExpression = (node: ts.Node | undefined): node is ts.ArrowFunction | ts.FunctionExpression => node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));
const isRegisterCall = (node: ts.Node | undefined): boolean => node !== undefined && ts.isCallExpression(node) && FILTER_KINDS.some((kind) => kind.register === node.expression.getText());

/** Whether a factory given to registerHttpFilter returns a function (a config stage) rather than the filter. */
function returnsFunction(factory: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const unwrap = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) ? unwrap(e.expression) : e);
  if (!ts.isBlock(factory.body)) return isFunctionExpression(unwrap(factory.body));
  let found = false;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression && isFunctionExpression(unwrap(node.expression))) found = true;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(factory.body, visit);
  return found;
}

/** What registerHttpFilter runs per stream: the one-stage factory, or the arrow a config stage returns. */
function isStreamFactory(node: ts.Node): boolean {
  if (!isFunctionExpression(node)) return false;
  if (isRegisterCall(node.parent)) return !returnsFunction(node);
  let outer: ts.Node = node.parent;
  if (ts.isParenthesizedExpression(outer)) outer = outer.parent;
  if (ts.isReturnStatement(outer)) outer = ts.findAncestor(outer, ts.isFunctionLike) ?? outer;
  return isFunctionExpression(outer) && isRegisterCall(outer.parent);
}

/** "hook `onRequestHeaders`" when node is inside a member of a class with hooks (a filter class), or in the per-stream factory. */
function enclosingFilterMember(node: ts.Node): string | undefined {
  for (let at: ts.Node | undefined = node; at; at = at.parent) {
    if (isStreamFactory(at)) return "the per-stream factory (run per stream)";
    if (!ts.isClassElement(at) || !ts.isClassLike(at.parent)) continue;
    const isFilter = at.parent.members.some((member) => member.name !== undefined && HOOK_NAMES.has(member.name.getText()));
    if (!isFilter) return undefined;
    const name = at.name?.getText();
    if (ts.isConstructorDeclaration(at)) return `the constructor of filter class ${at.parent.name?.getText() ?? ""} (run per stream)`;
    return name && HOOK_NAMES.has(name) ? `hook \`${name}\`` : `method \`${name ?? "?"}\` of filter class ${at.parent.name?.getText() ?? ""} (run per stream)`;
  }
  return undefined;
}
