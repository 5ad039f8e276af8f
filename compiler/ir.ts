/**
 * The IR between lowering and C emission: typed, explicit, no TypeScript left in it.
 *
 * Every expression carries its IR type, which fixes its C representation (see runtime-c/tse.h).
 * Evaluation order is JavaScript's: the emitter evaluates operands left to right.
 */

export type IrType =
  | { kind: "number" }
  | { kind: "boolean" }
  | { kind: "string" }
  | { kind: "void" }
  | { kind: "undefined" }
  | { kind: "object"; layout: Layout }
  | { kind: "array"; element: IrType }
  /** `inner | undefined` where inner is a pointer type: NULL is undefined. */
  | { kind: "optional"; inner: IrType }
  /** `inner | undefined` where inner is number or boolean: a tagged tse_value. */
  | { kind: "boxed"; inner: IrType }
  /** The EnvoyHttpFilter handle: no run-time value, the context carries the stream. */
  | { kind: "envoy" };

export const numberType: IrType = { kind: "number" };
export const booleanType: IrType = { kind: "boolean" };
export const stringType: IrType = { kind: "string" };
export const voidType: IrType = { kind: "void" };
export const undefinedType: IrType = { kind: "undefined" };
export const envoyType: IrType = { kind: "envoy" };

export interface Field {
  name: string;
  cName: string;
  type: IrType;
}

/** A heap struct: class instance, record (interface / object type) or tuple. */
export interface Layout {
  kind: "class" | "record" | "tuple";
  /** Unique C identifier stem. */
  cName: string;
  /** As written in TypeScript, for messages: "Config", "[string, string]". */
  displayName: string;
  fields: Field[];
  /** Set when the runtime already defines this layout (its C struct and tse_type). */
  runtime?: { struct: string; typeDescriptor: string };
  /** Classes only. */
  methods: Map<string, IrFunction>;
  constructorFunction?: IrFunction;
}

export interface Local {
  name: string;
  cName: string;
  type: IrType;
}

export interface IrFunction {
  cName: string;
  /** For messages and comments: "Filter.onRequestHeaders". */
  displayName: string;
  /** Methods and constructors receive the instance first. */
  self?: { layout: Layout; local: Local };
  params: Local[];
  returnType: IrType;
  body: Stmt[];
  /** Filled by lowering; a function is emitted once its body is lowered. */
  lowered: boolean;
}

export type LValue =
  | { kind: "local"; local: Local }
  | { kind: "field"; object: Expr; layout: Layout; field: Field };

export type Stmt =
  | { kind: "let"; local: Local; init?: Expr }
  | { kind: "expr"; expr: Expr }
  | { kind: "if"; condition: Expr; then: Stmt[]; otherwise: Stmt[] }
  /** `for`/`while`/`do`: `update` runs after the body and on `continue`. */
  | { kind: "loop"; label: string; condition?: Expr; body: Stmt[]; update: Stmt[]; testFirst: boolean }
  /** for (const x of array): reads the length each iteration, as the array iterator does. */
  | { kind: "forOf"; label: string; array: Expr; element: Local; body: Stmt[] }
  | { kind: "break"; label: string }
  | { kind: "continue"; label: string }
  | { kind: "return"; value?: Expr }
  | { kind: "throwError"; message: Expr }
  | { kind: "block"; body: Stmt[] };

export type UnaryOp = "!" | "-" | "+";
export type BinaryOp =
  | "+" | "-" | "*" | "/" | "%" | "**"
  | "<" | ">" | "<=" | ">="
  | "===" | "!==";

export type Expr = { type: IrType } & (
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "string"; value: string }
  | { kind: "undefined" }
  | { kind: "envoy" }
  | { kind: "local"; local: Local }
  | { kind: "field"; object: Expr; layout: Layout; field: Field }
  /** array[index]: the element, or undefined when out of range or not an integer index. */
  | { kind: "elementAt"; array: Expr; index: Expr }
  | { kind: "call"; callee: IrFunction; self?: Expr; args: Expr[] }
  | { kind: "new"; layout: Layout; args: Expr[] }
  | { kind: "runtime"; op: RuntimeOp; args: Expr[] }
  | { kind: "unary"; op: UnaryOp; operand: Expr }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr }
  /** `&&`, `||`, `??` with JavaScript's value semantics; operands already converted to `type`. */
  | { kind: "logical"; op: "&&" | "||" | "??"; left: Expr; right: Expr }
  | { kind: "conditional"; condition: Expr; whenTrue: Expr; whenFalse: Expr }
  | { kind: "assign"; target: LValue; value: Expr }
  /** `x op= v`, `x++`, `++x`: the target is evaluated once; the result is the new value unless returnOld. */
  | { kind: "compound"; target: LValue; op: BinaryOp | "concat"; value: Expr; returnOld: boolean }
  /**
   * Representation change between two IR types of the same JS value. `checked` narrows
   * `T | undefined` to T where TypeScript's narrowing is not sound (fields, `x!`): undefined there
   * fails the stream closed instead of dereferencing NULL.
   */
  | { kind: "convert"; value: Expr; checked: boolean }
  | { kind: "truthy"; value: Expr }
  | { kind: "isUndefined"; value: Expr }
  | { kind: "arrayLiteral"; elements: Expr[] }
  /** Fields in source (evaluation) order; absent optional fields are undefined. */
  | { kind: "objectLiteral"; layout: Layout; fields: { field: Field; value: Expr }[] }
);

/** Operations implemented by runtime-c; the emitter knows each one's C form. */
export type RuntimeOp =
  | "string.concat"
  | "string.length"
  | "number.toString"
  | "boolean.toString"
  | "array.length"
  | "array.push"
  | "nonNull"
  | "http.getHeader"
  | "http.getHeaderValues"
  | "http.getHeaders"
  | "http.setHeader"
  | "http.addHeader"
  | "http.removeHeader"
  | "http.sendResponse"
  | "http.getAttributeString"
  | "http.getAttributeInt"
  | "log";

export interface FilterRegistration {
  name: string;
  configType?: IrType;
  factory: IrFunction;
  filterLayout: Layout;
  hooks: { onRequestHeaders?: IrFunction; onResponseHeaders?: IrFunction; onStreamComplete?: IrFunction };
}

export interface IrModule {
  name: string;
  filters: FilterRegistration[];
  functions: IrFunction[];
  layouts: Layout[];
  streamMemoryLimit: number;
}
