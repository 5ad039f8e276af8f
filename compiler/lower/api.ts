/**
 * The "tsc2envoy" API as seen by lowering: which names refer to its exports, and which runtime
 * operation an EnvoyHttpFilter method or `log` level becomes (compiler/api/filter-api.ts describes
 * the API once).
 */
import { ts } from "../ts-morph.js";

import { FILTER_API } from "../api/filter-api.js";
import { apiMethod, kindOpName, type FilterKindName } from "../api/kinds.js";
import { opNamed, RuntimeOp } from "../ir/index.js";
import { apiDeclarationsPath } from "../paths.js";

/** The runtime operation of EnvoyHttpFilter's method `name`, if the API has one. */
export function envoyMethodOp(name: string, kind: FilterKindName = "http"): RuntimeOp | undefined {
  const op = kindOpName(kind, name);
  return apiMethod(op.slice("envoy.".length)) ? opNamed(op) : undefined;
}

/** Envoy's log level `name` as the ABI numbers it, if it is one. */
export function logLevel(name: string): number | undefined {
  const level = FILTER_API.logLevels.indexOf(name);
  return level < 0 ? undefined : level;
}

/** The name under which `node` refers to an export of "tsc2envoy", if it does. */
export function apiExportName(node: ts.Node, checker: ts.TypeChecker): string | undefined {
  let symbol = checker.getSymbolAtLocation(node);
  if (!symbol) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declared = (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName === apiDeclarationsPath);
  return declared ? symbol.getName() : undefined;
}
