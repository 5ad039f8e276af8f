/**
 * Classes: fields and constructors of each class instance, and inheritance. A subclass's layout
 * has its base class's fields first (JavaScript's property order), then its own; the subclass is
 * an implementer of its base layout, so a value of the base type may be an object of any subclass
 * and reads, writes and calls through it dispatch on the object's descriptor (emit/c-dispatch.ts).
 * Methods and constructors are compiled per layout: a base class's method compiled for a subclass
 * reads the subclass's struct, and `this.m()` in it calls the subclass's override directly.
 */
import { ts } from "../ts-morph.js";

import { BinaryOp, Expr, IrFunction, IrType, isNullish, Layout, Local, membersOf, numberType, Stmt, stringType, undefinedType, unionOf, voidType } from "../ir/index.js";
import { checkConstructorOrder } from "./constructor-order.js";
import { checkConversionMember, classConversions, signatureOf } from "./conversion-members.js";
import type { ClassLowering, LowerContext } from "./context.js";
import { LoweringError, unsupported } from "./errors.js";
import { ERROR_CONSTRUCTORS, literalConstant } from "./ir-helpers.js";
import { diag } from "../diagnostics/catalogue.js";
import { ClassInstance, Substitution, TypeError_, TypeMapper } from "./types.js";

/** What class lowering needs from the module lowering. */
export interface ClassHost {
  readonly checker: ts.TypeChecker;
  readonly types: TypeMapper;
  readonly userFiles: readonly ts.SourceFile[];
  newFunction(stem: string, displayName: string, returnType: IrType, self?: Layout): IrFunction;
  methodFor(declaration: ts.MethodDeclaration | ts.AccessorDeclaration, layout: Layout): IrFunction;
  functionFor(declaration: ts.MethodDeclaration, substitution: Substitution): IrFunction;
  /** A lowerer for `fn`'s body. */
  lowerer(fn: IrFunction, substitution: Substitution): LowerContext;
  /** Lowers later, reporting failures at `node`. */
  enqueue(node: ts.Node, run: () => void): void;
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind): boolean => ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === kind);

const STATIC_HINT = "static fields are constants: give it a number, string or boolean literal and never assign it; keep per-stream state in fields of your filter class and per-config data in the config";

type ClassMethod = ts.MethodDeclaration | ts.AccessorDeclaration;

/** A method's name in Layout.methods: its own, or `get x` / `set x` for an accessor. */
export function memberKey(declaration: ClassMethod): string {
  const name = declaration.name.getText();
  return ts.isGetAccessor(declaration) ? `get ${name}` : ts.isSetAccessor(declaration) ? `set ${name}` : name;
}

const isInstanceMethod = (m: ts.ClassElement): m is ClassMethod => (ts.isMethodDeclaration(m) || ts.isGetAccessor(m) || ts.isSetAccessor(m)) && !hasModifier(m, ts.SyntaxKind.StaticKeyword);

/** A constructor's pending field assignments, run where its `super(...)` call returns. */
interface PendingSuper {
  /** The base class's constructor, or the Error constructor (`"error"`: the class extends Error). */
  base: IrFunction | "error";
  self: Layout;
  afterSuper: () => Stmt[];
  body: ts.Block;
}

export class Classes implements ClassLowering {
  private readonly constructors = new Map<string, IrFunction>();
  /** The next Error subclass's kind: above the runtime's built-in ones (tse_error_kind). */
  private nextErrorKind = 100;
  private readonly pendingSuper = new Map<IrFunction, PendingSuper>();
  private extended?: Set<ts.ClassDeclaration>;
  /** Classes being shaped, with the subclasses waiting for their fields. */
  private readonly shaping = new Map<Layout, (() => void)[]>();

  constructor(private readonly host: ClassHost) {}

  /** The declaration of the class `declaration` extends, if any (a user class). */
  baseDeclarationOf(declaration: ts.ClassLikeDeclaration): ts.ClassDeclaration | undefined {
    const expression = declaration.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!expression) return undefined;
    let symbol = this.host.checker.getSymbolAtLocation(expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.host.checker.getAliasedSymbol(symbol);
    return symbol?.declarations?.find(ts.isClassDeclaration);
  }

  /** `class E extends Error`: an Error subclass whose base is Error itself (other Error types are rejected). */
  private extendsError(declaration: ts.ClassLikeDeclaration): boolean {
    const expression = declaration.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!expression || !ts.isIdentifier(expression) || !ERROR_CONSTRUCTORS.has(expression.text)) return false;
    const declarations = this.host.checker.getSymbolAtLocation(expression)?.declarations ?? [];
    if (!declarations.every((d) => d.getSourceFile().isDeclarationFile)) return false;
    if (expression.text !== "Error") {
      throw new TypeError_(`class ${declaration.name?.text} extends ${expression.text}: subclasses of ${expression.text} are not supported`, `extend Error (class ${declaration.name?.text} extends Error) and test it with instanceof ${declaration.name?.text}`, undefined, expression);
    }
    return true;
  }

  /** Whether some class of the program extends this one (its values may be of other layouts). */
  isExtended(declaration: ts.ClassDeclaration): boolean {
    if (!this.extended) {
      this.extended = new Set();
      for (const file of this.host.userFiles) {
        for (const statement of file.statements) {
          const base = ts.isClassDeclaration(statement) ? this.baseDeclarationOf(statement) : undefined;
          if (base) this.extended.add(base);
        }
      }
    }
    return this.extended.has(declaration);
  }

  /** The method `name` objects of `layout` have: the most derived declaration along its class chain. */
  findMethod(layout: Layout, name: string): ClassMethod | undefined {
    let abstract: ClassMethod | undefined;
    for (let l: Layout | undefined = layout; l; l = l.base) {
      const declaration = this.host.types.classOf(l)?.declaration;
      const method = declaration?.members.find((m): m is ClassMethod => isInstanceMethod(m) && memberKey(m) === name);
      if (method?.body) return method;
      abstract ??= method;
    }
    return abstract;
  }

  /** Every method name of the class chain (own first). */
  private methodNames(layout: Layout): string[] {
    const names: string[] = [];
    for (let l: Layout | undefined = layout; l; l = l.base) {
      for (const m of this.host.types.classOf(l)?.declaration.members ?? []) {
        if (isInstanceMethod(m) && !names.includes(memberKey(m))) names.push(memberKey(m));
      }
    }
    return names;
  }

  /** Method declarations of the class chain that Envoy may call as hooks: the most derived of each name. */
  methods(layout: Layout): ClassMethod[] {
    return this.methodNames(layout).map((name) => this.findMethod(layout, name)!).filter((m) => !!m.body);
  }

  /**
   * A call of method `name` on `receiver`, an object of a class type: direct when its layout is
   * known exactly (`this`, or a class nothing extends), dispatched on the object's layout otherwise.
   */
  methodCall(ctx: LowerContext, node: ts.CallExpression, receiver: Expr, layout: Layout, name: string): Expr | undefined {
    const declaration = this.findMethod(layout, name);
    if (!declaration || this.isExact(receiver, layout)) return undefined; // the caller's direct call (generic methods included)
    if (declaration.typeParameters?.length) unsupported(node, `calling the generic method \`${name}\` on a value whose class has subclasses`, "give the class the type parameter instead");
    const signature = this.signature(declaration, layout);
    if (signature.restIndex !== undefined) unsupported(node, `calling \`${name}\`, which takes a rest parameter, on a value whose class has subclasses`, "take an array parameter");
    return { kind: "methodCall", object: receiver, name, args: ctx.args(node, signature.params), type: signature.returns };
  }

  /** The object is of `layout` itself: `this` (methods are compiled per layout), or a value of a class nothing extends. */
  private isExact(receiver: Expr, layout: Layout): boolean {
    const classDeclaration = this.host.types.classOf(layout)?.declaration;
    return (receiver.kind === "local" && receiver.local.name === "this") || !classDeclaration || !this.isExtended(classDeclaration);
  }

  /** Calls accessor `key` (`get x`, `set x`) on `receiver`: directly, or dispatched like a method. */
  private callAccessor(receiver: Expr, layout: Layout, key: string, declaration: ClassMethod, args: Expr[]): Expr {
    if (this.isExact(receiver, layout)) {
      const fn = this.host.methodFor(declaration, layout);
      return { kind: "call", callee: fn, self: receiver, args, type: fn.returnType };
    }
    return { kind: "methodCall", object: receiver, name: key, args, type: this.signature(declaration, layout).returns };
  }

  getter(_ctx: LowerContext, object: Expr, name: string, node: ts.Node, write: boolean): Expr | undefined {
    if (object.type.kind !== "object" || object.type.layout.kind !== "class") return undefined;
    const layout = object.type.layout;
    const get = this.findMethod(layout, `get ${name}`);
    const set = this.findMethod(layout, `set ${name}`);
    if (!get && !set) return undefined;
    if (write) unsupported(node, `a compound assignment or increment of the accessor \`${name}\``, `write it out: obj.${name} = obj.${name} + 1`);
    if (!get) unsupported(node, `reading \`${name}\`, which has a setter and no getter`, `add a getter: get ${name}()`);
    return this.callAccessor(object, layout, `get ${name}`, get, []);
  }

  /** `o.x` naming an accessor of o's class: o lowered, its layout, the name; undefined otherwise. */
  private accessorTarget(ctx: LowerContext, target: ts.PropertyAccessExpression): { object: Expr; layout: Layout; name: string } | undefined {
    const declarations = this.host.checker.getSymbolAtLocation(target.name)?.declarations ?? [];
    if (!declarations.some((d) => ts.isSetAccessor(d) || ts.isGetAccessor(d))) return undefined;
    const object = ctx.expr(target.expression);
    if (object.type.kind !== "object" || object.type.layout.kind !== "class") return undefined;
    return { object, layout: object.type.layout, name: target.name.text };
  }

  assignment(ctx: LowerContext, node: ts.BinaryExpression): Expr | undefined {
    const left = node.left;
    if (!ts.isPropertyAccessExpression(left)) return undefined;
    if (this.staticMember(ctx, left, true)) return undefined;
    const accessor = this.accessorTarget(ctx, left);
    if (!accessor) return undefined;
    const { object, layout, name } = accessor;
    const set = this.findMethod(layout, `set ${name}`);
    if (!set) return unsupported(left, `assigning \`${name}\`, which has a getter and no setter`, `add a setter: set ${name}(value)`);
    const fn = this.host.methodFor(set, layout);
    const parameter = fn.params[0]?.type ?? undefinedType;
    // JavaScript evaluates the object, then the value; the assignment's value is the value.
    const receiver = ctx.temp(object.type, "object");
    const value = ctx.temp(parameter, "value");
    const read = (local: typeof value): Expr => ({ kind: "local", local, type: local.type });
    return {
      kind: "sequence",
      statements: [
        { kind: "let", local: receiver, init: object },
        { kind: "let", local: value, init: ctx.coerce(ctx.expr(node.right, parameter), parameter, node.right) },
        { kind: "expr", expr: this.callAccessor(read(receiver), layout, `set ${name}`, set, [read(value)]) },
      ],
      result: read(value),
      type: parameter,
    };
  }

  /**
   * `o.x += v`, `o.x++`, `--o.x` on a number accessor: the getter, the operation, the setter, as
   * JavaScript runs them (the object evaluated once); undefined when `target` is no accessor.
   */
  accessorUpdate(ctx: LowerContext, node: ts.Node, target: ts.Expression, op: BinaryOp, value: ts.Expression | undefined, returnOld: boolean): Expr | undefined {
    while (ts.isParenthesizedExpression(target)) target = target.expression;
    const accessor = ts.isPropertyAccessExpression(target) ? this.accessorTarget(ctx, target) : undefined;
    if (!accessor) return undefined;
    const { object, layout, name } = accessor;
    const [get, set] = [this.findMethod(layout, `get ${name}`), this.findMethod(layout, `set ${name}`)];
    if (!get || !set) return unsupported(node, `updating \`${name}\`, which lacks a ${get ? "setter" : "getter"}`, "declare both a getter and a setter");
    const getType = this.signature(get, layout).returns;
    const setType = this.host.methodFor(set, layout).params[0]?.type;
    if (getType.kind !== "number" || setType?.kind !== "number") return unsupported(node, `\`${node.getText()}\` on the accessor \`${name}\`, which is not a number`, `write it out: obj.${name} = obj.${name} + ...`);
    const receiver = ctx.temp(object.type, "object");
    const old = ctx.temp(numberType, "old");
    const updated = ctx.temp(numberType, "updated");
    const read = (local: Local): Expr => ({ kind: "local", local, type: local.type });
    const operand: Expr = value ? ctx.coerce(ctx.expr(value), numberType, value) : { kind: "number", value: 1, type: numberType };
    return {
      kind: "sequence",
      statements: [
        { kind: "let", local: receiver, init: object },
        { kind: "let", local: old, init: this.callAccessor(read(receiver), layout, `get ${name}`, get, []) },
        { kind: "let", local: updated, init: { kind: "binary", op, left: read(old), right: operand, type: numberType } },
        { kind: "expr", expr: this.callAccessor(read(receiver), layout, `set ${name}`, set, [read(updated)]) },
      ],
      result: read(returnOld ? old : updated),
      type: numberType,
    };
  }

  /** The class declaration an expression names (`Limits` in `Limits.max`), if it names one. */
  private classNamed(expression: ts.Expression): ts.ClassDeclaration | undefined {
    if (expression.kind === ts.SyntaxKind.ThisKeyword) {
      // `this` in a static method (arrow functions keep it) is the class.
      const method = ts.findAncestor(expression.parent, (n) => ts.isFunctionLike(n) && !ts.isArrowFunction(n));
      const owner = method && ts.isMethodDeclaration(method) && hasModifier(method, ts.SyntaxKind.StaticKeyword) && ts.isClassDeclaration(method.parent) ? method.parent : undefined;
      // Called on a subclass, JavaScript's `this` would be the subclass (and its statics).
      if (owner && this.isExtended(owner)) unsupported(expression, "`this` in a static method of a class that has subclasses", `name the class: ${owner.name?.text}.${(expression.parent as ts.PropertyAccessExpression).name?.getText() ?? "x"}`);
      return owner;
    }
    if (!ts.isIdentifier(expression)) return undefined;
    let symbol = this.host.checker.getSymbolAtLocation(expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.host.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    return declaration && ts.isClassDeclaration(declaration) && !declaration.getSourceFile().isDeclarationFile ? declaration : undefined;
  }

  private staticDeclaration(node: ts.PropertyAccessExpression): ts.ClassElement | undefined {
    const owner = this.classNamed(node.expression);
    if (!owner) return undefined;
    // Inherited statics: `Derived.x` may name the base class's.
    for (let c: ts.ClassDeclaration | undefined = owner; c; c = this.baseDeclarationOf(c)) {
      const member = c.members.find((m) => hasModifier(m, ts.SyntaxKind.StaticKeyword) && m.name?.getText() === node.name.text);
      if (member) return member;
    }
    return unsupported(node, `\`${node.getText()}\`, which is no static member`, "declare it `static` in the class");
  }

  staticMember(_ctx: LowerContext, node: ts.PropertyAccessExpression, write = false): Expr | undefined {
    const member = this.staticDeclaration(node);
    if (!member) return undefined;
    if (write) {
      throw new LoweringError(node, diag.TSE1009, `assigning the static field \`${node.getText()}\`: static fields are module-level state, shared by every stream on every Envoy worker thread`, STATIC_HINT);
    }
    if (!ts.isPropertyDeclaration(member)) return unsupported(node, `the static method \`${node.getText()}\` used as a value`, `call it, or wrap it: (x) => ${node.getText()}(x)`);
    const constant = literalConstant(member.initializer);
    if (!constant) {
      throw new LoweringError(node, diag.TSE1009, `the static field \`${node.getText()}\` holds an object or a computed value: static fields are module-level state, shared by every stream on every Envoy worker thread`, STATIC_HINT);
    }
    return constant;
  }

  staticCall(ctx: LowerContext, node: ts.CallExpression): Expr | undefined {
    if (!ts.isPropertyAccessExpression(node.expression)) return undefined;
    const member = this.staticDeclaration(node.expression);
    if (!member) return undefined;
    if (!ts.isMethodDeclaration(member) || !member.body) return unsupported(node, `calling the static field \`${node.expression.getText()}\``, "call static methods");
    if (member.typeParameters?.length) unsupported(node, `calling the generic static method \`${node.expression.getText()}\``, "make it a module-level generic function");
    const fn = this.host.functionFor(member, new Map());
    return { kind: "call", callee: fn, args: ctx.args(node, fn.params.map((p) => p.type), fn.restIndex), type: fn.returnType };
  }

  /** A method's parameters and result on `layout` (without compiling it for an abstract class, which has no objects). */
  private signature(declaration: ClassMethod, layout: Layout): { params: IrType[]; returns: IrType; restIndex?: number } {
    if (declaration.body && !layout.abstract) {
      const fn = this.host.methodFor(declaration, layout);
      return { params: fn.params.map((p) => p.type), returns: fn.returnType, ...(fn.restIndex !== undefined ? { restIndex: fn.restIndex } : {}) };
    }
    const substitution = this.host.types.classOf(layout)?.substitution;
    const signature = this.host.checker.getSignatureFromDeclaration(declaration)!;
    const map = (type: ts.Type) => this.host.types.map(type, substitution);
    const params = declaration.parameters.map((p) => {
      const type = map(this.host.checker.getTypeAtLocation(p));
      return p.questionToken || p.initializer ? unionOf([...membersOf(type), undefinedType]) : type;
    });
    const rest = declaration.parameters.findIndex((p) => p.dotDotDotToken);
    return { params, returns: map(this.host.checker.getReturnTypeOfSignature(signature)), ...(rest >= 0 ? { restIndex: rest } : {}) };
  }

  /** `super.name(args)`: the base class's method (from the class the call is written in), on this object. */
  superMethodCall(ctx: LowerContext, node: ts.CallExpression, name: string): Expr {
    const { fn, self } = this.superMember(ctx, node, name);
    return { kind: "call", callee: fn, self, args: ctx.args(node, fn.params.map((p) => p.type), fn.restIndex), type: fn.returnType };
  }

  superGetter(ctx: LowerContext, node: ts.PropertyAccessExpression): Expr {
    const { fn, self } = this.superMember(ctx, node, `get ${node.name.text}`);
    return { kind: "call", callee: fn, self, args: [], type: fn.returnType };
  }

  /** The base class's method `key` (from the class the `super` is written in), compiled for this object's layout. */
  private superMember(ctx: LowerContext, node: ts.Node, key: string): { fn: IrFunction; self: Expr } {
    const enclosing = ts.findAncestor(node, ts.isClassDeclaration);
    const base = enclosing && this.baseDeclarationOf(enclosing);
    const self = ctx.thisLocal(node);
    if (!base || self.type.kind !== "object") return unsupported(node, "`super` outside a subclass", "call the method on `this`");
    let declaration: ClassMethod | undefined;
    for (let l: Layout | undefined = self.type.layout; l && !declaration; l = l.base) {
      if (this.host.types.classOf(l)?.declaration !== base) continue;
      declaration = this.findMethod(l, key);
    }
    if (!declaration?.body) return unsupported(node, `\`super.${key.replace(/^get /, "")}\`, which is no method or getter with a body of the base class`, "call a method the base class implements (fields are read on `this`)");
    return { fn: this.host.methodFor(declaration, self.type.layout), self: { kind: "local", local: self, type: self.type } };
  }

  /** `super(args)` in a subclass's constructor: the base class's constructor, then the subclass's field initializers. */
  superCall(ctx: LowerContext, node: ts.CallExpression): Expr {
    const pending = this.pendingSuper.get(ctx.fn);
    if (!pending || !ts.isExpressionStatement(node.parent) || node.parent.parent !== pending.body) {
      return unsupported(node, "`super(...)` here", "call super(...) once, as a statement of the constructor's body (not inside a block, a condition or a function)");
    }
    this.pendingSuper.delete(ctx.fn);
    const self = ctx.fn.self!.local;
    const thisExpr: Expr = { kind: "local", local: self, type: self.type };
    const call: Expr = pending.base === "error" ? this.errorInit(ctx, thisExpr, pending.self, node.arguments[0]) : { kind: "call", callee: pending.base, self: thisExpr, args: ctx.args(node, pending.base.params.map((p) => p.type), pending.base.restIndex), type: voidType };
    return { kind: "sequence", statements: [{ kind: "expr", expr: call }, ...pending.afterSuper()], result: { kind: "undefined", type: undefinedType }, type: undefinedType };
  }

  /** The Error constructor on `self`: its kind, name "Error", and the message (`new Error(undefined)` has ""). */
  private errorInit(ctx: LowerContext, self: Expr, layout: Layout, argument: ts.Expression | Local | undefined): Expr {
    let message: Expr = { kind: "string", value: "", type: stringType };
    if (argument && "cName" in argument) {
      const local = argument;
      message = { kind: "logical", op: "??", left: { kind: "local", local, type: local.type }, right: message, type: stringType };
    } else if (argument) {
      const node = argument;
      const value = ctx.expr(node);
      if (membersOf(value.type).some((m) => m.kind === "undefined")) {
        const defined = ctx.coerce(value, unionOf([stringType, undefinedType]), node);
        message = { kind: "logical", op: "??", left: defined, right: message, type: stringType };
      } else message = ctx.toStringExpr(value, node);
    }
    return { kind: "runtime", op: "error.init", args: [self, { kind: "number", value: layout.errorKind!, type: numberType }, message], type: voidType };
  }

  /** Fields and constructor of a class instance, when the type mapper first meets it. */
  shape(layout: Layout, instance: ClassInstance): void {
    this.shaping.set(layout, []);
    try {
      this.shapeOf(layout, instance);
    } finally {
      // Subclasses met while this class's fields were mapped (a field of a subclass's type).
      const waiting = this.shaping.get(layout) ?? [];
      this.shaping.delete(layout);
      for (const finish of waiting) finish();
    }
  }

  private shapeOf(layout: Layout, instance: ClassInstance): void {
    const { declaration, substitution } = instance;
    const name = layout.displayName;
    const baseDeclaration = this.baseDeclarationOf(declaration);
    if (this.extendsError(declaration)) {
      // The Error part: a tse_error first in the struct, its name and message (see Layout.errorKind).
      layout.errorKind = this.nextErrorKind++;
      layout.fields.push({ name: "name", cName: "error.name", type: stringType }, { name: "message", cName: "error.message", type: stringType });
    } else if (declaration.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword)) {
      const heritage = declaration.heritageClauses.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)!.types[0]!;
      if (!baseDeclaration || baseDeclaration.getSourceFile().isDeclarationFile) {
        throw new TypeError_(`class ${name} extends \`${heritage.expression.getText()}\`, which is not a class of your filter's files`, "extend your own classes (or Error); keep a built-in object (Map, Array, ...) in a field instead", undefined, heritage);
      }
      const base = this.host.types.map(this.host.checker.getTypeAtLocation(heritage), substitution);
      if (base.kind === "object" && this.shaping.has(base.layout)) {
        // The base class is being shaped (its fields refer to this class): its fields come first, so finish after it.
        this.shaping.get(base.layout)!.push(() => this.shape(layout, instance));
        return;
      }
      if (base.kind !== "object" || base.layout.kind !== "class" || !base.layout.constructorFunction) {
        throw new TypeError_(`class ${name} extends a class whose fields refer back to it`, "make the base class independent of its subclasses", undefined, heritage);
      }
      layout.base = base.layout;
      if (base.layout.errorKind !== undefined) layout.errorKind = this.nextErrorKind++;
      // The base's type parameters, bound as the `extends` clause says, for its methods compiled here.
      for (const [parameter, type] of this.host.types.classOf(base.layout)!.substitution) (substitution as Map<ts.Type, IrType>).set(parameter, type);
      layout.fields.push(...base.layout.fields.map((f) => ({ ...f })));
      (base.layout.implementers ??= []).push(layout);
    }
    if (hasModifier(declaration, ts.SyntaxKind.AbstractKeyword)) layout.abstract = true;
    const constructorDeclaration = declaration.members.find(ts.isConstructorDeclaration);
    // JavaScript defines parameter properties first, then declared fields (property order).
    for (const parameter of (constructorDeclaration?.parameters ?? []).filter((p) => ts.isParameterPropertyDeclaration(p, p.parent))) {
      const fieldName = (parameter.name as ts.Identifier).text;
      this.addField(layout, fieldName, this.host.types.map(this.host.checker.getTypeAtLocation(parameter), substitution), parameter);
    }
    for (const member of declaration.members) {
      if (ts.isClassStaticBlockDeclaration(member)) {
        throw new TypeError_(`a static block in class ${name} is not supported`, "static fields are constants; compute per-config data in the config stage", undefined, member);
      }
      // Static members are the class's, not its objects' (staticMember, staticCall); accessors are methods.
      if (hasModifier(member, ts.SyntaxKind.StaticKeyword)) continue;
      if (ts.isPropertyDeclaration(member)) {
        if (!ts.isIdentifier(member.name) && !ts.isPrivateIdentifier(member.name)) throw new TypeError_(`property ${member.name.getText()} in class ${name} must have a plain name`, "name it with an identifier", undefined, member.name);
        let type = this.host.types.map(this.host.checker.getTypeAtLocation(member), substitution);
        // (A recursive union still being mapped is left as it is: TypeScript gave it undefined already.)
        if (member.questionToken && !(type.kind === "union" && type.members.length === 0)) type = unionOf([...membersOf(type).filter((m) => !isNullish(m)), undefinedType]);
        this.addField(layout, member.name.text, type, member.name);
      }
    }

    // At the member, like the class-shape TypeError_s above (typeErrorAt).
    const conversion = layout.errorKind !== undefined ? declaration.members.find((m) => ts.isMethodDeclaration(m) && ["toString", "toJSON"].includes(m.name.getText())) : undefined;
    if (conversion) {
      throw new LoweringError(conversion.name!, diag.TSE2002, `toString or toJSON in the Error subclass ${name} is not supported: an Error converts as \`name: message\``, "set this.name and the message instead, or call a method with another name");
    }
    // ToString and JSON.stringify call these through the type descriptor: compiled even when unnamed.
    for (const method of classConversions(declaration, name, layout.fields)) {
      if (layout.abstract || !method.body) continue;
      this.host.enqueue(method, () => void checkConversionMember(name, method.name.getText(), ...signatureOf(this.host.methodFor(method, layout))));
    }
    layout.constructorFunction = this.constructorFor(declaration, layout);
    // Dispatch through a base type calls each subclass's methods: compile them all for each layout.
    if (!layout.abstract && (layout.base || this.isExtended(declaration))) {
      this.host.enqueue(declaration, () => {
        for (const method of this.methods(layout)) if (!method.typeParameters?.length) this.host.methodFor(method, layout);
      });
    }
  }

  /** A field a subclass declares again keeps its place (JavaScript redefines the same property); `node` declares it. */
  private addField(layout: Layout, name: string, type: IrType, node: ts.Node): void {
    const existing = layout.fields.findIndex((f) => f.name === name);
    if (existing >= 0 && name.startsWith("#")) throw new LoweringError(node, diag.TSE2002, `class ${layout.displayName} declares the private field ${name} its base class also declares`, "give the subclass's private field another name");
    if (existing >= 0) layout.fields[existing] = { ...layout.fields[existing]!, type };
    // A #private field is no property (JSON.stringify, Object.keys and spread skip it: isPrivateName).
    else layout.fields.push({ name, cName: name.startsWith("#") ? `p_${name.slice(1)}` : `f_${name}`, type });
  }

  /** The constructor of `declaration`'s class run on an object of `layout` (the class itself or a subclass). */
  private constructorFor(declaration: ts.ClassDeclaration, layout: Layout): IrFunction {
    const key = `${declaration.getSourceFile().fileName}:${declaration.pos}@${layout.cName}`;
    const existing = this.constructors.get(key);
    if (existing) return existing;
    const instance = this.host.types.classOf(layout)!;
    const own = instance.declaration === declaration;
    const className = declaration.name?.text ?? "class";
    const stem = `${layout.cName.replace(/^T_/, "")}${own ? "" : `_${className}`}_constructor`;
    const fn = this.host.newFunction(stem, own ? `new ${layout.displayName}` : `${className} constructor`, voidType, layout);
    this.constructors.set(key, fn);
    const lowerer = this.host.lowerer(fn, instance.substitution);
    const constructorDeclaration = declaration.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
    const baseDeclaration = this.baseDeclarationOf(declaration);
    // The base part of `layout`: the fields that exist before this class's own.
    let ownerLayout: Layout | undefined = layout;
    while (ownerLayout && this.host.types.classOf(ownerLayout)?.declaration !== declaration) ownerLayout = ownerLayout.base;
    const extendsError = this.extendsError(declaration);
    const baseFields = extendsError ? ["name", "message"] : (ownerLayout?.base?.fields.map((f) => f.name) ?? []);
    const ownFields = ownerLayout?.fields.map((f) => f.name) ?? [];
    const base = extendsError ? "error" : baseDeclaration ? this.constructorFor(baseDeclaration, layout) : undefined;
    if (constructorDeclaration) lowerer.analyze(constructorDeclaration);
    const parameterPrologue = constructorDeclaration ? lowerer.lowerParameters(constructorDeclaration) : [];
    if (!constructorDeclaration && base === "error") fn.params = [lowerer.declareLocal("message", unionOf([stringType, undefinedType]))];
    else if (!constructorDeclaration && base && base !== "error") {
      // The implicit constructor(...args) { super(...args); }
      fn.params = base.params.map((p) => lowerer.declareLocal(p.name, p.type));
      if (base.restIndex !== undefined) fn.restIndex = base.restIndex;
    }
    const parameterProperties = (constructorDeclaration?.parameters ?? []).filter((p) => ts.isParameterPropertyDeclaration(p, p.parent));
    const initializers = declaration.members.flatMap((m) => (ts.isPropertyDeclaration(m) && m.initializer && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) && !hasModifier(m, ts.SyntaxKind.StaticKeyword) ? [{ field: m.name.text, initializer: m.initializer }] : []));
    this.host.enqueue(constructorDeclaration ?? declaration, () => {
      checkConstructorOrder({
        declaration: constructorDeclaration,
        layout,
        initializers,
        parameterProperties: parameterProperties.map((p) => (p.name as ts.Identifier).text),
        methods: new Set(this.methodNames(layout)),
        preassigned: baseFields,
        later: layout.fields.map((f) => f.name).filter((f) => !ownFields.includes(f)),
      });
      const self = fn.self!.local;
      const thisExpr: Expr = { kind: "local", local: self, type: self.type };
      const assignField = (fieldName: string, value: Expr): Stmt => {
        const field = layout.fields.find((f) => f.name === fieldName)!;
        return { kind: "expr", expr: { kind: "assign", target: { kind: "field", object: thisExpr, layout, field }, value, type: field.type } };
      };
      const fieldPrologue = (): Stmt[] => {
        const out: Stmt[] = [];
        for (const { field, initializer } of initializers) {
          lowerer.collect(out, () => {
            const fieldType = layout.fields.find((f) => f.name === field)!.type;
            return [assignField(field, lowerer.coerce(lowerer.expr(initializer, fieldType), fieldType, initializer))];
          });
        }
        for (const parameter of parameterProperties) {
          const symbol = lowerer.parameterSymbol(parameter);
          const local = symbol && lowerer.scope.get(symbol);
          if (!local) throw new Error(`parameter property ${parameter.name.getText()} has no local`);
          out.push(assignField((parameter.name as ts.Identifier).text, { kind: "local", local, type: local.type }));
        }
        return out;
      };
      if (!base) {
        const prologue = [...parameterPrologue, ...fieldPrologue()];
        if (constructorDeclaration) lowerer.lowerBody(constructorDeclaration.body!, prologue);
        else {
          fn.body = prologue;
          fn.lowered = true;
        }
        return;
      }
      if (constructorDeclaration) {
        this.pendingSuper.set(fn, { base, self: layout, afterSuper: fieldPrologue, body: constructorDeclaration.body! });
        lowerer.lowerBody(constructorDeclaration.body!, parameterPrologue);
        if (this.pendingSuper.delete(fn)) unsupported(constructorDeclaration, "a subclass constructor without a `super(...)` statement", "call super(...) as a statement of the constructor's body");
        return;
      }
      const args: Expr[] = fn.params.map((p) => ({ kind: "local", local: p, type: p.type }));
      const call: Expr = base === "error" ? this.errorInit(lowerer, thisExpr, layout, fn.params[0]) : { kind: "call", callee: base, self: thisExpr, args, type: voidType };
      fn.body = [{ kind: "expr", expr: call }, ...fieldPrologue()];
      fn.lowered = true;
    });
    return fn;
  }
}
