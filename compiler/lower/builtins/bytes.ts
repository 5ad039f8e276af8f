/**
 * Bytes and time: Uint8Array (Uint8Array.prototype.*, Uint8Array.from/of, `new Uint8Array`),
 * TextEncoder/TextDecoder (UTF-8 only), atob/btoa, Date.now() and performance.now().
 */
import { ts } from "../../ts-morph.js";
import { booleanType, bytesType, Expr, IrType, numberType, Stmt, stringType, undefinedType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { unsupported } from "../errors.js";
import type { BuiltinCall, BuiltinTable } from "./common.js";
import { bool, call, callbackArg, FunctionType, hold, indexLoop, num, numberArg, optionalNumberArg, read, rt, seq, str, undef } from "./common.js";
import { numberArguments } from "./math.js";

const numberArray: IrType = { kind: "array", element: numberType };

/** The bytes of an array of numbers, another Uint8Array or any other iterable of numbers. */
function bytesFrom(l: LowerContext, node: ts.Expression): Expr {
  const value = l.typeOf(node).kind === "bytes" ? l.expr(node) : undefined;
  if (value) return rt("bytes.copy", [value], bytesType);
  return rt("bytes.fromNumbers", [l.spreadSource(node, numberType)], bytesType);
}

function stringArg(l: LowerContext, node: ts.Expression | undefined): Expr {
  return node ? l.coerce(l.expr(node, stringType), stringType, node) : str("");
}

/** WHATWG Encoding's labels of UTF-8, the one encoding compiled filters decode. */
const UTF8_LABELS = ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"];

export function newBytesOrCodec(l: LowerContext, node: ts.NewExpression, name: string): Expr | undefined {
  const args = node.arguments ?? [];
  if (name === "Uint8Array") {
    const [first] = args;
    if (!first) return rt("bytes.new", [num(0)], bytesType);
    if (l.typeOf(first).kind === "number") return rt("bytes.new", [l.coerce(l.expr(first), numberType, first)], bytesType);
    return bytesFrom(l, first);
  }
  if (name === "TextEncoder") return rt("textEncoder.new", [], { kind: "textEncoder" });
  if (name === "TextDecoder") {
    const [label, options] = args;
    if (label && !(ts.isIdentifier(label) && label.text === "undefined")) {
      if (!ts.isStringLiteralLike(label)) unsupported(label, "a TextDecoder label that is not a string literal", 'write new TextDecoder() or new TextDecoder("utf-8")');
      if (!UTF8_LABELS.includes(label.text.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "").toLowerCase())) {
        unsupported(label, `the encoding ${JSON.stringify(label.text)}`, 'compiled filters decode UTF-8 only: new TextDecoder() or new TextDecoder("utf-8")');
      }
    }
    const flags: Record<string, Expr> = { fatal: bool(false), ignoreBOM: bool(false) };
    if (options) {
      if (!ts.isObjectLiteralExpression(options)) unsupported(options, "TextDecoder options that are not an object literal", "write { fatal: true } or { ignoreBOM: true } in the call");
      for (const property of options.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name) || !(property.name.text in flags)) {
          unsupported(property, "this TextDecoder option", "the options are fatal and ignoreBOM, as `name: value`");
        }
        flags[property.name.text] = l.truthy(l.expr(property.initializer));
      }
    }
    return rt("textDecoder.new", [flags.fatal!, flags.ignoreBOM!], { kind: "textDecoder" });
  }
  return undefined;
}

/** `bytes.length`, a codec's `encoding`, a decoder's flags. */
export function bytesProperty(object: Expr, name: string): Expr | undefined {
  switch (object.type.kind) {
    case "bytes":
      return name === "length" || name === "byteLength" ? rt("bytes.length", [object], numberType) : undefined;
    case "textEncoder":
    case "textDecoder":
      if (name === "encoding") return seq([{ kind: "expr", expr: object }], str("utf-8"));
      if (object.type.kind === "textDecoder" && (name === "fatal" || name === "ignoreBOM")) return rt(`textDecoder.${name}`, [object], booleanType);
      return undefined;
    default:
      return undefined;
  }
}

/**
 * forEach, some, every, map: the callback gets (byte, index, bytes), each byte read when its step
 * comes; a Uint8Array's length cannot change, so every index below it is visited.
 */
function bytesCallbackMethod(l: LowerContext, node: ts.CallExpression, method: string, bytes: Expr): Expr {
  const statements: Stmt[] = [];
  const u = hold(l, bytes, statements, "bytes");
  const f = hold(l, callbackArg(l, node, 0).value, statements, "callback");
  const length = hold(l, rt("bytes.length", [read(u)], numberType), statements, "length");
  const fnType = f.type as FunctionType;
  const invoke = (i: Expr) => call(read(f), [rt("bytes.read", [read(u), i], numberType), i, read(u)].slice(0, fnType.params.length), fnType.returns);
  if (method === "forEach") {
    statements.push(indexLoop(l, read(length), (i) => [{ kind: "expr", expr: invoke(i) }]));
    return seq(statements, undef);
  }
  if (method === "map") {
    const result = hold(l, rt("bytes.new", [read(length)], bytesType), statements, "mapped");
    statements.push(
      indexLoop(l, read(length), (i) => [
        { kind: "expr", expr: { kind: "assign", target: { kind: "element", array: read(result), index: i, element: numberType }, value: l.coerce(invoke(i), numberType, node), type: numberType } },
      ]),
    );
    return seq(statements, read(result));
  }
  // some: true at the first truthy result; every: false at the first falsy one.
  const wanted = method === "some";
  const result = hold(l, bool(!wanted), statements, "found");
  statements.push(
    indexLoop(l, read(length), (i, label) => {
      const test = l.truthy(invoke(i));
      return [
        {
          kind: "if",
          condition: wanted ? test : { kind: "unary", op: "!", operand: test, type: booleanType },
          then: [{ kind: "expr", expr: { kind: "assign", target: { kind: "local", local: result }, value: bool(wanted), type: booleanType } }, { kind: "break", label }],
          otherwise: [],
        },
      ];
    }),
  );
  return seq(statements, read(result));
}

export const BYTES_BUILTINS: BuiltinTable = {
  ...Object.fromEntries(["forEach", "map", "some", "every"].map((method) => [`Uint8Array.prototype.${method}`, (l: LowerContext, { node, receiver }: BuiltinCall) => bytesCallbackMethod(l, node, method, receiver!)])),
  "Uint8Array.from": (l, { node }) => {
    if (node.arguments.length > 1) unsupported(node, "Uint8Array.from with a map function", "map first: Uint8Array.from(xs.map(f))");
    return bytesFrom(l, node.arguments[0]!);
  },
  "Uint8Array.of": (l, { node }) => rt("bytes.fromNumbers", [{ kind: "arrayLiteral", elements: numberArguments(l, node).map((e) => (e.type.kind === "array" ? { spread: e } : e)), type: numberArray }], bytesType),
  "Uint8Array.prototype.subarray": (l, { node, receiver }) => rt("bytes.subarray", [receiver!, optionalNumberArg(l, node.arguments[0]), optionalNumberArg(l, node.arguments[1])], bytesType),
  "Uint8Array.prototype.slice": (l, { node, receiver }) => rt("bytes.slice", [receiver!, optionalNumberArg(l, node.arguments[0]), optionalNumberArg(l, node.arguments[1])], bytesType),
  "Uint8Array.prototype.set": (l, { node, receiver }) => {
    const source = node.arguments[0]!;
    const value = l.expr(source);
    const offset = numberArg(l, node.arguments[1], 0);
    if (value.type.kind === "bytes") return rt("bytes.setBytes", [receiver!, value, offset], undefinedType);
    return rt("bytes.setNumbers", [receiver!, l.coerce(value, numberArray, source), offset], undefinedType);
  },
  "Uint8Array.prototype.fill": (l, { node, receiver }) =>
    rt("bytes.fill", [receiver!, numberArg(l, node.arguments[0], NaN), optionalNumberArg(l, node.arguments[1]), optionalNumberArg(l, node.arguments[2])], bytesType),
  "Uint8Array.prototype.indexOf": (l, { node, receiver }) => rt("bytes.indexOf", [receiver!, numberArg(l, node.arguments[0], NaN), numberArg(l, node.arguments[1], 0)], numberType),
  "Uint8Array.prototype.includes": (l, { node, receiver }) => rt("bytes.includes", [receiver!, numberArg(l, node.arguments[0], NaN), numberArg(l, node.arguments[1], 0)], booleanType),
  "Uint8Array.prototype.join": (l, { node, receiver }) => rt("bytes.join", [receiver!, node.arguments[0] ? stringArg(l, node.arguments[0]) : str(",")], stringType),
  "Uint8Array.prototype.toString": (l, { receiver }) => rt("bytes.join", [receiver!, str(",")], stringType),
  "TextEncoder.prototype.encode": (l, { node, receiver }) => rt("textEncoder.encode", [receiver!, stringArg(l, node.arguments[0])], bytesType),
  "TextDecoder.prototype.decode": (l, { node, receiver }) => {
    const input = node.arguments[0];
    return rt("textDecoder.decode", [receiver!, input ? l.expr(input) : { kind: "undefined", type: undefinedType }], stringType);
  },
  btoa: (l, { node }) => rt("btoa", [stringArg(l, node.arguments[0])], stringType),
  atob: (l, { node }) => rt("atob", [stringArg(l, node.arguments[0])], stringType),
  "Date.now": () => rt("date.now", [], numberType),
  "performance.now": () => rt("performance.now", [], numberType),
};
