/**
 * Snapshots (issue 10, docs/async.md "Config-level background tasks"): `envoy.defineSnapshot<T>`
 * in the config stage, `envoy.getSnapshot<T>` in streams, `task.publishSnapshot<T>` in a background task. A snapshot's value is written as JSON and
 * decoded as T (runtime-c/snapshot.c), so T must be a config type; the runtime keeps it in a
 * pointer slot, so T must be an object, array or string (TSE3030). defineSnapshot passes T's
 * literal checks with its descriptor (the snapshot keeps them for every version it decodes).
 */
import { ts } from "../ts-morph.js";

import { displayType, IrType, LiteralCheck } from "../ir/index.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";
import { checkConfigType } from "./config-types.js";
import { LoweringError } from "./errors.js";
import { literalChecks } from "./literal-checks.js";

export const SNAPSHOT_METHODS = ["defineSnapshot", "getSnapshot", "publishSnapshot"] as const;

function reject(node: ts.Node, type: IrType, why: string): never {
  throw new LoweringError(node, diag.TSE3030, formatMessage(diag.TSE3030, { type: displayType(type), why }), CATALOGUE.TSE3030.hint);
}

/** T of a snapshot call (`tsType` as the checker sees it, `type` lowered), checked as above; T's literal checks. */
export function checkSnapshotType(node: ts.CallExpression, tsType: ts.Type, type: IrType, checker: ts.TypeChecker): LiteralCheck[] | undefined {
  if (type.kind !== "object" && type.kind !== "array" && type.kind !== "string") reject(node, type, "its value must be an object, array or string");
  if (type.kind === "object" && type.layout.kind === "class") reject(node, type, "a class instance is no JSON value");
  checkConfigType(type, node, false, "snapshot", checker);
  return literalChecks(tsType, type, checker, node, "snapshot");
}
