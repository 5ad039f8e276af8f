/**
 * String methods (String.prototype.*), String() and String.fromCharCode/fromCodePoint.
 */
import { ts } from "../../ts-morph.js";
import { booleanType, Expr, numberType, optionalOf, stringType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { unsupported } from "../errors.js";
import type { BuiltinCall, BuiltinTable } from "./common.js";
import { FunctionType, matchOrNull, num, numberArg, optionalNumberArg, rt, str, undef } from "./common.js";
import { toStringExpr } from "./conversions.js";
import { numberArguments } from "./math.js";
import { checkReplacer } from "./regexp.js";

function stringMethod(l: LowerContext, node: ts.CallExpression, method: string, s: Expr): Expr | undefined {
  const args = node.arguments;
  const stringArg = (i: number): Expr => (args[i] ? l.coerce(l.expr(args[i]!), stringType, args[i]!) : str("undefined"));
  const optionalNumber = (i: number): Expr => optionalNumberArg(l, args[i]);
  const regexpArg = (i: number): Expr | undefined => {
    const arg = args[i];
    if (!arg) return undefined;
    const value = l.expr(arg);
    return value.type.kind === "regexp" ? value : undefined;
  };
  switch (method) {
    case "charAt":
      return rt("string.charAt", [s, numberArg(l, args[0], 0)], stringType);
    case "charCodeAt":
      return rt("string.charCodeAt", [s, numberArg(l, args[0], 0)], numberType);
    case "codePointAt":
      return rt("string.codePointAt", [s, numberArg(l, args[0], 0)], optionalOf(numberType));
    case "at":
      return rt("string.at", [s, numberArg(l, args[0], 0)], optionalOf(stringType));
    case "indexOf":
      return rt("string.indexOf", [s, stringArg(0), numberArg(l, args[1], 0)], numberType);
    case "lastIndexOf":
      return rt("string.lastIndexOf", [s, stringArg(0), numberArg(l, args[1], NaN)], numberType);
    case "includes":
    case "startsWith":
      if (regexpArg(0)) unsupported(node, `${method} with a RegExp`, "use regexp.test(string)");
      return rt(`string.${method}`, [s, stringArg(0), numberArg(l, args[1], 0)], booleanType);
    case "endsWith":
      return rt("string.endsWith", [s, stringArg(0), optionalNumber(1)], booleanType);
    case "slice":
    case "substring":
      return rt(`string.${method}`, [s, numberArg(l, args[0], 0), optionalNumber(1)], stringType);
    case "toLowerCase":
    case "toUpperCase":
    case "trim":
    case "trimStart":
    case "trimEnd":
    case "toLocaleLowerCase":
    case "toLocaleUpperCase":
      if (method.startsWith("toLocale")) unsupported(node, method, "use toLowerCase/toUpperCase (locale-independent)");
      return rt(`string.${method}`, [s], stringType);
    case "padStart":
    case "padEnd":
      return rt(`string.${method}`, [s, numberArg(l, args[0], 0), args[1] ? l.coerce(l.expr(args[1]), optionalOf(stringType), args[1]) : undef], stringType);
    case "repeat":
      return rt("string.repeat", [s, numberArg(l, args[0], 0)], stringType);
    case "concat":
      return rt("string.build", [s, ...args.map((a) => toStringExpr(l, l.expr(a), a))], stringType);
    case "toString":
    case "valueOf":
      return s;
    case "split": {
      const regexp = regexpArg(0);
      if (regexp) return rt("string.splitRegexp", [s, regexp, optionalNumber(1)], { kind: "array", element: stringType });
      const separator = args[0] ? l.coerce(l.expr(args[0]), optionalOf(stringType), args[0]) : undef;
      return rt("string.split", [s, separator, optionalNumber(1)], { kind: "array", element: stringType });
    }
    case "replace":
    case "replaceAll": {
      const pattern = l.expr(args[0]!);
      const replacementNode = args[1]!;
      const replacementType = l.typeOf(replacementNode);
      if (pattern.type.kind === "regexp") {
        if (replacementType.kind === "function") {
          const groupCount = checkReplacer(l, args[0]!, replacementNode, replacementType);
          const fn = l.coerce(l.expr(replacementNode, replacementType), replacementType, replacementNode);
          return rt(`string.${method}RegexpFn`, [s, pattern, fn, num(groupCount)], stringType);
        }
        return rt(`string.${method}Regexp`, [s, pattern, l.coerce(l.expr(replacementNode), stringType, replacementNode)], stringType);
      }
      const patternString = l.coerce(pattern, stringType, args[0]!);
      if (replacementType.kind === "function") {
        const wanted: FunctionType = { kind: "function", params: [stringType, numberType, stringType], returns: stringType };
        const fn = l.expr(replacementNode, wanted);
        return rt(`string.${method}Fn`, [s, patternString, l.coerce(fn, wanted, replacementNode)], stringType);
      }
      return rt(`string.${method}`, [s, patternString, l.coerce(l.expr(replacementNode), stringType, replacementNode)], stringType);
    }
    case "match": {
      const regexp = regexpArg(0);
      if (!regexp) unsupported(node, "match with a string pattern", "pass a regular expression literal");
      return rt("string.match", [s, regexp], matchOrNull);
    }
    case "search": {
      const regexp = regexpArg(0);
      if (!regexp) unsupported(node, "search with a string pattern", "pass a regular expression literal");
      return rt("string.search", [s, regexp], numberType);
    }
    case "matchAll": {
      const regexp = regexpArg(0);
      if (!regexp) unsupported(node, "matchAll with a string pattern", "pass a regular expression literal with the g flag");
      return rt("string.matchAll", [s, regexp], { kind: "array", element: { kind: "regexpMatch" } });
    }
    case "localeCompare":
    case "normalize":
      unsupported(node, `string.${method}`, "see docs/language.md for the supported string methods");
  }
  return undefined;
}

const STRING_METHODS = ["charAt", "charCodeAt", "codePointAt", "at", "indexOf", "lastIndexOf", "includes", "startsWith", "endsWith", "slice", "substring", "toLowerCase", "toUpperCase", "trim", "trimStart", "trimEnd", "toLocaleLowerCase", "toLocaleUpperCase", "padStart", "padEnd", "repeat", "concat", "toString", "valueOf", "split", "replace", "replaceAll", "match", "search", "localeCompare", "normalize", "matchAll"];

export const STRING_BUILTINS: BuiltinTable = {
  ...Object.fromEntries(STRING_METHODS.map((method) => [`String.prototype.${method}`, (l: LowerContext, c: BuiltinCall) => stringMethod(l, c.node, method, c.receiver!)])),
  String: (l, { node }) => (node.arguments[0] ? toStringExpr(l, l.expr(node.arguments[0]), node.arguments[0]) : str("")),
  "String.fromCharCode": (l, { node, name }) => rt(`string.${name.slice(7)}`, numberArguments(l, node), stringType),
  "String.fromCodePoint": (l, { node, name }) => rt(`string.${name.slice(7)}`, numberArguments(l, node), stringType),
};

