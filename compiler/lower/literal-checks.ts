/**
 * The literal types a value decoded from JSON must match (configs, JSON.parse targets), beside
 * its structure. Layouts and type descriptors are keyed without literals (`{ kind: "a" | "b" }`
 * and `{ kind: string }` share one), so the checks come from the TypeScript type at each decode
 * site, walked along the IR type that gives the decode's structure (its fields, in layout order).
 */
import { ts } from "../ts-morph.js";

import { displayStructure, IrType, LiteralCheck } from "../ir/index.js";
import { LoweringError } from "./errors.js";
import { diag } from "../diagnostics/catalogue.js";

/** A check while the graph is built; composites may be reached again (recursive types). */
type Draft =
  | { kind: "strings"; values: string[] }
  | { kind: "numbers"; values: number[] }
  | { kind: "boolean"; value: boolean }
  | { kind: "array"; ir: IrType; element: Draft | undefined }
  | { kind: "fields"; ir: IrType; fieldTypes: IrType[]; fields: (Draft | undefined)[] }
  | { kind: "union"; ir: IrType; members: (Draft | undefined)[]; discriminant?: { property: string; values: string } };

/**
 * The checks for a value of `tsType` decoded as `irType`, the root's first; undefined when
 * nothing in the type is a literal type (then decoding checks the structure only).
 */
export function literalChecks(
  tsType: ts.Type,
  irType: IrType,
  checker: ts.TypeChecker,
  node: ts.Node,
  subject: string,
  typeNode?: ts.TypeNode,
): LiteralCheck[] | undefined {
  // Objects, arrays and records by their TypeScript type (they may recur); unions by a key of their own.
  const composites = new Map<ts.Type | symbol, Draft>();

  const constituents = (type: ts.Type): ts.Type[] => (type.isUnion() ? type.types.flatMap(constituents) : [type]);

  // `written`: where the type is written, if known (values are listed in its order, not the checker's).
  // `path`: the field it is at (`rules[].match`, as config-types.ts words it), "" at the root.
  // At the type as written (a field's type) where there is one, with the decoding site beside it.
  const unionError = (written: ts.TypeNode | undefined, path: string, message: string, hint: string): LoweringError => {
    const error = new LoweringError(written ?? node, diag.TSE3006, path ? `field \`${path}\`: ${message}` : message, hint);
    if (written) error.related.push({ node, message: "decoded into this type here" });
    return error;
  };
  // `type`: one type or the constituents of a union member (`"a" | "b"` of `"a" | "b" | string[]`).
  const visit = (type: ts.Type | ts.Type[], ir: IrType, written: ts.TypeNode | undefined, path: string): Draft | undefined => {
    // Literal types come from the TypeScript type here; a type parameter's depend on the instance.
    const members = (Array.isArray(type) ? type : [type]).flatMap(constituents).filter((t) => !(t.getFlags() & ts.TypeFlags.Undefined));
    const parameter = members.find((t) => t.getFlags() & ts.TypeFlags.TypeParameter);
    if (parameter) {
      throw new LoweringError(
        node,
        diag.TSE3006,
        `${subject} type ${checker.typeToString(tsType)} depends on type parameter ${checker.typeToString(parameter)}, whose literal types cannot be checked in JSON`,
        "decode where the type is known (const value: Config = JSON.parse(text)) and pass the value",
      );
    }
    switch (ir.kind) {
      case "union": {
        const defined = ir.members.filter((m) => m.kind !== "undefined" && m.kind !== "null");
        if (defined.length === 1) return visit(members.filter((t) => !(t.getFlags() & ts.TypeFlags.Null)), defined[0]!, written, path);
        return unionDraft(members, ir, defined, written, path);
      }
      case "string":
        return members.every((t) => t.isStringLiteral()) ? { kind: "strings", values: inWrittenOrder(members.map((t) => (t as ts.StringLiteralType).value), written, checker) } : undefined;
      case "number":
        return members.every((t) => t.isNumberLiteral()) ? { kind: "numbers", values: inWrittenOrder(members.map((t) => (t as ts.NumberLiteralType).value), written, checker) } : undefined;
      case "boolean": {
        // `boolean` is true | false: only one of them is a constraint.
        const values = unique(members.map((t) => checker.typeToString(t)));
        return values.length === 1 && (values[0] === "true" || values[0] === "false") ? { kind: "boolean", value: values[0] === "true" } : undefined;
      }
      case "array":
      case "object": {
        // Object types differing only in literal types share one layout, so the IR sees one type.
        if (members.length !== 1) {
          throw unionError(
            written,
            path,
            `${subject} type ${checker.typeToString(tsType)} cannot come from JSON yet: the union ${members.map((t) => checker.typeToString(t)).join(" | ")} has object members with the same properties, told apart only by literal types`,
            "decode one object type with the discriminant's values as a union ({ kind: \"a\" | \"b\"; x: number }) and branch on it after decoding",
          );
        }
        const object = members[0]!;
        const existing = composites.get(object);
        if (existing) return existing;
        if (ir.kind === "array") {
          const draft: Draft = { kind: "array", ir, element: undefined };
          composites.set(object, draft);
          draft.element = visit(checker.getTypeArguments(object as ts.TypeReference)[0]!, ir.element, writtenParts(written, checker)?.[0], `${path}[]`);
          return draft;
        }
        const layout = ir.layout;
        const draft: Extract<Draft, { kind: "fields" }> = { kind: "fields", ir, fieldTypes: layout.fields.map((f) => f.type), fields: [] };
        composites.set(object, draft);
        const tupleElements = layout.kind === "tuple" ? checker.getTypeArguments(object as ts.TypeReference) : undefined;
        const writtenElements = tupleElements ? writtenParts(written, checker) : undefined;
        draft.fields = layout.fields.map((field, i) => {
          if (tupleElements) return visit(tupleElements[i]!, field.type, writtenElements?.[i], `${path}[${i}]`);
          const property = checker.getPropertyOfType(object, field.name);
          if (!property) throw new Error(`literal checks: ${checker.typeToString(object)} has no property ${field.name}`);
          const declaration = property.valueDeclaration;
          const propertyNode = declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) ? declaration.type : undefined;
          return visit(checker.getTypeOfSymbol(property), field.type, propertyNode, path ? `${path}.${field.name}` : field.name);
        });
        return draft;
      }
      case "map": {
        // A Record<string, T>'s values are checked as an array's elements are (check kind "array").
        if (!ir.dict || members.length !== 1) return undefined;
        const object = members[0]!;
        const existing = composites.get(object);
        if (existing) return existing;
        const draft: Draft = { kind: "array", ir, element: undefined };
        composites.set(object, draft);
        const valueType = checker.getIndexTypeOfType(object, ts.IndexKind.String);
        draft.element = valueType && visit(valueType, ir.value, undefined, `${path}[key]`);
        return draft;
      }
      default:
        return undefined;
    }
  };

  /**
   * A union decoded by JSON kind: each member's checks, from the TypeScript constituents of its
   * kind. Several object members need a discriminant: a property each has, required, with literal
   * types no other member shares (`{ kind: "prefix"; ... } | { kind: "regex"; ... }`).
   */
  const unions: { ir: IrType; parts: ts.Type[]; draft: Draft }[] = [];
  const unionDraft = (members: ts.Type[], ir: IrType, defined: IrType[], written: ts.TypeNode | undefined, path: string): Draft => {
    const parts = members.filter((t) => !(t.getFlags() & ts.TypeFlags.Null));
    const objects = defined.filter((m) => jsonKindOf(m) === "object");
    const partsOf = (m: IrType): ts.Type[] => {
      const mine = parts.filter((t) => tsJsonKind(t, checker) === jsonKindOf(m));
      if (m.kind !== "object" || objects.length === 1) return mine;
      // Several object members: the TypeScript object type with the layout's properties.
      const names = m.layout.fields.map((f) => f.name).sort().join(",");
      return mine.filter((t) => checker.getPropertiesOfType(t).map((p) => p.name).sort().join(",") === names);
    };
    // A recursive type reaches its union again while its members are visited: the same draft.
    const same = unions.find((u) => u.ir === ir && u.parts.length === parts.length && u.parts.every((t, i) => t === parts[i]));
    if (same) return same.draft;
    const draft: Extract<Draft, { kind: "union" }> = { kind: "union", ir, members: [] };
    composites.set(Symbol("union"), draft);
    unions.push({ ir, parts, draft });
    draft.members = defined.map((m) => {
      const mine = partsOf(m);
      if (mine.length === 0) throw new Error(`literal checks: no member of ${checker.typeToString(tsType)} decodes as ${displayStructure(m)}`);
      return visit(mine, m, m.kind === "string" || m.kind === "number" ? written : undefined, path);
    });
    if (objects.length > 1) {
      const objectDrafts = defined.flatMap((m, i) => (objects.includes(m) ? [draft.members[i] as Extract<Draft, { kind: "fields" }>] : []));
      draft.discriminant = discriminantOf(objectDrafts);
      if (!draft.discriminant) {
        throw unionError(
          written,
          path,
          `${subject} type ${checker.typeToString(tsType)} cannot come from JSON: the union ${displayStructure(ir)} has several object members and no property tells them apart`,
          'give every member a required property of its own literal type (kind: "prefix" in one, kind: "regex" in the other): the decoder picks the member by it',
        );
      }
    }
    return draft;
  };

  const root = visit(tsType, irType, typeNode, "");
  if (!root) return undefined;

  // Keep the composites with a literal type somewhere below them (a fixpoint: types may recur).
  const keptComposites = new Set<Draft>();
  const isKept = (draft: Draft | undefined): draft is Draft => !!draft && (isLeaf(draft) || keptComposites.has(draft));
  for (let changed = true; changed; ) {
    changed = false;
    for (const draft of composites.values()) {
      if (keptComposites.has(draft) || !(childrenOf(draft).some(isKept) || (draft.kind === "union" && draft.discriminant))) continue;
      keptComposites.add(draft);
      changed = true;
    }
  }
  if (!isKept(root)) return undefined;

  const checks: LiteralCheck[] = [];
  const indices = new Map<Draft | string, number>();
  const index = (draft: Draft | undefined): number => {
    if (!isKept(draft)) return -1;
    // Leaves of the same values are one check; composites one per type (they may recur).
    const key = isLeaf(draft) ? JSON.stringify(draft) : draft;
    const existing = indices.get(key);
    if (existing !== undefined) return existing;
    const at = checks.length;
    indices.set(key, at);
    checks.push({ kind: "boolean", name: "", value: false }); // placeholder (types may recur)
    checks[at] = finish(draft);
    return at;
  };
  const finish = (draft: Draft): LiteralCheck => {
    switch (draft.kind) {
      case "strings":
        return { kind: "strings", name: nameOf(draft), values: draft.values };
      case "numbers":
        return { kind: "numbers", name: nameOf(draft), values: draft.values };
      case "boolean":
        return { kind: "boolean", name: nameOf(draft), value: draft.value };
      case "array":
        return { kind: "array", name: nameOf(draft), element: index(draft.element) };
      case "fields":
        return { kind: "fields", name: nameOf(draft), fields: draft.fields.map(index) };
      case "union":
        return { kind: "union", name: nameOf(draft), members: draft.members.map(index), ...(draft.discriminant ? { discriminant: draft.discriminant } : {}) };
    }
  };
  index(root);
  return checks;

  /** The type as messages show it: literal types by their values, the rest by structure. */
  function nameOf(draft: Draft): string {
    switch (draft.kind) {
      case "strings":
        return draft.values.map((v) => JSON.stringify(v)).join(" | ");
      case "numbers":
        return draft.values.map(String).join(" | ");
      case "boolean":
        return String(draft.value);
      case "array": {
        if (draft.ir.kind === "map") return `Record<string, ${show(draft.ir.value, draft.element)}>`;
        const element = (draft.ir as Extract<IrType, { kind: "array" }>).element;
        const shown = show(element, draft.element);
        const union = element.kind === "union" || (isKept(draft.element) && isLeaf(draft.element) && shown.includes(" | "));
        return union ? `(${shown})[]` : `${shown}[]`;
      }
      case "fields": {
        const layout = (draft.ir as Extract<IrType, { kind: "object" }>).layout;
        return layout.kind === "tuple" ? `[${draft.fieldTypes.map((t, i) => show(t, draft.fields[i])).join(", ")}]` : layout.displayName;
      }
      case "union": {
        const members = (draft.ir as Extract<IrType, { kind: "union" }>).members;
        let at = 0;
        return members.map((m) => (m.kind === "undefined" || m.kind === "null" ? m.kind : show(m, draft.members[at++]))).join(" | ");
      }
    }
  }

  function show(ir: IrType, draft: Draft | undefined): string {
    if (!isKept(draft)) return displayStructure(ir);
    if (draft.kind === "union") return nameOf(draft);
    // A union of one member and nullish ones: the member's checks apply to it.
    if (ir.kind === "union") {
      const nullish: IrType[] = ir.members.filter((m) => m.kind === "undefined" || m.kind === "null");
      return [show(ir.members.find((m) => !nullish.includes(m))!, draft), ...nullish.map((m) => m.kind)].join(" | ");
    }
    return nameOf(draft);
  }
}

function isLeaf(draft: Draft): boolean {
  return draft.kind !== "array" && draft.kind !== "fields" && draft.kind !== "union";
}

function childrenOf(draft: Draft): (Draft | undefined)[] {
  return draft.kind === "array" ? [draft.element] : draft.kind === "fields" ? draft.fields : draft.kind === "union" ? draft.members : [];
}

/** The JSON kind values of an IR type decode from (a union's members have distinct ones, but for objects). */
function jsonKindOf(type: IrType): string {
  if (type.kind === "object") return type.layout.kind === "tuple" ? "array" : "object";
  if (type.kind === "map") return "object";
  return type.kind;
}

/** The JSON kind of a TypeScript union constituent (literal and enum types by their values' kind). */
function tsJsonKind(type: ts.Type, checker: ts.TypeChecker): string {
  const flags = type.getFlags();
  if (flags & ts.TypeFlags.StringLike) return "string";
  if (flags & ts.TypeFlags.NumberLike) return "number";
  if (flags & ts.TypeFlags.BooleanLike) return "boolean";
  return checker.isArrayType(type) || checker.isTupleType(type) ? "array" : "object";
}

/**
 * The property that tells a union's object members apart: the first (in the first member's order)
 * that every member has, required, with literal values no two members share.
 */
function discriminantOf(members: Extract<Draft, { kind: "fields" }>[]): { property: string; values: string } | undefined {
  const layoutOf = (d: Extract<Draft, { kind: "fields" }>) => (d.ir as Extract<IrType, { kind: "object" }>).layout;
  const leafValues = (d: Draft | undefined): unknown[] | undefined =>
    d?.kind === "strings" || d?.kind === "numbers" ? d.values : d?.kind === "boolean" ? [d.value] : undefined;
  for (const candidate of layoutOf(members[0]!).fields) {
    const values: unknown[] = [];
    const ok = members.every((m) => {
      const at = layoutOf(m).fields.findIndex((f) => f.name === candidate.name);
      const field = layoutOf(m).fields[at];
      const mine = at >= 0 && field!.type.kind !== "union" ? leafValues(m.fields[at]) : undefined;
      if (!mine || mine.some((v) => values.includes(v))) return false;
      values.push(...mine);
      return true;
    });
    if (ok) return { property: candidate.name, values: values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join(" | ") };
  }
  return undefined;
}

function unique<T>(values: T[]): T[] {
  return values.filter((v, i) => values.indexOf(v) === i);
}

/** The checker orders a union's members by creation; messages list them as the source writes them. */
function inWrittenOrder<T extends string | number>(values: T[], written: ts.TypeNode | undefined, checker: ts.TypeChecker): T[] {
  const order = written ? writtenValues(written, checker, 0) : [];
  const rank = (v: T) => {
    const at = order.indexOf(v);
    return at < 0 ? order.length : at;
  };
  return unique(values).sort((a, b) => rank(a) - rank(b));
}

/** Where the type an expression is expected to have is written: its declaration's or assertion's type. */
export function expectedTypeNode(node: ts.Expression): ts.TypeNode | undefined {
  const parent = node.parent;
  if (ts.isParenthesizedExpression(parent)) return expectedTypeNode(parent);
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === node) return parent.type;
  if (ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isTypeAssertionExpression(parent)) return parent.type;
  if (ts.isReturnStatement(parent)) {
    let fn: ts.Node = parent;
    while (!ts.isFunctionLike(fn) && fn.parent) fn = fn.parent;
    return ts.isFunctionLike(fn) ? fn.type : undefined;
  }
  return undefined;
}

/** The literal values a type node lists, in its order (through unions, aliases and enums). */
function writtenValues(node: ts.TypeNode, checker: ts.TypeChecker, depth: number): (string | number)[] {
  if (depth > 20) return [];
  if (ts.isParenthesizedTypeNode(node)) return writtenValues(node.type, checker, depth + 1);
  if (ts.isUnionTypeNode(node)) return node.types.flatMap((t) => writtenValues(t, checker, depth + 1));
  if (ts.isLiteralTypeNode(node)) {
    const type = checker.getTypeFromTypeNode(node);
    return type.isStringLiteral() || type.isNumberLiteral() ? [type.value] : [];
  }
  if (ts.isTypeReferenceNode(node)) {
    const symbol = checker.getSymbolAtLocation(node.typeName);
    const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declaration = target?.declarations?.[0];
    if (declaration && ts.isTypeAliasDeclaration(declaration)) return writtenValues(declaration.type, checker, depth + 1);
    if (declaration && ts.isEnumDeclaration(declaration)) return declaration.members.flatMap((m) => checker.getConstantValue(m) ?? []);
    const type = checker.getTypeFromTypeNode(node);
    return type.isStringLiteral() || type.isNumberLiteral() ? [type.value] : [];
  }
  return [];
}

/** The element type nodes of an array or tuple type node (through parentheses, readonly and aliases). */
function writtenParts(node: ts.TypeNode | undefined, checker: ts.TypeChecker, depth = 0): (ts.TypeNode | undefined)[] | undefined {
  if (!node || depth > 20) return undefined;
  if (ts.isParenthesizedTypeNode(node) || (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword)) return writtenParts(node.type, checker, depth + 1);
  if (ts.isUnionTypeNode(node)) {
    // T | undefined (an optional element or property): the parts of T.
    const defined = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
    return defined.length === 1 ? writtenParts(defined[0], checker, depth + 1) : undefined;
  }
  if (ts.isArrayTypeNode(node)) return [node.elementType];
  if (ts.isTupleTypeNode(node)) return node.elements.map((e) => (ts.isNamedTupleMember(e) ? e.type : e));
  if (ts.isTypeReferenceNode(node)) {
    const symbol = checker.getSymbolAtLocation(node.typeName);
    const declaration = (symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol)?.declarations?.[0];
    if (declaration && ts.isTypeAliasDeclaration(declaration)) return writtenParts(declaration.type, checker, depth + 1);
    if (node.typeArguments?.length === 1 && /^(Readonly)?Array$/.test(node.typeName.getText())) return [node.typeArguments[0]];
  }
  return undefined;
}
