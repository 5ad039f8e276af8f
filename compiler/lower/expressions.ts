/**
 * Expressions: the dispatch over expression kinds, identifiers, property and element access,
 * enums, optional chains, conditionals and regular expression literals.
 * Each function takes the function being lowered (context.ts) as `ctx`.
 */
import { ts } from "../ts-morph.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";
import { booleanType, compatible, displayType, Expr, IrType, isNullish, isSubtype, membersOf, nonNullish, nullType, numberType, opNamed, optionalOf, sameType, stringType, undefinedType, unionOf } from "../ir/index.js";
import type { CompiledRegex } from "../regex/compile-regex.js";
import { builtinFunctionValue, lowerBuiltinProperty } from "./builtins/index.js";
import type { LowerContext } from "./context.js";
import { describeSyntax, LoweringError, unsupported } from "./errors.js";
import { dictDelete, dictGet, dictKey, isDict } from "./dicts.js";
import { methodPresence, methodReference, optionalMethodCall } from "./members.js";
import { tagSites } from "./sites.js";

/** Global library objects whose members are compiled only where they are called or read as constants. */
const LIBRARY_NAMESPACES = new Set(["Math", "Number", "String", "JSON", "Array", "Object"]);

/** Lowers an expression; `expected` guides literals and closures (contextual typing). */
export function expr(ctx: LowerContext, node: ts.Expression, expected?: IrType): Expr {
  const lowered = lowerExpr(ctx, node, expected);
  tagSites(lowered, ctx.siteOf(node), ctx.sited);
  return lowered;
}

function lowerExpr(ctx: LowerContext, node: ts.Expression, expected?: IrType): Expr {
  const override = ctx.overrides.get(node);
  if (override) return override;
  if (ts.isParenthesizedExpression(node)) return expr(ctx, node.expression, expected);
  if (ts.isNumericLiteral(node)) return { kind: "number", value: Number(node.text), type: numberType };
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: "string", value: node.text, type: stringType };
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
    return { kind: "boolean", value: node.kind === ts.SyntaxKind.TrueKeyword, type: booleanType };
  }
  if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: "null", type: nullType };
  if (ts.isTemplateExpression(node)) return ctx.template(node);
  if (ts.isIdentifier(node)) return identifier(ctx, node, expected);
  if (node.kind === ts.SyntaxKind.ThisKeyword) {
    const local = ctx.thisLocal(node);
    return { kind: "local", local, type: local.type };
  }
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) return assertion(ctx, node, expected);
  if (ts.isNonNullExpression(node)) {
    const inner = expr(ctx, node.expression, expected);
    if (!membersOf(inner.type).some(isNullish)) return inner;
    // JavaScript would go on with undefined or null; compiled code cannot, so it throws (as the reference host does).
    return { kind: "runtime", op: "nonNull", args: [inner], type: nonNullish(inner.type) };
  }
  const group = namedGroup(ctx, node);
  if (group) return group;
  if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) && isChainTop(ctx, node)) {
    return optionalChain(ctx, node, expected);
  }
  if (ts.isPropertyAccessExpression(node)) return propertyAccess(ctx, node, expected);
  if (ts.isElementAccessExpression(node)) return elementAccess(ctx, node);
  if (ts.isCallExpression(node)) {
    const call = ctx.call(node, expected);
    if (!isNeverRead(ctx, node)) return call;
    // A call that never returns (it throws): its "value" takes whatever type the context needs.
    return { kind: "sequence", statements: [{ kind: "expr", expr: call }], result: unreachable(ctx), type: undefinedType };
  }
  if (ts.isNewExpression(node)) return ctx.newExpression(node, expected);
  if (ts.isBinaryExpression(node)) return ctx.binary(node, expected);
  if (ts.isPrefixUnaryExpression(node)) return ctx.prefixUnary(node);
  if (ts.isPostfixUnaryExpression(node)) return ctx.update(node, node.operand, node.operator === ts.SyntaxKind.PlusPlusToken ? "+" : "-", true);
  if (ts.isConditionalExpression(node)) return conditional(ctx, node, expected);
  if (ts.isObjectLiteralExpression(node)) return ctx.objectLiteral(node, expected);
  if (ts.isArrayLiteralExpression(node)) return ctx.arrayLiteral(node, expected);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    const target = expected && membersOf(expected).find((m) => m.kind === "function");
    return ctx.lambda(node, target as Extract<IrType, { kind: "function" }> | undefined);
  }
  if (ts.isTypeOfExpression(node)) {
    const presence = methodPresence(ctx, node.expression);
    if (presence) return { kind: "conditional", condition: presence, whenTrue: { kind: "string", value: "function", type: stringType }, whenFalse: { kind: "string", value: "undefined", type: stringType }, type: stringType };
    return { kind: "typeof", value: expr(ctx, node.expression), type: stringType };
  }
  if (ts.isDeleteExpression(node)) return dictDelete(ctx, node);
  if (ts.isVoidExpression(node)) {
    return { kind: "sequence", statements: [{ kind: "expr", expr: expr(ctx, node.expression) }], result: { kind: "undefined", type: undefinedType }, type: undefinedType };
  }
  if (ts.isRegularExpressionLiteral(node)) {
    return { kind: "runtime", op: "regexp.new", args: [{ kind: "string", value: ctx.host.regexFor(node), type: stringType }], type: { kind: "regexp" } };
  }
  if (ts.isSpreadElement(node)) unsupported(node, "spread here", "spread into array literals and calls");
  unsupported(node, describeSyntax(node), "see docs/language.md for the supported subset");
}

/**
 * `c0 ? v0 : c1 ? v1 : ... : last`, lowered without recursion along the chain. The chain's type
 * is asked of TypeScript once, at its top: asking again at every link re-checks the rest of the
 * chain each time (time quadratic in its length, or worse).
 */
function conditional(ctx: LowerContext, node: ts.ConditionalExpression, expected?: IrType): Expr {
  const type = contextualType(ctx, node, expected);
  const links: ts.ConditionalExpression[] = [];
  let last: ts.Expression = node;
  for (; ts.isConditionalExpression(last) && !ctx.overrides.has(last); last = last.whenFalse) links.push(last);
  const arms = links.map((link) => ({ condition: ctx.condition(link.condition), whenTrue: ctx.coerce(expr(ctx, link.whenTrue, type), type, link.whenTrue) }));
  let result = ctx.coerce(expr(ctx, last, type), type, last);
  for (let i = arms.length - 1; i >= 0; i--) result = { kind: "conditional", ...arms[i]!, whenFalse: result, type };
  return result;
}

/**
 * The type of an expression choosing between values (`c ? x : y`, `a ?? b`): TypeScript's, unless
 * that does not fit the context (object literals get anonymous types of their own), then the
 * context's, which every branch converts to.
 */
export function contextualType(ctx: LowerContext, node: ts.Expression, expected: IrType | undefined): IrType {
  if (!expected || expected.kind === "void") return ctx.typeOf(node);
  try {
    const own = ctx.typeOf(node);
    return isSubtype(own, expected) ? own : expected;
  } catch (error) {
    if (error instanceof LoweringError) return expected;
    throw error;
  }
}

/** A read TypeScript narrowed to `never` (exhausted unions): code that cannot run. */
function isNeverRead(ctx: LowerContext, node: ts.Expression): boolean {
  return !!(ctx.checker.getTypeAtLocation(node).getFlags() & ts.TypeFlags.Never);
}

/** The value of code that cannot run; it takes whatever type its context needs (see coerce). */
function unreachable(ctx: LowerContext): Expr {
  return { kind: "runtime", op: "unreachable", args: [], type: undefinedType };
}

/** A read whose use is defined for undefined too: `x === undefined`, `typeof x`, `${x}`, `x ?? y`. */
function takesUndefined(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isTypeOfExpression(parent) || ts.isTemplateSpan(parent)) return true;
  if (!ts.isBinaryExpression(parent)) return false;
  const op = parent.operatorToken.kind;
  const equality = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(op);
  return equality || (op === ts.SyntaxKind.QuestionQuestionToken && parent.left === node);
}

function identifier(ctx: LowerContext, node: ts.Identifier, expected?: IrType): Expr {
  if (node.text === "undefined" && ctx.isGlobal(node)) return { kind: "undefined", type: undefinedType };
  if (isNeverRead(ctx, node) && ctx.scope.has(ctx.symbolOf(node)!)) return unreachable(ctx);
  const symbol = ctx.symbolOf(node);
  if (symbol && ctx.poisoned.has(symbol)) throw new LoweringError(node, diag.TSE2000, "already reported", "", true);
  const local = symbol && ctx.scope.get(symbol);
  if (local) {
    const read: Expr = { kind: "local", local, type: local.type };
    // A caught value is `unknown` to TypeScript until narrowed; here it is always an Error.
    const checked = ctx.checker.getTypeAtLocation(node);
    if (local.type.kind === "error" && checked.getFlags() & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return read;
    const target = ctx.typeOf(node);
    // A rest binding TypeScript types as a tuple holds an array (see destructure).
    if (local.type.kind === "array" && target.kind === "object" && target.layout.kind === "tuple") return read;
    // A match's element (see forOfStatement) stays undefined where the context takes undefined.
    if (local.claimed && ((expected && isSubtype(local.type, expected)) || takesUndefined(node))) return read;
    return ctx.coerce(read, target, node);
  }
  const declaration = symbol?.valueDeclaration;
  if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isRegularExpressionLiteral(declaration.initializer) && ts.isSourceFile(declaration.parent.parent.parent)) {
    return moduleRegex(ctx, node, declaration.initializer);
  }
  if (declaration && ts.isVariableDeclaration(declaration)) {
    const constant = ctx.host.constantFor(declaration) ?? ctx.host.tableFor(declaration);
    if (constant) return constant;
  }
  if ((node.text === "NaN" || node.text === "Infinity") && ctx.isGlobal(node)) {
    return { kind: "number", value: node.text === "NaN" ? NaN : Infinity, type: numberType };
  }
  if (declaration && ts.isFunctionDeclaration(declaration) && !declaration.getSourceFile().isDeclarationFile) {
    if (declaration.typeParameters?.length) unsupported(node, "a generic function used as a value", "wrap it: (x) => f(x)");
    const fn = ctx.host.functionFor(declaration, new Map());
    const type = ctx.typeOf(node);
    const ref: Expr = { kind: "functionRef", fn, type };
    const target = expected && membersOf(expected).find((m) => m.kind === "function");
    return target ? ctx.coerce(ref, target, node) : ref;
  }
  if (declaration && ts.isClassDeclaration(declaration)) unsupported(node, "a class used as a value", "construct it with `new`");
  const library = builtinFunctionValue(ctx, node, expected);
  if (library) return library;
  unsupported(node, `the reference to \`${node.text}\``, "use local variables, parameters, fields and module-level constants");
}

function assertion(ctx: LowerContext, node: ts.AsExpression | ts.SatisfiesExpression | ts.TypeAssertion, expected?: IrType): Expr {
  if (ts.isSatisfiesExpression(node) || (ts.isAsExpression(node) && ts.isConstTypeReference(node.type))) return expr(ctx, node.expression, expected);
  const target = ctx.typeOf(node);
  const inner = expr(ctx, node.expression, target);
  if (sameType(inner.type, target) || isSubtype(inner.type, target) || compatible(inner.type, target)) return ctx.coerce(inner, target, node);
  if (isSubtype(target, inner.type)) {
    // A downcast TypeScript takes on trust: checked at run time, like a narrowing.
    return { kind: "convert", value: inner, type: target, checked: true };
  }
  throw new LoweringError(node, diag.TSE2003, formatMessage(diag.TSE2003, { from: displayType(inner.type), to: displayType(target) }), CATALOGUE.TSE2003.hint);
}

/** obj.name where obj is already lowered; `write`: the target of an assignment (a method may be replaced). */
export function property(ctx: LowerContext, object: Expr, name: string, node: ts.Node, write = false): Expr {
  const type = object.type;
  const builtin = lowerBuiltinProperty(ctx, object, name, node);
  if (builtin) return builtin;
  const methodValue = () => unsupported(node, `the method \`${name}\` used as a value`, `call it (obj.${name}(...)), test it (if (obj.${name}) ...), or wrap it: (x) => obj.${name}(x)`);
  if (type.kind === "object") {
    if (name === "length" && type.layout.kind === "tuple") return { kind: "number", value: type.layout.fields.length, type: numberType };
    const getter = ctx.host.classes.getter(ctx, object, name, node, write);
    if (getter) return getter;
    const field = type.layout.fields.find((f) => f.name === name);
    if (field?.method && !write) methodValue();
    if (field) return { kind: "field", object, layout: type.layout, field, type: field.type };
    if (type.layout.methods.has(name) || ctx.host.types.classOf(type.layout)) {
      unsupported(node, `the method \`${name}\` used as a value`, `call it, or wrap it: (x) => obj.${name}(x)`);
    }
  }
  if (type.kind === "union") {
    const members = type.members.filter((m) => !isNullish(m));
    if (members.some((m) => m.kind === "object" && m.layout.fields.some((f) => f.name === name && f.method))) methodValue();
    if (members.length === type.members.length && members.every((m) => m.kind === "object" && m.layout.fields.some((f) => f.name === name))) {
      const fieldTypes = members.map((m) => (m as Extract<IrType, { kind: "object" }>).layout.fields.find((f) => f.name === name)!.type);
      return { kind: "unionField", object, name, type: unionOf(fieldTypes) };
    }
    if (members.length < type.members.length) {
      unsupported(node, `property \`${name}\` of a value that may be undefined or null`, "check it first (if (x !== undefined) ...), or use x?.name");
    }
  }
  unsupported(node, `property \`${name}\` of ${displayType(type)}`, "see docs/language.md for the supported properties");
}

function propertyAccess(ctx: LowerContext, node: ts.PropertyAccessExpression, expected?: IrType): Expr {
  const enumValue = enumMemberValue(ctx, node);
  if (enumValue !== undefined) {
    return typeof enumValue === "number" ? { kind: "number", value: enumValue, type: numberType } : { kind: "string", value: enumValue, type: stringType };
  }
  const staticBuiltin = ts.isIdentifier(node.expression) && ctx.isGlobal(node.expression) ? lowerBuiltinProperty(ctx, undefined, `${node.expression.text}.${node.name.text}`, node) : undefined;
  if (staticBuiltin) return staticBuiltin;
  if (ts.isIdentifier(node.expression) && ctx.isGlobal(node.expression) && LIBRARY_NAMESPACES.has(node.expression.text)) {
    const name = `${node.expression.text}.${node.name.text}`;
    const library = builtinFunctionValue(ctx, node, expected);
    if (library) return library;
    const signature = ctx.checker.getTypeAtLocation(node).getCallSignatures()[0];
    if (signature) {
      // The hint's wrapper takes the parameters the library function declares (Math.atan2(y, x)).
      const params = signature.parameters.map((p) => {
        const declaration = p.valueDeclaration;
        return declaration && ts.isParameter(declaration) && declaration.dotDotDotToken ? `...${p.name}` : p.name;
      });
      unsupported(node, `\`${name}\` as a function value`, `wrap it in a function: (${params.join(", ")}) => ${name}(${params.join(", ")})`);
    }
    unsupported(node, `\`${name}\``, "see docs/language.md for the supported library members");
  }
  if (node.expression.kind === ts.SyntaxKind.SuperKeyword) return ctx.host.classes.superGetter(ctx, node);
  const staticMember = ctx.host.classes.staticMember(ctx, node);
  if (staticMember) return staticMember;
  const object = expr(ctx, node.expression);
  if (object.type.kind === "envoy") unsupported(node, "reading a property of EnvoyHttpFilter", "call its methods, e.g. envoy.getRequestHeaderValue(name)");
  if (isDict(nonNullish(object.type))) return dictGet(ctx, object, { kind: "string", value: node.name.text, type: stringType }, node);
  const read = property(ctx, object, node.name.text, node);
  // Inside an optional chain TypeScript's type of a link includes the chain's undefined; the
  // chain (optionalChain) accounts for that, so a link keeps its own type.
  if (node.flags & ts.NodeFlags.OptionalChain && !isChainTop(ctx, node) && !ctx.overrides.has(node)) return read;
  return read.kind === "field" || read.kind === "unionField" ? ctx.coerce(read, ctx.typeOf(node), node) : read;
}

/** Enum members are constants (the checker answers only for `const enum` at the use site). */
function enumMemberValue(ctx: LowerContext, node: ts.PropertyAccessExpression): string | number | undefined {
  const declaration = ctx.symbolOf(node)?.valueDeclaration;
  return declaration && ts.isEnumMember(declaration) ? ctx.checker.getConstantValue(declaration) : undefined;
}

export function indexed(ctx: LowerContext, object: Expr, index: Expr, node: ts.Node, literalIndex?: number): Expr {
  if (object.type.kind === "object" && object.type.layout.kind === "tuple") {
    if (literalIndex === undefined) unsupported(node, "indexing a tuple with a computed index", "use a literal index, or an array");
    const field = object.type.layout.fields[literalIndex];
    if (!field) unsupported(node, `index ${literalIndex} past the end of ${object.type.layout.displayName}`, "index within the tuple");
    return { kind: "field", object, layout: object.type.layout, field, type: field.type };
  }
  if (object.type.kind === "array") {
    return { kind: "elementAt", array: object, index: ctx.coerce(index, numberType, node), type: optionalOf(object.type.element) };
  }
  if (object.type.kind === "bytes") {
    return { kind: "runtime", op: "bytes.get", args: [object, ctx.coerce(index, numberType, node)], type: optionalOf(numberType) };
  }
  if (object.type.kind === "regexpMatch") {
    return { kind: "elementAt", array: { kind: "convert", value: object, type: { kind: "array", element: optionalOf(stringType) }, checked: false }, index: ctx.coerce(index, numberType, node), type: optionalOf(stringType) };
  }
  if (object.type.kind === "string") {
    return { kind: "runtime", op: "string.index", args: [object, ctx.coerce(index, numberType, node)], type: optionalOf(stringType) };
  }
  unsupported(node, `indexing a ${displayType(object.type)}`, "index arrays, tuples and strings; use a Map for keyed lookups");
}

/** The enum a name refers to (`Level` in `Level[n]`), if it is one. */
function enumDeclarations(ctx: LowerContext, node: ts.Expression): ts.EnumDeclaration[] {
  if (!ts.isIdentifier(node)) return [];
  return (ctx.symbolOf(node)?.declarations ?? []).filter(ts.isEnumDeclaration);
}

/** `E["Name"]` is a member's value; `E[n]` the name of the (last) numeric member whose value is n, or undefined. */
function enumIndex(ctx: LowerContext, node: ts.ElementAccessExpression, declarations: ts.EnumDeclaration[]): Expr {
  const members = declarations.flatMap((d) => [...d.members]);
  const argument = node.argumentExpression;
  if (ts.isStringLiteralLike(argument)) {
    const member = members.find((m) => m.name.getText() === argument.text || (ts.isStringLiteral(m.name) && m.name.text === argument.text));
    const value = member && ctx.checker.getConstantValue(member);
    if (value === undefined) unsupported(node, `the enum member ${argument.text}`, "name a member of the enum");
    return typeof value === "number" ? { kind: "number", value, type: numberType } : { kind: "string", value, type: stringType };
  }
  const names = new Map<number, string>();
  for (const member of members) {
    const value = ctx.checker.getConstantValue(member);
    if (typeof value === "number") names.set(value, ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : member.name.getText());
  }
  const index = ctx.coerce(expr(ctx, argument), numberType, argument);
  const holder = ctx.temp(numberType, "enum_index");
  const read: Expr = { kind: "local", local: holder, type: numberType };
  const type = optionalOf(stringType);
  let result: Expr = ctx.coerce({ kind: "undefined", type: undefinedType }, type, node);
  for (const [value, name] of [...names].reverse()) {
    result = {
      kind: "conditional",
      condition: { kind: "binary", op: "===", left: read, right: { kind: "number", value, type: numberType }, type: booleanType },
      whenTrue: ctx.coerce({ kind: "string", value: name, type: stringType }, type, node),
      whenFalse: result,
      type,
    };
  }
  // TypeScript types E[n] as string; it is undefined for values without a member (kept, as for s[i]).
  return { kind: "sequence", statements: [{ kind: "let", local: holder, init: index }], result, type };
}

function elementAccess(ctx: LowerContext, node: ts.ElementAccessExpression): Expr {
  const enums = enumDeclarations(ctx, node.expression);
  if (enums.length > 0) return enumIndex(ctx, node, enums);
  const object = expr(ctx, node.expression);
  const argument = node.argumentExpression;
  if (isDict(nonNullish(object.type))) return dictGet(ctx, object, dictKey(ctx, argument), node);
  const literal = ts.isNumericLiteral(argument) ? Number(argument.text) : undefined;
  if (ts.isStringLiteral(argument) && object.type.kind === "object") return ctx.coerce(property(ctx, object, argument.text, node), ctx.typeOf(node), node);
  const result = indexed(ctx, object, expr(ctx, argument), node, literal);
  // TypeScript types s[i] on strings as string even out of range; it is undefined there.
  if (object.type.kind === "string") return result;
  return ctx.coerce(result, ctx.typeOf(node), node);
}

/**
 * A named group of a match: `m.groups?.year`, `m.groups?.["year"]`, `m.groups!.year`. `groups` is
 * undefined unless the pattern names a group (then `?.` gives undefined, and `!` throws as `x!` does).
 */
function namedGroup(ctx: LowerContext, node: ts.Expression): Expr | undefined {
  const read = groupRead(ctx, node);
  return read && lowerGroupRead(ctx, node, read.groups, read.name, read.asserted);
}

/** The parts of a named group read (see namedGroup), recognized without lowering anything. */
function groupRead(ctx: LowerContext, node: ts.Expression): { groups: ts.PropertyAccessExpression; name: string; asserted: boolean } | undefined {
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return undefined;
  let groups: ts.Expression = node.expression;
  let asserted = false;
  while (ts.isParenthesizedExpression(groups) || ts.isNonNullExpression(groups)) {
    asserted ||= ts.isNonNullExpression(groups);
    groups = groups.expression;
  }
  if (!ts.isPropertyAccessExpression(groups) || groups.name.text !== "groups") return undefined;
  const matchName = ctx.checker.getNonNullableType(ctx.checker.getTypeAtLocation(groups.expression)).getSymbol()?.getName();
  if (matchName !== "RegExpExecArray" && matchName !== "RegExpMatchArray") return undefined;
  const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
  // A computed name is left to `groups` itself: TSE2043.
  return name === undefined ? undefined : { groups, name, asserted };
}

function lowerGroupRead(ctx: LowerContext, node: ts.Expression, groups: ts.PropertyAccessExpression, name: string, asserted: boolean): Expr | undefined {
  const type = optionalOf(stringType);
  const read = (match: Expr): Expr => ({ kind: "runtime", op: opNamed("regexpMatch.group"), args: [match, { kind: "string", value: name, type: stringType }, { kind: "boolean", value: asserted, type: booleanType }], type });
  const match = expr(ctx, groups.expression);
  if (match.type.kind === "regexpMatch") return ctx.coerce(read(match), ctx.typeOf(node), node);
  // `m?.groups?.year`: undefined when there is no match.
  if (!groups.questionDotToken || nonNullish(match.type).kind !== "regexpMatch") return undefined;
  const holder = ctx.temp(match.type, "match");
  const held: Expr = { kind: "local", local: holder, type: match.type };
  const value: Expr = {
    kind: "sequence",
    statements: [{ kind: "let", local: holder, init: match }],
    result: { kind: "conditional", condition: ctx.isNullishTest(held), whenTrue: ctx.coerce({ kind: "undefined", type: undefinedType }, type, node), whenFalse: read(ctx.coerce(held, nonNullish(match.type), node)), type },
    type,
  };
  return ctx.coerce(value, ctx.typeOf(node), node);
}

function isChainTop(ctx: LowerContext, node: ts.Expression): boolean {
  if (!(node.flags & ts.NodeFlags.OptionalChain)) return false;
  const parent = node.parent;
  const continues =
    (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) &&
    parent.expression === node &&
    !!(parent.flags & ts.NodeFlags.OptionalChain);
  return !continues && !ctx.overrides.has(node);
}

/** `a?.b.c`: when `a` is undefined or null the whole chain is undefined; else `a` is known defined. */
function optionalChain(ctx: LowerContext, top: ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression, expected?: IrType): Expr {
  // The leftmost `?.` link: the deepest node in the chain that has a question-dot token.
  let link: ts.Expression = top;
  let leftmost: (ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression) | undefined;
  while (ts.isPropertyAccessExpression(link) || ts.isElementAccessExpression(link) || ts.isCallExpression(link)) {
    // An optional method call already lowered stands for itself and the links inside it.
    if (link !== top && (ctx.overrides.has(link) || groupRead(ctx, link))) break;
    if (link.questionDotToken && !ctx.overrides.has(link.expression)) leftmost = link;
    link = link.expression;
  }
  if (!leftmost) {
    // Every `?.` link of the chain is handled: lower the rest as a plain access.
    if (ts.isPropertyAccessExpression(top)) return propertyAccess(ctx, top);
    if (ts.isElementAccessExpression(top)) return elementAccess(ctx, top);
    return ctx.call(top, expected);
  }
  const reference = ts.isCallExpression(leftmost) ? methodReference(ctx, leftmost.expression) : undefined;
  if (reference && ts.isCallExpression(leftmost)) return optionalMethodCall(ctx, top, leftmost, reference, expected);
  const base = expr(ctx, leftmost.expression);
  const holder = ctx.temp(base.type, "chained");
  const read: Expr = { kind: "local", local: holder, type: base.type };
  const defined = nonNullish(base.type);
  ctx.overrides.set(leftmost.expression, ctx.coerce(read, defined, leftmost));
  try {
    // TypeScript may know the chain is defined (a property narrowed by an assignment); the
    // field's own type may still hold undefined: the result is checked like a narrowing.
    const declared = ctx.typeOf(top);
    if (!membersOf(base.type).some(isNullish)) {
      return { kind: "sequence", statements: [{ kind: "let", local: holder, init: base }], result: ctx.coerce(expr(ctx, top, expected), declared, top), type: declared };
    }
    const type = optionalOf(declared);
    const rest = ctx.coerce(expr(ctx, top, expected), type, top);
    const isNull: Expr = {
      kind: "logical",
      op: "||",
      left: { kind: "is", value: read, member: undefinedType, type: booleanType },
      right: { kind: "is", value: read, member: nullType, type: booleanType },
      type: booleanType,
    };
    const chain: Expr = {
      kind: "sequence",
      statements: [{ kind: "let", local: holder, init: base }],
      result: { kind: "conditional", condition: isNull, whenTrue: ctx.coerce({ kind: "undefined", type: undefinedType }, type, top), whenFalse: rest, type },
      type,
    };
    return ctx.coerce(chain, declared, top);
  } finally {
    ctx.overrides.delete(leftmost.expression);
  }
}

/** The RegExp literal an expression is: the literal itself, or a `const` initialized with one. */
/**
 * A module-level `const RE = /.../`: one RegExp shared by every stream in JavaScript. Its only
 * state is lastIndex, so it may be used only where lastIndex cannot carry over between uses
 * (each use then compiles to a fresh RegExp, observably the same object): test/exec without
 * g or y, the flag properties, and as the pattern of the String methods, which reset lastIndex
 * (replace, match with g) or leave it alone (search, split, and the non-global forms).
 */
function moduleRegex(ctx: LowerContext, node: ts.Identifier, literal: ts.RegularExpressionLiteral): Expr {
  const flags = literal.text.slice(literal.text.lastIndexOf("/") + 1);
  const stateful = flags.includes("g") || flags.includes("y");
  const parent = node.parent;
  const READS = ["source", "flags", "global", "ignoreCase", "multiline", "sticky", "unicode", "dotAll", "hasIndices"];
  const STRING_METHODS = ["match", "replace", "replaceAll", "split", "search"];
  let allowed = false;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    const name = parent.name.text;
    const called = ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
    if (READS.includes(name)) allowed = true;
    else if ((name === "test" || name === "exec") && called) {
      if (stateful) {
        throw new LoweringError(node, diag.TSE1009, `\`${name}\` on the module-level RegExp ${node.text} (flag ${flags.includes("g") ? "g" : "y"}) carries lastIndex from one call to the next, shared by every stream`, `write the literal inside the function that matches, or drop the ${flags.includes("g") ? "g" : "y"} flag`);
      }
      allowed = true;
    }
  } else if (ts.isCallExpression(parent) && parent.arguments[0] === node && ts.isPropertyAccessExpression(parent.expression) && STRING_METHODS.includes(parent.expression.name.text)) {
    allowed = ctx.typeOf(parent.expression.expression).kind === "string";
  }
  if (!allowed) {
    throw new LoweringError(node, diag.TSE1009, `the module-level RegExp ${node.text} used as a value: its lastIndex would be shared by every stream`, "use it directly (RE.test(s), s.replace(RE, ...), s.split(RE)), or write the literal where the value is needed");
  }
  return expr(ctx, literal);
}

export function regexLiteralOf(ctx: LowerContext, node: ts.Expression): ts.RegularExpressionLiteral | undefined {
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (ts.isRegularExpressionLiteral(node)) return node;
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = ctx.symbolOf(node)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  return regexLiteralOf(ctx, declaration.initializer);
}

export function regexInfo(ctx: LowerContext, node: ts.RegularExpressionLiteral): CompiledRegex {
  return ctx.host.regexInfo(node);
}
