/**
 * Regex stage 1: a RegExp literal parsed with regexpp and checked. What the matcher cannot run
 * exactly as V8 does is rejected here, with the offset of the construct in the literal.
 */
import { AST, RegExpParser, visitRegExpAST } from "@eslint-community/regexpp";
import { diag, DiagnosticCode } from "../diagnostics/catalogue.js";

/** A construct the regex compiler rejects (TSE2040 family). */
export class RegexRejection extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
    readonly hint: string,
    /** Offset of the construct within the literal text `/.../flags`. */
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface RegexFlags {
  global: boolean;
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  unicode: boolean;
  sticky: boolean;
}

export interface CaptureGroup {
  /** 1-based group number. */
  index: number;
  name: string | null;
  /** Whether every successful match sets it (so it is never undefined in a match). */
  alwaysSet: boolean;
  node: AST.CapturingGroup;
}

export interface ParsedRegex {
  literal: AST.RegExpLiteral;
  source: string;
  flagText: string;
  flags: RegexFlags;
  groups: CaptureGroup[];
}

/** A literal as messages quote it: long ones cut. */
export function shortened(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const parser = new RegExpParser({ ecmaVersion: 2024 });

export function parseRegexLiteral(text: string): ParsedRegex {
  let literal: AST.RegExpLiteral;
  try {
    literal = parser.parseLiteral(text);
  } catch (error) {
    throw new RegexRejection(diag.TSE2040, `invalid regular expression ${shortened(text)}: ${(error as Error).message}`, "write a valid regular expression", 0);
  }
  const f = literal.flags;
  if (f.unicodeSets) throw new RegexRejection(diag.TSE2041, "regular expression flag `v` (unicodeSets) is not supported", "use the `u` flag; write set operations as explicit classes", f.start + f.raw.indexOf("v"));
  if (f.hasIndices) throw new RegexRejection(diag.TSE2041, "regular expression flag `d` (hasIndices) is not supported", "remove `d`; use match.index and the lengths of the groups", f.start + f.raw.indexOf("d"));
  const flags: RegexFlags = { global: f.global, ignoreCase: f.ignoreCase, multiline: f.multiline, dotAll: f.dotAll, unicode: f.unicode, sticky: f.sticky };

  const rejection = (node: AST.Node, message: string, hint: string) => new RegexRejection(diag.TSE2040, message, hint, node.start);
  let found: RegexRejection | undefined;
  const reject = (r: RegexRejection) => {
    found ??= r;
  };
  const captures: AST.CapturingGroup[] = [];
  visitRegExpAST(literal, {
    onBackreferenceEnter: (node) =>
      reject(rejection(node, `backreference ${node.raw} in a regular expression is not supported`, "match the text with a group and compare it in code: m[1] === m[2]")),
    onAssertionEnter: (node) => {
      if (node.kind === "lookbehind") {
        reject(rejection(node, `lookbehind ${node.negate ? "(?<!...)" : "(?<=...)"} in a regular expression is not supported`, "match the preceding text with a group, or test s.slice(0, m.index) in code"));
      }
    },
    onGroupEnter: (node) => {
      if (node.modifiers) reject(rejection(node, "regular expression modifiers (?flags:...) are not supported", "apply the flag to the whole literal"));
    },
    onCharacterClassEnter: (node) => {
      if (node.unicodeSets) reject(rejection(node, "unicodeSets character classes are not supported", "use the `u` flag"));
    },
    onCharacterSetEnter: (node) => {
      if (node.kind === "property" && node.strings) reject(rejection(node, `property of strings ${node.raw} is not supported`, "use a property of characters"));
    },
    onCapturingGroupEnter: (node) => {
      captures.push(node);
    },
  });
  if (found) throw found;
  captures.sort((a, b) => a.start - b.start);
  const groups = captures.map((node, i) => ({ index: i + 1, name: node.name, alwaysSet: alwaysSet(node), node }));
  return { literal, source: literal.pattern.raw, flagText: f.raw, flags, groups };
}

/** Every ancestor is a one-alternative group, a quantifier with a minimum, or a positive lookahead. */
function alwaysSet(group: AST.CapturingGroup): boolean {
  let node: AST.Node = group;
  for (;;) {
    const parent: AST.Node | null = node.parent;
    if (!parent || (node as AST.Node).type === "Pattern") return true;
    if (parent.type === "Quantifier" && parent.min === 0) return false;
    if (parent.type === "Assertion" && parent.kind === "lookahead" && parent.negate) return false;
    if ((parent.type === "Group" || parent.type === "CapturingGroup" || parent.type === "Pattern" || parent.type === "Assertion") && parent.alternatives.length > 1) return false;
    node = parent;
  }
}
