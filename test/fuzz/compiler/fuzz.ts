/**
 * Mutation fuzzing of the compiler. Mutants of the differential corpus programs: token mutations
 * (swap, duplicate or delete a token, replace an operator or a literal, nest deeper) and typed
 * ones (an expression replaced by another of the same type from the same program; wrapped in a
 * conditional, `!`, parentheses or a long chain; a statement repeated; a literal set to a boundary
 * value: 0, -0, NaN, 2**53, huge strings, empty arrays). Every mutant TypeScript accepts must give
 * located diagnostics (never TSE2099, never an exception out of the driver) or C the C compiler
 * accepts (`-fsyntax-only` with the real flags), within a time bound.
 *
 * Deterministic: mutant `index` of run `seed` depends on nothing else, so a failure printed as
 * `seed=S index=I` is rebuilt with TSE_FUZZ_SEED=S TSE_FUZZ_INDEX=I (see docs/testing.md).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { ts } from "ts-morph";

import { CFLAGS } from "../../../compiler/cc.js";
import { analyze } from "../../../compiler/driver.js";
import { emitModule } from "../../../compiler/emit/c-module.js";
import { abiHeaderDir, runtimeDir } from "../../../compiler/paths.js";
import { corpusPrograms } from "../../helpers/corpus.js";

/**
 * A small seeded generator (mulberry32): Math.random cannot be seeded, and a mutant must be the
 * same on every machine and Node version; five lines do not warrant a dependency.
 */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

const NUMBER_BOUNDARIES = ["0", "-0", "NaN", "2 ** 53", "(2 ** 53 + 1)", "-1", "1e308", "Infinity", "-Infinity", "0.1", "4294967296", "2147483648", "-2147483649", "5e-324", "1.7976931348623157e308", "0x7fffffff"];
const STRING_BOUNDARIES = ['""', '"\\uD800"', '"\\u00e9\\u{1F600}"', `"${"x".repeat(70_000)}"`, '"\\u0000"', '"-0"', '"NaN"', '"  "', '"__proto__"', '"%s%n"'];
const BINARY_OPERATORS = ["+", "-", "*", "/", "%", "**", "&", "|", "^", "<<", ">>", ">>>", "&&", "||", "??", "<", ">", "<=", ">=", "===", "!==", "==", "!=", "=", "+=", "-=", ",", "in", "instanceof"];

interface Token {
  kind: ts.SyntaxKind;
  start: number;
  end: number;
}

function tokens(text: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const found: Token[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    found.push({ kind, start: scanner.getTokenStart(), end: scanner.getTokenEnd() });
  }
  return found;
}

const replace = (text: string, start: number, end: number, by: string) => text.slice(0, start) + by + text.slice(end);

/** One token mutation; undefined when it does not apply to this text. */
function tokenMutation(text: string, random: Random): { text: string; name: string } | undefined {
  const all = tokens(text);
  if (all.length < 2) return undefined;
  const i = random.int(all.length - 1);
  const token = all[i]!;
  const source = text.slice(token.start, token.end);
  switch (random.int(6)) {
    case 0: {
      const next = all[i + 1]!;
      return { text: text.slice(0, token.start) + text.slice(next.start, next.end) + text.slice(token.end, next.start) + source + text.slice(next.end), name: `swap ${source} ${text.slice(next.start, next.end)}` };
    }
    case 1:
      return { text: replace(text, token.start, token.end, `${source} ${source}`), name: `duplicate ${source}` };
    case 2:
      return { text: replace(text, token.start, token.end, ""), name: `delete ${source}` };
    case 3: {
      const operators = all.filter((t) => t.kind >= ts.SyntaxKind.FirstBinaryOperator && t.kind <= ts.SyntaxKind.LastBinaryOperator);
      if (operators.length === 0) return undefined;
      const operator = random.pick(operators);
      const by = random.pick(BINARY_OPERATORS);
      return { text: replace(text, operator.start, operator.end, ` ${by} `), name: `operator ${text.slice(operator.start, operator.end)} -> ${by}` };
    }
    case 4: {
      const literals = all.filter((t) => t.kind === ts.SyntaxKind.NumericLiteral || t.kind === ts.SyntaxKind.StringLiteral);
      if (literals.length === 0) return undefined;
      const literal = random.pick(literals);
      const by = random.pick(literal.kind === ts.SyntaxKind.NumericLiteral ? NUMBER_BOUNDARIES : STRING_BOUNDARIES);
      return { text: replace(text, literal.start, literal.end, by), name: `literal ${text.slice(literal.start, literal.end)} -> ${by.slice(0, 20)}` };
    }
    default: {
      // Nest deeper: an identifier or literal inside k parentheses or double negations.
      const operands = all.filter((t) => t.kind === ts.SyntaxKind.Identifier || t.kind === ts.SyntaxKind.NumericLiteral || t.kind === ts.SyntaxKind.StringLiteral);
      if (operands.length === 0) return undefined;
      const operand = random.pick(operands);
      const depth = depthOf(random);
      const [open, close] = random.pick([["(", ")"], ["-(-", ")"], ["!!(", ")"], ["[", "][0]!"]]);
      return { text: replace(text, operand.start, operand.end, open!.repeat(depth) + text.slice(operand.start, operand.end) + close!.repeat(depth)), name: `nest ${depth}x ${open}${text.slice(operand.start, operand.end)}${close}` };
    }
  }
}

/** Mostly shallow; sometimes past the nesting limit. */
function depthOf(random: Random): number {
  return random.pick([1, 2, 3, 5, 8, 20, 40, 70, 150, 300]);
}

/** An expression of the base program, with its TypeScript type. */
interface Site {
  start: number;
  end: number;
  text: string;
  type: string;
}

/** A program's expressions and statements, found once per corpus program. */
interface Shape {
  expressions: Site[];
  statements: { start: number; end: number }[];
  arrays: Site[];
}

function shapeOf(file: string): Shape | undefined {
  const { filterProgram, diagnostics } = analyze(file);
  if (!filterProgram || diagnostics.length > 0) return undefined;
  const { checker, entry } = filterProgram;
  const shape: Shape = { expressions: [], statements: [], arrays: [] };
  const visit = (node: ts.Node): void => {
    const parent = node.parent;
    const isTarget =
      (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) ||
      ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken));
    const isName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isCallExpression(parent) && parent.expression === node) || ts.isDeclaration(parent) || ts.isTypeNode(parent) || ts.isImportDeclaration(parent);
    if (ts.isExpression(node) && !isTarget && !isName && !ts.isTypeNode(node) && node.kind !== ts.SyntaxKind.SuperKeyword) {
      const site = { start: node.getStart(entry), end: node.getEnd(), text: node.getText(entry), type: checker.typeToString(checker.getTypeAtLocation(node)) };
      shape.expressions.push(site);
      if (ts.isArrayLiteralExpression(node)) shape.arrays.push(site);
    }
    if (ts.isStatement(node) && ts.isBlock(parent)) shape.statements.push({ start: node.getStart(entry), end: node.getEnd() });
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(entry, visit);
  return shape;
}

/** One typed mutation of the base program; undefined when it does not apply. */
function typedMutation(text: string, shape: Shape, random: Random): { text: string; name: string } | undefined {
  const expressions = shape.expressions;
  if (expressions.length === 0) return undefined;
  const site = random.pick(expressions);
  const conditions = expressions.filter((e) => e.type === "boolean" && e.text.length < 200);
  const condition = conditions.length > 0 ? random.pick(conditions).text : 'Number("1") > 0';
  const wrapAll = (wrap: (inner: string) => string, name: string) => ({ text: replace(text, site.start, site.end, wrap(site.text)), name: `${name}: ${site.text.slice(0, 40)}` });
  switch (random.int(8)) {
    case 0: {
      const same = expressions.filter((e) => e.type === site.type && e.text !== site.text && (e.end <= site.start || e.start >= site.end));
      if (same.length === 0) return undefined;
      const other = random.pick(same);
      return { text: replace(text, site.start, site.end, other.text), name: `replace ${site.text.slice(0, 30)} with ${other.text.slice(0, 30)} (${site.type})` };
    }
    case 1:
      return wrapAll((e) => `((${condition}) ? ${e} : ${e})`, "conditional");
    case 2:
      return site.type === "boolean" ? wrapAll((e) => random.pick([`!(${e})`, `!!(${e})`, `(${e} && ${e})`, `(${e} || !${e})`]), "negate") : wrapAll((e) => `((${e}))`, "parenthesize");
    case 3: {
      if (shape.statements.length === 0) return undefined;
      const statement = random.pick(shape.statements);
      const copy = text.slice(statement.start, statement.end);
      return { text: text.slice(0, statement.end) + "\n" + copy + text.slice(statement.end), name: `repeat ${copy.slice(0, 40)}` };
    }
    case 4: {
      if (site.type === "number" || /^\d/.test(site.text)) return wrapAll(() => random.pick(NUMBER_BOUNDARIES), "boundary number");
      if (site.type === "string") return wrapAll(() => random.pick(STRING_BOUNDARIES), "boundary string");
      if (shape.arrays.length === 0) return undefined;
      const array = random.pick(shape.arrays);
      return { text: replace(text, array.start, array.end, random.pick(["[]", `([] as ${array.type})`])), name: `empty array ${array.text.slice(0, 30)}` };
    }
    case 5: {
      // A long chain of the expression's own type.
      const links = depthOf(random) * random.pick([1, 4]);
      const operator = site.type === "number" ? random.pick([" + ", " - ", " * ", " % ", " | "]) : site.type === "string" ? " + " : site.type === "boolean" ? random.pick([" && ", " || "]) : undefined;
      if (operator) return wrapAll((e) => `(${Array(links).fill(`(${e})`).join(operator)})`, `chain ${links}x${operator.trim()}`);
      return wrapAll((e) => `(${Array(links).fill(`(${condition}) ? ${e} : `).join("")}${e})`, `conditional chain ${links}x`);
    }
    case 6: {
      const depth = depthOf(random);
      const [open, close] =
        site.type === "number" ? random.pick([["(0 + ", ")"], ["-(-", ")"], ["Math.abs(", ")"]]) : site.type === "string" ? random.pick([['("" + ', ")"], ["String(", ")"]]) : [`((${condition}) ? `, ` : ${site.text})`];
      return wrapAll((e) => open!.repeat(depth) + e + close!.repeat(depth), `nest ${depth}x ${open}`);
    }
    default:
      return wrapAll((e) => `(${e} ?? ${e})`, "nullish");
  }
}

export type Verdict =
  | { kind: "typescript" }
  | { kind: "diagnostics"; codes: string[] }
  | { kind: "compiled"; cSource: string }
  | { kind: "failure"; reason: string; detail: string };

/** Catches exponential analysis; a loaded 2-core machine stretches the first program's (TypeScript's start-up) to seconds. */
const ANALYSIS_BOUND_MS = 60_000;

/** Analysis and emission of one program, as the driver runs them (no C compiler yet). */
export function checkProgram(file: string): Verdict {
  const started = Date.now();
  let verdict: Verdict;
  try {
    const { module, diagnostics } = analyze(file);
    if (diagnostics.some((d) => d.code.startsWith("TS") && !d.code.startsWith("TSE"))) return { kind: "typescript" };
    if (!module) {
      const bad = diagnostics.find((d) => d.code === "TSE2099" || !d.file || d.line < 1 || d.column < 1 || !d.message);
      if (bad) return { kind: "failure", reason: bad.code === "TSE2099" ? "internal error" : "unlocated diagnostic", detail: `${bad.code} ${bad.file}:${bad.line}:${bad.column} ${bad.message}` };
      verdict = { kind: "diagnostics", codes: [...new Set(diagnostics.map((d) => d.code))] };
    } else {
      verdict = { kind: "compiled", cSource: emitModule(module, path.basename(file)) };
    }
  } catch (error) {
    return { kind: "failure", reason: "exception", detail: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  const elapsed = Date.now() - started;
  if (elapsed > ANALYSIS_BOUND_MS) return { kind: "failure", reason: "slow", detail: `analysis and emission took ${elapsed} ms` };
  return verdict;
}

/** The C compiler's verdict on emitted C: the real flags, syntax and semantics only (no code generation). */
export async function cCompilerErrors(cSource: string): Promise<string | undefined> {
  const result = await execa("clang", [...CFLAGS, "-fsyntax-only", "-I", runtimeDir, "-I", abiHeaderDir, "-x", "c", "-"], { input: cSource, reject: false, timeout: 120_000 });
  return result.exitCode === 0 ? undefined : result.stderr.split("\n").filter((l) => /error/.test(l)).slice(0, 5).join("\n") || result.stderr.slice(0, 2000);
}

export interface Mutant {
  program: string;
  mutations: string[];
  text: string;
}

export interface Corpus {
  dir: string;
  programs: string[];
  shapes: Map<string, Shape | undefined>;
}

export function loadCorpus(dir: string): Corpus {
  return { dir, programs: corpusPrograms(dir), shapes: new Map() };
}

/** Mutant `index` of run `seed`: one or two mutations of one corpus program. */
export function makeMutant(corpus: Corpus, seed: number, index: number): Mutant {
  const random = new Random(Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  const program = random.pick(corpus.programs);
  const file = path.join(corpus.dir, program);
  let text = fs.readFileSync(file, "utf8");
  const mutations: string[] = [];
  if (random.next() < 0.5) {
    if (!corpus.shapes.has(program)) corpus.shapes.set(program, shapeOf(file));
    const shape = corpus.shapes.get(program);
    const typed = shape && typedMutation(text, shape, random);
    if (typed) {
      text = typed.text;
      mutations.push(typed.name);
    }
  }
  while (mutations.length === 0 || random.next() < 0.3) {
    const mutation = tokenMutation(text, random);
    if (!mutation) continue;
    text = mutation.text;
    mutations.push(mutation.name);
  }
  return { program, mutations, text };
}

export interface Failure {
  seed: number;
  index: number;
  program: string;
  mutations: string[];
  reason: string;
  detail: string;
  /** Where the mutant was kept. */
  file: string;
}

export interface FuzzOptions {
  corpusDir: string;
  seed: number;
  /** Stop starting mutants after this long. */
  seconds: number;
  /** Only this mutant (reproducing a failure). */
  index?: number;
  /** Where failing mutants are written. */
  failuresDir: string;
  log: (line: string) => void;
}

export interface FuzzReport {
  mutants: number;
  rejectedByTypeScript: number;
  diagnosed: number;
  compiled: number;
  failures: Failure[];
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const corpus = loadCorpus(options.corpusDir);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-fuzz-"));
  // Corpus programs import from ../lib: mutants sit in their topic folder, beside lib.
  if (fs.existsSync(path.join(options.corpusDir, "lib"))) fs.symlinkSync(path.join(options.corpusDir, "lib"), path.join(work, "lib"));
  const report: FuzzReport = { mutants: 0, rejectedByTypeScript: 0, diagnosed: 0, compiled: 0, failures: [] };
  const deadline = Date.now() + options.seconds * 1000;
  const fail = (index: number, mutant: Mutant, reason: string, detail: string) => {
    fs.mkdirSync(options.failuresDir, { recursive: true });
    const kept = path.join(options.failuresDir, `seed${options.seed}-${index}-${mutant.program.replaceAll("/", "-")}`);
    fs.writeFileSync(kept, mutant.text);
    report.failures.push({ seed: options.seed, index, program: mutant.program, mutations: mutant.mutations, reason, detail, file: kept });
    options.log(`FAIL seed=${options.seed} index=${index} ${mutant.program} [${mutant.mutations.join("; ")}]: ${reason}\n${detail}\nkept in ${kept}`);
  };
  // The C compiler runs while the next mutant is analyzed.
  let pending: Promise<void> = Promise.resolve();
  const watchdog = startWatchdog(HANG_BOUND_MS, options.failuresDir);
  try {
    for (let index = options.index ?? 0; options.index !== undefined ? index === options.index : Date.now() < deadline; index++) {
      const mutant = makeMutant(corpus, options.seed, index);
      const file = path.join(work, path.dirname(mutant.program), `m${index}_${path.basename(mutant.program)}`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, mutant.text);
      watchdog.watch(file, `seed=${options.seed} index=${index} ${mutant.program} [${mutant.mutations.join("; ")}]`);
      const verdict = checkProgram(file);
      watchdog.watch();
      report.mutants++;
      if (verdict.kind === "typescript") report.rejectedByTypeScript++;
      else if (verdict.kind === "diagnostics") report.diagnosed++;
      else if (verdict.kind === "failure") fail(index, mutant, verdict.reason, verdict.detail);
      else {
        await pending;
        pending = cCompilerErrors(verdict.cSource).then((errors) => {
          if (errors) fail(index, mutant, "C compiler rejected the emitted C", errors);
          else report.compiled++;
        });
      }
      fs.rmSync(file, { force: true });
    }
    await pending;
  } finally {
    watchdog.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return report;
}

const HANG_BOUND_MS = 60_000;

/**
 * Analysis is synchronous, so a mutant that makes it hang (exponential emission, say) cannot be
 * timed out from inside this process. A watchdog process kills this one when a mutant runs past
 * `boundMs`, after naming it and keeping it in `failuresDir`: a run stays bounded in time.
 */
function startWatchdog(boundMs: number, failuresDir: string): { watch(file?: string, label?: string): void; close(): void } {
  const script = `
    const fs = require("node:fs");
    const path = require("node:path");
    let timer;
    let buffer = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\\n"); end >= 0; end = buffer.indexOf("\\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        clearTimeout(timer);
        if (!line) continue;
        const [file, label] = JSON.parse(line);
        timer = setTimeout(() => {
          fs.mkdirSync(${JSON.stringify(failuresDir)}, { recursive: true });
          const kept = path.join(${JSON.stringify(failuresDir)}, "hung-" + path.basename(file));
          fs.copyFileSync(file, kept);
          process.stderr.write("FAIL " + label + ": analysis ran past ${boundMs} ms; the fuzzing process was killed\\nkept in " + kept + "\\n");
          process.kill(${process.pid}, "SIGKILL");
          process.exit(1);
        }, ${boundMs});
      }
    });
    process.stdin.on("end", () => process.exit(0));
  `;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "ignore", "inherit"] });
  child.unref();
  return {
    watch: (file, label) => child.stdin.write(file ? `${JSON.stringify([file, label])}\n` : "\n"),
    close: () => child.stdin.end(),
  };
}
