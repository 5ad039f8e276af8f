/**
 * C spellings shared by the emitter: the C type of each IR type, type descriptors (tse_type) and
 * the string literal pool. Everything is created on demand and emitted once, in first-use order,
 * so the output is deterministic.
 */
import { IrType, Layout } from "../ir.js";
import { displayType } from "../lower/types.js";

export function cType(type: IrType): string {
  switch (type.kind) {
    case "number":
      return "double";
    case "boolean":
      return "bool";
    case "string":
      return "tse_str";
    case "array":
      return "tse_array*";
    case "object":
      return `${structName(type.layout)}*`;
    case "optional":
      return cType(type.inner);
    case "boxed":
      return "tse_value";
    case "void":
      return "void";
    case "undefined":
    case "envoy":
      return "int";
  }
}

export function structName(layout: Layout): string {
  return layout.runtime?.struct ?? layout.cName;
}

/** C string literal for bytes that are all ASCII. */
export function cStringLiteral(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "?") out += "\\?"; // no trigraphs
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code < 0x80) out += `\\${code.toString(8).padStart(3, "0")}`;
    else throw new Error(`cStringLiteral: non-ASCII ${JSON.stringify(text)}`);
  }
  return `${out}"`;
}

/** C bytes of a UTF-8 string, escaped as needed (for names in descriptors and log file names). */
export function cUtf8Literal(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, "utf8")) {
    const ch = String.fromCharCode(byte);
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "?") out += "\\?";
    else if (byte >= 0x20 && byte < 0x7f) out += ch;
    else out += `\\${byte.toString(8).padStart(3, "0")}`;
  }
  return `${out}"`;
}

export function cNumberLiteral(value: number): string {
  if (Number.isNaN(value)) return "NAN";
  if (value === Infinity) return "INFINITY";
  if (value === -Infinity) return "(-INFINITY)";
  if (Object.is(value, -0)) return "(-0.0)";
  const text = String(value);
  const literal = /[.e]/.test(text) ? text : `${text}.0`;
  return value < 0 ? `(${literal})` : literal;
}

export class StringPool {
  private readonly names = new Map<string, string>();
  readonly definitions: string[] = [];

  /** A tse_str expression for a string constant. */
  ref(value: string): string {
    if (value === "") return "(&tse_empty_string)";
    let name = this.names.get(value);
    if (!name) {
      name = `str_${this.names.size}`;
      this.names.set(value, name);
      const units = [...Array(value.length).keys()].map((i) => value.charCodeAt(i));
      const comment = value.length <= 40 && !/[*/\n\r]/.test(value) && /^[\x20-\x7e]*$/.test(value) ? ` /* ${value} */` : "";
      if (units.every((u) => u < 0x80)) {
        this.definitions.push(`TSE_STRING_LITERAL(${name}, ${value.length}, ${cStringLiteral(value)});`);
      } else {
        this.definitions.push(`TSE_WIDE_STRING_LITERAL(${name}, ${value.length}, {${[...units, 0].map((u) => `0x${u.toString(16)}`).join(", ")}});${comment}`);
      }
    }
    return `TSE_STR(${name})`;
  }
}

/** tse_type descriptors, for object headers and config decoding. */
export class TypeDescriptors {
  private readonly names = new Map<string, string>();
  readonly forward: string[] = [];
  readonly definitions: string[] = [];

  /** The C expression `&descriptor` of an IR type. */
  ref(type: IrType): string {
    switch (type.kind) {
      case "number":
        return "&tse_type_number";
      case "boolean":
        return "&tse_type_boolean";
      case "string":
        return "&tse_type_string";
      case "object":
        if (type.layout.runtime) return `&${type.layout.runtime.typeDescriptor}`;
        return `&${this.define(`layout:${type.layout.cName}`, `type_${type.layout.cName}`, (name) => this.layoutDescriptor(name, type.layout))}`;
      case "array": {
        const key = `array:${displayType(type)}`;
        if (type.element.kind === "string") return "&tse_type_array_string";
        if (type.element.kind === "object" && type.element.layout.runtime?.struct === "tse_tuple_string_string") return "&tse_type_array_tuple_string_string";
        return `&${this.define(key, `type_array_${this.names.size}`, (name) => `static const tse_type ${name} = {TSE_KIND_ARRAY, ${cUtf8Literal(displayType(type))}, sizeof(tse_array*), ${this.ref(type.element)}, 0, NULL};`)}`;
      }
      case "optional":
      case "boxed": {
        const kind = type.kind === "optional" ? "TSE_KIND_OPTIONAL" : "TSE_KIND_BOXED";
        const size = type.kind === "optional" ? "sizeof(void*)" : "sizeof(tse_value)";
        return `&${this.define(`${type.kind}:${displayType(type)}`, `type_${type.kind}_${this.names.size}`, (name) => `static const tse_type ${name} = {${kind}, ${cUtf8Literal(displayType(type))}, ${size}, ${this.ref(type.inner)}, 0, NULL};`)}`;
      }
      default:
        throw new Error(`no type descriptor for ${type.kind}`);
    }
  }

  private define(key: string, name: string, make: (name: string) => string): string {
    const existing = this.names.get(key);
    if (existing) return existing;
    this.names.set(key, name);
    this.forward.push(`static const tse_type ${name};`);
    this.definitions.push(make(name));
    return name;
  }

  private layoutDescriptor(name: string, layout: Layout): string {
    const kind = layout.kind === "tuple" ? "TSE_KIND_TUPLE" : "TSE_KIND_OBJECT";
    const struct = structName(layout);
    // Fields of type envoy have no value to describe; they never occur in configs.
    const fields = layout.fields.filter((f) => f.type.kind !== "envoy" && f.type.kind !== "undefined" && f.type.kind !== "void");
    const lines: string[] = [];
    if (fields.length > 0) {
      lines.push(`static const tse_field ${name}_fields[] = {`);
      for (const field of fields) lines.push(`    {${cUtf8Literal(field.name)}, offsetof(${struct}, ${field.cName}), ${this.ref(field.type)}},`);
      lines.push("};");
    }
    lines.push(`static const tse_type ${name} = {${kind}, ${cUtf8Literal(layout.displayName)}, sizeof(${struct}), NULL, ${fields.length}, ${fields.length > 0 ? `${name}_fields` : "NULL"}};`);
    return lines.join("\n");
  }
}
