/**
 * What lowering needs of the kinds of filter (compiler/api/kinds.ts, issue 11): each kind's hooks as
 * IR signatures, and the check that a class registered as one kind has no hook of another.
 */
import { ts } from "../ts-morph.js";

import { FILTER_KINDS, type FilterKind } from "../api/kinds.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";
import { booleanType, envoyType, IrType, numberType, stringType, voidType } from "../ir/index.js";
import { LoweringError } from "./errors.js";

/** Each hook's IR signature, from its kind's API table: the handle, booleans, strings (a tracer's), numbers (and enums), a status or nothing. */
const hookSignatures = (kind: FilterKind): Record<string, { params: IrType[]; returns: IrType }> =>
  Object.fromEntries(
    kind.api.hooks.map((hook) => [
      hook.name,
      { params: hook.params.map((p) => (p.type === kind.handle ? envoyType : p.type === "boolean" ? booleanType : p.type === "string" ? stringType : numberType)), returns: hook.returns === "void" ? voidType : numberType },
    ]),
  );

export const KIND_HOOKS = new Map(FILTER_KINDS.map((kind) => [kind, hookSignatures(kind)]));

/** How TSE3020 names a kind (the others: "a network filter"). */
const KIND_ARTICLES: Record<string, string> = { http: "an HTTP filter", udp_listener: "a UDP listener filter", access_logger: "an access logger", tracer: "a tracer", stats_sink: "a stats sink" };

/** A hook of another kind (an HTTP hook in a network filter class) would never run either (TSE3020). */
export function checkNoOtherKindsHook(node: ts.MethodDeclaration, name: string, kind: FilterKind): void {
  const other = FILTER_KINDS.find((k) => k !== kind && k.api.hooks.some((hook) => hook.name === name));
  if (!other) return;
  const article = (k: FilterKind) => KIND_ARTICLES[k.kind] ?? `a ${k.kind} filter`;
  throw new LoweringError(node.name, diag.TSE3020, formatMessage(diag.TSE3020, { hook: name, other: article(other), kind: article(kind) }), `${CATALOGUE.TSE3020.hint.split(" (")[0]}: ${kind.classInterface}, or register the class with ${other.register}`);
}

/** Kinds an older Envoy release cannot load from the module (TSE3021). */
export function checkKindSupported(call: ts.CallExpression, kind: FilterKind, envoyVersion = "1.40"): void {
  const minor = Number(envoyVersion.split(".")[1]);
  if (minor >= kind.minEnvoyMinor) return;
  throw new LoweringError(call.expression, diag.TSE3021, formatMessage(diag.TSE3021, { register: kind.register, minor: String(kind.minEnvoyMinor), version: envoyVersion }), CATALOGUE.TSE3021.hint);
}
