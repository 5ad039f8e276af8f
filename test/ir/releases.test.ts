/**
 * The escape analysis behind early release (compiler/ir/releases.ts): which loop iterations and
 * hook calls may free what they allocate when they end. Each case is a small filter whose loops
 * are numbered in source order; a "keep" must say why, and anything the analysis cannot see
 * through keeps (a wrong release would free live memory).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { compileToIr } from "../../compiler/driver.js";
import { IrFunction, releases, Stmt, Verdict } from "../../compiler/ir/index.js";
import { runtimeOp, runtimeOpNames } from "../../compiler/ir/runtime-ops.js";
import { scratchDir } from "../helpers/paths.js";

const dir = scratchDir("releases");
let counter = 0;

/** The verdicts of `hook`'s loops (source order, nested ones after their parent) and of the hook itself. */
function analyze(members: string, hook = "onRequestHeaders", prelude = ""): { loops: Verdict[]; hook: Verdict; functions: Map<string, Verdict[]> } {
  const file = path.join(dir, `case${counter++}.ts`);
  const status = hook === "onRequestHeaders" ? "RequestHeadersStatus" : "RequestBodyStatus";
  fs.writeFileSync(
    file,
    `import { log, registerHttpFilter, ${status}, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";
${prelude}
class T implements HttpFilter {
  ${members}
}
registerHttpFilter("t", () => new T());
`,
  );
  const module = compileToIr(file);
  const loopsOf = (fn: IrFunction): Verdict[] => {
    const found: Verdict[] = [];
    const walk = (stmts: Stmt[]): void => {
      for (const s of stmts) {
        if (s.kind === "loop" || s.kind === "forOf" || s.kind === "forOfCollection") found.push(releases.loop(s));
        for (const key of ["body", "then", "otherwise", "update", "catchBody", "finallyBody"] as const) {
          const inner = (s as Record<string, unknown>)[key];
          if (Array.isArray(inner)) walk(inner as Stmt[]);
        }
        if (s.kind === "switch") for (const c of s.cases) walk(c.body);
      }
    };
    walk(fn.body);
    return found;
  };
  const method = module.filters[0]!.hooks[hook]!;
  const functions = new Map(module.functions.map((fn) => [fn.displayName, loopsOf(fn)]));
  return { loops: loopsOf(method), hook: releases.hook(method, hook), functions };
}

const released = (v: Verdict | undefined) => expect(v).toMatchObject({ release: true });
const kept = (v: Verdict | undefined, why: RegExp) => {
  expect(v?.release).toBe(false);
  expect((v as { reason: string }).reason).toMatch(why);
};

const headers = (body: string, fields = "") => `${fields}
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const text = envoy.getRequestHeaderValue("x") ?? "";
    ${body}
    return RequestHeadersStatus.Continue;
  }`;

describe("loop iterations", () => {
  it("release temporaries nothing keeps: slices, templates, numbers out", () => {
    const { loops } = analyze(headers(`let n = 0; for (let i = 0; i < 9; i++) { const t = \`\${text.slice(i).toUpperCase()}!\`; if (t.includes("A")) n++; } log.info(String(n));`));
    released(loops[0]);
  });

  it("keep a value stored into a variable declared outside the loop", () => {
    const { loops } = analyze(headers(`let last = ""; for (let i = 0; i < 9; i++) last = text.slice(i); log.info(last);`));
    kept(loops[0], /stores into last/);
  });

  it("keep strings appended to an outer variable, release those appended to one declared inside", () => {
    const { loops } = analyze(headers(`let s = ""; for (let i = 0; i < 9; i++) s += "x"; for (let i = 0; i < 9; i++) { let t = ""; t += text; log.info(t); } log.info(s);`));
    kept(loops[0], /stores into s/);
    released(loops[1]);
  });

  it("keep values pushed into an array made outside, release pushes into one made inside", () => {
    const { loops } = analyze(headers(`const out: string[] = []; for (let i = 0; i < 9; i++) out.push(text.slice(i)); for (let i = 0; i < 9; i++) { const mine: string[] = []; mine.push(text.slice(i)); log.info(mine.join()); } log.info(out.join());`));
    kept(loops[0], /array.push on a container made outside/);
    released(loops[1]);
  });

  it("keep Map.set on a map made outside; keep element writes (they may grow the array)", () => {
    const { loops } = analyze(headers(`const m = new Map<string, number>(); const a: number[] = []; for (let i = 0; i < 9; i++) m.set(text.slice(i), i); for (let i = 0; i < 9; i++) a[i] = text.slice(i).length; log.info(String(m.size + a.length));`));
    kept(loops[0], /map.set on a container made outside/);
    kept(loops[1], /element of an array made outside/);
  });

  it("keep values stored into fields; numbers into a class's fields keep nothing", () => {
    const { loops } = analyze(headers(`for (let i = 0; i < 9; i++) this.last = text.slice(i); for (let i = 0; i < 9; i++) this.count += text.slice(i).length;`, "private last = ''; private count = 0;"));
    kept(loops[0], /field last/);
    released(loops[1]);
  });

  it("see through calls of functions that keep nothing, and keep calls of ones that store", () => {
    const { loops } = analyze(
      headers(`for (let i = 0; i < 9; i++) log.info(String(weigh(text.slice(i)))); for (let i = 0; i < 9; i++) this.remember(text.slice(i));`, "private seen: string[] = []; private remember(s: string): void { this.seen.push(s); }"),
      "onRequestHeaders",
      "function weigh(s: string): number { const parts = s.split(''); return parts.length + s.toUpperCase().length; }",
    );
    released(loops[0]);
    kept(loops[1], /calls T.remember: array.push on a container made outside/);
  });

  it("release objects a constructor fills; keep what a closure or callback may keep", () => {
    const { loops } = analyze(
      headers(`for (let i = 0; i < 9; i++) { const p = new P(text.slice(i)); log.info(p.name); } const f = (s: string) => s.length; for (let i = 0; i < 9; i++) log.info(String(f(text.slice(i)))); for (let i = 0; i < 9; i++) log.info(text.replace("a", () => "b"));`),
      "onRequestHeaders",
      "class P { constructor(readonly name: string) {} }",
    );
    released(loops[0]);
    kept(loops[1], /function value/);
    kept(loops[2], /function value/);
  });

  it("allocate nothing: no mark (marks cost instructions)", () => {
    const { loops } = analyze(headers(`let n = 0; for (let i = 0; i < text.length; i++) n += text.charCodeAt(i); log.info(String(n));`));
    kept(loops[0], /allocates nothing/);
  });

  it("keep loops whose variables closures capture per iteration (renewed cells)", () => {
    const { loops } = analyze(headers(`const fs: (() => number)[] = []; for (let i = 0; i < 3; i++) { const f = () => i; log.info(String(f())); } log.info(String(fs.length));`));
    kept(loops[0], /per-iteration cells|function value/);
  });

  it("keep an error message a catch stores outside", () => {
    const { loops } = analyze(headers(`let last = ""; for (let i = 0; i < 3; i++) { try { if (text.slice(i) === "") throw new Error(text.slice(i + 1)); } catch (e) { last = e instanceof Error ? e.message : ""; } } log.info(last);`));
    kept(loops[0], /stores into last/);
  });

  it("release the loop in a function that returns from inside it", () => {
    const { functions } = analyze(headers(`log.info(find(text));`), "onRequestHeaders", "function find(s: string): string { for (let i = 0; i < s.length; i++) { const t = s.slice(i).toUpperCase(); if (t.startsWith('X')) return t; } return ''; }");
    released(functions.get("find")![0]);
  });

  it("keep replies, which run other hooks at once", () => {
    const { loops } = analyze(headers(`for (let i = 0; i < 2; i++) { if (text.slice(i) === "x") envoy.sendResponse(403, [], "no"); }`));
    kept(loops[0], /envoy.sendResponse/);
  });
});

describe("hook calls", () => {
  it("release a body hook that keeps only numbers in fields", () => {
    const { hook } = analyze(
      `private total = 0;
  onRequestBody(envoy: EnvoyHttpFilter, _end: boolean): RequestBodyStatus {
    const text = new TextDecoder().decode(envoy.getReceivedRequestBody());
    for (const w of text.split(" ")) this.total += w.length;
    return RequestBodyStatus.Continue;
  }`,
      "onRequestBody",
    );
    released(hook);
  });

  const body = (code: string, fields = "") => `${fields}
  onRequestBody(envoy: EnvoyHttpFilter, _end: boolean): RequestBodyStatus {
    const text = new TextDecoder().decode(envoy.getReceivedRequestBody());
    ${code}
    return RequestBodyStatus.Continue;
  }`;

  it("keep a hook that stores a string into a field, or whose helper does", () => {
    kept(analyze(body(`this.path = text.toLowerCase();`, "private path = '';"), "onRequestBody").hook, /field path/);
    kept(analyze(body(`this.note(text);`, "private notes: string[] = []; private note(s: string): void { this.notes.push(s.slice(1)); }"), "onRequestBody").hook, /calls T.note/);
  });

  it("keep a body hook that allocates nothing, or only in loops released per iteration: no mark", () => {
    const hook = `private calls = 0;
  onRequestBody(_envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    this.calls++;
    return end ? RequestBodyStatus.Continue : RequestBodyStatus.StopIterationAndBuffer;
  }`;
    kept(analyze(hook, "onRequestBody").hook, /allocates nothing/);
    const loops = `private n = 0;
  onRequestBody(_envoy: EnvoyHttpFilter, _end: boolean): RequestBodyStatus {
    for (let i = 0; i < 3; i++) this.n += String(i).length;
    return RequestBodyStatus.Continue;
  }`;
    const { hook: verdict, loops: inner } = analyze(loops, "onRequestBody");
    released(inner[0]);
    kept(verdict, /allocates nothing outside loops released/);
  });

  it("give a hook called once per stream no mark (its memory goes with the stream)", () => {
    kept(analyze(headers(`log.info(text.toUpperCase());`)).hook, /called once per stream/);
  });

  it("keep a header loop that only writes ASCII-passing host calls: no mark", () => {
    const { loops } = analyze(headers(`for (const h of ["a", "b"]) envoy.setRequestHeader(h, text);`));
    kept(loops[0], /allocates nothing/);
  });
});

describe("runtime operations' memory declarations", () => {
  it("every operation says what it does with its arguments; stores only into a container, and changes nothing unless it says so", () => {
    for (const name of runtimeOpNames()) {
      const spec = runtimeOp(name)!;
      expect(["none", "fresh", "stores", "keeps"], name).toContain(spec.memory);
      if (spec.memory === "stores") expect(["array", "collection"], name).toContain(spec.params[0]);
      if (spec.pure && spec.memory !== "fresh") expect(["none", "keeps"], name).toContain(spec.memory);
    }
    expect(runtimeOp("map.set")!.memory).toBe("stores");
    expect(runtimeOp("envoy.sendResponse")!.memory).toBe("keeps");
    expect(runtimeOp("envoy.getRequestHeaderValue")!.memory).toBe("none");
  });
});
