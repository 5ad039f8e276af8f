/**
 * Lazy log arguments (compiler/ir/effects.ts skippable, emit/c-runtime-ops.ts): a log message whose
 * building changes nothing observable is built inside `if (tse_log_enabled(level))` and logged by
 * tse_log_on, which does not ask Envoy for the level a second time (one host callback a line, as a
 * hand-written module makes); one that calls a function, assigns or may throw is built first, at
 * every level, as JavaScript does.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { compileToIr } from "../../compiler/driver.js";
import { emitModule } from "../../compiler/emit/c-module.js";
import { scratchDir } from "../helpers/paths.js";

const header = `import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";\ninterface Rule { name: string }\n`;

/** The emitted C of a filter whose request hook runs `body`, from its first line on. */
function emitted(body: string): string {
  const entry = path.join(scratchDir("lazy-log"), "filter.ts");
  fs.writeFileSync(entry, `${header}class F implements HttpFilter {
  private n = 0;
  private bump(): number { this.n++; return this.n; }
  onRequestHeaders(envoy: EnvoyHttpFilter, _e: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    const rule: Rule | undefined = path.length > 3 ? { name: "r" } : undefined;
    ${body}
    envoy.setRequestHeader("x-n", String(this.n));
    return RequestHeadersStatus.Continue;
  }
}
registerHttpFilter("f", () => new F());
`);
  const c = emitModule(compileToIr(entry), "filter.ts");
  return c.slice(c.indexOf("/* F.onRequestHeaders */"));
}

describe("lazy log arguments", () => {
  it("builds a pure message (templates, optional chains, ??) only when the level logs", () => {
    const c = emitted("log.debug(`${path} -> ${rule?.name ?? 'default'} ${path.length * 2}`);");
    const guard = c.indexOf("if (tse_log_enabled(1)) {");
    expect(guard).toBeGreaterThan(0);
    expect(c.indexOf("tse_str_concat_all")).toBeGreaterThan(guard);
    expect(c.indexOf("tse_log_on(ctx, 1,")).toBeGreaterThan(c.indexOf("tse_str_concat_all"));
    expect(c).not.toContain("tse_log(ctx");
  });

  it("passes a literal message as it is", () => {
    const c = emitted("log.info('plain');");
    expect(c).not.toContain("tse_log_enabled");
    expect(c).toMatch(/tse_log\(ctx, 2, TSE_STR\(str_\d+\)/);
  });

  it("builds a message with a call, an assignment or a method that may throw at every level", () => {
    for (const body of ["log.debug(`n=${this.bump()}`);", "let k = 0; log.trace(`k=${(k = path.length)}`); this.n = k;", "log.debug(`u=${decodeURIComponent(path)}`);"]) {
      const c = emitted(body);
      expect(c, body).not.toContain("tse_log_enabled");
      expect(c, body).toMatch(/tse_log\(ctx, [01],/);
    }
  });
});
