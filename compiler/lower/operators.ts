/**
 * Operators: binary and unary operators, assignments and compound assignments, equality,
 * typeof and instanceof tests, and the logical operators.
 * Each function takes the function being lowered (context.ts) as `ctx`.
 */
import { binary as binaryNode, negate as negateNode, not as notNode } from "../ir/index.js";
import { ts } from "../ts-morph.js";
import { BinaryOp, booleanType, compatible, displayType, Expr, IrType, isHeapType, isNullish, isSubtype, LValue, membersOf, nonNullish, nullType, numberType, opNamed, optionalOf, representation, sameType, Stmt, stringType, undefinedType, unionOf } from "../ir/index.js";
import { toNumberExpr } from "./builtins/index.js";
import type { LowerContext } from "./context.js";
import { unsupported } from "./errors.js";
import { dictAssignment, dictCompound, dictEntry, dictIn, isDict, rejectDictTarget } from "./dicts.js";
import { ERROR_CONSTRUCTORS } from "./ir-helpers.js";
import { fieldTarget, methodComparison, methodPresence, methodValue, requireOwnLayout } from "./members.js";

export function lvalue(ctx: LowerContext, node: ts.Expression): LValue {
  if (ts.isParenthesizedExpression(node)) return lvalue(ctx, node.expression);
  if (ts.isNonNullExpression(node)) return lvalue(ctx, node.expression);
  if (ts.isIdentifier(node)) {
    const symbol = ctx.symbolOf(node);
    const local = symbol && ctx.scope.get(symbol);
    if (!local) unsupported(node, `assigning to \`${node.text}\``, "assign to local variables and fields");
    return { kind: "local", local };
  }
  if (ts.isPropertyAccessExpression(node)) {
    ctx.host.classes.staticMember(ctx, node, true);
    const read = ctx.property(ctx.expr(node.expression), node.name.text, node, true);
    if (read.kind === "field") return fieldTarget(ctx, read, node);
    unsupported(node, "assigning to this property", "assign to fields of objects");
  }
  rejectDictTarget(ctx, node);
  if (ts.isElementAccessExpression(node)) {
    const object = ctx.expr(node.expression);
    if (object.type.kind === "array") {
      return { kind: "element", array: object, index: ctx.coerce(ctx.expr(node.argumentExpression), numberType, node.argumentExpression), element: object.type.element };
    }
    if (object.type.kind === "bytes") {
      return { kind: "element", array: object, index: ctx.coerce(ctx.expr(node.argumentExpression), numberType, node.argumentExpression), element: numberType };
    }
    if (object.type.kind === "object" && object.type.layout.kind === "tuple" && ts.isNumericLiteral(node.argumentExpression)) {
      const field = object.type.layout.fields[Number(node.argumentExpression.text)];
      if (field) return { kind: "field", object, layout: object.type.layout, field };
    }
    if (object.type.kind === "object" && ts.isStringLiteral(node.argumentExpression)) {
      // obj["name"] = v: the property `name`, as obj.name.
      const read = ctx.property(object, node.argumentExpression.text, node, true);
      if (read.kind === "field") return fieldTarget(ctx, read, node);
    }
    unsupported(node, "assigning to this element", "assign to array elements and tuple positions");
  }
  unsupported(node, "assigning to this target", "assign to local variables, fields and array elements");
}

/** `re.lastIndex = n`: the one writable property of a RegExp. */
function lastIndexAssignment(ctx: LowerContext, node: ts.BinaryExpression): Expr | undefined {
  if (!ts.isPropertyAccessExpression(node.left) || node.left.name.text !== "lastIndex") return undefined;
  const object = ctx.expr(node.left.expression);
  if (object.type.kind !== "regexp") return undefined;
  return { kind: "runtime", op: "regexp.setLastIndex", args: [object, ctx.coerce(ctx.expr(node.right, numberType), numberType, node.right)], type: numberType };
}

export function targetType(ctx: LowerContext, target: LValue): IrType {
  return target.kind === "local" ? target.local.type : target.kind === "field" ? target.field.type : target.element;
}

export function binary(ctx: LowerContext, node: ts.BinaryExpression, expected?: IrType): Expr {
  const op = node.operatorToken.kind;
  const S = ts.SyntaxKind;
  if (op === S.EqualsToken) {
    if (ts.isArrayLiteralExpression(node.left) || ts.isObjectLiteralExpression(node.left)) return ctx.destructuringAssignment(node.left, node.right);
    if (ts.isPropertyAccessExpression(node.left) && node.left.name.text === "length" && ctx.typeOf(node.left.expression).kind === "array") {
      // xs.length = n truncates (or throws RangeError where JavaScript would leave holes).
      const array = ctx.expr(node.left.expression);
      return { kind: "runtime", op: "array.setLength", args: [array, ctx.coerce(ctx.expr(node.right), numberType, node.right)], type: numberType };
    }
    const lastIndex = lastIndexAssignment(ctx, node);
    if (lastIndex) return lastIndex;
    const accessor = ctx.host.classes.assignment(ctx, node);
    if (accessor) return accessor;
    const dictWrite = dictAssignment(ctx, node);
    if (dictWrite) return dictWrite;
    const target = lvalue(ctx, node.left);
    const type = targetType(ctx, target);
    if (target.kind === "field" && target.field.method) return { kind: "assign", target, value: methodValue(ctx, node.right, target.field, target.layout), type };
    return noteAppend({ kind: "assign", target, value: ctx.coerce(ctx.expr(node.right, type), type, node.right), type });
  }
  const compound: Partial<Record<ts.SyntaxKind, BinaryOp>> = {
    [S.PlusEqualsToken]: "+", [S.MinusEqualsToken]: "-", [S.AsteriskEqualsToken]: "*", [S.SlashEqualsToken]: "/",
    [S.PercentEqualsToken]: "%", [S.AsteriskAsteriskEqualsToken]: "**", [S.AmpersandEqualsToken]: "&", [S.BarEqualsToken]: "|",
    [S.CaretEqualsToken]: "^", [S.LessThanLessThanEqualsToken]: "<<", [S.GreaterThanGreaterThanEqualsToken]: ">>",
    [S.GreaterThanGreaterThanGreaterThanEqualsToken]: ">>>",
  };
  const compoundOp = compound[op];
  if (compoundOp) {
    const accessor = ctx.host.classes.accessorUpdate(ctx, node, node.left, compoundOp, node.right, false);
    if (accessor) return accessor;
    const entry = dictCompound(ctx, node, node.left, compoundOp, node.right, false);
    if (entry) return entry;
    const target = lvalue(ctx, node.left);
    const type = targetType(ctx, target);
    const value = ctx.expr(node.right);
    if (compoundOp === "+" && type.kind === "string") {
      return noteAppend({ kind: "compound", target, op: "concat", value: ctx.toStringExpr(value, node.right), returnOld: false, type });
    }
    if (type.kind !== "number") unsupported(node, `\`${node.operatorToken.getText()}\` on ${displayType(type)}`, "use it on numbers (or += on strings)");
    return { kind: "compound", target, op: compoundOp, value: ctx.coerce(value, numberType, node.right), returnOld: false, type };
  }
  if (op === S.AmpersandAmpersandEqualsToken || op === S.BarBarEqualsToken || op === S.QuestionQuestionEqualsToken) {
    return logicalAssignment(ctx, node, op === S.AmpersandAmpersandEqualsToken ? "&&" : op === S.BarBarEqualsToken ? "||" : "??");
  }
  if (op === S.AmpersandAmpersandToken || op === S.BarBarToken || op === S.QuestionQuestionToken) {
    return logical(ctx, node, op === S.AmpersandAmpersandToken ? "&&" : op === S.BarBarToken ? "||" : "??", expected);
  }
  if (op === S.CommaToken) {
    return { kind: "sequence", statements: [{ kind: "expr", expr: ctx.expr(node.left) }], result: ctx.expr(node.right, expected), type: ctx.typeOf(node.right) };
  }
  if (op === S.InstanceOfKeyword) return instanceOf(ctx, node);
  const methodTest = methodComparison(ctx, node);
  if (methodTest) return methodTest;
  if (op === S.InKeyword) return inOperator(ctx, node);
  const left = ctx.expr(node.left);
  const right = ctx.expr(node.right);
  const arithmeticOps: Partial<Record<ts.SyntaxKind, BinaryOp>> = {
    [S.MinusToken]: "-", [S.AsteriskToken]: "*", [S.SlashToken]: "/", [S.PercentToken]: "%", [S.AsteriskAsteriskToken]: "**",
    [S.AmpersandToken]: "&", [S.BarToken]: "|", [S.CaretToken]: "^", [S.LessThanLessThanToken]: "<<", [S.GreaterThanGreaterThanToken]: ">>",
    [S.GreaterThanGreaterThanGreaterThanToken]: ">>>",
  };
  switch (op) {
    case S.PlusToken:
      if (left.type.kind === "string" || right.type.kind === "string") {
        // `a + b + c` is one build of all parts, not a build nested in a build per link: chains may be long.
        const parts = left.kind === "runtime" && left.op === "string.build" ? left.args : [ctx.toStringExpr(left, node.left)];
        return { kind: "runtime", op: "string.build", args: [...parts, ctx.toStringExpr(right, node.right)], type: stringType };
      }
      return arithmetic(ctx, "+", left, right, node);
    case S.LessThanToken:
      return comparison(ctx, "<", left, right, node);
    case S.GreaterThanToken:
      return comparison(ctx, ">", left, right, node);
    case S.LessThanEqualsToken:
      return comparison(ctx, "<=", left, right, node);
    case S.GreaterThanEqualsToken:
      return comparison(ctx, ">=", left, right, node);
    case S.EqualsEqualsEqualsToken:
      return equality(ctx, left, right, node, false, true);
    case S.ExclamationEqualsEqualsToken:
      return equality(ctx, left, right, node, true, true);
    case S.EqualsEqualsToken:
      return equality(ctx, left, right, node, false, false);
    case S.ExclamationEqualsToken:
      return equality(ctx, left, right, node, true, false);
  }
  const arithmeticOp = arithmeticOps[op];
  if (arithmeticOp) return arithmetic(ctx, arithmeticOp, left, right, node);
  unsupported(node.operatorToken, `the operator \`${node.operatorToken.getText()}\``, "see docs/language.md for the supported operators");
}

/**
 * `a ??= b`, `a ||= b`, `a &&= b`: the target's object and index are evaluated once; `b` is
 * evaluated and assigned only when the operator would take it. The value is the target's new value.
 */
function logicalAssignment(ctx: LowerContext, node: ts.BinaryExpression, op: "&&" | "||" | "??"): Expr {
  const statements: Stmt[] = [];
  const hold = (value: Expr, name: string): Expr => {
    const local = ctx.temp(value.type, name);
    statements.push({ kind: "let", local, init: value });
    return { kind: "local", local, type: value.type };
  };
  const entry = dictEntry(ctx, node.left, statements);
  if (entry) {
    // `d[k] ??= v`: the own entry (undefined when absent), then v, set only when it is taken;
    // the value is the entry's type (`&&=` also undefined: an absent entry stays absent).
    const type = op === "&&" ? optionalOf(entry.type.value) : entry.type.value;
    const assigned = ctx.temp(type, "assigned");
    const read: Expr = { kind: "local", local: assigned, type };
    const set: Expr = {
      kind: "sequence",
      statements: [
        { kind: "let", local: assigned, init: ctx.coerce(ctx.expr(node.right, type), type, node.right) },
        { kind: "expr", expr: { kind: "runtime", op: "map.set", args: [entry.dict, entry.key, ctx.coerce(read, entry.type.value, node)], type: undefinedType } },
      ],
      result: read,
      type,
    };
    const current: Expr = { kind: "runtime", op: "map.get", args: [entry.dict, entry.key], type: optionalOf(entry.type.value) };
    return { kind: "sequence", statements, result: logicalResult(ctx, op, current, set, type, node), type };
  }
  const given = lvalue(ctx, node.left);
  const target: LValue =
    given.kind === "field" ? { ...given, object: hold(given.object, "object") } : given.kind === "element" ? { ...given, array: hold(given.array, "array"), index: hold(given.index, "index") } : given;
  const assignedType = targetType(ctx, target);
  // Read as a plain read would: an element past the end is undefined.
  const current: Expr =
    target.kind === "local"
      ? { kind: "local", local: target.local, type: assignedType }
      : target.kind === "field"
        ? { kind: "field", object: target.object, layout: target.layout, field: target.field, type: assignedType }
        : target.array.type.kind === "bytes"
          ? { kind: "runtime", op: "bytes.get", args: [target.array, target.index], type: optionalOf(numberType) }
          : { kind: "elementAt", array: target.array, index: target.index, type: optionalOf(target.element) };
  const type = ctx.typeOf(node);
  const value = ctx.coerce(ctx.expr(node.right, type), type, node.right);
  const assigned = ctx.temp(type, "assigned");
  const right: Expr = {
    kind: "sequence",
    statements: [
      { kind: "let", local: assigned, init: value },
      { kind: "expr", expr: { kind: "assign", target, value: ctx.coerce({ kind: "local", local: assigned, type }, assignedType, node), type: assignedType } },
    ],
    result: { kind: "local", local: assigned, type },
    type,
  };
  return { kind: "sequence", statements, result: logicalResult(ctx, op, current, right, type, node), type };
}

function arithmetic(ctx: LowerContext, op: BinaryOp, left: Expr, right: Expr, node: ts.BinaryExpression): Expr {
  if (left.type.kind !== "number" || right.type.kind !== "number") {
    unsupported(node, `\`${node.operatorToken.getText()}\` on ${displayType(left.type)} and ${displayType(right.type)}`, "convert to numbers first: Number(x)");
  }
  return binaryNode(op, left, right);
}

function comparison(ctx: LowerContext, op: BinaryOp, left: Expr, right: Expr, node: ts.BinaryExpression): Expr {
  if (left.type.kind === "string" && right.type.kind === "string") return { kind: "binary", op, left, right, type: booleanType };
  if (left.type.kind === "number" && right.type.kind === "number") return binaryNode(op, left, right);
  // Dates compare by their time values (valueOf), as JavaScript's ToPrimitive with hint number does.
  if (left.type.kind === "date" && right.type.kind === "date") return binaryNode(op, toNumberExpr(ctx, left, node), toNumberExpr(ctx, right, node));
  unsupported(node, `comparing ${displayType(left.type)} with ${displayType(right.type)}`, "compare two numbers or two strings");
}

/** `===`/`!==` (strict) and `==`/`!=` (only against null/undefined: "nullish"). */
export function equality(ctx: LowerContext, left: Expr, right: Expr, node: ts.Node, negate: boolean, strict: boolean): Expr {
  const result = equalityTest(ctx, left, right, node, strict);
  return negate ? notNode(result) : result;
}

function equalityTest(ctx: LowerContext, left: Expr, right: Expr, node: ts.Node, strict: boolean): Expr {
  const nullishLiteral = (e: Expr) => e.kind === "undefined" || e.kind === "null";
  if (nullishLiteral(left) || nullishLiteral(right)) {
    const [literal, other] = nullishLiteral(right) ? [right, left] : [left, right];
    const members = membersOf(other.type);
    // A void value is undefined.
    const has = (kind: IrType["kind"]) => members.some((m) => m.kind === kind || (kind === "undefined" && m.kind === "void"));
    const test = (member: IrType): Expr =>
      has(member.kind) ? { kind: "is", value: other, member, type: booleanType } : { kind: "sequence", statements: [{ kind: "expr", expr: other }], result: { kind: "boolean", value: false, type: booleanType }, type: booleanType };
    if (!strict) {
      if (!members.some(isNullish)) return test(undefinedType);
      const holder = ctx.temp(other.type, "compared");
      const read: Expr = { kind: "local", local: holder, type: other.type };
      return {
        kind: "sequence",
        statements: [{ kind: "let", local: holder, init: other }],
        result: {
          kind: "logical",
          op: "||",
          left: has("undefined") ? { kind: "is", value: read, member: undefinedType, type: booleanType } : { kind: "boolean", value: false, type: booleanType },
          right: has("null") ? { kind: "is", value: read, member: nullType, type: booleanType } : { kind: "boolean", value: false, type: booleanType },
          type: booleanType,
        },
        type: booleanType,
      };
    }
    return test(literal.type);
  }
  if (!strict) unsupported(node, "loose equality between non-nullish values", "use === / !==");
  if (left.kind === "typeof" && right.kind === "string") return typeofTest(ctx, left, right.value);
  if (right.kind === "typeof" && left.kind === "string") return typeofTest(ctx, right, left.value);
  const common = commonComparable(ctx, left.type, right.type);
  if (!common && sameObjectsPossible(ctx, left.type, right.type)) {
    // A class instance and a value of a record type may be the same object (compared as pointers).
    return { kind: "binary", op: "===", left, right, type: booleanType };
  }
  if (!common) {
    // Values of types with no common member are never equal (TypeScript flags most of these).
    return { kind: "sequence", statements: [{ kind: "expr", expr: left }, { kind: "expr", expr: right }], result: { kind: "boolean", value: false, type: booleanType }, type: booleanType };
  }
  return binaryNode("===", ctx.coerce(left, common, node), ctx.coerce(right, common, node));
}

/** `value == null`, for a value evaluated once already (a local). */
export function isNullishTest(ctx: LowerContext, value: Expr): Expr {
  const tests = membersOf(value.type)
    .filter(isNullish)
    .map((m): Expr => ({ kind: "is", value, member: m.kind === "null" ? nullType : undefinedType, type: booleanType }));
  return tests.reduce((a, b) => ({ kind: "logical", op: "||", left: a, right: b, type: booleanType }));
}

function typeofTest(ctx: LowerContext, value: Extract<Expr, { kind: "typeof" }>, name: string): Expr {
  return { kind: "binary", op: "===", left: value, right: { kind: "string", value: name, type: stringType }, type: booleanType };
}

/** Both are objects (or the same one of undefined and null): identity is pointer equality, whatever their layouts. */
function sameObjectsPossible(ctx: LowerContext, a: IrType, b: IrType): boolean {
  const objects = (t: IrType) => representation(t) === "ref" && membersOf(t).every((m) => m.kind === "object" || isNullish(m));
  const nullish = (t: IrType) => membersOf(t).filter(isNullish).map((m) => (m.kind === "null" ? "null" : "undefined"));
  const [na, nb] = [nullish(a), nullish(b)];
  return objects(a) && objects(b) && (na.length === 0 || nb.length === 0 || na[0] === nb[0]) && membersOf(a).some((m) => m.kind === "object" && m.layout.kind !== "tuple");
}

function commonComparable(ctx: LowerContext, a: IrType, b: IrType): IrType | undefined {
  if (sameType(a, b)) return a;
  if (isSubtype(a, b)) return b;
  if (isSubtype(b, a)) return a;
  const shared = membersOf(a).filter((m) => membersOf(b).some((n) => sameType(m, n)));
  return shared.length ? unionOf([a, b]) : undefined;
}

function instanceOf(ctx: LowerContext, node: ts.BinaryExpression): Expr {
  const value = ctx.expr(node.left);
  const right = node.right;
  if (ts.isIdentifier(right) && ctx.isGlobal(right) && ERROR_CONSTRUCTORS.has(right.text)) {
    return { kind: "runtime", op: "error.instanceof", args: [value, { kind: "number", value: [...ERROR_CONSTRUCTORS].indexOf(right.text), type: numberType }], type: booleanType };
  }
  const target = ctx.typeOf(right);
  const instance = ctx.mapType(ctx.checker.getTypeAtLocation(right).getConstructSignatures()[0]?.getReturnType() ?? ctx.checker.getTypeAtLocation(right), right);
  if (instance.kind === "object" && instance.layout.kind === "class") return { kind: "is", value, member: instance, type: booleanType };
  unsupported(node, `instanceof ${displayType(target)}`, "use instanceof with your own classes or Error types");
}

function logical(ctx: LowerContext, node: ts.BinaryExpression, op: "&&" | "||" | "??", expected?: IrType): Expr {
  const type = ctx.contextualType(node, expected);
  if (type.kind === "boolean" && op !== "??") {
    const chain = booleanChain(ctx, node);
    if (chain) return chain;
  }
  // `o.m && o.m()`: the method (a function, so truthy) or undefined decides.
  const presence = op === "&&" ? methodPresence(ctx, node.left) : undefined;
  if (presence) {
    return { kind: "conditional", condition: presence, whenTrue: ctx.coerce(ctx.expr(node.right, type), type, node.right), whenFalse: ctx.coerce({ kind: "undefined", type: undefinedType }, type, node), type };
  }
  const left = ctx.expr(node.left);
  // Never nullish: the right operand is dead code, and its type need not fit the result's.
  if (op === "??" && !membersOf(left.type).some(isNullish)) return left;
  const right = ctx.coerce(ctx.expr(node.right, type), type, node.right);
  return logicalResult(ctx, op, left, right, type, node);
}

/**
 * `a && b || c ...` of booleans only, lowered without recursion along the chain and without
 * asking TypeScript the type of each link (that re-checks the links below it: time quadratic in
 * the chain's length). Every link of booleans is boolean. Undefined when another form applies.
 */
function booleanChain(ctx: LowerContext, top: ts.BinaryExpression): Expr | undefined {
  const S = ts.SyntaxKind;
  const isLink = (node: ts.Expression): node is ts.BinaryExpression =>
    ts.isBinaryExpression(node) && (node.operatorToken.kind === S.AmpersandAmpersandToken || node.operatorToken.kind === S.BarBarToken) && !ctx.overrides.has(node);
  const links: ts.BinaryExpression[] = [];
  let bottom: ts.Expression = top;
  for (; isLink(bottom); bottom = bottom.left) links.push(bottom);
  const isBoolean = (node: ts.Expression) => !!(ctx.checker.getTypeAtLocation(node).getFlags() & ts.TypeFlags.BooleanLike);
  // Operands of other types (`o.m && o.m()` tests a method's presence) are lowered link by link.
  if (!isBoolean(bottom) || !links.every((link) => isBoolean(link.right))) return undefined;
  let result = ctx.expr(bottom);
  for (let i = links.length - 1; i >= 0; i--) {
    const link = links[i]!;
    const right = ctx.coerce(ctx.expr(link.right, booleanType), booleanType, link.right);
    result = logicalResult(ctx, link.operatorToken.kind === S.AmpersandAmpersandToken ? "&&" : "||", result, right, booleanType, link);
  }
  return result;
}

/** `left op right` of type `type`, `right` already of that type. */
function logicalResult(ctx: LowerContext, op: "&&" | "||" | "??", left: Expr, right: Expr, type: IrType, node: ts.Node): Expr {
  if (type.kind === "boolean" && op !== "??") return { kind: "logical", op, left: ctx.truthy(left), right, type };
  // The result may be the left operand: those of its values that are kept must be representable as the result.
  const kept = op === "&&" ? membersOf(left.type).filter((m) => !isHeapType(m) || m.kind === "string") : membersOf(nonNullish(left.type));
  if (kept.length > 0 && !isSubtype(unionOf(kept), type) && !compatible(left.type, type)) {
    unsupported(node, `\`${op}\` mixing ${displayType(left.type)} and ${displayType(right.type)}`, "use a boolean condition, or `??` for defaults");
  }
  return { kind: "logical", op, left, right, type };
}

export function prefixUnary(ctx: LowerContext, node: ts.PrefixUnaryExpression): Expr {
  const S = ts.SyntaxKind;
  switch (node.operator) {
    case S.ExclamationToken:
      return notNode(ctx.condition(node.operand));
    case S.MinusToken: {
      if (ts.isNumericLiteral(node.operand)) return { kind: "number", value: -Number(node.operand.text), type: numberType };
      return negateNode("-", numericOperand(ctx, node));
    }
    case S.PlusToken:
      // +x is ToNumber(x), as Number(x).
      return numericOperand(ctx, node);
    case S.TildeToken:
      return { kind: "unary", op: "~", operand: numericOperand(ctx, node), type: numberType };
    case S.PlusPlusToken:
      return update(ctx, node, node.operand, "+", false);
    case S.MinusMinusToken:
      return update(ctx, node, node.operand, "-", false);
  }
  unsupported(node, `the operator \`${ts.tokenToString(node.operator)}\``, "see docs/language.md for the supported operators");
}

/** The operand of unary `+`, `-` or `~` after ToNumber (strings and booleans convert, as in JS). */
/** The operand of unary `+`, `-`, `~`: ToNumber of it. */
function numericOperand(ctx: LowerContext, node: ts.PrefixUnaryExpression): Expr {
  return toNumberExpr(ctx, ctx.expr(node.operand), node);
}

export function update(ctx: LowerContext, node: ts.Node, operand: ts.Expression, op: "+" | "-", returnOld: boolean): Expr {
  const accessor = ctx.host.classes.accessorUpdate(ctx, node, operand, op, undefined, returnOld);
  if (accessor) return accessor;
  const entry = dictCompound(ctx, node, operand, op, undefined, returnOld);
  if (entry) return entry;
  const target = lvalue(ctx, operand);
  if (targetType(ctx, target).kind !== "number") unsupported(node, "++/-- on a non-number", "use it on numbers");
  return { kind: "compound", target, op, value: { kind: "number", value: 1, type: numberType }, returnOld, type: numberType };
}

/** Marks the local that `s += x` or `s = s + ...` appends to, for the emitter to grow in place (c-append.ts). */
function noteAppend(expr: Expr): Expr {
  if (expr.kind !== "assign" && expr.kind !== "compound") return expr;
  const target = expr.target;
  if (target.kind !== "local" || target.local.type.kind !== "string") return expr;
  const value = expr.value;
  const selfFirst = value.kind === "runtime" && value.op === "string.build" && value.args[0]?.kind === "local" && value.args[0].local === target.local;
  if (expr.kind === "compound" || selfFirst) target.local.appended = true;
  return expr;
}

/** What every plain object inherits from Object.prototype (V8's names): `"toString" in {}` is true. */
const OBJECT_PROTOTYPE_NAMES = ["constructor", "__defineGetter__", "__defineSetter__", "hasOwnProperty", "__lookupGetter__", "__lookupSetter__", "isPrototypeOf", "propertyIsEnumerable", "toString", "valueOf", "__proto__", "toLocaleString"];

/**
 * `key in object` for plain objects (object literals, JSON, configs: types whose values are no
 * class instances, checked once lowering is done): an own property (as Object.keys lists them: an
 * optional one once set) or one of Object.prototype's. Class instances also inherit their methods
 * (and a subclass's): rejected.
 */
function inOperator(ctx: LowerContext, node: ts.BinaryExpression): Expr {
  const instead = "for an own property, Object.hasOwn(object, key); for a union of object types, a discriminant property (shape.kind === \"circle\"); for keys known only at run time, a Map and map.has(key)";
  const key = ctx.expr(node.left);
  if (key.type.kind !== "string" && key.type.kind !== "number") unsupported(node.left, `the \`in\` operator with a key of type ${displayType(key.type)}`, instead);
  const object = ctx.expr(node.right);
  if (isDict(object.type)) return dictIn(ctx, key, object, node);
  const members = membersOf(object.type);
  if (!members.every((m) => m.kind === "object" && m.layout.kind === "record")) unsupported(node, `the \`in\` operator on ${displayType(object.type)}`, instead);
  for (const member of members) requireOwnLayout(ctx, (member as Extract<IrType, { kind: "object" }>).layout, node, "the `in` operator on", false);
  const statements: Stmt[] = [];
  const heldKey = ctx.temp(key.type, "key");
  statements.push({ kind: "let", local: heldKey, init: key });
  const heldObject = ctx.temp(object.type, "object");
  statements.push({ kind: "let", local: heldObject, init: object });
  const name = ctx.temp(stringType, "name");
  statements.push({ kind: "let", local: name, init: ctx.toStringExpr({ kind: "local", local: heldKey, type: key.type }, node.left) });
  const read: Expr = { kind: "local", local: name, type: stringType };
  const keys: Expr = { kind: "runtime", op: opNamed("object.keys"), args: [{ kind: "local", local: heldObject, type: object.type }], type: { kind: "array", element: stringType } };
  const own: Expr = { kind: "runtime", op: opNamed("array.includes"), args: [keys, read, { kind: "number", value: 0, type: numberType }], type: booleanType };
  const inherited = OBJECT_PROTOTYPE_NAMES.map((n): Expr => binaryNode("===", read, { kind: "string", value: n, type: stringType })).reduce((a, b) => ({ kind: "logical", op: "||", left: a, right: b, type: booleanType }));
  return { kind: "sequence", statements, result: { kind: "logical", op: "||", left: own, right: inherited, type: booleanType }, type: booleanType };
}
