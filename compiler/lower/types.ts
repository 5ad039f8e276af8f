/**
 * TypeScript types to IR types. Each object type gets one layout: named types (classes,
 * interfaces, aliases) by declaration, anonymous object types and tuples by structure.
 */
import { ts } from "ts-morph";

import { apiDeclarationsPath } from "../paths.js";
import {
  booleanType,
  envoyType,
  Field,
  IrType,
  Layout,
  numberType,
  stringType,
  undefinedType,
  voidType,
} from "../ir.js";

export class TypeError_ extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export function isPointerType(type: IrType): boolean {
  return type.kind === "string" || type.kind === "object" || type.kind === "array";
}

export function sameType(a: IrType, b: IrType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "object":
      return a.layout === (b as typeof a).layout;
    case "array":
      return sameType(a.element, (b as typeof a).element);
    case "optional":
    case "boxed":
      return sameType(a.inner, (b as typeof a).inner);
    default:
      return true;
  }
}

/** Two layouts a pointer can be reinterpreted between: same fields, names, order and types. */
export function compatibleLayouts(a: Layout, b: Layout, seen = new Set<string>()): boolean {
  if (a === b) return true;
  const key = `${a.cName}|${b.cName}`;
  if (seen.has(key)) return true;
  seen.add(key);
  if (a.kind === "class" || b.kind === "class" || a.kind !== b.kind || a.fields.length !== b.fields.length) return false;
  return a.fields.every((f, i) => {
    const g = b.fields[i]!;
    return f.name === g.name && compatibleTypes(f.type, g.type, seen);
  });
}

function compatibleTypes(a: IrType, b: IrType, seen: Set<string>): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "object") return compatibleLayouts(a.layout, (b as typeof a).layout, seen);
  if (a.kind === "array") return compatibleTypes(a.element, (b as typeof a).element, seen);
  if (a.kind === "optional" || a.kind === "boxed") return compatibleTypes(a.inner, (b as typeof a).inner, seen);
  return true;
}

export function displayType(type: IrType): string {
  switch (type.kind) {
    case "object":
      return type.layout.displayName;
    case "array": {
      const element = displayType(type.element);
      return /[|\s]/.test(element) && !element.startsWith("[") ? `(${element})[]` : `${element}[]`;
    }
    case "optional":
    case "boxed":
      return `${displayType(type.inner)} | undefined`;
    case "envoy":
      return "EnvoyHttpFilter";
    default:
      return type.kind;
  }
}

function cIdentifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

export class TypeMapper {
  readonly layouts: Layout[] = [];
  private readonly byKey = new Map<string, Layout>();
  private readonly usedNames = new Set<string>();
  /** Classes: their fields come from the class lowering, not from the checker. */
  onClass?: (layout: Layout, declaration: ts.ClassDeclaration) => void;

  constructor(private readonly checker: ts.TypeChecker) {}

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
    return (
      symbol?.getName() === name &&
      (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName === apiDeclarationsPath)
    );
  }

  /** Throws TypeError_ for types with no representation (yet). */
  map(type: ts.Type): IrType {
    const checker = this.checker;
    const flags = type.getFlags();
    if (flags & ts.TypeFlags.Any) throw new TypeError_("type `any` has no representation", "declare the precise type");
    if (flags & ts.TypeFlags.Unknown) throw new TypeError_("type `unknown` has no representation", "declare the precise type");
    if (flags & (ts.TypeFlags.NumberLike & ~ts.TypeFlags.BigIntLike)) return numberType;
    if (flags & ts.TypeFlags.StringLike) return stringType;
    if (flags & ts.TypeFlags.BooleanLike) return booleanType;
    if (flags & ts.TypeFlags.Void) return voidType;
    if (flags & ts.TypeFlags.Undefined) return undefinedType;
    if (flags & ts.TypeFlags.Null) {
      throw new TypeError_("`null` is not supported yet", "use `undefined` (optional values: `T | undefined`, `x?: T`)");
    }
    if (flags & ts.TypeFlags.BigIntLike) throw new TypeError_("bigint is not supported", "use number (integers up to 2^53 are exact)");
    if (flags & ts.TypeFlags.Never) return voidType;
    if (type.isUnion()) return this.mapUnion(type);
    if (this.isApiType(type, "EnvoyHttpFilter")) return envoyType;
    if (flags & ts.TypeFlags.Object) {
      if (checker.isArrayType(type)) {
        const [element] = checker.getTypeArguments(type as ts.TypeReference);
        return { kind: "array", element: this.map(element!) };
      }
      if (checker.isTupleType(type)) return { kind: "object", layout: this.tupleLayout(type as ts.TupleTypeReference) };
      const symbol = type.getSymbol();
      if (symbol && symbol.flags & ts.SymbolFlags.Class) return { kind: "object", layout: this.classLayout(type, symbol) };
      if (type.getCallSignatures().length > 0) {
        throw new TypeError_("function values are not supported yet", "call functions directly instead of passing them around");
      }
      if (symbol && (symbol.getName() === "Map" || symbol.getName() === "Set" || symbol.getName() === "RegExp") && this.isLibType(symbol)) {
        throw new TypeError_(`${symbol.getName()} is not supported yet`, "use arrays and objects");
      }
      return { kind: "object", layout: this.recordLayout(type) };
    }
    throw new TypeError_(`type \`${checker.typeToString(type)}\` is not supported`, "use number, string, boolean, arrays, tuples, interfaces or classes");
  }

  private isLibType(symbol: ts.Symbol): boolean {
    return (symbol.declarations ?? []).every((d) => d.getSourceFile().isDeclarationFile);
  }

  private mapUnion(type: ts.UnionType): IrType {
    const members = type.types;
    const hasUndefined = members.some((t) => t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Void));
    if (members.some((t) => t.getFlags() & ts.TypeFlags.Null)) {
      throw new TypeError_("`null` is not supported yet", "use `undefined` (optional values: `T | undefined`, `x?: T`)");
    }
    const rest = members.filter((t) => !(t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const mapped = rest.map((t) => this.map(t));
    const first = mapped[0];
    if (!first) return undefinedType;
    if (!mapped.every((m) => sameType(m, first))) {
      throw new TypeError_(
        `union type \`${this.checker.typeToString(type)}\` is not supported yet`,
        "use one type per value, or an optional value `T | undefined`",
      );
    }
    if (!hasUndefined) return first;
    if (isPointerType(first)) return { kind: "optional", inner: first };
    if (first.kind === "number" || first.kind === "boolean") return { kind: "boxed", inner: first };
    throw new TypeError_(`\`${this.checker.typeToString(type)}\` is not supported`, "use `T | undefined` with T a number, string, boolean, array or object");
  }

  private register(key: string, make: () => Layout, fill: (layout: Layout) => void): Layout {
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const layout = make();
    this.byKey.set(key, layout);
    this.layouts.push(layout);
    fill(layout);
    return layout;
  }

  private tupleLayout(type: ts.TupleTypeReference): Layout {
    const elements = this.checker.getTypeArguments(type).map((t) => this.map(t));
    if (type.target.hasRestElement || type.target.minLength !== elements.length) {
      throw new TypeError_("tuples with optional or rest elements are not supported", "use a fixed-length tuple or an array");
    }
    const display = `[${elements.map(displayType).join(", ")}]`;
    const fields: Field[] = elements.map((t, i) => ({ name: String(i), cName: `item${i}`, type: t }));
    const isStringPair = elements.length === 2 && elements.every((t) => t.kind === "string");
    return this.register(
      `tuple:${display}`,
      () => ({
        kind: "tuple",
        cName: isStringPair ? "tse_tuple_string_string" : this.uniqueName(`tuple_${elements.map(displayType).join("_")}`),
        displayName: display,
        fields,
        methods: new Map(),
        runtime: isStringPair ? { struct: "tse_tuple_string_string", typeDescriptor: "tse_type_tuple_string_string" } : undefined,
      }),
      () => {},
    );
  }

  private classLayout(type: ts.Type, symbol: ts.Symbol): Layout {
    const declaration = symbol.declarations?.find(ts.isClassDeclaration);
    if (!declaration) throw new TypeError_(`class ${symbol.getName()} has no declaration`, "declare the class in your filter's files");
    if (declaration.getSourceFile().isDeclarationFile) {
      throw new TypeError_(`library class ${symbol.getName()} is not supported`, "use your own classes");
    }
    if (declaration.typeParameters?.length) {
      throw new TypeError_(`generic class ${symbol.getName()} is not supported yet`, "write a class for each element type");
    }
    return this.register(
      `class:${declaration.pos}:${declaration.getSourceFile().fileName}`,
      () => ({ kind: "class", cName: this.uniqueName(symbol.getName()), displayName: symbol.getName(), fields: [], methods: new Map() }),
      (layout) => this.onClass?.(layout, declaration),
    );
  }

  private recordLayout(type: ts.Type): Layout {
    const checker = this.checker;
    const named = type.aliasSymbol ?? (type.getSymbol()?.flags! & ts.SymbolFlags.Interface ? type.getSymbol() : undefined);
    const properties = checker.getPropertiesOfType(type);
    for (const property of properties) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (declaration && (ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration))) {
        throw new TypeError_(`method \`${property.getName()}\` in an object type is not supported yet`, "use a class for objects with methods");
      }
    }
    if (checker.getIndexInfosOfType(type).length > 0) {
      throw new TypeError_(`index signature in \`${checker.typeToString(type)}\` is not supported yet`, "declare every property, or use an array of [key, value] pairs");
    }
    const structural = properties.map((p) => `${p.getName()}${p.flags & ts.SymbolFlags.Optional ? "?" : ""}:${checker.typeToString(checker.getTypeOfSymbol(p))}`).join(";");
    const key = named ? `named:${named.getName()}:${(named.declarations?.[0]?.pos ?? 0)}:${named.declarations?.[0]?.getSourceFile().fileName}:${structural}` : `record:{${structural}}`;
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
        for (const property of properties) {
          const propertyType = checker.getTypeOfSymbol(property);
          layout.fields.push({ name: property.getName(), cName: `f_${cIdentifier(property.getName())}`, type: this.map(propertyType) });
        }
      },
    );
  }
}
