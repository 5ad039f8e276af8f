/**
 * Map and Set: their methods (Map.prototype.*, Set.prototype.*) and `new Map(entries)`, `new Set(values)`.
 */
import { ts } from "../../ts-morph.js";
import { booleanType, Expr, IrType, membersOf, optionalOf, Stmt, undefinedType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { unsupported } from "../errors.js";
import type { BuiltinCall, BuiltinTable } from "./common.js";
import { arrayGet, arrayLength, call, callbackArg, FunctionType, hold, indexLoop, read, rt, seq, undef } from "./common.js";

function mapMethod(l: LowerContext, node: ts.CallExpression, method: string, map: Expr): Expr | undefined {
  const type = map.type as Extract<IrType, { kind: "map" | "set" }>;
  const args = node.arguments;
  const keyType = type.kind === "map" ? type.key : type.element;
  const key = () => l.coerce(l.expr(args[0]!, keyType), keyType, args[0]!);
  switch (method) {
    case "get":
      if (type.kind !== "map") return undefined;
      return rt("map.get", [map, key()], optionalOf(type.value));
    case "set": {
      if (type.kind !== "map") return undefined;
      const statements: Stmt[] = [];
      const m = hold(l, map, statements, "map");
      const k = hold(l, key(), statements, "key");
      const v = hold(l, l.coerce(l.expr(args[1]!, type.value), type.value, args[1]!), statements, "value");
      statements.push({ kind: "expr", expr: rt("map.set", [read(m), read(k), read(v)], undefinedType) });
      return seq(statements, read(m));
    }
    case "add": {
      if (type.kind !== "set") return undefined;
      const statements: Stmt[] = [];
      const m = hold(l, map, statements, "set");
      statements.push({ kind: "expr", expr: rt("map.set", [read(m), key(), undef], undefinedType) });
      return seq(statements, read(m));
    }
    case "has":
      return rt("map.has", [map, key()], booleanType);
    case "delete":
      return rt("map.delete", [map, key()], booleanType);
    case "clear":
      return rt("map.clear", [map], undefinedType);
    case "forEach": {
      const statements: Stmt[] = [];
      const m = hold(l, map, statements, "map");
      const { value: callback } = callbackArg(l, node, 0);
      const f = hold(l, callback, statements, "callback");
      const fnType = f.type as FunctionType;
      const valueType = type.kind === "map" ? type.value : type.element;
      const entry = l.temp(l.host.types.tupleOf([keyType, valueType]), "entry");
      const layout = (entry.type as Extract<IrType, { kind: "object" }>).layout;
      const part = (i: number, type: IrType): Expr => ({ kind: "field", object: read(entry), layout, field: layout.fields[i]!, type });
      const label = l.newLabel();
      statements.push({
        kind: "forOfCollection",
        label,
        source: read(m),
        what: "entries",
        element: entry,
        body: [
          {
            kind: "expr",
            expr: call(
              read(f),
              [part(1, valueType), part(0, keyType), read(m)].slice(0, fnType.params.length),
              fnType.returns,
            ),
          },
        ],
      });
      return seq(statements, undef);
    }
    case "keys":
    case "values":
    case "entries":
      unsupported(node, `${method}() outside for...of, spread or Array.from`, `iterate it directly: for (const x of m.${method}())`);
  }
  return undefined;
}

const MAP_SET_METHODS = ["get", "set", "add", "has", "delete", "clear", "forEach", "keys", "values", "entries"];

export const MAP_SET_BUILTINS: BuiltinTable = Object.fromEntries(
  ["Map", "Set"].flatMap((library) => MAP_SET_METHODS.map((method) => [`${library}.prototype.${method}`, (l: LowerContext, c: BuiltinCall) => mapMethod(l, c.node, method, c.receiver!)])),
);

/** `new Map(entries)` / `new Set(values)`: the declared type gives what TypeScript leaves as any. */
export function newMapOrSet(l: LowerContext, node: ts.NewExpression, name: "Map" | "Set", expected?: IrType): Expr {
  const args = node.arguments ?? [];
  // `const m: Map<K, V> = new Map()`: the declared type gives what TypeScript leaves as any.
  const kind = name === "Map" ? "map" : "set";
  const type = (expected && membersOf(expected).find((m) => m.kind === kind)) ?? l.typeOf(node);
  const statements: Stmt[] = [];
  const created = hold(l, rt("map.new", [], type), statements, name === "Map" ? "map" : "set");
  if (args[0]) {
    const source = args[0];
    const elementType = type.kind === "map" ? l.host.types.tupleOf([type.key, type.value]) : (type as Extract<IrType, { kind: "set" }>).element;
    const array = hold(l, l.spreadSource(source, elementType), statements, "entries");
    statements.push(
      indexLoop(l, arrayLength(read(array)), (i) => {
        const item = arrayGet(read(array), i, elementType);
        if (type.kind === "map") {
          const pair = l.temp(elementType, "pair");
          const layout = (elementType as Extract<IrType, { kind: "object" }>).layout;
          return [
            { kind: "let", local: pair, init: item },
            { kind: "expr", expr: rt("map.set", [read(created), { kind: "field", object: read(pair), layout, field: layout.fields[0]!, type: type.key }, { kind: "field", object: read(pair), layout, field: layout.fields[1]!, type: type.value }], undefinedType) },
          ];
        }
        return [{ kind: "expr", expr: rt("map.set", [read(created), item, undef], undefinedType) }];
      }),
    );
  }
  return seq(statements, read(created));
}

