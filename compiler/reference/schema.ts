/**
 * Config types as data (ConfigSchemaTable in abi/ts/sdk.ts): what the C type descriptors say,
 * for the Node reference implementation, which validates filter_config with the same messages;
 * with the literal checks the C decode is given beside the descriptors.
 */
import type { ConfigSchema, ConfigSchemaTable } from "../../abi/ts/sdk.js";
import { displayStructure, IrType, LiteralCheck, typeKey } from "../ir/index.js";

export function configSchemaTable(root: IrType, literals?: LiteralCheck[]): ConfigSchemaTable {
  const types: ConfigSchema[] = [];
  const indices = new Map<unknown, number>();
  const add = (type: IrType): number => {
    const key = type.kind === "object" ? type.layout : typeKey(type);
    const existing = indices.get(key);
    if (existing !== undefined) return existing;
    const index = types.length;
    indices.set(key, index);
    types.push({ kind: "string", name: "" }); // placeholder, filled below (types may be recursive)
    types[index] = describe(type);
    return index;
  };
  const describe = (type: IrType): ConfigSchema => {
    switch (type.kind) {
      case "number":
      case "boolean":
      case "string":
        return { kind: type.kind, name: type.kind };
      case "array":
        return { kind: "array", name: displayStructure(type), element: add(type.element) };
      case "union": {
        const defined = type.members.filter((m) => m.kind !== "undefined" && m.kind !== "null");
        const optional = type.members.some((m) => m.kind === "undefined");
        const nullable = type.members.some((m) => m.kind === "null");
        if (defined.length > 1) return { kind: "union", name: displayStructure(type), members: defined.map(add), optional, ...(nullable ? { nullable } : {}) };
        if (nullable) return { kind: "nullable", name: displayStructure(type), inner: add(defined[0]!), optional };
        if (!optional) throw new Error(`config schema: ${displayStructure(type)} cannot come from JSON`);
        return { kind: "optional", name: displayStructure(type), inner: add(defined[0]!) };
      }
      case "object":
        if (type.layout.kind === "tuple") {
          return { kind: "tuple", name: type.layout.displayName, elements: type.layout.fields.map((f) => add(f.type)) };
        }
        return { kind: "object", name: type.layout.displayName, fields: type.layout.fields.map((f) => ({ name: f.name, type: add(f.type) })) };
      case "map":
        if (!type.dict) throw new Error(`config schema: ${displayStructure(type)} cannot come from JSON`);
        return { kind: "record", name: displayStructure(type), value: add(type.value) };
      default:
        throw new Error(`config schema: ${type.kind} cannot come from JSON`);
    }
  };
  return { root: add(root), types, ...(literals ? { literals } : {}) };
}
