import type { ts } from "../ts-morph.js";
import type { DiagnosticCode } from "../diagnostics/catalogue.js";

/**
 * A type (or class shape) with no representation: lowering reports it (TSE2002 unless `code` says)
 * at `at` (the offending class member) when given, else where the type is used (typeErrorAt).
 */
export class TypeError_ extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly code?: DiagnosticCode,
    readonly at?: ts.Node,
  ) {
    super(message);
  }
}
