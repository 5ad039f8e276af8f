/**
 * refa (regex automata), loaded with `require` for the reason ts-morph is (../ts-morph.ts): an
 * `import` of its 600 KB CommonJS bundle has Node's ESM loader sniff and scan it first.
 */
import refa = require("refa");

export import DFA = refa.DFA;
export import JS = refa.JS;
export import NFA = refa.NFA;
export import TooManyNodesError = refa.TooManyNodesError;
