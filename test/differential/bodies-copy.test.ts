/**
 * Body text is copied out of Envoy only when filter code reads it: the hosts print `read_body` for
 * each copy (envoy_model.c, reference.ts), and a filter that returns statuses and reads sizes has none.
 */
import { describe, expect, it } from "vitest";

import { corpusProgram } from "../helpers/corpus.js";
import { buildBoth, transcripts } from "../hosts/differential.js";
import { Vector, vectorsFor } from "../hosts/vectors.js";

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

  it("a 1 MB body read as bytes and scanned is not copied: one read_body, and it fits a 64 KiB arena, where reading it as text fails closed (bodies/large_bytes.ts)", async () => {
    const file = corpusProgram("bodies/large_bytes");
    const built = await buildBoth(file, undefined, { streamMemoryLimit: 64 * 1024 });
    const body = "abcdefghijklmnopqrstuvwxy".repeat(41943) + "z".repeat(1024 * 1024 - 25 * 41943);
    const vector = (read: string): Vector => ({
      filter: "test",
      streams: [
        {
          events: [
            { hook: "request_headers", headers: [[":method", "POST"], ["x-read", read]], endOfStream: false },
            { hook: "request_body", data: body, endOfStream: true },
            { hook: "stream_complete" },
          ],
        },
      ],
    });
    const bytes = await transcripts(built, vector("bytes"));
    expect(bytes.native).toBe(bytes.reference);
    expect(bytes.native).toContain(`bytes: ${1024 * 1024} bytes, ${1024 * 1024 - 25 * 41943} z, first z at ${25 * 41943}, end=true`);
    expect(bytes.native.match(/^read_body /gm)?.length ?? 0).toBe(1);
    expect(bytes.native).not.toMatch(/failed in/);
    // The same read as text copies the body into the arena: past 64 KiB, the request fails closed.
    const { native } = await transcripts(built, vector("text"));
    expect(native).toMatch(/failed in onRequestBody: .*memory/);
  });
});
