/**
 * The members JavaScript calls by itself: `toString` (ToString: templates, `String(x)`, `+` with a
 * string, `join`, the default `sort`) and `toJSON` (`JSON.stringify`). A class method or a function
 * property of these names is compiled and its layout's type descriptor points at it (runtime-c
 * `tse_type.to_string` / `to_json`), so the call happens whatever static type the value has.
 * `valueOf`, which `+` and comparisons would call before `toString`, is rejected.
 */
import { ts } from "../ts-morph.js";
import { displayType, Field, IrFunction, IrType, membersOf } from "../ir/index.js";
import { TypeError_ } from "./type-error.js";

const problem = (message: string, hint: string): never => {
  throw new TypeError_(message, hint);
};

const NAMES = new Set(["toString", "toJSON", "valueOf"]);

/** A conversion member's signature (parameters without the receiver) as JavaScript calls it. */
export function checkConversionMember(owner: string, name: string, params: readonly IrType[], returns: IrType): void {
  if (name === "valueOf") {
    return problem(`\`valueOf\` in ${owner} is not supported: JavaScript calls it for \`+\`, comparisons and Number()`, "name it differently (e.g. toNumber()) and call it where you need the number");
  }
  if (name === "toString") {
    if (params.length > 0) return problem(`\`toString\` with parameters in ${owner} is not supported: templates and String(x) call it without arguments`, "declare it `toString(): string`");
    if (returns.kind !== "string") return problem(`\`toString\` in ${owner} returns ${displayType(returns)}: only a string return is supported`, "declare it `toString(): string`");
  }
  if (name === "toJSON") {
    const isKey = (p: IrType) => membersOf(p).every((m) => m.kind === "string" || m.kind === "undefined");
    if (params.length > 1 || !params.every(isKey)) return problem(`\`toJSON\` in ${owner} takes what JSON.stringify passes, the property key (a string)`, "declare it `toJSON()` or `toJSON(key: string)`");
  }
}

/** A property named toString, toJSON or valueOf (a record's, or a class's field). */
export function checkConversionField(owner: string, field: Field): void {
  if (!NAMES.has(field.name)) return;
  const functions = membersOf(field.type).filter((m): m is Extract<IrType, { kind: "function" }> => m.kind === "function");
  const others = membersOf(field.type).filter((m) => m.kind !== "function" && m.kind !== "undefined");
  if (functions.length !== 1 || others.length > 0) {
    return problem(`property \`${field.name}\` of ${owner} is not a method: JavaScript would call it`, `declare it as a method, \`${field.name}(): ...\`, or rename the property`);
  }
  const fn = functions[0]!;
  return checkConversionMember(owner, field.name, field.method ? fn.params.slice(1) : fn.params, fn.returns);
}

/**
 * A class's conversion members: fields checked, valueOf rejected. Returns the toString/toJSON
 * methods, which must be compiled even when nothing calls them by name.
 */
export function classConversions(declaration: ts.ClassLikeDeclaration, owner: string, fields: readonly Field[]): ts.MethodDeclaration[] {
  for (const field of fields) checkConversionField(owner, field);
  const methods = declaration.members.filter((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && NAMES.has(m.name.getText()));
  for (const method of methods) {
    const name = method.name.getText();
    if (name === "valueOf") checkConversionMember(owner, name, [], { kind: "undefined" });
    if (method.typeParameters?.length) problem(`generic \`${name}\` in ${owner} is not supported`, "declare it without type parameters");
  }
  return methods;
}

/** A compiled method's parameters and return type, as checkConversionMember takes them. */
export function signatureOf(fn: IrFunction): [IrType[], IrType] {
  return [fn.params.map((p) => p.type), fn.returnType];
}
