/**
 * Filters whose streams can share one instance: the factory only wraps values it was given (the
 * frozen config, the config stage's deep-frozen captures, literals) in a new object of the filter
 * class, and nothing ever writes to an object of that class. Such an instance holds no per-stream
 * state, so runtime-c builds it once per config and streams skip the factory (no allocation, no
 * setjmp); a stream of a filter that also defines no hook costs nothing at all. Nothing can tell the
 * difference: module-level state is immutable (TSE1009), and so is what the instance holds.
 */
import type { Expr, FilterRegistration, IrFunction, IrModule, Layout, LValue, Stmt } from "./nodes.js";

/** Whether every stream of `filter` may use one instance built once per config. */
export function sharesInstance(filter: FilterRegistration, module: IrModule): boolean {
  if (filter.kind !== undefined) return false; // HTTP filters only: the other kinds' glue has no shared frame
  const layout = filter.filterLayout;
  if (layout.kind !== "class" || layout.base || layout.abstract || layout.errorKind !== undefined || layout.freezable) return false;
  const factory = filter.streamFactory ?? filter.factory;
  const made = onlyReturnsNew(factory, layout);
  if (!made) return false;
  const constructor = layout.constructorFunction;
  if (constructor) {
    if (constructor.restIndex !== undefined || !constructor.body.every((s) => storesGivenValue(s, constructor, layout))) return false;
  } else if (made.args.length > 0) {
    return false;
  }
  return ![...module.functions, ...(module.tables ?? []).map((t) => t.build)].some((fn) => writesTo(fn.body, layout));
}

/** The `new` of `layout` that is the whole body of `factory`, with arguments it was given. */
function onlyReturnsNew(factory: IrFunction, layout: Layout): { args: Expr[] } | undefined {
  if (factory.body.length !== 1 || factory.restIndex !== undefined) return undefined;
  const [statement] = factory.body;
  if (statement?.kind !== "return" || statement.value?.kind !== "new" || statement.value.layout !== layout) return undefined;
  const args = statement.value.args;
  return args.every((arg) => givenValue(arg, factory)) ? { args } : undefined;
}

const LITERAL_KINDS = new Set<Expr["kind"]>(["number", "boolean", "string", "undefined", "null"]);

/** A literal, a parameter of `fn` or a variable it captured (each frozen or immutable), unchanged. */
function givenValue(expr: Expr, fn: IrFunction): boolean {
  if (LITERAL_KINDS.has(expr.kind)) return true;
  switch (expr.kind) {
    case "local":
      return !expr.local.cell && (fn.params.includes(expr.local) || expr.local.captured !== undefined);
    case "convert":
      return !expr.checked && givenValue(expr.value, fn);
    default:
      return false;
  }
}

/** `this.field = <given value>`: the only statements the constructor may have. */
function storesGivenValue(statement: Stmt, constructor: IrFunction, layout: Layout): boolean {
  if (statement.kind !== "expr" || statement.expr.kind !== "assign") return false;
  const { target, value } = statement.expr;
  return target.kind === "field" && target.layout === layout && target.object.kind === "local" && target.object.local === constructor.self?.local && givenValue(value, constructor);
}

/** Whether a store in `statements` (outside the constructor's own, checked above) may reach an object of `layout`. */
function writesTo(statements: Stmt[], layout: Layout): boolean {
  let found = false;
  const hits = (target: LValue): boolean => target.kind === "field" && (target.layout === layout || !!target.layout.implementers?.includes(layout) || !!target.layout.aliases?.includes(layout));
  const visitExpr = (expr: Expr): void => {
    if (found) return;
    if ((expr.kind === "assign" || expr.kind === "compound") && hits(expr.target)) {
      found = !isConstructorStore(expr, layout);
      if (found) return;
    }
    for (const child of childExprs(expr)) visitExpr(child);
    if (expr.kind === "sequence") visitStmts(expr.statements);
  };
  const visitStmts = (list: Stmt[]): void => {
    for (const s of list) {
      if (found) return;
      for (const e of stmtExprs(s)) visitExpr(e);
      for (const body of stmtBodies(s)) visitStmts(body);
    }
  };
  visitStmts(statements);
  return found;
}

/** The constructor's own `this.f = v` stores: a store through its `self` local. */
function isConstructorStore(expr: Expr & { kind: "assign" | "compound" }, layout: Layout): boolean {
  const self = layout.constructorFunction?.self?.local;
  return expr.kind === "assign" && expr.target.kind === "field" && expr.target.object.kind === "local" && self !== undefined && expr.target.object.local === self;
}

function lvalueExprs(target: LValue): Expr[] {
  switch (target.kind) {
    case "local":
      return [];
    case "field":
      return [target.object];
    case "element":
      return [target.array, target.index];
  }
}

function childExprs(expr: Expr): Expr[] {
  switch (expr.kind) {
    case "field":
    case "unionField":
    case "hasMethod":
      return [expr.object];
    case "elementAt":
      return [expr.array, expr.index];
    case "call":
      return [...(expr.self ? [expr.self] : []), ...expr.args];
    case "callValue":
      return [expr.callee, ...expr.args];
    case "methodCall":
      return [expr.object, ...expr.args];
    case "new":
    case "runtime":
      return expr.args;
    case "unary":
      return [expr.operand];
    case "binary":
    case "logical":
      return [expr.left, expr.right];
    case "conditional":
      return [expr.condition, expr.whenTrue, expr.whenFalse];
    case "assign":
    case "compound":
      return [...lvalueExprs(expr.target), expr.value];
    case "convert":
    case "truthy":
    case "is":
    case "typeof":
      return [expr.value];
    case "arrayLiteral":
      return expr.elements.map((e) => ("spread" in e ? e.spread : e));
    case "objectLiteral":
      return [...expr.fields.map((f) => f.value), ...expr.keys.flatMap((k) => (k.kind === "spread" ? [k.source, ...(k.when ? [k.when] : [])] : []))];
    case "sequence":
      return [expr.result];
    default:
      return [];
  }
}

function stmtExprs(s: Stmt): Expr[] {
  switch (s.kind) {
    case "let":
      return s.init ? [s.init] : [];
    case "expr":
      return [s.expr];
    case "if":
    case "loop":
      return s.condition ? [s.condition] : [];
    case "forOf":
      return [s.array];
    case "forOfCollection":
      return [s.source];
    case "return":
      return s.value ? [s.value] : [];
    case "throw":
      return [s.error];
    case "switch":
      return [s.discriminant, ...s.cases.flatMap((c) => (c.test ? [c.test] : []))];
    case "await":
      return [s.operation, ...(s.result ? [s.result] : [])];
    default:
      return [];
  }
}

function stmtBodies(s: Stmt): Stmt[][] {
  switch (s.kind) {
    case "if":
      return [s.then, s.otherwise];
    case "loop":
      return [s.body, s.update];
    case "forOf":
    case "forOfCollection":
    case "labeled":
    case "block":
      return [s.body];
    case "try":
      return [s.body, s.catchBody ?? [], s.finallyBody ?? []];
    case "switch":
      return s.cases.map((c) => c.body);
    default:
      return [];
  }
}
