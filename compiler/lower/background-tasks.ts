/**
 * `envoy.startBackgroundTask(task, everyMs)` in the config stage (docs/async.md "Config-level
 * background tasks"): the task's class must have an `async run` of its own that no subclass can
 * replace (the runtime calls it through generated glue, runtime-c/background.c), only readonly
 * fields (the object is deep-frozen with the config stage), and the call must stand once in the
 * config stage's own body, outside loops and nested functions.
 */
import { ts } from "../ts-morph.js";

import { diag, formatMessage } from "../diagnostics/catalogue.js";
import { displayType, IrFunction, Layout } from "../ir/index.js";
import { apiExportName } from "./api.js";
import { mutableField, unfreezable } from "./config-stage.js";
import type { LowerContext } from "./context.js";
import { LoweringError } from "./errors.js";
import { isAsyncDeclaration } from "./ir-helpers.js";

/** The task class and its lowered `run`, for the emitter's glue; throws the located diagnostic otherwise. */
export function backgroundTaskOf(ctx: LowerContext, call: ts.CallExpression): { layout: Layout; run: IrFunction } {
  checkPlace(ctx, call);
  const argument = call.arguments[0]!;
  const chosenAtRunTime = (what: string) =>
    new LoweringError(argument, diag.TSE1081, formatMessage(diag.TSE1081, { type: what }), "pass a `new` object of one class (no subclasses) that implements BackgroundTask");
  // Before the type is mapped: an interface's `run` returns a Promise, which is no value type.
  const tsType = ctx.checker.getTypeAtLocation(argument);
  if (!((tsType.getSymbol()?.flags ?? 0) & ts.SymbolFlags.Class)) throw chosenAtRunTime(ctx.checker.typeToString(tsType));
  const type = ctx.typeOf(argument);
  if (type.kind !== "object" || type.layout.kind !== "class" || type.layout.abstract) throw chosenAtRunTime(displayType(type));
  const layout = type.layout;
  // Subclasses are known once every class is lowered.
  ctx.host.afterLowering(argument, () => {
    if ((layout.implementers?.length ?? 0) > 0) throw chosenAtRunTime(displayType(type));
  });
  const run = ctx.host.classes.findMethod(layout, "run");
  if (!run || !ts.isMethodDeclaration(run) || !isAsyncDeclaration(run) || !run.body) {
    throw new LoweringError(run ?? argument, diag.TSE1080, formatMessage(diag.TSE1080, { name: layout.displayName }), "give the class `async run(task: EnvoyBackgroundTask): Promise<void>`");
  }
  const classes = { classDeclaration: (l: Layout) => ctx.host.types.classOf(l)?.declaration };
  const field = mutableField(layout, classes);
  if (field) {
    throw new LoweringError(argument, diag.TSE1082, formatMessage(diag.TSE1082, { name: layout.displayName, field }), "mark it readonly; what a run finds out goes to a snapshot (task.publishSnapshot)");
  }
  // What freezing cannot cover (a Map, a function) a run could write into, leaving pointers into its arena behind.
  const why = unfreezable(type, classes, new Set());
  if (why) throw new LoweringError(argument, diag.TSE1082, `the background task's class ${layout.displayName} holds what cannot be frozen: ${why.what}`, why.hint);
  return { layout, run: ctx.host.methodFor(run, layout) };
}

/** The call stands in the config stage's own body (no loop, no nested function), and is its only one. */
function checkPlace(ctx: LowerContext, call: ts.CallExpression): void {
  const where = (what: string) => new LoweringError(call, diag.TSE1083, formatMessage(diag.TSE1083, { where: what }), "call envoy.startBackgroundTask once, in the body of the config stage itself");
  let node: ts.Node = call.parent;
  while (!ts.isFunctionLike(node)) {
    if (ts.isIterationStatement(node, false)) throw where("in a loop");
    node = node.parent;
  }
  const stage = node;
  const registration = stage.parent;
  const isStage = ts.isCallExpression(registration) && registration.arguments[1] === stage && apiExportName(registration.expression, ctx.checker) === "registerHttpFilter";
  if (!isStage) throw where("outside the config stage's own body (in a helper or nested function)");
  const calls: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && n !== stage) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "startBackgroundTask") calls.push(n);
    ts.forEachChild(n, visit);
  };
  visit(stage);
  if (calls[0] !== call) {
    const error = new LoweringError(call, diag.TSE1084, formatMessage(diag.TSE1084), "do both jobs in one task's run (awaits in sequence, or Promise.all over their callouts)");
    error.related.push({ node: calls[0]!, message: "the config's task starts here" });
    throw error;
  }
}
