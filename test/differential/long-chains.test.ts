/**
 * Long chains (200 chained conditionals, 1,000-term sums of numbers and of strings, long `&&`/`||`/`??`
 * and else-if chains) compile to C the C compiler accepts, in time linear in their length, and
 * behave exactly as in Node. The programs are generated; each is built both ways (linked through
 * the real C toolchain) and run with the default vector.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { scratchDir } from "../helpers/paths.js";
import { buildBoth, transcripts } from "../hosts/differential.js";
import { vectorsFor } from "../hosts/vectors.js";

/**
 * Generous: the build takes seconds alone (13 s under sanitizers), and a loaded two-core machine may
 * be ten times slower (a cold cache, other sessions' builds); exponential emission would not finish
 * 26 links in this time.
 */
const BUILD_BOUND_MS = 180_000;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A filter whose request hook runs `body`; `counted` and `check` log each call (effects show their order). */
function program(body: string): string {
  return `import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function counted(x: number): string {
  log.info("counted " + x);
  return "v" + x;
}

function check(x: number): boolean {
  log.info("check " + x);
  return x > 0;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
${body}
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
`;
}

const programs: Record<string, string> = {
  // Each link calls a function, so the chain is statements in ifs, not one C expression.
  ternaries_200: program(
    `    for (const n of [0, 1, 57, 199, 200, -1]) {
      const picked = ${range(200).map((i) => `n === ${i} ? counted(${i}) : `).join("")}"none";
      log.info(picked);
    }
    for (const n of [3, 150, 999]) {
      log.info(${range(200).map((i) => `n === ${i} ? "p${i}" : `).join("")}"pure-none");
    }`,
  ),
  // Conditions that are statements themselves: the chain cannot be C's else-if.
  ternaries_effectful_conditions_200: program(
    `    for (const n of [0, 42, 199, 500]) {
      log.info(${range(200).map((i) => `check(n - ${i}) && n < ${i + 1} ? counted(${i}) : `).join("")}"none");
    }`,
  ),
  number_sums_1000: program(
    `    const a = Number("1.5");
    const b = Number("-0.25");
    log.info(String(${range(1000).map((i) => (i % 3 === 0 ? "a" : i % 3 === 1 ? "b" : `${i}`)).join(" + ")}));
    log.info(String(${range(1000).map((i) => (i % 2 === 0 ? "a" : "b * 3")).join(" - ")}));
    log.info(String(${range(300).map((i) => (i % 2 === 0 ? "a" : "1.0001")).join(" * ")}));
    log.info(String(${range(300).map((i) => `(a % ${i + 2})`).join(" + ")}));
    log.info(String(${range(200).map((i) => `${i}`).join(" | ")}));`,
  ),
  string_sums_1000: program(
    `    const s = String(Number("7") * 3);
    const x = Number("0.1");
    log.info(${range(1000).map((i) => (i % 4 === 0 ? "s" : i % 4 === 1 ? `"-${i}-"` : i % 4 === 2 ? "x" : "counted(x)")).join(" + ")});
    log.info(String((${range(1000).map(() => "s").join(" + ")}).length));`,
  ),
  logical_chains_300: program(
    `    const flags = [true, true, false, true];
    const t = flags[0] === true;
    const f = flags[2] === true;
    log.info(String(${range(300).map((i) => (i === 299 ? "f" : "t")).join(" && ")}));
    log.info(String(${range(300).map((i) => (i % 2 === 0 ? "check(0)" : "t")).join(" && ")}));
    log.info(String(${range(300).map((i) => (i === 150 ? "check(1)" : "f")).join(" || ")}));
    const none: string | undefined = flags.length > 10 ? "x" : undefined;
    log.info(${range(300).map(() => "none").join(" ?? ")} ?? "fallback");`,
  ),
  else_if_300: program(
    `    for (const path of ["/p0", "/p77", "/p299", "/other"]) {
      ${range(300).map((i) => `if (path === "/p${i}") {\n        log.info("pure ${i}");\n      }`).join(" else ")} else {
        log.info("no pure match");
      }
      ${range(300).map((i) => `if (path.startsWith("/p${i}") && path.length === ${`/p${i}`.length}) {\n        log.info("method ${i}");\n      }`).join(" else ")} else {
        log.info("no method match");
      }
    }`,
  ),
};

describe("long chains: build time linear in length, C the compiler accepts, results as in Node", () => {
  const dir = scratchDir("long-chains");
  for (const [name, source] of Object.entries(programs)) {
    it(name, async () => {
      const file = path.join(dir, `${name}.ts`);
      fs.writeFileSync(file, source);
      const started = Date.now();
      const built = await buildBoth(file);
      const elapsed = Date.now() - started;
      expect(elapsed, `${name} built in ${elapsed} ms`).toBeLessThan(BUILD_BOUND_MS);
      for (const vector of vectorsFor(file)) {
        const { native, reference } = await transcripts(built, vector);
        expect(native).toContain("program_init -> ok");
        expect(native).toBe(reference);
      }
    });
  }
});
