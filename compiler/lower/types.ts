/**
 * TypeScript types to IR types (the type algebra itself is ir/types.ts). Each object type gets one layout: named types (classes,
 * interfaces, aliases) per declaration and type arguments, anonymous object types and tuples by
 * structure. Generic code is monomorphized: type parameters map to IR types through a substitution.
 */
import { FILTER_KINDS } from "../api/kinds.js";
import { ts } from "../ts-morph.js";

import { HANDLE_TYPES } from "../api/filter-api.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";

import {
  booleanType,
  displayStructure,
  displayType,
  envoyType,
  errorType,
  Field,
  IrType,
  isArrayIndexKey,
  isNullish,
  Layout,
  membersOf,
  nameRecursiveType,
  nonNullish,
  nullType,
  numberType,
  optionalOf,
  optionalProperty,
  sortUnions,
  stored,
  stringType,
  typeKey,
  undefinedType,
  unionOf,
  voidType,
  withReceiver,
} from "../ir/index.js";
import { apiDeclarationsPath } from "../paths.js";
import { checkConversionField } from "./conversion-members.js";

export { TypeError_ } from "./type-error.js";
import { TypeError_ } from "./type-error.js";
import { LoweringError } from "./errors.js";

/** Type parameters of the code being lowered, bound to concrete IR types. */
export type Substitution = ReadonlyMap<ts.Type, IrType>;
export const noSubstitution: Substitution = new Map();

function cIdentifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

const ERROR_CLASSES = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"]);

// ------------------------------------------------------------------ the mapper

export interface ClassInstance {
  declaration: ts.ClassDeclaration;
  substitution: Substitution;
}

export class TypeMapper {
  readonly layouts: Layout[] = [];
  private readonly byKey = new Map<string, Layout>();
  /** Layouts whose fill threw (a class with `extends`, a static member): every later use throws the same. */
  private readonly failed = new Map<string, unknown>();
  private readonly usedNames = new Set<string>();
  private readonly classes = new Map<Layout, ClassInstance>();
  private readonly inProgress: { type: ts.Type; substitution: Substitution; placeholder: IrType; used: boolean }[] = [];
  /** Classes: their fields come from the class lowering, not from the checker. */
  onClass?: (layout: Layout, instance: ClassInstance) => void;

  constructor(private readonly checker: ts.TypeChecker) {}

  classOf(layout: Layout): ClassInstance | undefined {
    return this.classes.get(layout);
  }

  /** Prefixed so user names never collide with C keywords or the runtime's tse_ names. */
  private uniqueName(stem: string): string {
    const base = `T_${cIdentifier(stem)}`;
    let name = base;
    for (let i = 2; this.usedNames.has(name); i++) name = `${base}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  isApiType(type: ts.Type, name: string): boolean {
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    return symbol?.getName() === name && (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName === apiDeclarationsPath);
  }

  private isLibSymbol(symbol: ts.Symbol | undefined): boolean {
    return !!symbol && (symbol.declarations ?? []).length > 0 && (symbol.declarations ?? []).every((d) => d.getSourceFile().isDeclarationFile && d.getSourceFile().fileName !== apiDeclarationsPath);
  }

  /** Throws TypeError_ for types with no representation (yet). */
  map(type: ts.Type, substitution: Substitution = noSubstitution): IrType {
    const checker = this.checker;
    const flags = type.getFlags();
    if (flags & ts.TypeFlags.TypeParameter) {
      // The polymorphic `this` of a class: classes do not extend others, so it is the class itself.
      const constraint = (type as ts.TypeParameter & { isThisType?: boolean }).isThisType ? type.getConstraint() : undefined;
      if (constraint) return this.map(constraint, substitution);
      const bound = substitution.get(type);
      if (!bound) throw new TypeError_(`type parameter ${checker.typeToString(type)} has no concrete type here`, "give the generic call explicit type arguments");
      return bound;
    }
    if (flags & ts.TypeFlags.Any) throw new TypeError_("type `any` has no representation", "declare the precise type");
    if (flags & ts.TypeFlags.Unknown) throw new TypeError_("type `unknown` has no representation", "declare the precise type, or narrow it first");
    if (flags & ts.TypeFlags.NumberLiteral) return { kind: "number", literals: [(type as ts.NumberLiteralType).value] };
    if (flags & ts.TypeFlags.StringLiteral) return { kind: "string", literals: [(type as ts.StringLiteralType).value] };
    if (flags & (ts.TypeFlags.NumberLike & ~ts.TypeFlags.BigIntLike)) return numberType;
    if (flags & ts.TypeFlags.StringLike) return stringType;
    if (flags & ts.TypeFlags.BooleanLike) return booleanType;
    if (flags & ts.TypeFlags.Void) return voidType;
    if (flags & ts.TypeFlags.Undefined) return undefinedType;
    if (flags & ts.TypeFlags.Null) return nullType;
    if (flags & ts.TypeFlags.BigIntLike) throw new TypeError_("bigint is not supported", "use number (integers up to 2^53 are exact)");
    if (flags & ts.TypeFlags.ESSymbolLike) throw new TypeError_("symbols are not supported", "use string keys or a Map");
    if (flags & ts.TypeFlags.Never) return undefinedType;
    if (type.isUnion()) return this.recursive(type, substitution, { kind: "union", members: [] }, () => this.mapUnion(type, substitution));
    // Handles (metrics, log writers) are branded numbers (number & {...}): plain numbers at run time.
    if (HANDLE_TYPES.some((name) => this.isApiType(type, name))) return numberType;
    if (type.isIntersection()) return unionOf(this.intersectionMembers(type, substitution));
    if (this.isApiType(type, "EnvoyHttpFilter")) return envoyType;
    // Every kind's handle (compiler/api/kinds.ts) is such a value-less handle too.
    if (FILTER_KINDS.some((kind) => this.isApiType(type, kind.handle))) return envoyType;
    // The config stage's handle is no value either: the context carries the config.
    if (this.isApiType(type, "EnvoyFilterConfig")) return envoyType;
    // A background task's run (docs/async.md): its ctx carries the task's async state.
    if (this.isApiType(type, "EnvoyBackgroundTask")) return envoyType;
    if (flags & ts.TypeFlags.Object) {
      // Arrays may contain themselves (through a union); layouts (records, classes) handle recursion by name.
      if (checker.isArrayType(type)) return this.recursive(type, substitution, { kind: "array", element: undefinedType }, () => this.mapObject(type as ts.ObjectType, substitution));
      const isClass = !!((type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.Class);
      if (!isClass && type.getCallSignatures().length === 1) {
        return this.recursive(type, substitution, { kind: "function", params: [], returns: undefinedType }, () => this.mapObject(type as ts.ObjectType, substitution));
      }
      return this.mapObject(type as ts.ObjectType, substitution);
    }
    throw new TypeError_(`type \`${checker.typeToString(type)}\` is not supported`, "use number, string, boolean, arrays, tuples, interfaces or classes");
  }

  /**
   * Maps a type that may refer to itself: while it is being mapped, references to it get
   * `placeholder`, which becomes the result (a cyclic IR type).
   */
  private recursive(type: ts.Type, substitution: Substitution, placeholder: IrType, mapIt: () => IrType): IrType {
    const active = this.inProgress.find((e) => e.type === type && e.substitution === substitution);
    if (active) {
      active.used = true;
      return active.placeholder;
    }
    const entry = { type, substitution, placeholder, used: false };
    this.inProgress.push(entry);
    let result: IrType;
    try {
      result = mapIt();
    } finally {
      this.inProgress.pop();
    }
    if (!entry.used) return result;
    if (result.kind !== placeholder.kind) {
      throw new TypeError_(`the recursive type \`${this.checker.typeToString(type)}\` is not supported`, "make the recursion go through an interface, e.g. interface Node { children: Node[] }");
    }
    Object.assign(placeholder, result);
    nameRecursiveType(placeholder, this.checker.typeToString(type));
    // Unions inside were ordered while the placeholder was incomplete: order them by final keys.
    sortUnions(placeholder, new Set());
    return placeholder;
  }

  private mapUnion(type: ts.UnionType, substitution: Substitution): IrType {
    // An intersection that is empty once T is known (`T & null` for a T without null) drops out.
    // A handle (`HttpStream | undefined`) is an intersection too, but a number.
    const isHandle = (t: ts.Type) => HANDLE_TYPES.some((name) => this.isApiType(t, name));
    const mapped = type.types.flatMap((t) => (t.isIntersection() && !isHandle(t) ? this.intersectionMembers(t, substitution) : [this.map(t, substitution)]));
    if (mapped.length === 0) return undefinedType;
    // Literal unions ("a" | "b", enums) keep their representation and remember the allowed values.
    if (mapped.every((m) => m.kind === "string" && m.literals)) return { kind: "string", literals: mapped.flatMap((m) => (m.kind === "string" ? m.literals! : [])) };
    if (mapped.every((m) => m.kind === "number" && m.literals)) return { kind: "number", literals: mapped.flatMap((m) => (m.kind === "number" ? m.literals! : [])) };
    return unionOf(mapped.map((m) => (m.kind === "string" || m.kind === "number" ? { kind: m.kind } : m)));
  }

  /**
   * The members of an intersection TypeScript makes when narrowing a type parameter: `T & {}` is
   * T without undefined and null, `T & null` (`T & undefined`) is null (undefined) if T has it.
   */
  private intersectionMembers(type: ts.IntersectionType, substitution: Substitution): IrType[] {
    const isEmptyObject = (t: ts.Type) => !!(t.getFlags() & ts.TypeFlags.Object) && this.checker.getPropertiesOfType(t).length === 0 && t.getCallSignatures().length === 0;
    const parts = type.types.filter((t) => !isEmptyObject(t));
    if (parts.length === 1) return membersOf(nonNullish(this.map(parts[0]!, substitution))).filter((m) => !isNullish(m));
    const nullish = parts.filter((t) => t.getFlags() & (ts.TypeFlags.Null | ts.TypeFlags.Undefined));
    if (parts.length === 2 && nullish.length === 1) {
      const wanted = this.map(nullish[0]!, substitution);
      const other = this.map(parts.find((t) => t !== nullish[0])!, substitution);
      return membersOf(other).some((m) => m.kind === wanted.kind) ? [wanted] : [];
    }
    throw new TypeError_(`intersection type \`${this.checker.typeToString(type)}\` is not supported`, "declare an interface with all the properties");
  }

  private mapObject(type: ts.ObjectType, substitution: Substitution): IrType {
    const checker = this.checker;
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      return { kind: "array", element: stored(this.map(element!, substitution)) };
    }
    if (checker.isTupleType(type)) return { kind: "object", layout: this.tupleLayout(type as ts.TupleTypeReference, substitution) };
    const symbol = type.getSymbol();
    const name = symbol?.getName();
    if (this.isLibSymbol(symbol)) {
      const args = () => checker.getTypeArguments(type as ts.TypeReference).map((t) => stored(this.map(t, substitution)));
      if (name === "Map" || name === "ReadonlyMap") {
        const [key, value] = args();
        return { kind: "map", key: key!, value: value! };
      }
      if (name === "Set" || name === "ReadonlySet") return { kind: "set", element: args()[0]! };
      if (name && ERROR_CLASSES.has(name)) return errorType;
      if (name === "RegExp") return { kind: "regexp" };
      if (name === "Uint8Array") return { kind: "bytes" };
      if (name === "TextEncoder") return { kind: "textEncoder" };
      if (name === "TextDecoder") return { kind: "textDecoder" };
      if (name === "Date") return { kind: "date" };
      if (name === "RegExpExecArray" || name === "RegExpMatchArray") return { kind: "regexpMatch" };
      // matchAll's iterator is collected into an array when called (regexp.ts): iterating it is the same.
      if (name === "RegExpStringIterator") return { kind: "array", element: { kind: "regexpMatch" } };
      if (name === "NumberConstructor" || name === "StringConstructor" || name === "BooleanConstructor") {
        const fn = name.slice(0, -"Constructor".length);
        throw new TypeError_(`\`${fn}\` used as a value without a function type`, `give the variable a function type (const convert: (s: string) => ${fn.toLowerCase()} = ${fn};), pass it as a callback (xs.map(${fn})), or wrap it: (x) => ${fn}(x)`);
      }
      // A library function's own type (`const p = parseInt`, `const abs = Math.abs`) is its signature.
      if (name !== "__type" && name !== "__object" && !(symbol!.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Method))) {
        throw new TypeError_(`the library type ${name} is not supported`, "see docs/language.md for the supported library");
      }
    }
    const signatures = type.getCallSignatures();
    if (signatures.length > 0) {
      if (signatures.length > 1) throw new TypeError_("overloaded function types are not supported", "use one signature");
      return this.functionType(signatures[0]!, substitution);
    }
    if (symbol && symbol.flags & ts.SymbolFlags.Class) return { kind: "object", layout: this.classLayout(type, symbol, substitution) };
    if (checker.getIndexInfosOfType(type).length > 0) return this.dictType(type, substitution);
    return { kind: "object", layout: this.recordLayout(type, substitution) };
  }

  /** `Record<string, T>`, `{ [k: string]: T }`: a dict (a tse_map of string keys in property order). */
  private dictType(type: ts.Type, substitution: Substitution): IrType {
    const checker = this.checker;
    const shown = checker.typeToString(type);
    const infos = checker.getIndexInfosOfType(type);
    const keyed = infos.find((info) => !(info.keyType.getFlags() & ts.TypeFlags.String)) ?? (infos.length > 1 ? infos[1] : undefined);
    if (keyed) throw new TypeError_(formatMessage(diag.TSE1041, { key: `\`${checker.typeToString(keyed.keyType)}\`` }), CATALOGUE.TSE1041.hint, diag.TSE1041);
    if (checker.getPropertiesOfType(type).length > 0 || type.getCallSignatures().length > 0) {
      throw new TypeError_(formatMessage(diag.TSE1040, { type: `\`${shown}\`` }), CATALOGUE.TSE1040.hint, diag.TSE1040);
    }
    return { kind: "map", key: { kind: "string" }, value: stored(this.map(infos[0]!.type, substitution)), dict: true };
  }

  functionType(signature: ts.Signature, substitution: Substitution): IrType {
    if (signature.getTypeParameters()?.length) throw new TypeError_("generic function values are not supported", "instantiate the function before passing it around");
    const params = signature.getParameters().map((p) => {
      const declaration = p.valueDeclaration;
      if (declaration && ts.isParameter(declaration) && declaration.dotDotDotToken) {
        throw new TypeError_("function types with rest parameters are not supported", "take an array parameter");
      }
      const type = stored(this.map(this.checker.getTypeOfSymbol(p), substitution));
      const optional = declaration && ts.isParameter(declaration) && (declaration.questionToken || declaration.initializer);
      return optional ? optionalOf(type) : type;
    });
    return { kind: "function", params, returns: this.map(signature.getReturnType(), substitution) };
  }

  private register(key: string, make: () => Layout, fill: (layout: Layout) => void): Layout {
    if (this.failed.has(key)) throw this.failed.get(key);
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const layout = make();
    this.byKey.set(key, layout);
    this.layouts.push(layout);
    try {
      fill(layout);
    } catch (error) {
      // A half-filled layout (no constructor, no fields) must not be found by the next use.
      this.failed.set(key, error);
      throw error;
    }
    return layout;
  }

  private tupleLayout(type: ts.TupleTypeReference, substitution: Substitution): Layout {
    const elements = this.checker.getTypeArguments(type).map((t) => stored(this.map(t, substitution)));
    if (type.target.hasRestElement || type.target.minLength !== elements.length) {
      throw new TypeError_("tuples with optional or rest elements are not supported", "use a fixed-length tuple or an array");
    }
    return this.tupleLayoutOf(elements);
  }

  /** The tuple type with these element types. */
  tupleOf(elements: IrType[]): IrType {
    return { kind: "object", layout: this.tupleLayoutOf(elements) };
  }

  private tupleLayoutOf(elements: IrType[]): Layout {
    // Tuples of one structure share the layout: its name must not depend on which was mapped first.
    const display = `[${elements.map(displayStructure).join(", ")}]`;
    const fields: Field[] = elements.map((t, i) => ({ name: String(i), cName: `item${i}`, type: t }));
    const isStringPair = elements.length === 2 && elements.every((t) => t.kind === "string");
    return this.register(
      `tuple:${elements.map(typeKey).join(",")}`,
      () => ({
        kind: "tuple",
        cName: isStringPair ? "tse_tuple_string_string" : this.uniqueName(`tuple_${elements.map(displayStructure).join("_")}`),
        displayName: display,
        fields,
        methods: new Map(),
        runtime: isStringPair ? { struct: "tse_tuple_string_string", typeDescriptor: "tse_type_tuple_string_string" } : undefined,
      }),
      () => {},
    );
  }

  private typeArgumentsKey(type: ts.Type, substitution: Substitution): { key: string; display: string; substitution: Map<ts.Type, IrType> } {
    const parameters = (type as ts.TypeReference).target?.typeParameters ?? [];
    const args = parameters.length ? this.checker.getTypeArguments(type as ts.TypeReference).slice(0, parameters.length).map((t) => this.map(t, substitution)) : [];
    const own = new Map<ts.Type, IrType>();
    parameters.forEach((p, i) => own.set(p, args[i]!));
    return { key: args.map(typeKey).join(","), display: args.length ? `<${args.map(displayType).join(", ")}>` : "", substitution: own };
  }

  private classLayout(type: ts.Type, symbol: ts.Symbol, substitution: Substitution): Layout {
    const declaration = symbol.declarations?.find(ts.isClassDeclaration);
    if (!declaration) throw new TypeError_(`class ${symbol.getName()} has no declaration`, "declare the class in your filter's files");
    if (declaration.getSourceFile().isDeclarationFile) throw new TypeError_(`library class ${symbol.getName()} is not supported`, "use your own classes");
    const args = this.typeArgumentsKey(type, substitution);
    return this.register(
      `class:${declaration.pos}:${declaration.getSourceFile().fileName}<${args.key}>`,
      () => ({ kind: "class", cName: this.uniqueName(`${symbol.getName()}${args.key ? `_${args.display}` : ""}`), displayName: `${symbol.getName()}${args.display}`, fields: [], methods: new Map() }),
      (layout) => {
        const instance = { declaration, substitution: args.substitution };
        this.classes.set(layout, instance);
        this.onClass?.(layout, instance);
      },
    );
  }

  private recordLayout(type: ts.Type, substitution: Substitution): Layout {
    const checker = this.checker;
    const alias = type.aliasSymbol;
    const interfaceSymbol = type.getSymbol()?.flags! & ts.SymbolFlags.Interface ? type.getSymbol() : undefined;
    const named = alias ?? interfaceSymbol;
    const properties = checker.getPropertiesOfType(type);
    const isMethod = (property: ts.Symbol) => {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      return !!declaration && (ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration));
    };
    for (const property of properties) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (declaration && (ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration)) && declaration.typeParameters?.length) {
        throw new TypeError_(`generic method \`${property.getName()}\` in an object type is not supported`, "give the type the type parameter instead: interface Matcher<T> { match(x: T): boolean }");
      }
      if ((property.declarations ?? []).length > 1 && isMethod(property)) {
        throw new TypeError_(`overloaded method \`${property.getName()}\` in an object type is not supported`, "declare one signature (with a union parameter type if needed)");
      }
      if (declaration && (ts.isGetAccessor(declaration) || ts.isSetAccessor(declaration))) {
        throw new TypeError_(`accessor \`${property.getName()}\` in an object type is not supported`, "use a plain property");
      }
    }
    if (checker.getIndexInfosOfType(type).length > 0) {
      throw new TypeError_(`index signature in \`${checker.typeToString(type)}\` is not supported`, "use a Map<string, T> for keys known only at run time, or an interface naming the keys (optional properties for those that may be absent)");
    }
    const fieldType = (p: ts.Symbol) => {
      const propertyType = stored(this.map(checker.getTypeOfSymbol(p), substitution));
      return p.flags & ts.SymbolFlags.Optional ? optionalProperty(propertyType) : propertyType;
    };
    // Named types are keyed by declaration (so they can refer to themselves); anonymous ones by structure.
    let key: string;
    if (named) {
      const typeArgs = alias
        ? (type.aliasTypeArguments ?? []).map((t) => typeKey(this.map(t, substitution))).join(",")
        : this.typeArgumentsKey(type, substitution).key;
      const declaration = named.declarations?.[0];
      key = `named:${named.getName()}:${declaration?.pos}:${declaration?.getSourceFile().fileName}<${typeArgs}>`;
    } else {
      key = `record:{${properties.map((p) => `${p.getName()}${isMethod(p) ? "()" : ""}:${typeKey(fieldType(p))}`).join(";")}}`;
    }
    return this.register(
      key,
      () => ({
        kind: "record",
        cName: this.uniqueName(named ? named.getName() : "object"),
        displayName: named ? named.getName() : `{ ${properties.map((p) => p.getName()).join(", ")} }`,
        fields: [],
        methods: new Map(),
      }),
      (layout) => {
        // Each object records its property order in one byte per property (runtime-c tse_keys).
        if (properties.length > 254) throw new TypeError_(`the object type ${layout.displayName} has more than 254 properties`, "split it into nested objects");
        for (const property of properties) {
          const optional = !!(property.flags & ts.SymbolFlags.Optional);
          const method = isMethod(property);
          const type = method ? withReceiver(fieldType(property), { kind: "object", layout }) : fieldType(property);
          // Names C spells alike ("-1" and "1", "a-b" and "a_b") get distinct members.
          let cName = `f_${cIdentifier(property.getName())}`;
          for (let n = 2; layout.fields.some((f) => f.cName === cName); n++) cName = `f_${cIdentifier(property.getName())}_${n}`;
          layout.fields.push({ name: property.getName(), cName, type, ...(optional ? { optional } : {}), ...(method ? { method } : {}) });
        }
        // Integer-like keys first, ascending (isArrayIndexKey): the emitter relies on this order.
        layout.fields.sort((a, b) => {
          const [ai, bi] = [isArrayIndexKey(a.name), isArrayIndexKey(b.name)];
          return ai && bi ? Number(a.name) - Number(b.name) : ai ? -1 : bi ? 1 : 0;
        });
        for (const field of layout.fields) checkConversionField(layout.displayName, field);
      },
    );
  }
}

// ------------------------------------------------------------------ async hooks (docs/async.md)

/** Envoy delivers nothing more on these hooks' path until they settle (body chunks and trailers arriving while a body hook waits are held by the glue). */
const ASYNC_HOOKS = ["onRequestHeaders", "onResponseHeaders", "onRequestTrailers", "onResponseTrailers", "onRequestBody", "onResponseBody"];

function isAsync(declaration: ts.SignatureDeclaration): boolean {
  return ts.canHaveModifiers(declaration) && (ts.getModifiers(declaration) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/**
 * The type a function's result is lowered as: for an async function, what its promise settles with
 * (a hook's status). compiler/subset.ts allows `async` on methods and module-level function
 * declarations only; of the hooks, only those above may be async.
 */
export function settledType(checker: ts.TypeChecker, declaration: ts.SignatureDeclaration, returned: ts.Type): ts.Type {
  if (!isAsync(declaration)) return returned;
  const name = declaration.name?.getText() ?? "";
  if (ts.isMethodDeclaration(declaration) && /^on[A-Z]/.test(name) && !ASYNC_HOOKS.includes(name)) {
    const hint = `only ${ASYNC_HOOKS.join(", ")} may be async: Envoy calls ${name} again (or not at all) while it would wait (docs/async.md)`;
    throw new LoweringError(declaration.name ?? declaration, diag.TSE1030, `\`await\` in ${name}, which cannot be async yet,`, hint);
  }
  // Promise<T>'s T itself: getAwaitedType gives `Awaited<T>` for a type parameter, which no substitution maps.
  if (returned.getSymbol()?.getName() === "Promise" && returned.flags & ts.TypeFlags.Object) {
    const [settled] = checker.getTypeArguments(returned as ts.TypeReference);
    if (settled) return settled;
  }
  return checker.getAwaitedType(returned) ?? returned;
}
