/**
 * What crosses into Envoy is checked (runtime-c/envoy_api.c, abi/ts/sdk.ts): the corpus programs
 * for it agree in both hosts (corpus.test.ts), and here their transcripts are also held to what
 * must reach Envoy: no header with a control character or a non-token name, no local reply Envoy
 * cannot send as a final response, no config holding a number beyond double range.
 */
import { describe, expect, it } from "vitest";

import { corpusProgram } from "../helpers/corpus.js";
import { buildBoth, transcripts } from "../hosts/differential.js";
import { vectorsFor } from "../hosts/vectors.js";

/** The transcripts of every vector of a corpus program, checked to agree. */
async function run(program: string): Promise<string[]> {
  const file = corpusProgram(program);
  const built = await buildBoth(file);
  const out: string[] = [];
  for (const vector of vectorsFor(file)) {
    const { native, reference } = await transcripts(built, vector);
    expect(native).toBe(reference);
    out.push(native);
  }
  return out;
}

/** Lines where the module handed Envoy a header (set, add, local reply). */
const headerWrites = (transcript: string) => transcript.split("\n").filter((l) => /^(set_header|add_header|send_response) /.test(l));
/** A header-writing line without a local reply's body and details (which may hold any text). */
const headersOnly = (line: string) => line.replace(/\] "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*"$/, "]");

describe("the Envoy boundary", () => {
  it("never hands Envoy a header value with a control character or a name that is not a token", async () => {
    const [matrix, echoRequest, echoResponse, reply, status] = await run("boundary/headers.ts");
    const all = [matrix, echoRequest, echoResponse, reply, status].join("");
    for (const line of headerWrites(all)) {
      // The host prints \r, \n as escapes, other controls as \u00XX, DEL raw; \t is allowed.
      expect(headersOnly(line)).not.toMatch(/\\r|\\n|\\u00[01]|\x7f/);
      const name = /^(?:set|add)_header \w+ "((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
      if (name !== undefined) expect(name).toMatch(/^([!#$%&'*+\-.^_`|~0-9A-Za-z]+|:authority|:method|:path|:scheme|:protocol|:status)$/);
    }
    expect(matrix).toContain('set request value 2: TypeError | TypeError | \\"Invalid character in header content [\\\\\\"x-v\\\\\\"]\\"');
    expect(matrix).toContain('set request name 9: TypeError | TypeError | \\"Header name must be a valid HTTP token [\\\\\\"has space\\\\\\"]\\"');
    expect(matrix).toContain('set_header request ":path" "v"');
    expect(matrix).toContain('set_header request "x-v" "tab\\there"');
    expect(echoRequest).toContain("uncaught TypeError: Invalid character in header content [\\\"x-echo-back\\\"]; sent a 500 local reply");
    expect(echoResponse).toContain("uncaught TypeError: Invalid character in header content [\\\"x-echo\\\"]; reset the stream");
    expect(reply).toContain('send_response 400 [["x-reason","bad echo"]]');
    expect(reply).not.toContain("send_response 403 [[\"x-ok\",\"fine\"],[\"x-echo\",\"a");
    expect(reply).toContain("uncaught TypeError: Header name must be a valid HTTP token [\\\"bad name\\\"]; sent a 500 local reply");
    // Pseudo-headers make the request and status lines: no whitespace in them, a final status but 204/304.
    expect(matrix).toContain('pseudo 1 :path=\\"/a b\\": TypeError | TypeError | \\"Invalid character in header content [\\\\\\":path\\\\\\"]\\"');
    expect(matrix).toContain('pseudo 8 :method=\\"GET X\\": TypeError');
    expect(matrix).toContain('set_header request ":path" "/a/b?c=d"');
    expect(matrix).toContain('pseudo 17 :status=\\"204\\": other RangeError: Invalid status code: 204 (a :status set by a filter is from 200 to 599, not 204 or 304)');
    expect(status).toContain('set_header response ":status" "404"');
    expect(status).toContain("uncaught RangeError: Invalid status code: 204 (a :status set by a filter is from 200 to 599, not 204 or 304); reset the stream");
    for (const line of headerWrites(all)) {
      const value = /^(?:set|add)_header \w+ ":status" "(.*)"$/.exec(line)?.[1];
      if (value !== undefined) expect(value).toMatch(/^(2(?!04)|3(?!04)|4|5)\d\d$/);
    }
  });

  it("sends only local replies a final response can carry: 200 to 599, 204 and 304 without a body", async () => {
    const [all, uncaught] = await run("boundary/reply_status.ts");
    const sent = headerWrites(all + uncaught).map((l) => /^send_response (\d+) \[.*\] "(.*)" "/.exec(l)!);
    expect(sent.map((m) => m[1])).toEqual(["200", "204", "204", "205", "304", "404", "599", "500", "500", "204", "500"]);
    for (const m of sent) if (m[1] === "204" || m[1] === "304") expect(m[2]).toBe("");
    expect(all).toContain("101 : RangeError Invalid status code: 101 (a local reply's status is an integer from 200 to 599)");
    expect(all).toContain("204 body: RangeError Invalid status code: 204 (a 204 or 304 local reply cannot carry a body)");
    expect(uncaught).toContain("uncaught RangeError: Invalid status code: 101 (a local reply's status is an integer from 200 to 599); sent a 500 local reply");
  });

  it("refuses configs holding numbers beyond double range when they load; JSON.parse keeps Infinity", async () => {
    const configs = await run("config/number_range.ts");
    expect(configs.map((t) => /config "test" -> (\w+)/.exec(t)![1])).toEqual(["rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "ok"]);
    expect(configs[0]).toContain("rejected its filter_config: rps: expected number, got Infinity (out of range for a double)");
    expect(configs[1]).toContain("rps: expected number, got -Infinity (out of range for a double)");
    expect(configs[3]).toContain("weights[2]: expected number, got Infinity (out of range for a double)");
    expect(configs[6]).toContain("JSON.parse: Infinity -Infinity 0 -0");
  });
});
