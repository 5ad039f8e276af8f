/**
 * Appends to string locals in place (runtime-c/string.c, tse_str_append): `s += x` and `s = s + ...`
 * on a local that lowering marked `appended` grow the string the local alone holds instead of
 * copying it, which makes building a string piece by piece linear in memory and time.
 *
 * Strings are immutable values, so a string may grow only while no other variable, field, array,
 * closure or call can have seen it. Each tracked local has an owner: a C local `<name>_own` holding
 * the local's last append result. Every read of the local's value (the "local" expression, a
 * closure's copy) first sets the owner to NULL, except reads that keep no copy (`s.length`); an
 * append result used as a value is not owned either. The runtime grows s in place only when
 * s == owner, and otherwise copies it into a new string that the owner then holds.
 *
 * Only locals of the function itself are tracked: a local in a cell or read through a closure's
 * environment is shared with other functions, whose reads this emitter does not see.
 */
import { Expr, Local, stringType } from "../ir/index.js";
import type { EmitterCore } from "./c-core.js";

/** Whether appends to `local` are emitted in place, with an owner. */
export function tracksAppends(local: Local): boolean {
  return local.appended === true && !local.cell && !local.captured && local.type.kind === "string";
}

/** The C name of a tracked local's owner. */
export function ownerName(local: Local): string {
  return `${local.cName}_own`;
}

/** The parts `value` appends to `local` when it is `local + parts...` (an assignment `s = s + x`), else undefined. */
export function appendedParts(local: Local, value: Expr): Expr[] | undefined {
  if (value.kind !== "runtime" || value.op !== "string.build") return undefined;
  const first = value.args[0];
  return first?.kind === "local" && first.local === local ? value.args.slice(1) : undefined;
}

/**
 * Emits `place = old + parts` for a tracked local, `old` its value before the parts were evaluated.
 * `keep`: the result is used only as the local's new value (an expression statement), so the owner
 * keeps it; otherwise it escapes and the owner lets go. Returns the new value.
 */
export function emitAppend(e: EmitterCore, local: Local, place: string, old: string, parts: Expr[], keep: boolean): string {
  const owner = ownerName(local);
  const codes = e.operands(parts.map((part) => (part.kind === "runtime" && part.op === "string.build" ? part.args : [part])).flat());
  let call: string;
  if (codes.length === 1) {
    call = `tse_str_append(ctx, ${old}, ${owner}, ${codes[0]})`;
  } else {
    const array = e.newTemp();
    e.line(`tse_str ${array}[${codes.length}] = {${codes.join(", ")}};`);
    call = `tse_str_append_all(ctx, ${old}, ${owner}, ${array}, ${codes.length})`;
  }
  if (keep) {
    e.line(`${owner} = ${place} = ${call};`);
    return place;
  }
  const result = e.temp(stringType, call);
  e.line(`${place} = ${result};`);
  e.line(`${owner} = NULL;`);
  return result;
}
