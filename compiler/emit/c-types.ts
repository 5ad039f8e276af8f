/**
 * C spellings shared by the emitter: the C type of each IR type, type descriptors (tse_type),
 * string constants and static closures. Everything is created on demand and emitted once, in
 * first-use order, so the output is deterministic.
 */
import { concreteLayouts, displayStructure, Field, IrFunction, IrType, isArrayIndexKey, isHeapType, isNullish, Layout, LiteralCheck, membersOf, RegexTables, representation, Site, typeKey } from "../ir/index.js";

/** C adding field `index` of a record to `object`'s property order: an integer-like key goes in numeric order. */
export function keyDefine(object: string, layout: Layout, index: number): string {
  return `${isArrayIndexKey(layout.fields[index]!.name) ? "tse_key_define_index" : "tse_key_define"}(${object}->tse_keys, ${index});`;
}

/** A new record's constant property order: integer-like keys (the layout's first fields) first, ascending. */
export function keyOrder(layout: Layout, order: number[]): number[] {
  const isIndex = (i: number) => isArrayIndexKey(layout.fields[i]!.name);
  return [...order.filter(isIndex).sort((a, b) => a - b), ...order.filter((i) => !isIndex(i))];
}

/** The one heap member of a pointer-represented union, if there is exactly one. */
export function singleHeapMember(type: IrType): IrType | undefined {
  const heap = membersOf(type).filter(isHeapType);
  return heap.length === 1 ? heap[0] : undefined;
}

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
    case "function":
      return "tse_closure*";
    case "map":
    case "set":
      return "tse_map*";
    case "error":
      return "tse_error*";
    case "regexp":
      return "tse_regexp*";
    case "regexpMatch":
      return "tse_regexp_match*";
    case "bytes":
      return "tse_bytes*";
    case "textEncoder":
    case "textDecoder":
      return "tse_text_codec*";
    case "date":
      return "tse_date*";
    case "union": {
      if (representation(type) === "value") return "tse_value";
      const member = singleHeapMember(type);
      return member ? cType(member) : "void*";
    }
    case "void":
      return "void";
    case "undefined":
    case "null":
    case "envoy":
      return "int";
  }
}

export function structName(layout: Layout): string {
  return layout.runtime?.struct ?? layout.cName;
}

/** The C type of a function value's code pointer. */
export function functionPointerType(type: Extract<IrType, { kind: "function" }>): string {
  return `${cType(type.returns)} (*)(${["tse_ctx*", "tse_closure*", ...type.params.map(cType)].join(", ")})`;
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

/** C bytes of a UTF-8 string, escaped as needed (names in descriptors, log file names). */
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
      this.definitions.push(stringLiteralDefinition(name, value));
    }
    return `TSE_STR(${name})`;
  }
}

/**
 * The header checks a literal passes, as runtime-c/envoy_api.c would remember them, so that the
 * literal can be read-only: a token is a valid header name (RFC 9110 tchar), printable ASCII a
 * valid header value. Narrower than the runtime's checks (no pseudo-headers, tabs or wide units):
 * a literal outside them is checked where it is used, never accepted unchecked.
 */
function headerChecks(value: string): string[] {
  return [
    ...(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value) ? ["TSE_STR_CHECKED_HEADER_NAME"] : []),
    ...(/^[\x20-\x7e]*$/.test(value) ? ["TSE_STR_CHECKED_HEADER_VALUE"] : []),
  ];
}

/** A static, read-only tse_string named `name` (runtime-c/tse.h's literal macros). */
export function stringLiteralDefinition(name: string, value: string): string {
  const units = [...Array(value.length).keys()].map((i) => value.charCodeAt(i));
  if (units.some((u) => u >= 0x80)) return `TSE_WIDE_STRING_LITERAL(${name}, ${value.length}, {${[...units, 0].map((u) => `0x${u.toString(16)}`).join(", ")}});`;
  const checks = headerChecks(value);
  if (checks.length === 0) return `TSE_STRING_LITERAL(${name}, ${value.length}, ${cStringLiteral(value)});`;
  return `TSE_STRING_LITERAL_CHECKED(${name}, ${value.length}, ${checks.join(" | ")}, ${cStringLiteral(value)});`;
}

/**
 * The static tables of source sites (tse_site) errors and failures are reported at: one per source
 * file, its sites followed by the file's name, which each site finds by its distance from it. No
 * pointers: the tables need no relocations when the module loads (module size, docs/benchmarks.md).
 */
export class SitePool {
  private readonly files = new Map<string, { index: number; lines: number[]; indices: Map<number, number> }>();

  /** `&tse_sites_<file>.sites[i]`, or NULL for no site. */
  ref(site: Site | undefined): string {
    if (!site) return "NULL";
    let file = this.files.get(site.file);
    if (!file) {
      file = { index: this.files.size, lines: [], indices: new Map() };
      this.files.set(site.file, file);
    }
    let index = file.indices.get(site.line);
    if (index === undefined) {
      index = file.lines.length;
      file.indices.set(site.line, index);
      file.lines.push(site.line);
    }
    return `&tse_sites_${file.index}.sites[${index}]`;
  }

  definition(): string[] {
    return [...this.files].flatMap(([name, file]) => {
      const count = file.lines.length;
      return [
        `static const struct { tse_site sites[${count}]; char file[${Buffer.byteLength(name, "utf8") + 1}]; } tse_sites_${file.index} = {{`,
        ...file.lines.map((line, i) => `    {${line}, ${count - i} * sizeof(tse_site)},`),
        `}, ${cUtf8Literal(name)}};`,
      ];
    });
  }
}

/** tse_type descriptors, for object headers, run-time type tests and JSON. */
export class TypeDescriptors {
  private readonly names = new Map<string, string>();
  readonly forward: string[] = [];
  readonly definitions: string[] = [];
  /** A dict or a union listing its members was described: JSON decoding needs json.c's composites table. */
  composites = false;

  /** The C expression `&descriptor` of an IR type. */
  ref(type: IrType): string {
    switch (type.kind) {
      case "number":
        return "&tse_type_number";
      case "boolean":
        return "&tse_type_boolean";
      case "string":
        return "&tse_type_string";
      case "function":
        return "&tse_type_function";
      case "error":
        return "&tse_type_error";
      case "regexp":
        return "&tse_type_regexp";
      case "regexpMatch":
        return "&tse_type_regexp_match";
      case "bytes":
        return "&tse_type_bytes";
      case "textEncoder":
        return "&tse_type_text_encoder";
      case "textDecoder":
        return "&tse_type_text_decoder";
      case "date":
        return "&tse_type_date";
      case "undefined":
      case "void":
        return "&tse_type_undefined";
      case "null":
        return "&tse_type_null";
      case "object":
        if (type.layout.runtime) return `&${type.layout.runtime.typeDescriptor}`;
        return `&${this.describe(`layout:${type.layout.cName}`, `type_${type.layout.cName}`, type.layout.displayName, () => this.layoutDescriptor(type.layout), type.layout.kind === "class" ? type.layout.displayName.replace(/<.*$/s, "") : undefined)}`;
      case "array": {
        if (type.element.kind === "string") return "&tse_type_array_string";
        if (type.element.kind === "object" && type.element.layout.runtime?.struct === "tse_tuple_string_string") return "&tse_type_array_tuple_string_string";
        return `&${this.describe(`array:${typeKey(type)}`, `type_array_${this.names.size}`, displayStructure(type), () => ({ descriptor: `.kind = TSE_KIND_ARRAY, .size = sizeof(tse_array*), .elem = ${this.ref(type.element)}` }))}`;
      }
      case "map":
      case "set": {
        const kind = type.kind === "set" ? "TSE_KIND_SET" : type.dict ? "TSE_KIND_DICT" : "TSE_KIND_MAP";
        if (type.kind === "map" && type.dict) this.composites = true;
        // A dict's descriptor gives its values' type (JSON decoding); a Map's or Set's, its keys'.
        const key = type.kind === "set" ? type.element : type.dict ? type.value : type.key;
        return `&${this.describe(`${type.kind}:${typeKey(type)}`, `type_${type.kind}_${this.names.size}`, displayStructure(type), () => ({ descriptor: `.kind = ${kind}, .size = sizeof(tse_map), .elem = ${this.ref(key)}` }))}`;
      }
      case "union": {
        const rep = representation(type);
        const nullish = membersOf(type).filter(isNullish);
        const heap = singleHeapMember(type);
        const nonNullish = membersOf(type).filter((m) => !isNullish(m));
        const kind = rep === "value" ? "TSE_KIND_BOXED" : nullish.some((m) => m.kind === "null") ? "TSE_KIND_NULLABLE" : nullish.length ? "TSE_KIND_OPTIONAL" : "TSE_KIND_REF";
        const elem = rep === "ref" ? (heap ? this.ref(heap) : "NULL") : nonNullish.length === 1 ? this.ref(nonNullish[0]!) : "NULL";
        const size = rep === "value" ? "sizeof(tse_value)" : "sizeof(void*)";
        // Several members: listed in `fields` (no names), for decoding a union from JSON by each value's kind.
        // (A tagged union lists undefined too when it is a member: a property it may lack.)
        // A tagged union lists null too (JSON null decodes to it); a pointer's NULL is its one nullish member.
        const listing = nonNullish.length > 1 || (rep === "value" && nullish.some((m) => m.kind === "null"));
        if (listing) this.composites = true;
        const listedMembers = membersOf(type).filter((m) => (rep === "value" ? m.kind !== "void" : !isNullish(m)));
        return `&${this.describe(`union:${typeKey(type)}`, `type_union_${this.names.size}`, displayStructure(type), () => ({
          descriptor: `.kind = ${kind}, .size = ${size}, .elem = ${elem}${listing ? `, .field_count = ${listedMembers.length}` : ""}`,
          fields: listing ? listedMembers.map((m) => `{0, 0, ${this.ref(m)}}`) : undefined,
        }))}`;
      }
      case "envoy":
        throw new Error("no type descriptor for EnvoyHttpFilter");
    }
  }

  /**
   * C that tests a non-NULL pointer `code` (evaluated once) for an object of `type`: of its layout,
   * or of one implementing it (see Layout.implementers).
   */
  test(type: Extract<IrType, { kind: "object" }>, code: string): string {
    if (concreteLayouts(type.layout).length === 1) return this.layoutTest(type.layout, code);
    return `${this.testFunction(type.layout)}(${code})`;
  }

  /** C that tests a non-NULL pointer for an object of exactly `layout` (an Error subclass by its kind, see Layout.errorKind). */
  layoutTest(layout: Layout, code: string): string {
    if (layout.errorKind !== undefined) return `(tse_is(${code}, &tse_type_error) && ((const tse_error*)${code})->kind == ${layout.errorKind})`;
    return `tse_is(${code}, ${this.ref({ kind: "object", layout })})`;
  }

  /** The C function `bool is_T(const void*)` testing for an object of `layout`'s type (a record with implementers). */
  testFunction(layout: Layout): string {
    const layouts = concreteLayouts(layout);
    const key = `test:${layout.cName}`;
    const existing = this.names.get(key);
    if (existing) return existing;
    const name = `is_${layout.cName}`;
    this.names.set(key, name);
    this.forward.push(`static bool ${name}(const void* object);`);
    const tests = layouts.map((l) => this.layoutTest(l, "object"));
    this.definitions.push(`static bool ${name}(const void* object) { return ${tests.join(" || ")}; }`);
    return name;
  }

  /**
   * A descriptor as one object (runtime-c/tse.h tse_type): `struct <name>_t` holds the descriptor,
   * its fields (or a union's members), their names, its name and class name, which it finds by
   * their distances: no pointer to relocate for them when the module loads. `<name>` names the
   * descriptor itself (a macro), as the runtime's do. `make` runs after the forward declaration, so
   * that descriptors can refer to each other.
   */
  private describe(key: string, name: string, displayName: string, make: () => DescriptorParts, className?: string): string {
    const existing = this.names.get(key);
    if (existing) return existing;
    this.names.set(key, name);
    const struct = `struct ${name}_t`;
    const nameLiteral = cUtf8Literal(displayName);
    // A class's name is its display name but for type arguments: shared when they are the same.
    const classLiteral = className === undefined || className === displayName ? undefined : cUtf8Literal(className);
    const at = this.forward.length;
    this.forward.push("");
    const parts = make();
    const fields = parts.fields ?? [];
    const members = [
      "tse_type type;",
      ...(fields.length > 0 ? [`tse_field fields[${fields.length}];`] : []),
      ...(parts.names ? [`char names[${parts.names.size}];`] : []),
      `char name[sizeof ${nameLiteral}];`,
      ...(classLiteral ? [`char class_name[sizeof ${classLiteral}];`] : []),
    ];
    this.forward[at] = `static const ${struct} { ${members.join(" ")} } ${name}_named;\n#define ${name} (${name}_named.type)`;
    const classOffset = classLiteral ? `, .class_name_offset = offsetof(${struct}, class_name)` : className !== undefined ? `, .class_name_offset = offsetof(${struct}, name)` : "";
    const offsets = `.name_offset = offsetof(${struct}, name)${classOffset}, .extent = sizeof(${struct})`;
    const body = [
      `{${parts.descriptor}, ${offsets}}`,
      ...(fields.length > 0 ? [`{\n    ${fields.join(",\n    ")}}`] : []),
      ...(parts.names ? [parts.names.literal] : []),
      nameLiteral,
      ...(classLiteral ? [classLiteral] : []),
    ];
    this.definitions.push(`static const ${struct} ${name}_named = {${body.join(",\n  ")}};`);
    return name;
  }

  /** C functions the descriptors point to (toString, toJSON), defined after the functions' prototypes. */
  readonly hooks: string[] = [];

  /**
   * The descriptor's to_string / to_json: calls the layout's own `toString()` / `toJSON(key)` (a
   * class method, or a function property), which lowering checked (conversion-members.ts).
   */
  private conversionHook(layout: Layout, member: "toString" | "toJSON"): string | undefined {
    const struct = structName(layout);
    const method = layout.kind === "class" ? layout.methods.get(member) : undefined;
    const field = method ? undefined : layout.fields.find((f) => f.name === member);
    const fn = field && membersOf(field.type).find((m): m is Extract<IrType, { kind: "function" }> => m.kind === "function");
    if (!method && !fn) return undefined;
    const lines: string[] = [`  ${struct}* self = (${struct}*)object;`];
    let call: string;
    let returns: IrType;
    if (method) {
      call = `${method.cName}(${["ctx", "self", ...method.params.map(() => "key")].join(", ")})`;
      returns = method.returnType;
    } else {
      const closure = `self->${field!.cName}`;
      if (membersOf(field!.type).some((m) => m.kind !== "function")) lines.push(`  if (${closure} == NULL) return NULL;`);
      const params = field!.method ? fn!.params.slice(1) : fn!.params;
      const receiver = field!.method ? [`(${cType(fn!.params[0]!)})self`] : [];
      call = `((${functionPointerType(fn!)})${closure}->code)(${["ctx", closure, ...receiver, ...params.map(() => "key")].join(", ")})`;
      returns = fn!.returns;
    }
    const name = `${member === "toString" ? "to_string" : "to_json"}_${layout.cName}`;
    if (member === "toString") {
      const signature = `static tse_str ${name}(tse_ctx* ctx, const void* object)`;
      this.forward.push(`${signature};`);
      this.hooks.push([`${signature} {`, ...lines, `  return ${call};`, "}"].join("\n"));
      return name;
    }
    const signature = `static const tse_type* ${name}(tse_ctx* ctx, const void* object, tse_str key, void* out)`;
    this.forward.push(`${signature};`);
    const store = representation(returns) === "unit" ? [`  (void)out;`, `  ${call};`] : [`  *(${cType(returns)}*)out = ${call};`];
    this.hooks.push([`${signature} {`, "  (void)key;", ...lines, ...store, `  return ${this.ref(returns)};`, "}"].join("\n"));
    return name;
  }

  private layoutDescriptor(layout: Layout): DescriptorParts {
    const kind = layout.kind === "tuple" ? "TSE_KIND_TUPLE" : "TSE_KIND_OBJECT";
    const struct = structName(layout);
    // Fields of type envoy have no value to describe; records list them as undefined (tse_keys index by position).
    const valueless = (f: Field) => f.type.kind === "envoy" || f.type.kind === "void";
    // A class's #private fields are no properties: JSON.stringify, Object.keys and ToString never see them.
    const fields = layout.kind === "record" ? layout.fields : layout.fields.filter((f) => !valueless(f) && !f.name.startsWith("#"));
    // The names follow the fields, each found by its distance from its field (runtime-c/tse.h tse_field).
    const names = fields.map((f) => f.name);
    const starts = names.map((_, i) => names.slice(0, i).reduce((sum, n) => sum + Buffer.byteLength(n, "utf8") + 1, 0));
    const size = names.reduce((sum, n) => sum + Buffer.byteLength(n, "utf8") + 1, 0);
    const entries = fields.map((field, i) => `{offsetof(${struct}, ${field.cName}), ${fields.length - i} * sizeof(tse_field) + ${starts[i]}, ${valueless(field) ? "&tse_type_undefined" : this.ref(field.type)}}`);
    const keys = layout.kind === "record" ? `offsetof(${struct}, tse_keys)` : "0";
    const toString = this.conversionHook(layout, "toString");
    const toJson = this.conversionHook(layout, "toJSON");
    const hooks = `${toString ? `, .to_string = ${toString}` : ""}${toJson ? `, .to_json = ${toJson}` : ""}`;
    return {
      descriptor: `.kind = ${kind}, .size = sizeof(${struct}), .field_count = ${fields.length}, .keys_offset = ${keys}${hooks}`,
      fields: entries,
      // "\0" as a literal of its own: a digit after it would extend the escape.
      names: fields.length > 0 ? { size, literal: names.map(cUtf8Literal).join(' "\\0" ') } : undefined,
    };
  }
}

/** What a descriptor object holds besides its name (TypeDescriptors.describe). */
interface DescriptorParts {
  /** The tse_type's designated initializers, less its name's, class name's and extent. */
  descriptor: string;
  /** tse_field initializers, after the descriptor. */
  fields?: string[];
  /** The fields' names, after them: bytes and C literal. */
  names?: { size: number; literal: string };
}

/** Static closures for top-level functions used as values, and closure environments. */
export class Closures {
  private readonly done = new Set<string>();
  readonly definitions: string[] = [];

  /** `&closure` of a top-level function (a thunk ignoring the closure argument). */
  staticClosure(fn: IrFunction): string {
    const name = `closure_${fn.cName}`;
    if (!this.done.has(name)) {
      this.done.add(name);
      const params = fn.params.map((p, i) => `${cType(p.type)} a${i}`);
      const call = `${fn.cName}(${["ctx", ...fn.params.map((_, i) => `a${i}`)].join(", ")})`;
      this.definitions.push(
        [
          `static ${cType(fn.returnType)} thunk_${fn.cName}(${["tse_ctx* ctx", "tse_closure* closure", ...params].join(", ")}) {`,
          "  (void)closure;",
          fn.returnType.kind === "void" ? `  ${call};` : `  return ${call};`,
          "}",
          `static const tse_closure ${name} = {{&tse_type_function}, (void*)thunk_${fn.cName}};`,
        ].join("\n"),
      );
    }
    return `((tse_closure*)&${name})`;
  }
}

/** Literal checks (runtime-c tse_literal_check) as static tables, one per distinct set of checks. */
export class LiteralCheckTables {
  private readonly names = new Map<string, string>();
  readonly definitions: string[] = [];

  constructor(private readonly strings: StringPool) {}

  /** The C expression of the table (its root check), or NULL without checks. */
  ref(checks: readonly LiteralCheck[] | undefined): string {
    if (!checks) return "NULL";
    const key = JSON.stringify(checks);
    const existing = this.names.get(key);
    if (existing) return existing;
    const name = `literal_checks_${this.names.size}`;
    this.names.set(key, name);
    const children = (indices: number[]) => `.count = ${indices.length}, .children = (const int32_t[]){${indices.join(", ")}}`;
    const entry = (check: LiteralCheck): string => {
      const head = `.name = ${cUtf8Literal(check.name)}`;
      switch (check.kind) {
        case "strings":
          return `{.kind = TSE_LITERAL_STRINGS, ${head}, .count = ${check.values.length}, .strings = (const tse_str[]){${check.values.map((v) => this.strings.ref(v)).join(", ")}}}`;
        case "numbers":
          return `{.kind = TSE_LITERAL_NUMBERS, ${head}, .count = ${check.values.length}, .numbers = (const double[]){${check.values.map(cNumberLiteral).join(", ")}}}`;
        case "boolean":
          return `{.kind = TSE_LITERAL_BOOLEAN, ${head}, .boolean = ${check.value}}`;
        case "array":
          return `{.kind = TSE_LITERAL_ARRAY, ${head}, ${children([check.element])}}`;
        case "fields":
          return `{.kind = TSE_LITERAL_FIELDS, ${head}, ${children(check.fields)}}`;
        case "union": {
          const { discriminant } = check;
          const picked = discriminant ? `, .discriminant = ${cUtf8Literal(discriminant.property)}, .discriminant_values = ${cUtf8Literal(discriminant.values)}` : "";
          return `{.kind = TSE_LITERAL_UNION, ${head}, ${children(check.members)}${picked}}`;
        }
      }
    };
    this.definitions.push([`static const tse_literal_check ${name}[] = {`, ...checks.map((c) => `    ${entry(c)},`), "};"].join("\n"));
    return name;
  }
}

/** What the emitters of one module share. */
export interface EmitContext {
  strings: StringPool;
  descriptors: TypeDescriptors;
  literalChecks: LiteralCheckTables;
  closures: Closures;
  /** Comparators for Array.prototype.sort, one per element type. */
  comparators: Map<string, { name: string; definition: string }>;
  /** Layouts a config value can have: frozen at run time, so stores to them are checked. */
  frozenLayouts: ReadonlySet<Layout>;
  /** Functions and loops spend fuel (--cpu-budget). */
  cpuBudget: boolean;
  sites: SitePool;
  /** The module's regexes by C name (slot matches, ir/match-slots.ts, read their group counts and one-pass code). */
  regexes: ReadonlyMap<string, RegexTables>;
}
