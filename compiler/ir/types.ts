/**
 * The type algebra of the IR: how each IR type is represented in C, structural keys and equality,
 * normalized unions, subtyping and layout compatibility (implementers, aliases), and how types are
 * displayed in messages. Pure functions of IR types; lowering's TypeScript-to-IR mapping is in
 * lower/types.ts.
 */
import { Field, IrType, Layout, undefinedType } from "./nodes.js";

const HEAP_KINDS = new Set(["string", "object", "array", "function", "map", "set", "error", "regexp", "regexpMatch", "bytes", "textEncoder", "textDecoder", "date"]);

export function isHeapType(type: IrType): boolean {
  return HEAP_KINDS.has(type.kind);
}

/** The type of a stored value (element, field, parameter): void only types what a function returns; stored, it is undefined. */
export function stored(type: IrType): IrType {
  return type.kind === "void" ? undefinedType : type;
}

export function isNullish(type: IrType): boolean {
  return type.kind === "undefined" || type.kind === "null" || type.kind === "void";
}

/**
 * How a value of this type is held in C:
 *   f64 (double), bool, ref (pointer; for a union, NULL is its one nullish member),
 *   value (tse_value, tagged), unit (no information: undefined, null, void, the envoy handle).
 */
export type Representation = "f64" | "bool" | "ref" | "value" | "unit";

export function representation(type: IrType): Representation {
  switch (type.kind) {
    case "number":
      return "f64";
    case "boolean":
      return "bool";
    case "union": {
      const nullish = type.members.filter(isNullish).length;
      return nullish <= 1 && type.members.every((m) => isNullish(m) || isHeapType(m)) ? "ref" : "value";
    }
    case "undefined":
    case "null":
    case "void":
    case "envoy":
      return "unit";
    default:
      return "ref";
  }
}

/**
 * A structural key: equal keys, same type. Recursive types (`type Tree = (number | Tree)[]`) are
 * cyclic object graphs; a reference back to a type on the current path is keyed by its distance.
 */
export function typeKey(type: IrType): string {
  return keyOnPath(type, []);
}

function keyOnPath(type: IrType, path: IrType[]): string {
  const back = path.lastIndexOf(type);
  if (back >= 0) return `rec${path.length - 1 - back}`;
  path.push(type);
  try {
    const key = (t: IrType) => keyOnPath(t, path);
    switch (type.kind) {
      case "object":
        return `object:${type.layout.cName}`;
      case "array":
        return `array:${key(type.element)}`;
      case "function":
        return `fn(${type.params.map(key).join(",")})=>${key(type.returns)}`;
      case "map":
        return type.dict ? `dict:${key(type.value)}` : `map:${key(type.key)},${key(type.value)}`;
      case "set":
        return `set:${key(type.element)}`;
      case "union":
        return `union:${type.members.map(key).join("|")}`;
      default:
        return type.kind;
    }
  } finally {
    path.pop();
  }
}

export function sameType(a: IrType, b: IrType): boolean {
  return typeKey(a) === typeKey(b);
}

const ORDER = ["undefined", "null", "boolean", "number", "string"];

/** The union of `types`, normalized; a single member is returned as is. */
export function unionOf(types: IrType[]): IrType {
  const members: IrType[] = [];
  const add = (type: IrType) => {
    if (type.kind === "union") type.members.forEach(add);
    else if (type.kind === "void") add(undefinedType);
    else if (!members.some((m) => sameType(m, type))) members.push(type);
  };
  types.forEach(add);
  if (members.length === 0) return undefinedType;
  if (members.length === 1) return members[0]!;
  members.sort(compareMembers);
  return { kind: "union", members };
}

function compareMembers(a: IrType, b: IrType): number {
  const rank = (t: IrType) => (ORDER.includes(t.kind) ? ORDER.indexOf(t.kind) : ORDER.length);
  const ka = typeKey(a);
  const kb = typeKey(b);
  return rank(a) - rank(b) || (ka < kb ? -1 : ka > kb ? 1 : 0);
}

/** Re-sorts the union members inside a completed recursive type. */
export function sortUnions(type: IrType, seen: Set<IrType>): void {
  if (seen.has(type)) return;
  seen.add(type);
  if (type.kind === "union") {
    type.members.sort(compareMembers);
    type.members.forEach((m) => sortUnions(m, seen));
  } else if (type.kind === "array" || type.kind === "set") {
    sortUnions(type.element, seen);
  } else if (type.kind === "map") {
    sortUnions(type.key, seen);
    sortUnions(type.value, seen);
  } else if (type.kind === "function") {
    type.params.forEach((p) => sortUnions(p, seen));
    sortUnions(type.returns, seen);
  }
}

export function membersOf(type: IrType): IrType[] {
  return type.kind === "union" ? type.members : [type];
}

export function optionalOf(type: IrType): IrType {
  return unionOf([type, undefinedType]);
}

/**
 * The type of an optional property. TypeScript's type of it already has undefined; a recursive
 * union still being mapped (a placeholder without members yet) is kept as it is, not flattened.
 */
export function optionalProperty(type: IrType): IrType {
  return type.kind === "union" && type.members.length === 0 ? type : optionalOf(type);
}

/** The type without undefined and null (what `x!` and narrowing by `!== undefined` give). */
export function nonNullish(type: IrType): IrType {
  return unionOf(membersOf(type).filter((m) => !isNullish(m)));
}

/**
 * Every member of `inner` is a member of `outer` (so a value converts without loss). An object
 * of a layout implementing a record (see Layout.implementers) is a value of that record type.
 */
export function isSubtype(inner: IrType, outer: IrType): boolean {
  const outerMembers = membersOf(outer);
  // An object of an Error subclass is an Error (Layout.errorKind).
  const isError = (m: IrType, o: IrType) => o.kind === "error" && m.kind === "object" && m.layout.errorKind !== undefined;
  return membersOf(inner).every((m) => outerMembers.some((o) => sameType(o, m) || compatible(m, o) || isError(m, o) || (m.kind === "object" && o.kind === "object" && implementsLayout(m.layout, o.layout))));
}

/** The layouts objects of this layout's type may have: itself, its implementers and aliases, transitively. */
export function concreteLayouts(layout: Layout): Layout[] {
  const out: Layout[] = [];
  const visit = (l: Layout) => {
    if (out.includes(l)) return;
    out.push(l);
    l.aliases?.forEach(visit);
    l.implementers?.forEach(visit);
  };
  visit(layout);
  return out;
}

/** Values of this layout's type may be objects of other layouts (not just of aliases): accesses dispatch. */
export function isPolymorphicLayout(layout: Layout): boolean {
  const same: Layout[] = [];
  const visit = (l: Layout) => {
    if (same.includes(l)) return;
    same.push(l);
    l.aliases?.forEach(visit);
  };
  visit(layout);
  return concreteLayouts(layout).some((l) => !same.includes(l));
}

/**
 * Records the record layouts a conversion reinterprets as others (structurally identical, see
 * compatibleLayouts) as aliases of each other, both ways: an object may then be read as either,
 * and dispatch through either knows it.
 */
export function noteAliases(from: IrType, to: IrType, seen = new Set<string>()): void {
  if (from === to) return;
  const key = `${typeKey(from)}>${typeKey(to)}`;
  if (seen.has(key)) return;
  seen.add(key);
  if (from.kind === "object" && to.kind === "object") {
    const [a, b] = [from.layout, to.layout];
    if (a === b || a.kind !== "record" || b.kind !== "record" || !compatibleLayouts(a, b)) return;
    if (!(a.aliases ??= []).includes(b)) a.aliases.push(b);
    if (!(b.aliases ??= []).includes(a)) b.aliases.push(a);
    a.fields.forEach((f, i) => noteAliases(f.type, b.fields[i]!.type, seen));
    return;
  }
  if (from.kind === "array" && to.kind === "array") return noteAliases(from.element, to.element, seen);
  for (const m of membersOf(from)) {
    const match = membersOf(to).find((o) => o !== m && o.kind === m.kind && compatible(m, o));
    if (match && (from.kind === "union" || to.kind === "union")) noteAliases(m, match, seen);
  }
}

/** An object of `inner`'s layout may be used as a value of `outer`'s type. */
export function implementsLayout(inner: Layout, outer: Layout): boolean {
  return inner !== outer && concreteLayouts(outer).includes(inner);
}

/** The receiver-first closure type of a method (`this` is its first parameter); unions keep their other members. */
export function withReceiver(type: IrType, receiver: IrType): IrType {
  return unionOf(membersOf(type).map((m) => (m.kind === "function" ? { kind: "function", params: [receiver, ...m.params], returns: m.returns } : m)));
}

/** The declared signature of a method field (without the receiver). */
export function methodSignature(field: Field): Extract<IrType, { kind: "function" }> | undefined {
  const fn = membersOf(field.type).find((m): m is Extract<IrType, { kind: "function" }> => m.kind === "function");
  if (!fn) return undefined;
  return field.method ? { kind: "function", params: fn.params.slice(1), returns: fn.returns } : fn;
}

/** Pairs already being compared (recursive layouts and types compare as compatible). */
type Seen = Map<object, Set<object>>;

function visitPair(seen: Seen, a: object, b: object): boolean {
  const partners = seen.get(a) ?? new Set<object>();
  seen.set(a, partners);
  if (partners.has(b)) return false;
  partners.add(b);
  return true;
}

/** Structurally identical layouts and element types: one can be reinterpreted as the other. */
export function compatible(a: IrType, b: IrType, seen: Seen = new Map()): boolean {
  if (a === b || sameType(a, b)) return true;
  if (a.kind !== b.kind) return false;
  if (!visitPair(seen, a, b)) return true;
  switch (a.kind) {
    case "object":
      return compatibleLayouts(a.layout, (b as typeof a).layout, seen);
    case "array":
      return compatible(a.element, (b as typeof a).element, seen);
    case "union": {
      const other = b as typeof a;
      return a.members.length === other.members.length && a.members.every((m, i) => compatible(m, other.members[i]!, seen));
    }
    default:
      return false;
  }
}

export function compatibleLayouts(a: Layout, b: Layout, seen: Seen = new Map()): boolean {
  if (a === b) return true;
  if (!visitPair(seen, a, b)) return true;
  if (a.kind === "class" || b.kind === "class" || a.kind !== b.kind || a.fields.length !== b.fields.length) return false;
  return a.fields.every((f, i) => {
    const g = b.fields[i]!;
    return f.name === g.name && compatible(f.type, g.type, seen);
  });
}

/** Names of recursive types (their alias), for messages about them. */
const recursiveNames = new WeakMap<IrType, string>();

/** Names a recursive type (a cyclic IR type) for messages: inside itself it shows by this name. */
export function nameRecursiveType(type: IrType, name: string): void {
  recursiveNames.set(type, name);
}

export function displayType(type: IrType): string {
  return displayOnPath(type, [], true);
}

/**
 * The type without its literal types ("a" | "b" shows as string): the name of what types with
 * one typeKey share (type descriptors, tuple layouts), whichever of them was mapped first.
 */
export function displayStructure(type: IrType): string {
  return displayOnPath(type, [], false);
}

function displayOnPath(type: IrType, path: IrType[], literals: boolean): string {
  if (path.includes(type)) return recursiveNames.get(type) ?? "...";
  path.push(type);
  try {
    const show = (t: IrType) => displayOnPath(t, path, literals);
    // A recursive type shows by its name inside itself; the outermost occurrence shows its structure.
    switch (type.kind) {
      case "object":
        return type.layout.displayName;
      case "array": {
        const element = show(type.element);
        const e = type.element;
        const literalUnion = literals && (e.kind === "string" || e.kind === "number") && (e.literals?.length ?? 0) > 1;
        return e.kind === "union" || e.kind === "function" || literalUnion ? `(${element})[]` : `${element}[]`;
      }
      case "function":
        return `(${type.params.map((p, i) => `arg${i}: ${show(p)}`).join(", ")}) => ${show(type.returns)}`;
      case "map":
        return type.dict ? `Record<string, ${show(type.value)}>` : `Map<${show(type.key)}, ${show(type.value)}>`;
      case "set":
        return `Set<${show(type.element)}>`;
      case "union":
        return type.members.map(show).join(" | ");
      case "envoy":
        return "EnvoyHttpFilter";
      case "error":
        return "Error";
      case "regexp":
        return "RegExp";
      case "regexpMatch":
        return "RegExpExecArray";
      case "bytes":
        return "Uint8Array";
      case "textEncoder":
        return "TextEncoder";
      case "textDecoder":
        return "TextDecoder";
      case "date":
        return "Date";
      case "string":
        return literals && type.literals ? type.literals.map((l) => JSON.stringify(l)).join(" | ") : "string";
      case "number":
        return literals && type.literals ? type.literals.map(String).join(" | ") : "number";
      default:
        return type.kind;
    }
  } finally {
    path.pop();
  }
}


/** The layouts an object of `type` (an object type or a union of them; other members aside) may have. */
export function layoutsOf(type: IrType): Layout[] {
  const out: Layout[] = [];
  for (const member of membersOf(type)) {
    if (member.kind !== "object") continue;
    for (const layout of concreteLayouts(member.layout)) if (!out.includes(layout)) out.push(layout);
  }
  return out;
}

/**
 * Whether a property name is an array index ("0".."4294967294", no leading zeros): JavaScript
 * lists those keys first, in ascending numeric order, before the others in creation order. A
 * record's layout puts such fields first, ascending (lower/types.ts), so field order is key order.
 */
export function isArrayIndexKey(name: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(name) && Number(name) <= 4294967294;
}
