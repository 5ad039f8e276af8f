// `const m = /re/.exec(s)` only tested and indexed with constants keeps its capture slots, no array
// (compiler/ir/match-slots.ts); every other use keeps the match array. Both shapes on the same
// inputs: groups that take no part, empty, one-char and whole-input captures, an index past the
// groups, wide input, sticky, an input appended to after the exec, and matches that escape.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

const PAIR = /^(\w*)-(\d+)?(x)?$/;

/** Slots: tested, then m[0..3] read. */
function slots(s: string): string {
  const m = PAIR.exec(s);
  if (!m) return `${s}: none`;
  return `${s}: [${m[0]}] [${m[1]}] [${m[2] ?? "undef"}] [${m[3] ?? "undef"}] ${m[1] === undefined}`;
}

/** Slots in a conditional, and an index past the groups (kept as an array). */
function ternary(s: string): string {
  const m = /(é|a)(b)?/.exec(s);
  const past = /(a)/.exec(s);
  return m ? `${m[1]}${m[2] ?? "-"} ${past ? past[4] ?? "past" : "no"}` : "no match";
}

/** Escapes: stored, returned, .index, .length, &&, passed, captured by a closure. */
function escapes(s: string): string {
  const kept: (RegExpExecArray | null)[] = [];
  const a = PAIR.exec(s);
  kept.push(a);
  const b = PAIR.exec(s);
  const c = PAIR.exec(s);
  const d = PAIR.exec(s);
  const e = PAIR.exec(s);
  const read = () => e?.[1] ?? "none";
  const f = PAIR.exec(s);
  return `${kept.length} ${b?.index ?? -1} ${c?.length ?? -1} ${(d && d[1]) ?? "none"} ${read()} ${whole(f)}`;
}

function whole(m: RegExpExecArray | null): string {
  return m ? m.join("|") : "null";
}

/** The input is a local appended to after the exec: the captures are the exec's. */
function appended(start: string): string {
  let s = start;
  const m = /^(a+)(b*)/.exec(s);
  s += "aab";
  s += "c";
  return m ? `${m[1]} ${m[2]} ${s}` : `none ${s}`;
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    for (const s of ["ab-12x", "-1", "ab-", "ab-3", "-", "a", path, "é-1", "ab-12y"]) log.info(slots(s));
    for (const s of ["xab", "é", "zz", "aé"]) log.info(ternary(s));
    for (const s of ["k-1", "q"]) log.info(escapes(s));
    for (const s of ["aab", "b", "a"]) log.info(appended(s));
    for (const s of ["ab", "xab"]) {
      const y = /(a)(b)/y.exec(s);
      log.info(y ? `sticky ${y[1]}${y[2]}` : "sticky none");
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
