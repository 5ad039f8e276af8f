/**
 * Which filters' streams share one instance (compiler/ir/purity.ts): the factory only wraps what it
 * was given in a new object of the filter class, and nothing writes to such an object. Anything
 * else keeps an instance per stream, as JavaScript has it.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { compileToIr } from "../../compiler/driver.js";
import { sharesInstance } from "../../compiler/ir/index.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

const header = `import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";\ninterface Config { name: string }\n`;

function shared(source: string): boolean {
  const entry = path.join(scratchDir("purity"), "filter.ts");
  fs.writeFileSync(entry, header + source);
  const module = compileToIr(entry);
  expect(module.filters).toHaveLength(1);
  return sharesInstance(module.filters[0]!, module);
}

const onHeaders = (body: string) => `onRequestHeaders(envoy: EnvoyHttpFilter, _e: boolean): RequestHeadersStatus { ${body} return RequestHeadersStatus.Continue; }`;

describe("shared filter instances", () => {
  it("shares the examples that keep no per-stream state", () => {
    for (const [example, expected] of [["passthrough", true], ["header_mutation", true], ["route_rules", true]] as const) {
      const module = compileToIr(path.join(examplesDir, `${example}.ts`));
      expect(sharesInstance(module.filters[0]!, module), example).toBe(expected);
    }
  });

  it("shares a class reading only its config and literals", () => {
    expect(shared(`class F implements HttpFilter { private readonly n = 3; constructor(private readonly c: Config) {} ${onHeaders("envoy.setRequestHeader('x', this.c.name + this.n);")} }
registerHttpFilter("f", (c: Config) => new F(c));`)).toBe(true);
  });

  it("does not share a filter that writes a field, even of another stream's object", () => {
    expect(shared(`class F implements HttpFilter { count = 0; ${onHeaders("this.count++;")} }
registerHttpFilter("f", () => new F());`)).toBe(false);
    expect(shared(`class F implements HttpFilter { label = ""; ${onHeaders("const other = new F(); other.label = 'x'; envoy.setRequestHeader('x', other.label);")} }
registerHttpFilter("f", () => new F());`)).toBe(false);
  });

  it("does not share a filter whose fields start as fresh mutable objects", () => {
    expect(shared(`class F implements HttpFilter { readonly seen: string[] = []; ${onHeaders("this.seen.push('a'); envoy.setRequestHeader('x', String(this.seen.length));")} }
registerHttpFilter("f", () => new F());`)).toBe(false);
  });

  it("does not share a filter whose factory or constructor does more than wrap its arguments", () => {
    expect(shared(`class F implements HttpFilter { constructor(readonly n: number) {} ${onHeaders("")} }
registerHttpFilter("f", () => new F(Date.now()));`)).toBe(false);
    expect(shared(`class F implements HttpFilter { constructor(readonly c: Config) { log.info("stream"); } ${onHeaders("")} }
registerHttpFilter("f", (c: Config) => new F(c));`)).toBe(false);
    expect(shared(`class F implements HttpFilter {}
registerHttpFilter("f", () => { log.info("stream"); return new F(); });`)).toBe(false);
  });
});
