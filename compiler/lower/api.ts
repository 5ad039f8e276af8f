/**
 * The "tsc2envoy" API as seen by lowering: which calls on EnvoyHttpFilter and `log` become which
 * runtime operations.
 */
import { ts } from "ts-morph";

import { RuntimeOp } from "../ir.js";
import { apiDeclarationsPath } from "../paths.js";

const REQUEST_HEADER = 0;
const RESPONSE_HEADER = 2;

interface HeaderMethod {
  op: RuntimeOp;
  headerType: number;
}

const headerMethods = new Map<string, HeaderMethod>();
for (const [side, headerType] of [["Request", REQUEST_HEADER], ["Response", RESPONSE_HEADER]] as const) {
  headerMethods.set(`get${side}HeaderValue`, { op: "http.getHeader", headerType });
  headerMethods.set(`get${side}HeaderValues`, { op: "http.getHeaderValues", headerType });
  headerMethods.set(`get${side}Headers`, { op: "http.getHeaders", headerType });
  headerMethods.set(`set${side}Header`, { op: "http.setHeader", headerType });
  headerMethods.set(`add${side}Header`, { op: "http.addHeader", headerType });
  headerMethods.set(`remove${side}Header`, { op: "http.removeHeader", headerType });
}

export function envoyHeaderMethod(name: string): HeaderMethod | undefined {
  return headerMethods.get(name);
}

export const envoyOtherMethods: Record<string, RuntimeOp> = {
  sendResponse: "http.sendResponse",
  getAttributeString: "http.getAttributeString",
  getAttributeInt: "http.getAttributeInt",
};

/** Envoy's log levels, as the ABI numbers them. */
export const logLevels: Record<string, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, critical: 5 };

/** The name under which `node` refers to an export of "tsc2envoy", if it does. */
export function apiExportName(node: ts.Node, checker: ts.TypeChecker): string | undefined {
  let symbol = checker.getSymbolAtLocation(node);
  if (!symbol) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declared = (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName === apiDeclarationsPath);
  return declared ? symbol.getName() : undefined;
}
