/**
 * Definite assignment of fields in constructors (TSE2010). A compiled object starts with unset
 * slots, which hold no JavaScript value: a field may be read once it is definitely assigned on
 * every path to the read, and `this` may escape (passed, stored, returned, its methods or function
 * fields called) only once every field is. Field initializers run first, in declaration order.
 */
import { ts } from "../ts-morph.js";

import { Layout, membersOf } from "../ir/index.js";
import { LoweringError } from "./errors.js";
import { diag } from "../diagnostics/catalogue.js";

interface State {
  assigned: Set<string>;
  /** False once the path returned, threw or jumped away: it adds nothing to what follows. */
  live: boolean;
}

const clone = (state: State): State => ({ assigned: new Set(state.assigned), live: state.live });

/** Fields assigned on both paths (a path that cannot continue does not count). */
function merge(a: State, b: State): State {
  if (!a.live) return b;
  if (!b.live) return a;
  return { assigned: new Set([...a.assigned].filter((f) => b.assigned.has(f))), live: true };
}

export interface ConstructorShape {
  declaration?: ts.ConstructorDeclaration;
  layout: Layout;
  /** Fields with initializers, in the order they run. */
  initializers: { field: string; initializer: ts.Expression }[];
  /** Parameter properties: assigned after the initializers, before the body. */
  parameterProperties: string[];
  methods: ReadonlySet<string>;
  /** A subclass's constructor: the base class's fields, assigned by `super(...)` before `this` is usable. */
  preassigned?: readonly string[];
  /** A base class's constructor run for a subclass: the subclass's fields, assigned only after it returns. */
  later?: readonly string[];
}

export function checkConstructorOrder(shape: ConstructorShape): void {
  new ConstructorOrder(shape).run();
}

class ConstructorOrder {
  private readonly fields: Set<string>;
  /**
   * Fields with no value before their assignment: those that can hold undefined start out
   * undefined, as in JS; the others (`T | null` too, where null is the empty slot) cannot.
   */
  private readonly required: Set<string>;
  /** The field whose initializer is being checked. */
  private initializing?: string;

  constructor(private readonly shape: ConstructorShape) {
    this.fields = new Set(shape.layout.fields.map((f) => f.name));
    this.required = new Set(shape.layout.fields.filter((f) => !membersOf(f.type).some((m) => m.kind === "undefined" || m.kind === "void")).map((f) => f.name));
  }

  run(): void {
    const state: State = { assigned: new Set([...[...this.fields].filter((f) => !this.required.has(f)), ...(this.shape.preassigned ?? [])]), live: true };
    for (const { field, initializer } of this.shape.initializers) {
      // An arrow function stored in a field only captures `this` (calls of it are checked).
      this.initializing = field;
      if (!ts.isArrowFunction(skipParentheses(initializer))) this.expression(initializer, state);
      this.initializing = undefined;
      state.assigned.add(field);
    }
    for (const name of this.shape.parameterProperties) state.assigned.add(name);
    const body = this.shape.declaration?.body;
    if (!body) return;
    this.statements(body.statements, state);
    const pending = this.pending(state);
    if (state.live && pending.length > 0) {
      throw new LoweringError(this.shape.declaration!, diag.TSE2010, `the constructor does not assign ${pending.join(", ")} on every path`, "assign every field on each path through the constructor, or give it an initializer");
    }
  }

  /** Fields this constructor must assign (not a subclass's, see `later`), and has not yet. */
  private pending(state: State): string[] {
    return [...this.required].filter((f) => !state.assigned.has(f) && !this.shape.later?.includes(f));
  }

  // ------------------------------------------------------------------ statements

  private statements(nodes: readonly ts.Statement[], state: State): void {
    for (const node of nodes) {
      if (!state.live) return;
      this.statement(node, state);
    }
  }

  private statement(node: ts.Statement, state: State): void {
    if (ts.isBlock(node)) return this.statements(node.statements, state);
    if (ts.isExpressionStatement(node)) return this.expression(node.expression, state);
    if (ts.isVariableStatement(node)) {
      for (const declaration of node.declarationList.declarations) if (declaration.initializer) this.expression(declaration.initializer, state);
      return;
    }
    if (ts.isIfStatement(node)) {
      this.expression(node.expression, state);
      const then = clone(state);
      this.statement(node.thenStatement, then);
      const otherwise = clone(state);
      if (node.elseStatement) this.statement(node.elseStatement, otherwise);
      Object.assign(state, merge(then, otherwise));
      return;
    }
    if (ts.isReturnStatement(node)) {
      if (node.expression) this.expression(node.expression, state);
      const pending = this.pending(state);
      if (pending.length > 0) {
        throw new LoweringError(node, diag.TSE2010, `the constructor returns before assigning ${pending.join(", ")}`, `assign ${pending.join(", ")} before returning, or give them initializers`);
      }
      state.live = false;
      return;
    }
    if (ts.isThrowStatement(node)) {
      this.expression(node.expression, state);
      state.live = false;
      return;
    }
    if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) {
      state.live = false;
      return;
    }
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEmptyStatement(node)) return;
    // Loops, switch, try and labeled statements: their parts are checked with what holds on entry;
    // what they assign is not counted afterwards (a body may not run, or not to its end).
    if (ts.isForStatement(node)) {
      if (node.initializer) {
        if (ts.isVariableDeclarationList(node.initializer)) {
          for (const declaration of node.initializer.declarations) if (declaration.initializer) this.expression(declaration.initializer, state);
        } else {
          this.expression(node.initializer, state);
        }
      }
      if (node.condition) this.expression(node.condition, state);
      const body = clone(state);
      this.statement(node.statement, body);
      if (node.incrementor) this.expression(node.incrementor, body.live ? body : clone(state));
      return;
    }
    if (ts.isWhileStatement(node) || ts.isDoStatement(node)) {
      const body = clone(state);
      if (ts.isWhileStatement(node)) this.expression(node.expression, state);
      this.statement(node.statement, body);
      if (ts.isDoStatement(node)) this.expression(node.expression, body.live ? body : clone(state));
      return;
    }
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      this.expression(node.expression, state);
      this.statement(node.statement, clone(state));
      return;
    }
    if (ts.isSwitchStatement(node)) {
      this.expression(node.expression, state);
      for (const clause of node.caseBlock.clauses) {
        const branch = clone(state);
        if (ts.isCaseClause(clause)) this.expression(clause.expression, branch);
        this.statements(clause.statements, branch);
      }
      return;
    }
    if (ts.isTryStatement(node)) {
      this.statement(node.tryBlock, clone(state));
      if (node.catchClause) this.statement(node.catchClause.block, clone(state));
      if (node.finallyBlock) this.statement(node.finallyBlock, state);
      return;
    }
    if (ts.isLabeledStatement(node)) {
      this.statement(node.statement, clone(state));
      return;
    }
    ts.forEachChild(node, (child) => {
      if (ts.isExpression(child)) this.expression(child, state);
      else if (ts.isStatement(child)) this.statement(child, clone(state));
    });
  }

  // ------------------------------------------------------------------ expressions

  /**
   * Visits `node` in evaluation order. An arrow function may run now or later: its body is checked
   * against what is assigned now, and what it assigns does not count outside it.
   */
  private expression(node: ts.Node, state: State): void {
    if (node.kind === ts.SyntaxKind.ThisKeyword) return this.escape(node, state, "uses `this`");
    // Functions, classes and object literal methods have their own `this`.
    if (ts.isFunctionExpression(node) || ts.isClassExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node)) return;
    if (ts.isArrowFunction(node)) return this.expression(node.body, clone(state));
    if (ts.isParenthesizedExpression(node)) return this.expression(node.expression, state);
    const field = this.thisField(node);
    if (field !== undefined) {
      if (this.fields.has(field)) return this.read(node, field, state);
      if (this.shape.methods.has(field)) return this.escape(node, state, `uses the method this.${field}, which may read any field`);
      return this.escape(node, state, "uses `this`");
    }
    if (ts.isCallExpression(node)) {
      const callee = skipParentheses(node.expression);
      const name = this.thisField(callee);
      if (name !== undefined && this.fields.has(name)) {
        // A function stored in a field may use `this` in any way.
        this.read(callee, name, state);
        this.escape(node, state, `calls this.${name}, which may use \`this\``);
      }
      if (name === undefined) this.expression(node.expression, state);
      else if (!this.fields.has(name)) this.expression(callee, state);
      for (const argument of node.arguments) this.expression(argument, state);
      return;
    }
    if (ts.isBinaryExpression(node)) return this.binary(node, state);
    if (ts.isConditionalExpression(node)) {
      this.expression(node.condition, state);
      const whenTrue = clone(state);
      this.expression(node.whenTrue, whenTrue);
      const whenFalse = clone(state);
      this.expression(node.whenFalse, whenFalse);
      Object.assign(state, merge(whenTrue, whenFalse));
      return;
    }
    ts.forEachChild(node, (child) => this.expression(child, state));
  }

  private binary(node: ts.BinaryExpression, state: State): void {
    const op = node.operatorToken.kind;
    const S = ts.SyntaxKind;
    if (op === S.AmpersandAmpersandToken || op === S.BarBarToken || op === S.QuestionQuestionToken) {
      this.expression(node.left, state);
      this.expression(node.right, clone(state));
      return;
    }
    if (op === S.EqualsToken) {
      const left = skipParentheses(node.left);
      const field = this.thisField(left);
      if (field !== undefined && this.fields.has(field)) {
        if (!ts.isArrowFunction(skipParentheses(node.right))) this.expression(node.right, state);
        state.assigned.add(field);
        return;
      }
      if (ts.isArrayLiteralExpression(left) || ts.isObjectLiteralExpression(left)) {
        this.expression(node.right, state);
        this.pattern(left, state);
        return;
      }
      this.targetBase(left, state);
      this.expression(node.right, state);
      return;
    }
    if (op >= S.FirstCompoundAssignment && op <= S.LastCompoundAssignment) {
      // `this.f += v`, `this.f ??= v` read the field first.
      this.expression(node.left, state);
      const field = this.thisField(skipParentheses(node.left));
      const right = clone(state);
      this.expression(node.right, op === S.QuestionQuestionEqualsToken || op === S.BarBarEqualsToken || op === S.AmpersandAmpersandEqualsToken ? right : state);
      if (field !== undefined) state.assigned.add(field);
      return;
    }
    this.expression(node.left, state);
    this.expression(node.right, state);
  }

  /** The object (and index) of an assignment target, evaluated before the value. */
  private targetBase(target: ts.Expression, state: State): void {
    if (ts.isPropertyAccessExpression(target)) return this.expression(target.expression, state);
    if (ts.isElementAccessExpression(target)) {
      this.expression(target.expression, state);
      this.expression(target.argumentExpression, state);
      return;
    }
    if (!ts.isIdentifier(target)) this.expression(target, state);
  }

  /** `[this.a, this.b] = pair`: each `this.f` in the pattern is assigned; defaults are read. */
  private pattern(node: ts.Expression, state: State): void {
    const element = (e: ts.Expression) => {
      let target = skipParentheses(e);
      if (ts.isBinaryExpression(target) && target.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        this.expression(target.right, clone(state));
        target = skipParentheses(target.left);
      }
      if (ts.isSpreadElement(target)) target = skipParentheses(target.expression);
      const field = this.thisField(target);
      if (field !== undefined && this.fields.has(field)) {
        state.assigned.add(field);
      } else if (ts.isArrayLiteralExpression(target) || ts.isObjectLiteralExpression(target)) {
        this.pattern(target, state);
      } else {
        this.targetBase(target, state);
      }
    };
    if (ts.isArrayLiteralExpression(node)) {
      node.elements.forEach(element);
      return;
    }
    if (!ts.isObjectLiteralExpression(node)) return;
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property)) element(property.initializer);
      else if (ts.isSpreadAssignment(property)) element(property.expression);
      else if (ts.isShorthandPropertyAssignment(property) && property.objectAssignmentInitializer) this.expression(property.objectAssignmentInitializer, clone(state));
    }
  }

  /** `this.name` (or `this["name"]`): the name; undefined for anything else. */
  private thisField(node: ts.Node): string | undefined {
    if (ts.isPropertyAccessExpression(node) && skipParentheses(node.expression).kind === ts.SyntaxKind.ThisKeyword) return node.name.text;
    if (ts.isElementAccessExpression(node) && skipParentheses(node.expression).kind === ts.SyntaxKind.ThisKeyword) {
      return ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : "";
    }
    return undefined;
  }

  private read(node: ts.Node, field: string, state: State): void {
    if (state.assigned.has(field)) return;
    throw new LoweringError(node, diag.TSE2010, `the constructor reads \`this.${field}\` before it is assigned`, `assign ${field} first on every path before this read (a compiled object has no value for an unassigned field), or give it an initializer`);
  }

  private escape(node: ts.Node, state: State, what: string): void {
    const pending = this.pending(state);
    const later = (this.shape.later ?? []).filter((f) => this.required.has(f));
    if (pending.length === 0 && later.length > 0) {
      throw new LoweringError(node, diag.TSE2010, `the constructor uses \`this\` before a subclass's fields (${later.join(", ")}) are assigned (it ${what})`, "a subclass's fields are assigned after the base constructor returns: call the method once the object is constructed");
    }
    if (pending.length === 0) return;
    const initializing = this.initializing;
    const others = pending.filter((f) => f !== initializing);
    const hint = initializing
      ? `initialize ${initializing} in the constructor once ${others.join(", ") || "the fields before it"} ${others.length > 1 ? "are" : "is"} assigned`
      : `assign ${pending.join(", ")} first, or give them initializers`;
    throw new LoweringError(node, diag.TSE2010, `the constructor uses \`this\` before every field is assigned (it ${what})`, hint);
  }
}

function skipParentheses(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  return node;
}
