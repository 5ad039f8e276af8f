/**
 * Body text is copied out of Envoy only when filter code reads it: the hosts print `read_body` for
 * each copy (envoy_model.c, reference.ts), and a filter that returns statuses and reads sizes has none.
 */
import { describe, expect, it } from "vitest";

import { corpusProgram } from "../helpers/corpus.js";
import { buildBoth, transcripts } from "../hosts/differential.js";
import { vectorsFor } from "../hosts/vectors.js";

describe("body copies", () => {
  it("a filter that only returns statuses copies nothing; one that reads copies once per read (text.ts: 4 request chunks x 2 reads, 2 response chunks x 4)", async () => {
    for (const [program, reads] of [["bodies/statuses_only", 0], ["bodies/text", 16]] as const) {
      const file = corpusProgram(program);
      const built = await buildBoth(file);
      const [vector] = vectorsFor(file);
      const { native, reference } = await transcripts(built, vector!);
      expect(native).toBe(reference);
      expect(native).toMatch(/forward request/);
      expect(native.match(/^read_body /gm)?.length ?? 0).toBe(reads);
    }
  });
});
