/**
 * Which types can be decoded from JSON (filter configs and JSON.parse targets): the ones runtime-c
 * json.c and the reference decoder both understand.
 */
import { ts } from "ts-morph";

import { displayType, IrType, Layout } from "../ir/index.js";
import { LoweringError } from "./errors.js";
import { CATALOGUE, diag } from "../diagnostics/catalogue.js";

/** Config types (and JSON.parse targets) are decoded from JSON: only JSON-shaped types are allowed. */
export function checkConfigType(type: IrType, node: ts.Node, root: boolean, subject = "config", seen = new Set<Layout | IrType>()): void {
  const reject = (what: string): never => {
    throw new LoweringError(node, diag.TSE3006, what, CATALOGUE.TSE3006.hint);
  };
  switch (type.kind) {
    case "number":
    case "boolean":
      if (root) reject(`a config of type ${type.kind} cannot be decoded on its own; wrap it in an object`);
      return;
    case "string":
      return;
    case "union": {
      const rest = type.members.filter((m) => m.kind !== "undefined");
      if (root) reject(`a config of type ${displayType(type)} is not supported; use an object`);
      if (rest.length !== 1 || type.members.some((m) => m.kind === "null")) reject(`${subject} field type ${displayType(type)} cannot come from JSON yet; use an optional property of one type`);
      return checkConfigType(rest[0]!, node, false, subject, seen);
    }
    case "array":
      if (seen.has(type)) return;
      seen.add(type);
      return checkConfigType(type.element, node, false, subject, seen);
    case "object":
      if (type.layout.kind === "class") reject(`${subject} type contains class ${type.layout.displayName}, which JSON cannot produce`);
      if (seen.has(type.layout)) return;
      seen.add(type.layout);
      for (const field of type.layout.fields) checkConfigType(field.type, node, false, subject, seen);
      return;
    default:
      reject(`${subject} type ${displayType(type)} cannot come from JSON`);
  }
}

