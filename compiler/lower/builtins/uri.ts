/**
 * encodeURIComponent, encodeURI, decodeURIComponent, decodeURI (runtime-c/bytes.c): UTF-8 percent
 * coding with ECMAScript's character sets; a lone surrogate or a malformed escape throws V8's
 * `URIError: URI malformed`.
 */
import { Expr, stringType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import type { BuiltinLowering, BuiltinTable } from "./common.js";
import { rt } from "./common.js";
import { toStringExpr } from "./conversions.js";

export const URI_FUNCTIONS = ["encodeURIComponent", "encodeURI", "decodeURIComponent", "decodeURI"] as const;

/** The call of one of the four on a string already converted. */
export const uriCall = (_l: LowerContext, name: (typeof URI_FUNCTIONS)[number], s: Expr): Expr => rt(`uri.${name}`, [s], stringType);

const lowering = (name: (typeof URI_FUNCTIONS)[number]): BuiltinLowering => (l, { node }) => {
  const argument = node.arguments[0];
  return uriCall(l, name, argument ? toStringExpr(l, l.expr(argument), argument) : { kind: "string", value: "undefined", type: stringType });
};

export const URI_BUILTINS: BuiltinTable = Object.fromEntries(URI_FUNCTIONS.map((name) => [name, lowering(name)]));
