/**
 * Streamed HTTP callouts (docs/async.md#streamed-callouts): `envoy.startHttpStream` and the methods
 * on its handle (a number at run time, runtime-c/async_stream.c). Sending and resetting are plain
 * calls; `await envoy.httpStreamHeaders(s)`, `await envoy.readHttpStream(s)` and `await
 * envoy.httpStreamTrailers(s)` are awaits that go on at once when what they ask for has arrived
 * (the wait operation says so), else suspend until Envoy's event brings it.
 */
import { ts } from "../ts-morph.js";
import { CATALOGUE, diag } from "../diagnostics/catalogue.js";
import { booleanType, Expr, IrType, nullType, numberType, type RuntimeOp, stringType, voidType } from "../ir/index.js";
import { calloutArgs, type Awaited } from "./callout-request.js";
import type { LowerContext } from "./context.js";
import { LoweringError } from "./errors.js";

const AWAITED = new Map([["httpStreamHeaders", 0], ["readHttpStream", 1], ["httpStreamTrailers", 2]]);
const CALLS: Record<string, { op: RuntimeOp; args: Expr["type"][]; type: Expr["type"] }> = {
  sendHttpStreamData: { op: "async.streamSend", args: [numberType, stringType, booleanType], type: booleanType },
  resetHttpStream: { op: "async.streamReset", args: [numberType], type: voidType },
};

/** `envoy.<method>(...)` of a streamed callout, not awaited: its operation; undefined for other methods. */
export function httpStreamCall(ctx: LowerContext, node: ts.CallExpression, method: string): Expr | undefined {
  const site = ctx.siteOf(node);
  if (AWAITED.has(method)) {
    throw new LoweringError(node, diag.TSE1085, `\`envoy.${method}(...)\` other than as \`await envoy.${method}(...)\` in a statement`, CATALOGUE.TSE1085.hint);
  }
  if (method === "startHttpStream") return start(ctx, node, site);
  if (method === "sendHttpStreamTrailers") {
    const [stream, trailers] = node.arguments as unknown as [ts.Expression, ts.Expression];
    const trailersType = ctx.typeOf(trailers);
    return { kind: "runtime", op: "async.streamSendTrailers", args: [ctx.coerce(ctx.expr(stream, numberType), numberType, stream), ctx.coerce(ctx.expr(trailers, trailersType), trailersType, trailers)], type: booleanType, site };
  }
  const call = CALLS[method];
  if (!call) return undefined;
  const args = call.args.map((type, i) => ctx.coerce(ctx.expr(node.arguments[i]!, type), type, node.arguments[i]!));
  return { kind: "runtime", op: call.op, args, type: call.type, site };
}

/** `envoy.startHttpStream(cluster, request)`: the request held in a temporary, its fields as arguments. */
function start(ctx: LowerContext, node: ts.CallExpression, site: ReturnType<LowerContext["siteOf"]>): Expr {
  const { before, args } = calloutArgs(ctx, node, [["endStream", { kind: "boolean", value: false, type: booleanType }]]);
  // The request is evaluated first, then the stream starts.
  return { kind: "sequence", statements: before, result: { kind: "runtime", op: "async.streamStart", args, type: numberType, site }, type: numberType };
}

/** `await envoy.httpStreamHeaders(s)` / `await envoy.readHttpStream(s)` / `await envoy.httpStreamTrailers(s)`, else undefined. */
export function httpStreamAwait(ctx: LowerContext, node: ts.AwaitExpression, operand: ts.Expression): Awaited | undefined {
  if (!ts.isCallExpression(operand) || !ts.isPropertyAccessExpression(operand.expression) || operand.arguments.length !== 1) return undefined;
  const kind = AWAITED.get(operand.expression.name.text);
  if (kind === undefined || ctx.typeOf(operand.expression.expression).kind !== "envoy") return undefined;
  const site = ctx.siteOf(node);
  const streamNode = operand.arguments[0]!;
  // The handle in a temporary: read again where the function resumes (the frame keeps it).
  const holder = ctx.temp(numberType, "stream");
  const handle: Expr = { kind: "local", local: holder, type: numberType };
  const which: Expr = { kind: "number", value: kind, type: numberType };
  // The headers and trailers decode from JSON; the text is a string, or null at the end (async.streamAtEnd says which).
  const result = (type: IrType): Expr => {
    if (kind !== 1) return { kind: "runtime", op: "json.parse", args: [{ kind: "runtime", op: "async.streamTake", args: [handle, which], type: stringType, site }], type, site };
    const text: Expr = { kind: "runtime", op: "async.streamTake", args: [handle, which], type: stringType, site };
    const atEnd: Expr = { kind: "runtime", op: "async.streamAtEnd", args: [handle], type: booleanType, site };
    return { kind: "conditional", condition: atEnd, whenTrue: ctx.coerce({ kind: "null", type: nullType }, type, node), whenFalse: ctx.coerce(text, type, node), type };
  };
  return {
    before: [{ kind: "let", local: holder, init: ctx.coerce(ctx.expr(streamNode, numberType), numberType, streamNode) }],
    operation: { kind: "runtime", op: "async.streamWait", args: [handle, which], type: booleanType, site },
    type: () => ctx.typeOf(node),
    result,
    settlesInResult: true,
  };
}
