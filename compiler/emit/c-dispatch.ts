/**
 * Values of record types other layouts implement (Layout.implementers): such a value is the object
 * itself, of one of several layouts told apart by its descriptor. Property reads and writes, method
 * calls and method tests dispatch on it; an object of no expected layout cannot occur (the program
 * is closed) and would fail the hook closed.
 */
import { Expr, IrType, isPolymorphicLayout, Layout, layoutsOf, membersOf } from "../ir/index.js";
import type { EmitterCore } from "./c-core.js";
import { cType, functionPointerType, keyDefine, structName } from "./c-types.js";
import { convertCode, undefinedIn } from "./c-values.js";

/** Accesses through this layout's type dispatch (its values include objects of other layouts). */
export const isPolymorphic = isPolymorphicLayout;

const pointerTo = (layout: Layout, object: string): string => `((${structName(layout)}*)${object})`;

/** Runs `body` for the layout `object` (materialized) has: an if-chain over `layouts`, no test for one. */
export function dispatch(e: EmitterCore, object: string, layouts: Layout[], body: (layout: Layout, self: string) => void): void {
  // An abstract class has no objects of its own layout (only its subclasses' objects).
  if (layouts.some((l) => !l.abstract)) layouts = layouts.filter((l) => !l.abstract);
  if (layouts.length === 1) return body(layouts[0]!, pointerTo(layouts[0]!, object));
  layouts.forEach((layout, i) => {
    e.line(`${i === 0 ? "if" : "} else if"} (${e.context.descriptors.layoutTest(layout, object)}) {`);
    e.block(() => body(layout, pointerTo(layout, object)));
  });
  e.line("} else {");
  e.block(() => e.line('tse_fail(ctx, "internal error: an object of no expected layout");'));
  e.line("}");
}

/** Property `name` of `object` as `type`; undefined where a layout lacks it (an optional property). */
export function dispatchRead(e: EmitterCore, object: string, layouts: Layout[], name: string, type: IrType): string {
  const result = e.newTemp();
  e.line(`${cType(type)} ${result};`);
  dispatch(e, object, layouts, (layout, self) => {
    const field = layout.fields.find((f) => f.name === name);
    // A class's getter implementing the property (checked when the class was made an implementer).
    const getter = field ? undefined : layout.methods.get(`get ${name}`);
    const read = field ? convertCode(e, `${self}->${field.cName}`, field.type, type, false) : getter ? convertCode(e, `${getter.cName}(ctx, ${self})`, getter.returnType, type, false) : undefinedIn(type);
    e.line(`${result} = ${read};`);
  });
  return result;
}

/** `object.name = value`: each layout has the property (checked after lowering) and may be frozen (the config's). */
export function dispatchWrite(e: EmitterCore, object: string, layouts: Layout[], name: string, value: string, valueType: IrType): void {
  dispatch(e, object, layouts, (layout, self) => {
    const field = layout.fields.find((f) => f.name === name);
    if (!field) {
      e.line('tse_fail(ctx, "internal error: a write to a property the object lacks");');
      return;
    }
    if (e.context.frozenLayouts.has(layout)) e.line(`tse_check_field_store(ctx, ${object}, offsetof(${structName(layout)}, ${field.cName}));`);
    e.line(`${self}->${field.cName} = ${convertCode(e, value, valueType, field.type, false)};`);
    // Assigning a property the record does not have yet adds it, last in its order.
    if (field.optional && layout.kind === "record") e.line(keyDefine(self, layout, layout.fields.indexOf(field)));
  });
}

export function emitMethodCall(e: EmitterCore, expr: Extract<Expr, { kind: "methodCall" }>): string {
  const [objectCode, ...args] = e.operands([expr.object, ...expr.args]);
  const object = e.materialize(objectCode!, expr.object.type);
  const argTypes = expr.args.map((a) => a.type);
  const result = expr.type.kind === "void" ? undefined : e.newTemp();
  if (result) e.line(`${cType(expr.type)} ${result};`);
  dispatch(e, object, layoutsOf(expr.object.type), (layout, self) => {
    const call = invocation(e, layout, expr.name, self, args, argTypes);
    if (!call) {
      // Only where TypeScript's narrowing claimed an optional method is there.
      e.line("tse_narrowing_failed(ctx);");
      return;
    }
    if (!result || call.returns.kind === "void") e.line(`${call.code};`);
    if (result) e.line(`${result} = ${call.returns.kind === "void" ? undefinedIn(expr.type) : convertCode(e, call.code, call.returns, expr.type, false)};`);
  });
  return result ?? "0";
}

/** The C call of method `name` on `self`: a class method, or the closure in a record's (or class's) field. */
function invocation(e: EmitterCore, layout: Layout, name: string, self: string, args: string[], argTypes: IrType[]): { code: string; returns: IrType } | undefined {
  const pass = (params: IrType[]) => params.map((p, i) => (i < args.length ? convertCode(e, args[i]!, argTypes[i]!, p, false) : undefinedIn(p)));
  const method = layout.kind === "class" ? layout.methods.get(name) : undefined;
  if (method) return { code: `${method.cName}(${["ctx", self, ...pass(method.params.map((p) => p.type))].join(", ")})`, returns: method.returnType };
  const field = layout.fields.find((f) => f.name === name);
  const fn = field && membersOf(field.type).find((m): m is Extract<IrType, { kind: "function" }> => m.kind === "function");
  if (!field || !fn) return undefined;
  // An optional method is called only where TypeScript says it is there; it is checked.
  const mayBeAbsent = membersOf(field.type).some((m) => m.kind !== "function");
  const closure = e.temp(fn, mayBeAbsent ? `((tse_closure*)tse_check_defined(ctx, ${self}->${field.cName}))` : `${self}->${field.cName}`);
  const passed = field.method ? [self, ...pass(fn.params.slice(1))] : pass(fn.params);
  return { code: `((${functionPointerType(fn)})${closure}->code)(${["ctx", closure, ...passed].join(", ")})`, returns: fn.returns };
}

export function emitHasMethod(e: EmitterCore, expr: Extract<Expr, { kind: "hasMethod" }>): string {
  const object = e.materialize(e.expr(expr.object), expr.object.type);
  const result = e.newTemp();
  e.line(`bool ${result};`);
  dispatch(e, object, layoutsOf(expr.object.type), (layout, self) => {
    const field = layout.fields.find((f) => f.name === expr.name);
    const mayBeAbsent = field && membersOf(field.type).some((m) => m.kind !== "function");
    const present = layout.kind === "class" && layout.methods.has(expr.name) ? "true" : !field ? "false" : mayBeAbsent ? `(${self}->${field.cName} != NULL)` : "true";
    e.line(`${result} = ${present};`);
  });
  return result;
}
