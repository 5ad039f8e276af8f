/**
 * Objects of one layout used as values of a record type: a class instance where an interface is
 * expected, an object of a wider record type where a narrower one is. The value stays the same
 * object (identity, instanceof and writes through either reference are preserved): the record type
 * lists the layout among its implementers, and accesses through it dispatch on the object's
 * descriptor (emit/c-dispatch.ts). A layout implements a record type when each of its members
 * reads, and each method is called, correctly through it without copying or adapting values.
 */
import { ts } from "../ts-morph.js";

import { compatible, displayType, Field, implementsLayout, IrFunction, IrType, isSubtype, Layout, membersOf, methodSignature, sameType, undefinedType } from "../ir/index.js";
import { LoweringError } from "./errors.js";
import { TypeMapper } from "./types.js";
import { diag } from "../diagnostics/catalogue.js";

export interface ImplementationHost {
  readonly types: TypeMapper;
  methodFor(declaration: ts.MethodDeclaration | ts.AccessorDeclaration, layout: Layout): IrFunction;
  readonly classes: { findMethod(layout: Layout, name: string): ts.MethodDeclaration | ts.AccessorDeclaration | undefined };
}

interface Pair {
  from: Layout;
  to: Layout;
}

type ObjectType = Extract<IrType, { kind: "object" }>;

const isRecord = (type: IrType): type is ObjectType => type.kind === "object" && type.layout.kind === "record";

export class Implementations {
  constructor(private readonly host: ImplementationHost) {}

  /**
   * Registers the implementers that make every value of `from` a value of `to` (true once they
   * are). False when other members are what is missing (nothing registered); throws the reason a
   * layout cannot implement a record type.
   */
  register(from: IrType, to: IrType, node: ts.Node): boolean {
    const plan: Pair[] = [];
    if (!this.plan(from, to, node, plan)) return false;
    for (const { from: layout, to: target } of plan) if (!implementsLayout(layout, target)) (target.implementers ??= []).push(layout);
    return true;
  }

  /** Adds to `plan` the pairs that make `from` fit `to`; false if a member is not an object that could fit. */
  private plan(from: IrType, to: IrType, node: ts.Node, plan: Pair[]): boolean {
    const targets = membersOf(to).filter(isRecord);
    for (const member of membersOf(from)) {
      if (membersOf(to).some((o) => this.fitsAsIs(member, o, plan))) continue;
      if (member.kind === "array" || member.kind === "map" || member.kind === "set") this.rejectShared(member, to, node);
      if (member.kind !== "object" || targets.length === 0) return false;
      let reason: LoweringError | undefined;
      const found = targets.some((target) => {
        const attempt = [...plan];
        try {
          this.implement(member.layout, target.layout, node, attempt);
        } catch (error) {
          if (!(error instanceof LoweringError)) throw error;
          reason ??= error;
          return false;
        }
        plan.splice(0, plan.length, ...attempt);
        return true;
      });
      if (!found) throw reason!;
    }
    return true;
  }

  private fitsAsIs(member: IrType, target: IrType, plan: Pair[]): boolean {
    if (sameType(member, target) || compatible(member, target)) return true;
    if (member.kind !== "object" || target.kind !== "object") return false;
    return implementsLayout(member.layout, target.layout) || plan.some((p) => p.from === member.layout && p.to === target.layout);
  }

  /**
   * An array (Map, Set) of objects used as one of a record type is the same collection: storing
   * another layout through it would break the other reference.
   */
  private rejectShared(member: Extract<IrType, { kind: "array" | "map" | "set" }>, to: IrType, node: ts.Node): void {
    const held = (t: IrType) => (t.kind === "array" || t.kind === "set" ? t.element : t.kind === "map" ? t.value : undefined);
    const what = member.kind === "array" ? "array" : member.kind === "map" ? "Map" : "Set";
    for (const target of membersOf(to)) {
      const wanted = held(target);
      const own = held(member);
      if (target.kind !== member.kind || !wanted || !own || !isRecord(wanted) || own.kind !== "object" || (member.kind === "map" && !sameType(member.key, (target as typeof member).key))) continue;
      throw new LoweringError(
        node,
        diag.TSE2020,
        `a ${displayType(member)} cannot be used as a ${displayType(target)} (it is the same ${what}: storing another ${displayType(wanted)} in it would break the other reference)`,
        `give the ${what} the type ${displayType(target)} where it is made${member.kind === "array" ? `: const items: ${displayType(target)} = [...]` : ""}`,
      );
    }
  }

  private implement(from: Layout, to: Layout, node: ts.Node, plan: Pair[]): void {
    if (implementsLayout(from, to) || plan.some((p) => p.from === from && p.to === to)) return;
    // Assumed while its members are checked: recursive types refer back to the pair.
    plan.push({ from, to });
    for (const wanted of to.fields) this.member(from, to, wanted, node, plan);
  }

  private member(from: Layout, to: Layout, wanted: Field, node: ts.Node, plan: Pair[]): void {
    const name = wanted.name;
    const fail = (reason: string, hint: string): never => {
      throw new LoweringError(node, diag.TSE2020, `${from.displayName} cannot be used as ${to.displayName}: ${reason}`, hint);
    };
    const field = from.fields.find((f) => f.name === name);
    const method = from.kind === "class" ? this.classMethod(from, name, fail) : undefined;
    if (wanted.method) {
      const signature = methodSignature(wanted)!;
      if (method) return this.signature(name, signature, method.params.map((p) => p.type), method.restIndex !== undefined, method.returnType, node, plan, fail);
      const own = field && methodSignature(field);
      if (own) return this.signature(name, signature, own.params, false, own.returns, node, plan, fail);
      if (wanted.optional && !field) return;
      return fail(`it has no method \`${name}\``, `give ${from.displayName} the method ${name}`);
    }
    // A getter implements a property for reads (writes through the record check for a field, members.ts).
    const getter = !field && from.kind === "class" ? this.host.classes.findMethod(from, `get ${name}`) : undefined;
    if (getter && !method) {
      const returns = this.host.methodFor(getter, from).returnType;
      if (!this.fits(returns, wanted.type, node, plan)) fail(`its getter \`${name}\` returns ${displayType(returns)}, not ${displayType(wanted.type)}`, `declare ${name} with the same type in both`);
      return;
    }
    if (method) return fail(`it implements the property \`${name}\` with a method`, `declare ${name} as a method of ${to.displayName} (${name}(...): ...), or as a function-typed property of both`);
    if (!field) {
      if (wanted.optional) return;
      return fail(`it has no property \`${name}\``, `give ${from.displayName} the property ${name}`);
    }
    if (field.method) return fail(`its \`${name}\` is a method, where ${to.displayName} has a property`, `declare ${name} the same way in both`);
    if (!this.fits(field.type, wanted.type, node, plan)) {
      fail(`its \`${name}\` is a ${displayType(field.type)}, not a ${displayType(wanted.type)}`, `declare ${name} with the same type in both`);
    }
  }

  /** A method implementing `wanted`: every argument passes as it is, and its result is one. */
  private signature(
    name: string,
    wanted: Extract<IrType, { kind: "function" }>,
    params: IrType[],
    hasRest: boolean,
    returns: IrType,
    node: ts.Node,
    plan: Pair[],
    fail: (reason: string, hint: string) => never,
  ): void {
    if (hasRest) fail(`its method \`${name}\` takes a rest parameter`, "take an array parameter instead");
    wanted.params.forEach((param, i) => {
      const own = params[i];
      if (own && !this.fits(param, own, node, plan)) fail(`its \`${name}\` takes a ${displayType(own)} as parameter ${i + 1}, where a ${displayType(param)} may be passed`, "declare the parameters with the same types");
    });
    if (params.slice(wanted.params.length).some((p) => !isSubtype(undefinedType, p))) fail(`its \`${name}\` requires more parameters`, "make the extra parameters optional");
    if (wanted.returns.kind === "void") return;
    const ok = returns.kind === "void" ? isSubtype(undefinedType, wanted.returns) : this.fits(returns, wanted.returns, node, plan);
    if (!ok) fail(`its \`${name}\` returns ${displayType(returns)}, not ${displayType(wanted.returns)}`, "declare the same return type");
  }

  private fits(from: IrType, to: IrType, node: ts.Node, plan: Pair[]): boolean {
    return isSubtype(from, to) || this.plan(from, to, node, plan);
  }

  /** The class's own method `name`, instantiated for the layout (so dispatch can call it). */
  private classMethod(layout: Layout, name: string, fail: (reason: string, hint: string) => never): IrFunction | undefined {
    // Inherited methods too (the most derived declaration along the class chain).
    const member = this.host.classes.findMethod(layout, name);
    if (!member) return undefined;
    if (member.typeParameters?.length) fail(`its method \`${name}\` is generic`, "give the class the type parameter instead");
    return this.host.methodFor(member, layout);
  }
}
