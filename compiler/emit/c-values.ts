/**
 * Representations in C: converting a value between the C forms of two IR types (widening into
 * unions, narrowing out of them), and the type tests, truthiness and typeof of each form.
 */
import { IrType, isHeapType, isNullish, layoutsOf, membersOf, representation, sameType } from "../ir/index.js";
import type { EmitterCore } from "./c-core.js";
import { cType } from "./c-types.js";

const TAG_OF: Record<string, string> = { number: "TSE_TAG_NUMBER", boolean: "TSE_TAG_BOOLEAN", undefined: "TSE_TAG_UNDEFINED", void: "TSE_TAG_UNDEFINED", null: "TSE_TAG_NULL" };

export function nullishTag(e: EmitterCore, type: IrType): string {
  const nullish = membersOf(type).find(isNullish);
  return nullish?.kind === "null" ? "TSE_TAG_NULL" : "TSE_TAG_UNDEFINED";
}

/** A value held in a tse_value slot (Map entries), in the representation of `type`. */
export function fromValue(e: EmitterCore, code: string, type: IrType): string {
  return convertCode(e, code, { kind: "union", members: [type, { kind: "undefined" }] } as IrType, type, false, true, true);
}

/**
 * Converts C code holding a value of `from` to the representation of `to`. `checked`: verify a
 * narrowing at run time. `unsafe`: skip checks even where the value might not fit (the caller
 * overwrites it). `raw`: `code` is a tse_value whatever `from` says.
 */
export function convertCode(e: EmitterCore, code: string, from: IrType, to: IrType, checked: boolean, unsafe = false, raw = false): string {
  if (to.kind === "void") return code;
  const fromRep = raw ? "value" : representation(from);
  const toRep = representation(to);
  if (toRep === "unit") return "0";
  if (!raw && sameType(from, to) && cType(from) === cType(to)) return code;
  const toMembers = membersOf(to);
  // To a union (widening or union-to-union).
  if (to.kind === "union" && (from.kind === "union" || raw || toMembers.some((m) => sameType(m, from)) || isNullish(from) || from.kind === "void")) {
    if (toRep === "value") {
      if (fromRep === "value") return code;
      if (fromRep === "ref") return from.kind === "union" ? `tse_value_from_ref(${code}, ${nullishTag(e, from)})` : `tse_value_ref(${code})`;
      if (fromRep === "f64") return `tse_value_number(${code})`;
      if (fromRep === "bool") return `tse_value_boolean(${code})`;
      return from.kind === "null" ? "tse_value_null()" : "tse_value_undefined()";
    }
    // to a pointer union
    if (fromRep === "ref") return cType(from) === cType(to) ? code : `((${cType(to)})${e.wrap(code)})`;
    if (fromRep === "unit") return `((${cType(to)})NULL)`;
    if (fromRep === "value") {
      const ref = `((${cType(to)})${e.wrap(code)}.as.ref)`;
      if (checked && !unsafe) return `((${cType(to)})tse_check_ref_member(ctx, ${code}))`;
      return `(${e.wrap(code)}.tag == TSE_TAG_REF ? ${ref} : NULL)`;
    }
  }
  // From a union to one of its members (narrowing).
  if (from.kind === "union" || raw) {
    if (fromRep === "value") {
      const tag = TAG_OF[to.kind];
      if (tag) {
        const checkedValue = checked && !unsafe ? `tse_check_tag(ctx, ${code}, ${tag})` : code;
        if (to.kind === "number") return `${e.wrap(checkedValue)}.as.number`;
        if (to.kind === "boolean") return `${e.wrap(checkedValue)}.as.boolean`;
        return "0";
      }
      const ref = checked && !unsafe ? checkIs(e, `tse_check_tag(ctx, ${code}, TSE_TAG_REF).as.ref`, to) : `${e.wrap(code)}.as.ref`;
      return `((${cType(to)})${ref})`;
    }
    if (fromRep === "ref") {
      if (isNullish(to)) return "0";
      if (!checked || unsafe) return cType(from) === cType(to) ? code : `((${cType(to)})${e.wrap(code)})`;
      const heap = membersOf(from).filter(isHeapType);
      const check = heap.length > 1 && isHeapType(to) ? checkIs(e, code, to) : `tse_check_defined(ctx, ${code})`;
      return `((${cType(to)})${check})`;
    }
  }
  // An Error narrowed to an Error subclass (instanceof in a catch block): checked by its kind.
  if (checked && !unsafe && from.kind === "error" && to.kind === "object") return `((${cType(to)})${checkIs(e, code, to)})`;
  // An object of a record type narrowed to one of the layouts that implement it (instanceof, `as`).
  if (checked && !unsafe && from.kind === "object" && to.kind === "object" && from.layout !== to.layout) {
    return `((${cType(to)})${checkIs(e, code, to)})`;
  }
  // Same representation, different static types (compatible layouts, arrays).
  return cType(from) === cType(to) ? code : `((${cType(to)})${e.wrap(code)})`;
}

export function truthyCode(e: EmitterCore, code: string, type: IrType): string {
  switch (type.kind) {
    case "boolean":
      return code;
    case "number":
      return `tse_number_truthy(${code})`;
    case "string":
      return `(${code}->length != 0)`;
    case "undefined":
    case "void":
    case "null":
      return "false";
    case "union":
      if (representation(type) === "value") return `tse_value_truthy(${code})`;
      return membersOf(type).some((m) => m.kind === "string") ? `tse_ref_truthy(${code})` : `(${code} != NULL)`;
    default:
      return "true";
  }
}

/** A checked narrowing of the heap pointer `code` to `to`: TypeError unless it is a value of `to`. */
function checkIs(e: EmitterCore, code: string, to: IrType): string {
  if (to.kind === "object" && (layoutsOf(to).length > 1 || to.layout.errorKind !== undefined)) return `tse_check_test(ctx, ${code}, ${e.context.descriptors.testFunction(to.layout)})`;
  return `tse_check_is(ctx, ${code}, ${e.context.descriptors.ref(to)})`;
}

/** Whether `code` (of type `type`) holds a value of `member`. */
export function isCode(e: EmitterCore, code: string, type: IrType, member: IrType): string {
  const members = membersOf(type);
  const test = (ref: string) =>
    member.kind === "array" && member.element.kind === "undefined"
      ? `((const tse_header*)${ref})->type->kind == TSE_KIND_ARRAY`
      : member.kind === "object"
        ? e.context.descriptors.test(member, ref)
        : `tse_is(${ref}, ${descriptorOrArray(e, member)})`;
  if (type.kind !== "union") {
    if (member.kind === "array" && type.kind === "array") return "true";
    // An Error may be of an Error subclass (told apart by its kind).
    if (type.kind === "error" && member.kind === "object" && member.layout.errorKind !== undefined) return test(code);
    // A void value is undefined.
    if (member.kind !== type.kind) return type.kind === "void" && member.kind === "undefined" ? "true" : "false";
    if (member.kind !== "object" || sameType(member, type)) return "true";
    // An object of a record type may be of a layout implementing it (instanceof a class, say).
    const possible = layoutsOf(type);
    const wanted = layoutsOf(member);
    if (!possible.some((l) => wanted.includes(l))) return "false";
    return possible.every((l) => wanted.includes(l)) ? "true" : test(code);
  }
  if (representation(type) === "value") {
    const tag = TAG_OF[member.kind];
    if (tag) return `(${e.wrap(code)}.tag == ${tag})`;
    return `(${e.wrap(code)}.tag == TSE_TAG_REF && ${test(`${e.wrap(code)}.as.ref`)})`;
  }
  if (isNullish(member)) return members.some((m) => m.kind === member.kind || (m.kind === "void" && member.kind === "undefined")) ? `(${code} == NULL)` : "false";
  const heap = members.filter(isHeapType);
  // One heap member: it is the value unless it is a record other layouts implement (instanceof a class).
  if (heap.length === 1 && (sameType(heap[0]!, member) || member.kind === heap[0]!.kind)) {
    const possible = layoutsOf(heap[0]!);
    if (member.kind !== "object" || possible.length === 1 || possible.every((l) => layoutsOf(member).includes(l))) return `(${code} != NULL)`;
  }
  return `(${code} != NULL && ${test(code)})`;
}

export function descriptorOrArray(e: EmitterCore, member: IrType): string {
  return member.kind === "array" && member.element.kind === "undefined" ? "" : e.context.descriptors.ref(member);
}

export function typeofCode(e: EmitterCore, code: string, type: IrType): string {
  const constant = (name: string) => e.context.strings.ref(name);
  switch (type.kind) {
    case "number":
      return constant("number");
    case "boolean":
      return constant("boolean");
    case "string":
      return constant("string");
    case "undefined":
    case "void":
      return constant("undefined");
    case "function":
      return constant("function");
    case "union":
      if (representation(type) === "value") return `tse_typeof_value(${code})`;
      return `tse_typeof_ref(${code}, ${membersOf(type).some((m) => m.kind === "null") ? "true" : "false"})`;
    default:
      return constant("object");
  }
}

/** `undefined` in the representation of `type` (which includes it). */
export function undefinedIn(type: IrType): string {
  switch (representation(type)) {
    case "value":
      return "tse_value_undefined()";
    case "ref":
      return `((${cType(type)})NULL)`;
    default:
      return "0";
  }
}
