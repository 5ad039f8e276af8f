/**
 * Per-route configs (issue 9): registerHttpFilter's second type argument, `RouteConfig`, declares
 * the type of the filter's per-route config, which Envoy's typed_per_filter_config supplies per
 * route or virtual host. It is decoded and checked as the filter config is, when Envoy loads the
 * route (runtime-c/http_filter.c), so it must be a config type. Streams read it with
 * `envoy.getPerRouteConfig<RouteConfig>()`: the type argument must be one a registration declares
 * (TSE3009), and at run time the config found must be of it (a module's filters may declare
 * different types; the descriptors are compared, runtime-c/envoy_api.c).
 */
import { ts } from "../ts-morph.js";

import { IrType, LiteralCheck, membersOf, sameType, isNullish, displayType } from "../ir/index.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";
import { checkConfigType } from "./config-types.js";
import { LoweringError } from "./errors.js";
import { literalChecks } from "./literal-checks.js";

export interface PerRouteType {
  type: IrType;
  literals?: LiteralCheck[];
}

/** The RouteConfig type argument of a registerHttpFilter call, checked as a config type; undefined when absent. */
export function perRouteTypeOf(call: ts.CallExpression, checker: ts.TypeChecker, mapType: (type: ts.Type, node: ts.Node) => IrType): PerRouteType | undefined {
  const node = call.typeArguments?.[1];
  if (!node) return undefined;
  const tsType = checker.getTypeFromTypeNode(node);
  if (tsType.getFlags() & ts.TypeFlags.Undefined) return undefined;
  const type = mapType(tsType, node);
  checkConfigType(type, node, true, "per-route config", checker);
  const literals = literalChecks(tsType, type, checker, node, "per-route config", node);
  return { type, ...(literals ? { literals } : {}) };
}

/** `envoy.getPerRouteConfig()` without T would be `unknown`: the type must be named. */
export function requirePerRouteTypeArgument(node: ts.CallExpression): void {
  if (!node.typeArguments?.length) throw new LoweringError(node, diag.TSE3009, formatMessage(diag.TSE3009, { type: "no type argument" }), CATALOGUE.TSE3009.hint);
}

/** The T of `envoy.getPerRouteConfig<T>()`, from the call's result type `T | undefined`. */
export function perRouteCallType(resultType: IrType): IrType {
  const members = membersOf(resultType).filter((m) => !isNullish(m));
  return members.length === 1 ? members[0]! : resultType;
}

/** After lowering: T must be the RouteConfig of a registration of the module. */
export function checkPerRouteCall(node: ts.CallExpression, type: IrType, declared: IrType[]): void {
  if (declared.some((d) => sameType(d, type))) return;
  const shown = displayType(type);
  const hint = declared.length ? `${CATALOGUE.TSE3009.hint}; this module declares ${declared.map(displayType).join(", ")}` : CATALOGUE.TSE3009.hint;
  throw new LoweringError(node.typeArguments?.[0] ?? node, diag.TSE3009, formatMessage(diag.TSE3009, { type: `\`${shown}\`` }), hint);
}
