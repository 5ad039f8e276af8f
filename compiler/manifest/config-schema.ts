/**
 * A JSON Schema (draft 2020-12) of each filter's config, generated from the IR type the compiled
 * decoder reads (runtime-c/json.c) and the literal checks it applies. Written here rather than by a
 * TypeScript-to-schema library because the schema must accept exactly what the module accepts:
 * the decoder's rules (a property whose type includes undefined may be missing, null is never a
 * missing value, unknown properties are ignored, tuples have their exact length) are ours.
 */
import { FilterRegistration, IrType, Layout, LiteralCheck } from "../ir/index.js";

export type JsonSchema = { [keyword: string]: unknown } | boolean;

const DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** The schema of `filter`'s filter_config, with the filter's name as its title. */
export function configSchema(filter: FilterRegistration): { [keyword: string]: unknown } {
  const head = { $schema: DIALECT, title: `filter_config of ${filter.name}` };
  const type = filter.configType;
  if (!type) return { ...head, description: "The filter takes no config: any filter_config is accepted and ignored." };
  const checks = filter.configLiterals ?? [];
  const schema = new SchemaWriter(checks).schema(type, checks[0]);
  const description =
    type.kind === "string" ? "filter_config is passed to the filter as a string, not parsed as JSON." : "filter_config is JSON, decoded into the config type of the filter's factory.";
  const body = typeof schema === "boolean" ? {} : schema;
  return { ...head, description, ...body };
}

/** The schema of the per-route filter_config (registerHttpFilter's RouteConfig), when the filter takes one. */
export function perRouteConfigSchema(filter: FilterRegistration): { [keyword: string]: unknown } | undefined {
  const type = filter.perRouteType;
  if (!type) return undefined;
  const checks = filter.perRouteLiterals ?? [];
  const schema = new SchemaWriter(checks).schema(type, checks[0]);
  const description =
    type.kind === "string" ? "The per-route filter_config is passed to the filter as a string, not parsed as JSON." : "The per-route filter_config is JSON, decoded into the filter's RouteConfig type.";
  return { $schema: DIALECT, title: `per-route filter_config of ${filter.name}`, description, ...(typeof schema === "boolean" ? {} : schema) };
}

class SchemaWriter {
  /** Object layouts (with their literal checks) being written: a second visit is a recursive type. */
  private readonly onPath = new Map<string, string>();
  private readonly definitions = new Map<string, JsonSchema>();
  private readonly referenced = new Set<string>();

  constructor(private readonly checks: LiteralCheck[]) {}

  schema(type: IrType, check: LiteralCheck | undefined): { [keyword: string]: unknown } {
    const root = this.write(type, check);
    const used = [...this.definitions].filter(([name]) => this.referenced.has(name));
    return used.length === 0 ? root : { ...root, $defs: Object.fromEntries(used) };
  }

  private child(check: LiteralCheck | undefined, at: number): LiteralCheck | undefined {
    if (check?.kind === "array") return at === 0 && check.element >= 0 ? this.checks[check.element] : undefined;
    if (check?.kind === "fields") {
      const index = check.fields[at] ?? -1;
      return index >= 0 ? this.checks[index] : undefined;
    }
    return undefined;
  }

  private member(check: LiteralCheck | undefined, at: number): LiteralCheck | undefined {
    const index = check?.kind === "union" ? (check.members[at] ?? -1) : -1;
    return index >= 0 ? this.checks[index] : undefined;
  }

  private write(type: IrType, check: LiteralCheck | undefined): { [keyword: string]: unknown } {
    // A literal type replaces its kind's check, as in the decoder.
    if (check?.kind === "strings") return { type: "string", enum: check.values };
    if (check?.kind === "numbers") return { type: "number", enum: check.values };
    if (check?.kind === "boolean") return { type: "boolean", const: check.value };
    switch (type.kind) {
      case "number":
        return { type: "number" };
      case "boolean":
        return { type: "boolean" };
      case "string":
        return { type: "string" };
      case "union": {
        const present = type.members.filter((m) => m.kind !== "undefined");
        if (present.length === 1) return this.write(present[0]!, check);
        const nullable = present.length === 2 && present.some((m) => m.kind === "null");
        if (nullable) return { anyOf: [this.write(present.find((m) => m.kind !== "null")!, check), { type: "null" }] };
        // Members of different JSON kinds, or objects told apart by a discriminant: exactly one matches.
        let at = 0;
        const members = present.map((m) => (m.kind === "null" ? { type: "null" } : this.write(m, this.member(check, at++))));
        if (check?.kind !== "union" || !check.discriminant) return { anyOf: members };
        const { property } = check.discriminant;
        return { oneOf: members.map((m) => withConstDiscriminant(m, property)) };
      }
      case "array":
        return { type: "array", items: this.write(type.element, this.child(check, 0)) };
      case "object":
        return this.object(type.layout, check);
      case "map":
        // Record<string, T>: any keys, each value a T.
        if (type.dict) return { type: "object", additionalProperties: this.write(type.value, this.child(check, 0)) };
        throw new Error("config schema: a Map is not a config type");
      default:
        throw new Error(`config schema: ${type.kind} is not a config type`);
    }
  }

  private object(layout: Layout, check: LiteralCheck | undefined): { [keyword: string]: unknown } {
    const key = `${layout.cName}#${check ? this.checks.indexOf(check) : -1}`;
    const pending = this.onPath.get(key);
    if (pending !== undefined) {
      this.referenced.add(pending);
      return { $ref: `#/$defs/${pending}` };
    }
    const name = this.definitionName(layout.displayName);
    this.onPath.set(key, name);
    const fields = layout.fields.map((field, i) => ({ field, schema: this.write(field.type, this.child(check, i)) }));
    this.onPath.delete(key);
    let schema: { [keyword: string]: unknown };
    if (layout.kind === "tuple") {
      schema = { type: "array", prefixItems: fields.map((f) => f.schema), items: false, minItems: fields.length };
    } else {
      const required = fields.filter(({ field }) => !acceptsMissing(field.type)).map(({ field }) => field.name);
      schema = { type: "object", properties: Object.fromEntries(fields.map(({ field, schema }) => [field.name, schema])), ...(required.length > 0 ? { required } : {}) };
    }
    if (!this.referenced.has(name)) return schema;
    this.definitions.set(name, schema);
    return { $ref: `#/$defs/${name}` };
  }

  private definitionName(displayName: string): string {
    const stem = displayName.replace(/[^A-Za-z0-9_]/g, "_") || "Type";
    const taken = new Set([...this.definitions.keys(), ...this.onPath.values()]);
    let name = stem;
    for (let n = 2; taken.has(name); n++) name = `${stem}_${n}`;
    return name;
  }
}

/** A discriminated member's schema with its discriminant as `const` (one value) instead of a one-value `enum`. */
function withConstDiscriminant(schema: { [keyword: string]: unknown }, property: string): { [keyword: string]: unknown } {
  const properties = schema.properties as { [name: string]: { [keyword: string]: unknown } } | undefined;
  const tag = properties?.[property];
  if (!tag || !Array.isArray(tag.enum) || tag.enum.length !== 1) return schema;
  const { enum: values, ...rest } = tag;
  return { ...schema, properties: { ...properties, [property]: { ...rest, const: values[0] } } };
}

/** The decoder lets a property be missing when its type includes undefined (`?:` or `| undefined`). */
function acceptsMissing(type: IrType): boolean {
  return type.kind === "union" && type.members.some((m) => m.kind === "undefined");
}
