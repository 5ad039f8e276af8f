/**
 * Which types can be decoded from JSON (filter configs and JSON.parse targets): the ones runtime-c
 * json.c and the reference decoder both understand.
 */
import { ts } from "ts-morph";

import { displayType, IrType, Layout } from "../ir/index.js";
import { LoweringError, LoweringErrors } from "./errors.js";

const HINT = "describe the data with interfaces, arrays, tuples, strings, numbers, booleans and optional properties";

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
  const problems: LoweringError[] = [];
  const seen = new Set<Layout | IrType>();

  const reject = (what: string, place: Place): void => {
    const error = new LoweringError(place.declaration ?? node, "TSE3006", place.path ? `field \`${place.path}\`: ${what}` : what, HINT);
    if (place.declaration) error.related.push({ node, message: `the ${subject} is decoded into this type here` });
    problems.push(error);
  };

  const field = (place: Place, name: string, index: number, tuple: boolean): Place => {
    const path = tuple ? `${place.path}[${index}]` : place.path ? `${place.path}.${name}` : name;
    if (!checker || !place.tsType) return { path, declaration: place.declaration };
    if (tuple) return { path, declaration: place.declaration, tsType: checker.getTypeArguments(place.tsType as ts.TypeReference)[index] };
    const property = place.tsType.getProperty(name);
    const declaration = property?.valueDeclaration ?? property?.declarations?.[0];
    const own = declaration && !declaration.getSourceFile().isDeclarationFile && !declaration.getSourceFile().fileName.includes("/node_modules/");
    // The written type, `Map<string, string>` in `m: Map<string, string>;`, is what has to change.
    const written = own && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) ? (declaration.type ?? declaration) : declaration;
    return { path, tsType: property && checker.getTypeOfSymbol(property), declaration: own ? written : place.declaration };
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
        const rest = type.members.filter((m) => m.kind !== "undefined");
        if (root) return reject(`a config of type ${displayType(type)} is not supported; use an object`, place);
        if (rest.length !== 1 || type.members.some((m) => m.kind === "null")) return reject(`${subject} field type ${displayType(type)} cannot come from JSON yet; use an optional property of one type`, place);
        return walk(rest[0]!, false, { ...place, tsType: checker && place.tsType ? checker.getNonNullableType(place.tsType) : undefined });
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
      default:
        reject(`${subject} type ${displayType(type)} cannot come from JSON`, place);
    }
  };

  walk(type, root, { path: "", tsType: checker?.getTypeAtLocation(node) });
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new LoweringErrors(problems);
}
