/**
 * The IR as stable text (`tsc2envoy build --dump-ir`, the golden .ir files): layouts, regexes,
 * filters, then each lowered function's statements, one per line, expressions in prefix form
 * `(kind details operands...)` with `: type` where the kind does not fix it. Depends only on the
 * IR, so equal IR prints equally. Chains (a + b + c, c ? x : y ? ..., a && b && ...) are walked
 * without recursion along them, as the emitter walks them: they may be thousands of links long.
 */
import type { Expr, IrFunction, IrModule, IrType, KeyStep, Layout, Local, LValue, Stmt } from "./nodes.js";

export function printModule(module: IrModule): string {
  const out: string[] = [`module ${module.name} (stream memory ${module.streamMemoryLimit}, cpu budget ${module.cpuBudget})`];
  for (const layout of module.layouts) out.push("", ...printLayout(layout));
  for (const regex of module.regexes) out.push("", `regex ${regex.cName} ${regex.tables.raw} (${regex.tables.program.insts.length} instructions${regex.tables.dfa ? ", dfa" : ""}${regex.tables.onepass ? ", one-pass" : ""})`);
  for (const filter of module.filters) {
    out.push("", `${filter.kind ? `${filter.kind} ` : ""}filter ${JSON.stringify(filter.name)} factory ${filter.factory.cName}${filter.configType ? ` config ${typeText(filter.configType)}` : ""}${filter.configLiterals ? " (literal checks)" : ""}`);
    for (const [hook, fn] of Object.entries(filter.hooks)) if (fn) out.push(`  ${hook} ${fn.cName}`);
  }
  for (const fn of module.functions) if (fn.lowered) out.push("", ...printFunction(fn));
  return `${out.join("\n")}\n`;
}

function printLayout(layout: Layout): string[] {
  const extras = [
    layout.runtime ? `runtime ${layout.runtime.struct}` : "",
    layout.implementers?.length ? `implemented by ${layout.implementers.map((l) => l.cName).join(", ")}` : "",
    layout.aliases?.length ? `aliases ${layout.aliases.map((l) => l.cName).join(", ")}` : "",
  ].filter(Boolean);
  const head = `${layout.kind} ${layout.cName} ${JSON.stringify(layout.displayName)}${extras.length ? ` (${extras.join("; ")})` : ""}`;
  const fields = layout.fields.map((f) => `  ${f.name}${f.optional ? "?" : ""}${f.method ? "()" : ""}: ${typeText(f.type)}`);
  const methods = [...layout.methods].map(([name, fn]) => `  method ${name} ${fn.cName}`);
  return [head, ...fields, ...methods, ...(layout.constructorFunction ? [`  constructor ${layout.constructorFunction.cName}`] : [])];
}

/** An IR type as text: object types by their layout's C name (display names need not be unique). */
export function typeText(type: IrType, path: IrType[] = []): string {
  if (path.includes(type)) return `rec${path.length - path.indexOf(type)}`;
  path.push(type);
  try {
    const show = (t: IrType) => typeText(t, path);
    switch (type.kind) {
      case "object":
        return type.layout.cName;
      case "array":
        return `${show(type.element)}[]`;
      case "function":
        return `fn(${type.params.map(show).join(", ")}) -> ${show(type.returns)}`;
      case "map":
        return type.dict ? `Dict<${show(type.value)}>` : `Map<${show(type.key)}, ${show(type.value)}>`;
      case "set":
        return `Set<${show(type.element)}>`;
      case "union":
        return `(${type.members.map(show).join(" | ")})`;
      case "string":
        return type.literals ? `string(${type.literals.map((l) => JSON.stringify(l)).join(" | ")})` : "string";
      case "number":
        return type.literals ? `number(${type.literals.join(" | ")})` : "number";
      default:
        return type.kind;
    }
  } finally {
    path.pop();
  }
}

function localText(local: Local): string {
  const marks = [local.cell ? "cell" : "", local.tdz ? "tdz" : "", local.captured ? `captured ${local.captured.field}` : ""].filter(Boolean);
  return `${local.cName}: ${typeText(local.type)}${marks.length ? ` [${marks.join(", ")}]` : ""}`;
}

export function printFunction(fn: IrFunction): string[] {
  const params = [...(fn.self ? [`this ${localText(fn.self.local)}`] : []), ...fn.params.map((p, i) => `${i === fn.restIndex ? "..." : ""}${localText(p)}`)];
  const marks = [fn.mayRecurse ? "checks stack" : "", fn.hasTry ? "has try" : "", fn.site ? `at ${fn.site.file}:${fn.site.line}` : ""].filter(Boolean);
  const out = [`function ${fn.cName} ${JSON.stringify(fn.displayName)} (${params.join(", ")}) -> ${typeText(fn.returnType)}${marks.length ? ` [${marks.join(", ")}]` : ""}`];
  if (fn.closure) out.push(`  environment ${fn.closure.envStruct} {${fn.closure.captures.map((c) => ` ${c.inner.captured?.field} = ${c.outer.cName}`).join(",")} }`);
  statements(fn.body, 1, out);
  return out;
}

function statements(body: Stmt[], depth: number, out: string[]): void {
  for (const stmt of body) statement(stmt, depth, out);
}

function block(head: string, body: Stmt[], depth: number, out: string[]): void {
  const pad = "  ".repeat(depth);
  out.push(`${pad}${head.replace(/\n/g, `\n${pad}`)} {`);
  statements(body, depth + 1, out);
  out.push(`${"  ".repeat(depth)}}`);
}

function statement(stmt: Stmt, depth: number, out: string[]): void {
  const pad = "  ".repeat(depth);
  // Expressions holding statements (sequences) print on several lines, indented from the statement's.
  const lines = (text: string) => out.push(`${pad}${text.replace(/\n/g, `\n${pad}`)}`);
  switch (stmt.kind) {
    case "let":
      lines(`let ${localText(stmt.local)}${stmt.init ? ` = ${exprText(stmt.init)}` : ""}`);
      return;
    case "initialized":
      lines(`initialized ${stmt.local.cName}`);
      return;
    case "expr":
      lines(`${exprText(stmt.expr)}`);
      return;
    case "if": {
      // else-if chains stay flat (they may be long).
      let current: Extract<Stmt, { kind: "if" }> = stmt;
      lines(`if ${exprText(current.condition)} {`);
      for (;;) {
        statements(current.then, depth + 1, out);
        const next = current.otherwise.length === 1 && current.otherwise[0]!.kind === "if" ? current.otherwise[0]! : undefined;
        if (next && next.kind === "if") {
          current = next;
          lines(`} else if ${exprText(current.condition)} {`);
          continue;
        }
        if (current.otherwise.length > 0) {
          lines(`} else {`);
          statements(current.otherwise, depth + 1, out);
        }
        lines(`}`);
        return;
      }
    }
    case "loop": {
      const head = `loop ${stmt.label}${stmt.condition ? ` ${stmt.testFirst ? "while" : "do-while"} ${exprText(stmt.condition)}` : ""}${stmt.renew.length ? ` renew ${stmt.renew.map((l) => l.cName).join(", ")}` : ""}`;
      lines(`${head} {`);
      statements(stmt.body, depth + 1, out);
      if (stmt.update.length) {
        lines(`} update {`);
        statements(stmt.update, depth + 1, out);
      }
      lines(`}`);
      return;
    }
    case "forOf":
      return block(`for ${stmt.label} ${localText(stmt.element)} of ${exprText(stmt.array)}`, stmt.body, depth, out);
    case "forOfCollection":
      return block(`for ${stmt.label} ${localText(stmt.element)} of ${stmt.what} ${exprText(stmt.source)}`, stmt.body, depth, out);
    case "break":
    case "continue":
      lines(`${stmt.kind} ${stmt.label}`);
      return;
    case "return":
      lines(`return${stmt.value ? ` ${exprText(stmt.value)}` : ""}`);
      return;
    case "throw":
      lines(`throw ${exprText(stmt.error)}`);
      return;
    case "try":
      lines(`try {`);
      statements(stmt.body, depth + 1, out);
      if (stmt.catchBody) {
        lines(`} catch${stmt.catchLocal ? ` ${localText(stmt.catchLocal)}` : ""} {`);
        statements(stmt.catchBody, depth + 1, out);
      }
      if (stmt.finallyBody) {
        lines(`} finally {`);
        statements(stmt.finallyBody, depth + 1, out);
      }
      lines(`}`);
      return;
    case "switch":
      lines(`switch ${stmt.label} ${exprText(stmt.discriminant)} {`);
      for (const c of stmt.cases) {
        lines(`  ${c.test ? `case ${exprText(c.test)}` : "default"}:`);
        statements(c.body, depth + 2, out);
      }
      lines(`}`);
      return;
    case "labeled":
      return block(`labeled ${stmt.label}`, stmt.body, depth, out);
    case "block":
      return block("block", stmt.body, depth, out);
    case "await":
      lines(`await ${exprText(stmt.operation)}${stmt.target ? ` -> ${stmt.target.cName}` : ""}${stmt.result ? ` = ${exprText(stmt.result)}` : ""}`);
      return;
  }
}

function lvalueText(target: LValue): string {
  switch (target.kind) {
    case "local":
      return target.local.cName;
    case "field":
      return `(field ${exprText(target.object)} ${target.layout.cName}.${target.field.name})`;
    case "element":
      return `(element ${exprText(target.array)} ${exprText(target.index)})`;
  }
}

const typed = (e: Expr) => `: ${typeText(e.type)}`;

function keyText(step: KeyStep): string {
  if (step.kind === "define") return step.field.name;
  return `...${exprText(step.source)}${step.exclude.length ? ` except ${step.exclude.join(",")}` : ""}${step.when ? ` when ${exprText(step.when)}` : ""}`;
}

export function exprText(expr: Expr): string {
  switch (expr.kind) {
    case "number":
      return Object.is(expr.value, -0) ? "-0" : String(expr.value);
    case "boolean":
      return String(expr.value);
    case "string":
      return JSON.stringify(expr.value);
    case "undefined":
    case "null":
    case "envoy":
      return expr.kind;
    case "local":
      return expr.local.cName;
    case "field":
      return `(field ${exprText(expr.object)} ${expr.layout.cName}.${expr.field.name})`;
    case "unionField":
      return `(unionField ${exprText(expr.object)} ${expr.name}${typed(expr)})`;
    case "elementAt":
      return `(elementAt ${exprText(expr.array)} ${exprText(expr.index)})`;
    case "call":
      return `(call ${expr.callee.cName}${expr.self ? ` this=${exprText(expr.self)}` : ""}${args(expr.args)})`;
    case "callValue":
      return `(callValue ${exprText(expr.callee)}${args(expr.args)})`;
    case "methodCall":
      return `(methodCall ${exprText(expr.object)} ${expr.name}${args(expr.args)}${typed(expr)})`;
    case "hasMethod":
      return `(hasMethod ${exprText(expr.object)} ${expr.name})`;
    case "new":
      return `(new ${expr.layout.cName}${args(expr.args)})`;
    case "closure":
      return `(closure ${expr.fn.cName}${expr.stack ? " stack" : ""})`;
    case "functionRef":
      return `(functionRef ${expr.fn.cName})`;
    case "table":
      return `(table ${expr.table.cName})`;
    case "runtime":
      return `(${expr.op}${args(expr.args)}${expr.literals ? " (literal checks)" : ""}${typed(expr)})`;
    case "unary":
      return `(${expr.op} ${exprText(expr.operand)})`;
    case "binary":
    case "logical":
      return chain(expr);
    case "conditional": {
      const arms: string[] = [];
      let last: Expr = expr;
      for (; last.kind === "conditional"; last = last.whenFalse) arms.push(`${exprText(last.condition)} ? ${exprText(last.whenTrue)}`);
      return `(cond ${arms.join(" : ")} : ${exprText(last)}${typed(expr)})`;
    }
    case "assign":
      return `(= ${lvalueText(expr.target)} ${exprText(expr.value)})`;
    case "compound":
      return `(${expr.op}= ${lvalueText(expr.target)} ${exprText(expr.value)}${expr.returnOld ? " old" : ""})`;
    case "convert":
      return `(convert${expr.checked ? " checked" : ""} ${exprText(expr.value)}${typed(expr)})`;
    case "truthy":
      return `(truthy ${exprText(expr.value)})`;
    case "is":
      return `(is ${exprText(expr.value)} ${typeText(expr.member)})`;
    case "typeof":
      return `(typeof ${exprText(expr.value)})`;
    case "arrayLiteral":
      return `(array${expr.elements.map((e) => ` ${"spread" in e ? `...${exprText(e.spread)}` : exprText(e)}`).join("")}${typed(expr)})`;
    case "objectLiteral":
      return `(object ${expr.layout.cName}${expr.fields.map((f) => ` ${f.field.name}=${exprText(f.value)}`).join("")}${expr.keys.length ? ` keys[${expr.keys.map(keyText).join(", ")}]` : ""})`;
    case "sequence": {
      const lines: string[] = [];
      statements(expr.statements, 1, lines);
      return `(do\n${lines.join("\n")}\n  => ${exprText(expr.result).replace(/\n/g, "\n  ")})`;
    }
  }
}

const args = (list: Expr[]): string => list.map((a) => ` ${exprText(a)}`).join("");

/** A left-deep chain of binary or logical links, walked down its left side. */
function chain(top: Extract<Expr, { kind: "binary" | "logical" }>): string {
  const links: Extract<Expr, { kind: "binary" | "logical" }>[] = [];
  let bottom: Expr = top;
  for (; bottom.kind === "binary" || bottom.kind === "logical"; bottom = bottom.left) links.push(bottom);
  let text = exprText(bottom);
  for (let i = links.length - 1; i >= 0; i--) text = `(${links[i]!.op} ${text} ${exprText(links[i]!.right)})`;
  return `${text.slice(0, -1)}${top.kind === "logical" ? typed(top) : ""})`;
}
