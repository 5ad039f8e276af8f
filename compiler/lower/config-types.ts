/**
 * Which types can be decoded from JSON (filter configs and JSON.parse targets): the ones runtime-c
 * json.c and the reference decoder both understand.
 */
import { ts } from "../ts-morph.js";

import { displayType, IrType, Layout } from "../ir/index.js";
import { CATALOGUE, diag } from "../diagnostics/catalogue.js";
import { LoweringError, LoweringErrors } from "./errors.js";
import { TypeError_ } from "./types.js";

const HINT = CATALOGUE.TSE3006.hint;

/** Where in the TypeScript type the walk is, to point at the field's declaration. */
interface Place {
  tsType?: ts.Type;
  /** The declaration of the innermost field in the filter's own files. */
  declaration?: ts.Node;
  /** `a.b[]`: the field, for the message. */
  path: string;
}

/**
 * Config types (and JSON.parse targets) are decoded from JSON: only JSON-shaped types are allowed.
 * Reports every problem at once; with `checker`, each at the field's declaration.
 */
export function checkConfigType(type: IrType, node: ts.Node, root: boolean, subject = "config", checker?: ts.TypeChecker): void {
  throwAll(configProblems(type, node, root, subject, checker, { path: "", tsType: checker?.getTypeAtLocation(node) }));
}

function throwAll(problems: LoweringError[]): void {
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new LoweringErrors(problems);
}

function isOwnDeclaration(declaration: ts.Node): boolean {
  const file = declaration.getSourceFile();
  return !file.isDeclarationFile && !file.fileName.includes("/node_modules/");
}

/** The written type, `Map<string, string>` in `m: Map<string, string>;`: what has to change. */
function writtenType(declaration: ts.Node): ts.Node {
  return (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.type ? declaration.type : declaration;
}

/** The JSON kind a decoded value of this type has (undefined: none; walk rejects it). */
function jsonKind(type: IrType): string | undefined {
  switch (type.kind) {
    case "number":
    case "boolean":
    case "string":
      return type.kind;
    case "array":
      return "array";
    case "object":
      return type.layout.kind === "tuple" ? "array" : "object";
    case "map":
      return type.dict ? "object" : undefined;
    default:
      return undefined;
  }
}

function configProblems(type: IrType, node: ts.Node, root: boolean, subject: string, checker: ts.TypeChecker | undefined, start: Place): LoweringError[] {
  const problems: LoweringError[] = [];
  const seen = new Set<Layout | IrType>();

  const reject = (what: string, place: Place): void => {
    const error = new LoweringError(place.declaration ?? node, diag.TSE3006, place.path ? `field \`${place.path}\`: ${what}` : what, HINT);
    if (place.declaration) error.related.push({ node, message: `the ${subject} is decoded into this type here` });
    problems.push(error);
  };

  const field = (place: Place, name: string, index: number, tuple: boolean): Place => {
    const path = tuple ? `${place.path}[${index}]` : place.path ? `${place.path}.${name}` : name;
    if (!checker || !place.tsType) return { path, declaration: place.declaration };
    if (tuple) return { path, declaration: place.declaration, tsType: checker.getTypeArguments(place.tsType as ts.TypeReference)[index] };
    const property = place.tsType.getProperty(name);
    const declaration = property?.valueDeclaration ?? property?.declarations?.[0];
    return { path, tsType: property && checker.getTypeOfSymbol(property), declaration: declaration && isOwnDeclaration(declaration) ? writtenType(declaration) : place.declaration };
  };

  const element = (place: Place): Place => ({
    path: `${place.path}[]`,
    declaration: place.declaration,
    tsType: checker && place.tsType ? checker.getIndexTypeOfType(place.tsType, ts.IndexKind.Number) : undefined,
  });

  const walk = (type: IrType, root: boolean, place: Place): void => {
    switch (type.kind) {
      case "number":
      case "boolean":
        if (root) reject(`a config of type ${type.kind} cannot be decoded on its own; wrap it in an object`, place);
        return;
      case "string":
        return;
      case "union": {
        // JSON null decodes as null; a missing property as undefined.
        const rest = type.members.filter((m) => m.kind !== "undefined" && m.kind !== "null");
        if (root) return reject(`a config of type ${displayType(type)} cannot be decoded on its own; wrap it in an object ({ match: ... })`, place);
        if (rest.length === 1) return walk(rest[0]!, false, { ...place, tsType: checker && place.tsType ? checker.getNonNullableType(place.tsType) : undefined });
        // Several members: each JSON value goes to the member of its kind (runtime-c/json.c decode_union);
        // object members (interfaces) by a discriminant property (lower/literal-checks.ts finds it).
        const kinds = rest.map((m) => (m.kind === "object" && m.layout.kind !== "tuple" && m.layout.kind !== "class" ? "interface" : jsonKind(m)));
        const shared = kinds.find((k, i) => k !== undefined && k !== "interface" && kinds.indexOf(k) !== i) ?? (kinds.includes("interface") && kinds.includes("object") ? "object" : undefined);
        if (shared) {
          return reject(`${subject} field type ${displayType(type)} cannot come from JSON yet: several of its members are JSON ${shared}s that no discriminant property tells apart; decoded unions need members of different JSON kinds (string | string[]) or object types with a discriminant ({ kind: "a"; ... } | { kind: "b"; ... })`, place);
        }
        rest.forEach((m) => walk(m, false, { path: place.path, declaration: place.declaration }));
        return;
      }
      case "array":
        if (seen.has(type)) return;
        seen.add(type);
        return walk(type.element, false, element(place));
      case "object": {
        const { layout } = type;
        if (layout.kind === "class") return reject(`${subject} type contains class ${layout.displayName}, which JSON cannot produce`, place);
        if (seen.has(layout)) return;
        seen.add(layout);
        layout.fields.forEach((f, i) => walk(f.type, false, field(place, f.name, i, layout.kind === "tuple")));
        return;
      }
      case "map":
        // A Record<string, T> comes from any JSON object whose values are Ts.
        if (!type.dict) return reject(`${subject} type ${displayType(type)} cannot come from JSON`, place);
        if (seen.has(type)) return;
        seen.add(type);
        return walk(type.value, false, {
          path: `${place.path}[key]`,
          declaration: place.declaration,
          tsType: checker && place.tsType ? checker.getIndexTypeOfType(checker.getNonNullableType(place.tsType), ts.IndexKind.String) : undefined,
        });
      default:
        reject(`${subject} type ${displayType(type)} cannot come from JSON`, place);
    }
  };

  walk(type, root, start);
  return problems;
}

/**
 * When the config type has no representation as a whole (a `Date` or `Record` field: TSE2002),
 * each field's problem, so that one run reports them all. `map`: the lowering's type mapping.
 */
export function configFieldProblems(parameter: ts.ParameterDeclaration, checker: ts.TypeChecker, map: (type: ts.Type) => IrType): LoweringError[] {
  const problems: LoweringError[] = [];
  const visit = (type: ts.Type, path: string, at: ts.Node, depth: number): void => {
    for (const property of checker.getPropertiesOfType(checker.getNonNullableType(type))) {
      const declaration = property.valueDeclaration;
      const where = declaration && isOwnDeclaration(declaration) ? writtenType(declaration) : at;
      const fieldPath = path ? `${path}.${property.name}` : property.name;
      const propertyType = checker.getTypeOfSymbol(property);
      let mapped: IrType;
      try {
        mapped = map(propertyType);
      } catch (error) {
        if (!(error instanceof TypeError_)) throw error;
        const found = problems.length;
        const inner = ownObjectType(propertyType, checker);
        if (inner && depth < 16) visit(inner.type, `${fieldPath}${inner.suffix}`, where, depth + 1);
        if (problems.length === found) problems.push(new LoweringError(where, error.code ?? diag.TSE2002, `field \`${fieldPath}\`: ${error.message}`, error.hint));
        continue;
      }
      problems.push(...configProblems(mapped, parameter, false, "config", checker, { path: fieldPath, tsType: propertyType, declaration: where === parameter ? undefined : where }));
    }
  };
  visit(checker.getTypeAtLocation(parameter), "", parameter, 0);
  for (const problem of problems) if (problem.node !== parameter && problem.related.length === 0) problem.related.push({ node: parameter, message: "the config is decoded into this type here" });
  return problems;
}

/** An interface or object literal type of the filter's own files, or an array of one: where a field's problem may lie deeper. */
function ownObjectType(type: ts.Type, checker: ts.TypeChecker): { type: ts.Type; suffix: string } | undefined {
  let inner = checker.getNonNullableType(type);
  let suffix = "";
  while (checker.isArrayType(inner)) {
    inner = checker.getTypeArguments(inner as ts.TypeReference)[0]!;
    suffix += "[]";
  }
  const symbol = inner.getSymbol();
  const isObject = symbol !== undefined && (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeLiteral)) !== 0;
  return isObject && (symbol.declarations ?? []).every(isOwnDeclaration) ? { type: inner, suffix } : undefined;
}
