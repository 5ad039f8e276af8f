import fs from "node:fs";

/**
 * Test vectors: what Envoy does to a filter (configs, streams, header events), in a form both the
 * native host (line protocol) and the Node reference host read.
 */
/** A header name or value: text (sent as UTF-8) or raw bytes in hex (for invalid UTF-8). */
export type HeaderBytes = string | { hex: string };
export type HeaderList = [HeaderBytes, HeaderBytes][];

export function headerBytes(value: HeaderBytes): Buffer {
  return typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value.hex, "hex");
}

export type StreamEvent =
  | { hook: "request_headers"; headers: HeaderList; endOfStream: boolean }
  | { hook: "response_headers"; headers: HeaderList; endOfStream: boolean }
  | { hook: "stream_complete" }
  /** Time passes: both hosts sleep this long (for what depends on time, like the failure-log rate limit). */
  | { hook: "wait"; ms: number };

export interface StreamVector {
  /** Attribute values Envoy reports for the stream, by AttributeId name. */
  attributes?: Record<string, string | number>;
  events: StreamEvent[];
}

export interface Vector {
  filter: string;
  /** filter_config bytes (a string); undefined: no filter_config. */
  config?: string;
  /** Envoy's enabled log level: 0 trace .. 6 off. Default 2 (info). */
  logLevel?: number;
  streams: StreamVector[];
}

export const ATTRIBUTE_IDS: Record<string, number> = {
  RequestPath: 0, RequestHost: 2, RequestMethod: 4, RequestId: 9, RequestProtocol: 10, ResponseCode: 15,
  SourceAddress: 24, SourcePort: 25, DestinationAddress: 26, DestinationPort: 27, ConnectionId: 28,
  UpstreamAddress: 41, UpstreamPort: 42,
};

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

const hex = (text: HeaderBytes) => headerBytes(text).toString("hex") || "-";

/** The native host's line protocol (see test/hosts/native/host.c). */
export function toHostLines(vector: Vector): string {
  const lines = [`L ${vector.logLevel ?? 2}`, `C ${hex(vector.filter)} ${vector.config === undefined ? "-" : hex(vector.config)}`];
  for (const stream of vector.streams) {
    lines.push("S");
    for (const [name, value] of Object.entries(stream.attributes ?? {})) {
      const id = ATTRIBUTE_IDS[name];
      if (id === undefined) throw new Error(`unknown attribute ${name}`);
      lines.push(typeof value === "string" ? `A ${id} s ${hex(value)}` : `A ${id} i ${value}`);
    }
    for (const event of stream.events) {
      if (event.hook === "stream_complete") {
        lines.push("E");
      } else if (event.hook === "wait") {
        lines.push(`W ${event.ms}`);
      } else {
        lines.push(`${event.hook === "request_headers" ? "Q" : "P"} ${event.endOfStream ? 1 : 0} ${event.headers.length}`);
        for (const [name, value] of event.headers) lines.push(`H ${hex(name)} ${hex(value)}`);
      }
    }
    lines.push("D");
  }
  lines.push("X");
  return `${lines.join("\n")}\n`;
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
