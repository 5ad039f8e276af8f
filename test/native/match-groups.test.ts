/**
 * TypeScript types the elements of a RegExp match `string`, but a group that took no part in the
 * match is undefined. for...of over a match once handed that undefined on as a string, and
 * JSON.stringify (or `.length`) of it crashed the process; now a use of the loop variable as a
 * string is checked and the stream fails closed with TypeError, as the array methods on a match
 * do (a documented difference from Node, so not in the differential corpus: corpus/miscompiles/
 * json_undefined_elements.ts holds what both agree on: comparisons, typeof, templates, ??).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { scratchDir } from "../helpers/paths.js";
import { runNative } from "../hosts/native/run.js";
import { vectorsFor } from "../hosts/vectors.js";

const program = (body: string) => `import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const m = "a".match(/(b)?a/);
    if (m) {
${body}
    }
    return RequestHeadersStatus.Continue;
  }
}
registerHttpFilter("test", () => new T());
`;

describe("for...of over a RegExp match with an unmatched group", () => {
  const cases: [string, string][] = [
    ["json", "      const parts: string[] = [];\n      for (const g of m) parts.push(g);\n      log.info(JSON.stringify(parts));"],
    ["length", "      for (const g of m) log.info(String(g.length));"],
    ["join", "      const parts: string[] = [];\n      for (const g of m) parts.push(g);\n      log.info(parts.join(\"-\"));"],
  ];
  for (const [name, body] of cases) {
    it(`fails the stream closed with TypeError (${name}), never crashes`, async () => {
      const file = path.join(scratchDir("match-groups"), `${name}.ts`);
      fs.writeFileSync(file, program(body));
      const { soPath } = await buildFilter(file);
      const [vector] = vectorsFor(file);
      const transcript = await runNative(soPath, vector!);
      expect(transcript).toContain("failed in onRequestHeaders: uncaught TypeError");
      expect(transcript).toContain("send_response 500");
      expect(transcript).toContain('counter "test.failures" += 1');
    });
  }
});
