/**
 * What an `await` waits for, as awaits.ts lowers it, and the request of a callout (httpCallout,
 * startHttpStream): shared by awaits.ts and http-streams.ts.
 */
import { ts } from "../ts-morph.js";
import { Expr, IrType, membersOf, numberType, Stmt, stringType } from "../ir/index.js";
import type { LowerContext } from "./context.js";

export interface Awaited {
  /** Statements that run first (the callout's request, held in a temporary). */
  before: Stmt[];
  /** Starts what is awaited: a runtime operation, or the call of an async function of the filter's. */
  operation: Expr;
  /** The awaited value's type (asked only where the value is used). */
  type: () => IrType;
  /** What a runtime operation's await gives, read where the function resumes (a call's is its return value). */
  result?: (type: IrType) => Expr;
  /** The result, not the resumption, throws the rejection (http-streams.ts): a statement `await` evaluates it too. */
  settlesInResult?: boolean;
}

/** A callout's request (httpCallout, startHttpStream): held in a temporary, its fields read with their defaults. */
export function calloutRequest(ctx: LowerContext, call: ts.CallExpression): { before: Stmt[]; cluster: Expr; field: (name: string, fallback?: Expr) => Expr } {
  const [clusterNode, requestNode] = call.arguments as unknown as [ts.Expression, ts.Expression];
  const cluster = ctx.coerce(ctx.expr(clusterNode, stringType), stringType, clusterNode);
  // The request as the declared type (absent optional fields included), not its literal's own type.
  const signature = ctx.checker.getResolvedSignature(call)!;
  const requestType = ctx.mapType(ctx.checker.getTypeOfSymbolAtLocation(signature.getParameters()[1]!, requestNode), requestNode);
  const request = ctx.coerce(ctx.expr(requestNode, requestType), requestType, requestNode);
  const holder = ctx.temp(request.type, "callout");
  const field = (name: string, fallback?: Expr): Expr => {
    const value = ctx.property({ kind: "local", local: holder, type: request.type }, name, requestNode);
    if (!fallback) return ctx.coerce(value, stringType, requestNode);
    const present = membersOf(value.type).find((m) => m.kind === fallback.type.kind) ?? fallback.type;
    return membersOf(value.type).some((m) => m.kind === "undefined") ? { kind: "logical", op: "??", left: value, right: fallback, type: present } : value;
  };
  return { before: [{ kind: "let", local: holder, init: request }], cluster, field };
}

/** An empty `Header[]`, the default of a request's headers. */
export function noHeaders(ctx: LowerContext, call: ts.CallExpression): Expr {
  const requestNode = call.arguments[1]!;
  const signature = ctx.checker.getResolvedSignature(call)!;
  const requestType = ctx.mapType(ctx.checker.getTypeOfSymbolAtLocation(signature.getParameters()[1]!, requestNode), requestNode);
  const headers = membersOf(requestType).flatMap((m) => (m.kind === "object" ? m.layout.fields.filter((f) => f.name === "headers") : []))[0];
  const type = membersOf(headers!.type).find((m) => m.kind === "array")!;
  return { kind: "arrayLiteral", elements: [], type };
}

/**
 * The runtime operation's arguments of a callout's request: cluster, method, path, headers, body,
 * then `more` (fields with their defaults), then the timeout (default 5000 ms).
 */
export function calloutArgs(ctx: LowerContext, call: ts.CallExpression, more: [string, Expr][] = []): { before: Stmt[]; args: Expr[] } {
  const { before, cluster, field } = calloutRequest(ctx, call);
  const args = [
    cluster,
    field("method"),
    field("path"),
    field("headers", noHeaders(ctx, call)),
    field("body", { kind: "string", value: "", type: stringType }),
    ...more.map(([name, fallback]) => field(name, fallback)),
    field("timeoutMs", { kind: "number", value: 5000, type: numberType }),
  ];
  return { before, args };
}
