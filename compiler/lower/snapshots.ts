/**
 * Snapshots (issue 10, docs/async.md "Config-level background tasks"): `envoy.defineSnapshot<T>`
 * in the config stage, `envoy.getSnapshot<T>` in streams. A snapshot's value is written as JSON and
 * decoded as T (runtime-c/snapshot.c), so T must be a config type; the runtime keeps it in a
 * pointer slot, so T must be an object, array or string; it decodes without literal checks (the
 * descriptor carries none), so T must have no literal types (TSE3030: rejected rather than
 * decoded unchecked).
 */
import { ts } from "ts-morph";

import { displayType, IrType } from "../ir/index.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";
import { checkConfigType } from "./config-types.js";
import { LoweringError } from "./errors.js";
import { literalChecks } from "./literal-checks.js";

export const SNAPSHOT_METHODS = ["defineSnapshot", "getSnapshot"] as const;

function reject(node: ts.Node, type: IrType, why: string): never {
  throw new LoweringError(node, diag.TSE3030, formatMessage(diag.TSE3030, { type: displayType(type), why }), CATALOGUE.TSE3030.hint);
}

/** T of a snapshot call (`tsType` as the checker sees it, `type` lowered), checked as above. */
export function checkSnapshotType(node: ts.CallExpression, tsType: ts.Type, type: IrType, checker: ts.TypeChecker): void {
  if (type.kind !== "object" && type.kind !== "array" && type.kind !== "string") reject(node, type, "its value must be an object, array or string");
  if (type.kind === "object" && type.layout.kind === "class") reject(node, type, "a class instance is no JSON value");
  if (type.kind === "string" && type.literals) reject(node, type, "literal types are not checked when a snapshot decodes");
  checkConfigType(type, node, false, "snapshot", checker);
  if (literalChecks(tsType, type, checker, node, "snapshot")) reject(node, type, "literal types are not checked when a snapshot decodes");
}
