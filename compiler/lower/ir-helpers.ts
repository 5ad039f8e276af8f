/**
 * What several lowering concerns share and no single one owns.
 */

/** The Error constructors, in the order the runtime numbers them (error.new, error.instanceof). */
export const ERROR_CONSTRUCTORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"]);
