/**
 * Checks an IrModule's invariants, the ones the emitter relies on without checking: every runtime
 * operation is known and given arguments of the kinds it takes, every local a function uses is
 * declared in it (a parameter, `let`, loop element, caught error, or captured variable), each
 * local is declared once, jumps go to an enclosing construct with that label, and every union is
 * normalized (two or more members, none a union, no two of one structure, canonical order). Run
 * after lowering in every test build (TSC2ENVOY_VALIDATE_IR=1); a violation is a compiler bug.
 * Walks with an explicit stack: expressions may be chains thousands of links long.
 */
import type { Expr, IrFunction, IrModule, IrType, Local, LValue, Stmt } from "./nodes.js";
import { OpParam, runtimeOp } from "./runtime-ops.js";
import { membersOf, typeKey, unionOf } from "./types.js";

export class IrValidationError extends Error {
  override name = "IrValidationError";
}

/** Throws IrValidationError listing every violation found (at most 20). */
export function validateModule(module: IrModule): void {
  const problems: string[] = [];
  const regexNames = new Set(module.regexes.map((r) => r.cName));
  const checkedTypes = new Set<IrType>();
  for (const layout of module.layouts) for (const field of layout.fields) checkType(field.type, `field ${layout.cName}.${field.name}`, problems, checkedTypes);
  for (const fn of module.functions) if (fn.lowered) validateFunction(fn, regexNames, problems, checkedTypes);
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    throw new IrValidationError(`invalid IR (a compiler bug):\n${shown.join("\n")}${problems.length > shown.length ? `\n... and ${problems.length - shown.length} more` : ""}`);
  }
}

function checkType(type: IrType, where: string, problems: string[], checked: Set<IrType>): void {
  const stack = [type];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (checked.has(t)) continue;
    checked.add(t);
    switch (t.kind) {
      case "union": {
        const members = t.members;
        const canonical = unionOf(members);
        if (members.length < 2 || members.some((m) => m.kind === "union" || m.kind === "void") || canonical.kind !== "union" || canonical.members.length !== members.length || canonical.members.some((m, i) => typeKey(m) !== typeKey(members[i]!))) {
          problems.push(`${where}: union not normalized: ${members.map((m) => m.kind).join(" | ")}`);
        }
        stack.push(...members);
        break;
      }
      case "array":
      case "set":
        stack.push(t.element);
        break;
      case "map":
        stack.push(t.key, t.value);
        break;
      case "function":
        stack.push(...t.params, t.returns);
        break;
      default:
        break;
    }
  }
}

function argumentFits(param: OpParam, arg: Expr): boolean {
  const kinds = membersOf(arg.type).map((m) => m.kind);
  const only = (...allowed: string[]) => kinds.every((k) => allowed.includes(k));
  switch (param) {
    case "any":
      return true;
    case "const-number":
      return arg.kind === "number";
    case "const-string":
      return arg.kind === "string";
    case "number?":
    case "string?":
    case "array?":
      return only(param.slice(0, -1), "undefined", "void");
    case "numbers":
      return only("number") || (arg.type.kind === "array" && only("array"));
    case "collection":
      return only("map", "set");
    case "match":
      return only("regexpMatch");
    default:
      return only(param);
  }
}

function validateFunction(fn: IrFunction, regexNames: Set<string>, problems: string[], checkedTypes: Set<IrType>): void {
  const where = (what: string) => `${fn.cName}: ${what}`;
  const declared = new Set<Local>();
  const declare = (local: Local) => {
    if (declared.has(local)) problems.push(where(`${local.cName} declared twice`));
    declared.add(local);
    checkType(local.type, where(local.cName), problems, checkedTypes);
  };
  if (fn.self) declare(fn.self.local);
  for (const capture of fn.closure?.captures ?? []) declared.add(capture.inner);
  for (const param of fn.params) declare(param);
  const used: { local: Local; what: string }[] = [];
  const labels: string[] = [];

  type Work = { stmt: Stmt } | { stmts: Stmt[] } | { expr: Expr } | { enter: string } | { leave: true };
  const stack: Work[] = [{ stmts: fn.body }];
  const pushExpr = (expr: Expr | undefined) => expr && stack.push({ expr });
  const pushTarget = (target: LValue) => {
    if (target.kind === "local") used.push({ local: target.local, what: "assigned" });
    else if (target.kind === "field") pushExpr(target.object);
    else stack.push({ expr: target.array }, { expr: target.index });
  };
  /** `work` inside the construct labeled `label` (breaks and continues may name it). */
  const scoped = (label: string, ...work: Work[]) => stack.push({ leave: true }, ...work.reverse(), { enter: label });

  while (stack.length > 0) {
    const work = stack.pop()!;
    if ("enter" in work) labels.push(work.enter);
    else if ("leave" in work) labels.pop();
    else if ("stmts" in work) for (let i = work.stmts.length - 1; i >= 0; i--) stack.push({ stmt: work.stmts[i]! });
    else if ("stmt" in work) visitStatement(work.stmt);
    else visitExpr(work.expr);
  }

  function visitStatement(stmt: Stmt): void {
    switch (stmt.kind) {
      case "let":
        declare(stmt.local);
        pushExpr(stmt.init);
        return;
      case "initialized":
        used.push({ local: stmt.local, what: "initialized" });
        return;
      case "expr":
        pushExpr(stmt.expr);
        return;
      case "if":
        stack.push({ stmts: stmt.otherwise }, { stmts: stmt.then }, { expr: stmt.condition });
        return;
      case "loop":
        for (const local of stmt.renew) used.push({ local, what: "renewed" });
        scoped(stmt.label, ...(stmt.condition ? [{ expr: stmt.condition }] : []), { stmts: stmt.body }, { stmts: stmt.update });
        return;
      case "forOf":
        declare(stmt.element);
        scoped(stmt.label, { stmts: stmt.body });
        pushExpr(stmt.array);
        return;
      case "forOfCollection":
        declare(stmt.element);
        scoped(stmt.label, { stmts: stmt.body });
        pushExpr(stmt.source);
        return;
      case "switch":
        scoped(stmt.label, ...stmt.cases.flatMap((c): Work[] => [...(c.test ? [{ expr: c.test }] : []), { stmts: c.body }]));
        pushExpr(stmt.discriminant);
        return;
      case "labeled":
        scoped(stmt.label, { stmts: stmt.body });
        return;
      case "break":
      case "continue":
        if (!labels.includes(stmt.label)) problems.push(where(`${stmt.kind} ${stmt.label} outside a construct with that label`));
        return;
      case "return":
        pushExpr(stmt.value);
        return;
      case "throw":
        pushExpr(stmt.error);
        return;
      case "try":
        if (stmt.catchLocal) declare(stmt.catchLocal);
        if (stmt.finallyBody) stack.push({ stmts: stmt.finallyBody });
        if (stmt.catchBody) stack.push({ stmts: stmt.catchBody });
        stack.push({ stmts: stmt.body });
        return;
      case "await":
        if (stmt.target) used.push({ local: stmt.target, what: "assigned" });
        pushExpr(stmt.result);
        pushExpr(stmt.operation);
        return;
      case "block":
        stack.push({ stmts: stmt.body });
        return;
    }
  }

  function visitExpr(expr: Expr): void {
    checkType(expr.type, where(`a ${expr.kind} expression`), problems, checkedTypes);
    switch (expr.kind) {
      case "local":
        used.push({ local: expr.local, what: "read" });
        return;
      case "field":
      case "unionField":
      case "hasMethod":
        pushExpr(expr.object);
        return;
      case "elementAt":
        stack.push({ expr: expr.array }, { expr: expr.index });
        return;
      case "call":
        pushExpr(expr.self);
        expr.args.forEach(pushExpr);
        return;
      case "callValue":
        pushExpr(expr.callee);
        expr.args.forEach(pushExpr);
        return;
      case "methodCall":
        pushExpr(expr.object);
        expr.args.forEach(pushExpr);
        return;
      case "new":
        expr.args.forEach(pushExpr);
        return;
      case "closure":
        for (const capture of expr.fn.closure?.captures ?? []) used.push({ local: capture.outer, what: `captured by ${expr.fn.cName}` });
        return;
      case "runtime":
        checkRuntime(expr);
        expr.args.forEach(pushExpr);
        return;
      case "unary":
        pushExpr(expr.operand);
        return;
      case "binary":
      case "logical":
        stack.push({ expr: expr.left }, { expr: expr.right });
        return;
      case "conditional":
        stack.push({ expr: expr.condition }, { expr: expr.whenTrue }, { expr: expr.whenFalse });
        return;
      case "assign":
      case "compound":
        pushTarget(expr.target);
        pushExpr(expr.value);
        return;
      case "convert":
      case "truthy":
      case "is":
      case "typeof":
        pushExpr(expr.value);
        return;
      case "arrayLiteral":
        for (const e of expr.elements) pushExpr("spread" in e ? e.spread : e);
        return;
      case "objectLiteral":
        for (const f of expr.fields) pushExpr(f.value);
        for (const step of expr.keys) if (step.kind === "spread") stack.push({ expr: step.source }, ...(step.when ? [{ expr: step.when }] : []));
        return;
      case "sequence":
        stack.push({ expr: expr.result }, { stmts: expr.statements });
        return;
      default:
        return;
    }
  }

  function checkRuntime(expr: Extract<Expr, { kind: "runtime" }>): void {
    const spec = runtimeOp(expr.op);
    if (!spec) {
      problems.push(where(`unknown runtime operation ${expr.op}`));
      return;
    }
    const { params, rest } = spec;
    if (expr.args.length < params.length || (!rest && expr.args.length > params.length)) {
      problems.push(where(`${expr.op} takes ${params.length}${rest ? " or more" : ""} arguments, given ${expr.args.length}`));
      return;
    }
    expr.args.forEach((arg, i) => {
      const param = params[i] ?? rest!;
      if (!argumentFits(param, arg)) problems.push(where(`${expr.op} argument ${i + 1} must be ${param}, is ${arg.type.kind}${arg.kind === "number" || arg.kind === "string" ? "" : ` (${arg.kind})`}`));
    });
    const result = spec.result;
    const kind = expr.type.kind;
    const fits = result === "any" || kind === result || (result === "collection" && (kind === "map" || kind === "set")) || (result === "void" && (kind === "void" || kind === "undefined"));
    if (!fits) problems.push(where(`${expr.op} gives ${result}, typed ${kind}`));
    if (expr.op === "regexp.new" && expr.args[0]?.kind === "string" && !regexNames.has(expr.args[0].value)) problems.push(where(`regexp.new of unknown regex ${expr.args[0].value}`));
  }

  for (const { local, what } of used) {
    if (!declared.has(local)) problems.push(where(`${local.cName} ${what} but not declared in the function`));
  }
}
