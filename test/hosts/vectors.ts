/**
 * Test vectors for the differential tests: the shapes and line protocol are the shipped hosts'
 * (abi/ts/host/protocol.ts); here, the ordinary exchange and the vectors a corpus program asks for.
 */
import fs from "node:fs";

import { HeaderList, Vector } from "../../abi/ts/host/protocol.js";

export { ATTRIBUTE_IDS, headerBytes, toHostLines, vectorLines } from "../../abi/ts/host/protocol.js";
export type { AccessLogVector, HeaderBytes, HeaderList, ListenerVector, NetworkVector, StreamEvent, StreamVector, UdpListenerVector, Vector } from "../../abi/ts/host/protocol.js";

export const standardRequest: HeaderList = [
  [":method", "GET"],
  [":path", "/a/b?c=d"],
  [":authority", "example.com"],
  ["user-agent", "test/1.0"],
  ["x-multi", "one"],
  ["x-multi", "two"],
];

/** One ordinary exchange: request headers (no body), response headers, completion. */
export function standardVector(filter = "test", config?: string): Vector {
  return {
    filter,
    config,
    streams: [
      {
        attributes: { SourceAddress: "10.0.0.1:4242", RequestMethod: "GET", ResponseCode: 200, UpstreamAddress: "10.0.0.2:80" },
        events: [
          { hook: "request_headers", headers: standardRequest, endOfStream: true },
          { hook: "response_headers", headers: [[":status", "200"], ["content-type", "text/plain"]], endOfStream: false },
          { hook: "stream_complete" },
        ],
      },
    ],
  };
}

/**
 * The vectors a corpus program (or an example's .vectors file) asks for in comment lines:
 * `// vector: <JSON>` (full control) and `// config: <filter_config>` (one ordinary exchange per
 * config, with the filter `// filter: <name>` names, default `test`); default one exchange, no config.
 */
export function vectorsFor(file: string): Vector[] {
  const text = fs.readFileSync(file, "utf8");
  const filter = /^\/\/ filter: (\S+)$/m.exec(text)?.[1] ?? "test";
  const vectors = [...text.matchAll(/^\/\/ vector: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as Vector);
  const configs = [...text.matchAll(/^\/\/ config: (.*)$/gm)].map((m) => standardVector(filter, m[1]!));
  const all = [...vectors, ...configs];
  return all.length > 0 ? all : [standardVector(filter)];
}
