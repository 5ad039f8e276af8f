import type { DiagnosticCode } from "../diagnostics/catalogue.js";

/** A type (or class shape) with no representation: lowering reports it (TSE2002 unless `code` says) where it is used. */
export class TypeError_ extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly code?: DiagnosticCode,
  ) {
    super(message);
  }
}
