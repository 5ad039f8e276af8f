/**
 * Slot matches (compiler/ir/match-slots.ts, emit/c-function.ts): `const m = /re/.exec(s)` only
 * tested and indexed with constants is emitted as capture slots (tse_regexp_exec_slots), no array;
 * every other shape keeps the match array (tse_regexp_exec_literal). The results themselves are
 * compared with Node in test/differential/corpus/regex/slot_matches.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { compileToIr } from "../../compiler/driver.js";
import { emitModule } from "../../compiler/emit/c-module.js";
import { scratchDir } from "../helpers/paths.js";

const header = `import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";\n`;

/** The emitted C of helper `probe(s)`, whose body is `body`. */
function emitted(body: string, signature = "function probe(s: string): string"): string {
  const entry = path.join(scratchDir("match-slots"), "filter.ts");
  fs.writeFileSync(entry, `${header}${signature} {
  ${body}
}
class F implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _e: boolean): RequestHeadersStatus {
    log.info(String(probe(envoy.getRequestHeaderValue(":path") ?? "/")));
    return RequestHeadersStatus.Continue;
  }
}
registerHttpFilter("f", () => new F());
`);
  const c = emitModule(compileToIr(entry), "filter.ts");
  const start = c.indexOf("/* probe */");
  return c.slice(start, c.indexOf("\n}\n", start));
}

const slots = (c: string) => c.includes("tse_regexp_exec_slots") && !c.includes("tse_regexp_exec_literal");
const array = (c: string) => c.includes("tse_regexp_exec_literal") && !c.includes("tse_regexp_exec_slots");

describe("slot matches", () => {
  it("keeps slots for a match only tested and indexed with constants", () => {
    const c = emitted(`const m = /^(a+)(b)?$/.exec(s);\n  if (!m) return "none";\n  return \`\${m[0]} \${m[1]} \${m[2] ?? "-"}\`;`);
    expect(slots(c)).toBe(true);
    expect(c).toContain("int32_t sm_l_m_slots[6];");
    expect(c).toContain("tse_regexp_slot_capture(ctx, sm_l_m_found, sm_l_m_input, sm_l_m_slots, 2)");
    expect(slots(emitted(`const m = /(a)/.exec(s);\n  return m ? m[1] ?? "" : "";`))).toBe(true);
  });

  it.each([
    ["returned", `const m = /(a)/.exec(s);\n  return m ? m.join() : "";`],
    ["stored", `const m = /(a)/.exec(s);\n  const all = [m];\n  return String(all.length);`],
    ["read for .index", `const m = /(a)/.exec(s);\n  return m ? String(m.index) : "";`],
    ["read for .length", `const m = /(a)/.exec(s);\n  return m ? String(m.length) : "";`],
    ["tested with &&", `const m = /(a)/.exec(s);\n  return (m && m[1]) ?? "";`],
    ["compared with null", `const m = /(a)/.exec(s);\n  return m !== null ? m[1] ?? "" : "";`],
    ["indexed past its groups", `const m = /(a)/.exec(s);\n  return m ? m[2] ?? "" : "";`],
    ["indexed with a computed index", `const m = /(a)/.exec(s);\n  const i = s.length;\n  return m ? m[i] ?? "" : "";`],
    ["captured by a closure", `const m = /(a)/.exec(s);\n  const read = () => m?.[1];\n  return read() ?? "";`],
    ["reassigned", `let m = /(a)/.exec(s);\n  if (!m) m = /(b)/.exec(s);\n  return m ? m[1] ?? "" : "";`],
    ["in a function with try", `const m = /(a)/.exec(s);\n  try { return m ? m[1] ?? "" : ""; } catch { return "thrown"; }`],
    ["iterated", `const m = /(a)/.exec(s);\n  let out = "";\n  if (m) for (const g of m) out += g ?? "";\n  return out;`],
  ])("keeps the match array when it is %s", (_, body) => {
    expect(array(emitted(body))).toBe(true);
  });

  it("keeps the match array of a RegExp object (its lastIndex)", () => {
    const c = emitted(`const re = /(a)/g;\n  re.exec(s);\n  const m = re.exec(s);\n  return m ? m[1] ?? "" : "";`);
    expect(c).not.toContain("tse_regexp_exec_slots");
    expect(c).toContain("tse_regexp_exec(");
  });
});
