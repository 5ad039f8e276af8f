/**
 * The hosts' line protocol: what Envoy does to a filter (configs, streams, header events) as lines
 * both hosts read, the native host (abi/c/host/host.c) and the Node reference host
 * (reference.ts), and the transcript both print in return. The differential tests and the
 * testing harness (abi/ts/testing.ts) speak it to either host.
 *
 * Commands, one a line, byte strings hex-encoded ("-" for empty):
 *   L <level>                          log level Envoy has enabled (0 trace .. 6 off)
 *   C <name-hex> <config-hex>|-        create a filter config ("-": no filter_config)
 *   U <name-hex> <config-hex>|-  /  U -   the route's per-route config for filter <name> for the streams that follow
 *                                      (prints per_route_config ... -> ok|rejected); "U -": the route has none
 *   S                                  new stream (empty header maps, no attributes)
 *   A <id> s <hex> | A <id> i <u64>    set an attribute of the current stream
 *   A <id> b 0|1 | A <id> t <ns>       a bool attribute; a time (RequestTime, RequestDuration, ResponseBackendLatency in ns)
 *   Q <eos> <n>  then n lines "H <name-hex> <value-hex>"   request headers arrive
 *   P <eos> <n>  then n header lines                        response headers arrive
 *   R <n>  then n header lines         request trailers arrive
 *   T <n>  then n header lines         response trailers arrive
 *   B <eos> <hex>|-  /  O <eos> <hex>|-  a request / response body chunk arrives
 *   K 1|0                     the client's write buffer goes above its high / below its low watermark
 *   M <map>                            print a header map (0 request, 2 response) as it is now
 *   E                                  stream complete
 *   W <ms>                             <ms> of virtual time pass (docs/testing.md "Timing model"): the timers due
 *                                      by then fire in due order, ties in start order (real time keeps pace)
 *   F <id> <result> <n> <body-hex>|-   then n header lines: Envoy completes HTTP callout <id> (result 0 success, 1 reset, 2 over the buffer limit)
 *   y <id> h <eos> <pairs>|-  /  y <id> d <eos> <hex>|-  /  y <id> t <pairs>|-  /  y <id> c  /  y <id> r <reason>
 *                                      an event of streamed callout <id>: response headers, a body chunk, trailers,
 *                                      complete, reset (pairs: <name-hex>:<value-hex>,...)
 *   H <id> <result> <n> <body-hex>|-   then n header lines: Envoy completes the config's HTTP callout <id> (a
 *                                      background task's; it prints config_http_callout ... when it starts). W
 *                                      delivers the config's scheduler events too ("config_scheduled")
 *   D                                  stream destroyed
 *   X                                  config destroyed
 *   Y                                  print "sync" (a reader of a running host waits for it)
 *   m <slot>                           the stream commands that follow act on stream slot <slot> (0-7; 0 at
 *                                      first): several streams live at once, each with its own headers,
 *                                      bodies and attributes; timers and callouts reach the stream that
 *                                      started them. Before what happens to a stream other than the one
 *                                      shown last, "stream <slot>" prints
 * Network filters (issue 11; toNetworkHostLines):
 *   N <name-hex> <config-hex>|-        create a network filter config
 *   a r|l <ip-hex> <port>  /  n <hex>|-   the next connection's remote | local address; its SNI
 *   c                                  new connection: the filter, then its new_connection hook
 *   r <eos> <hex>|-  /  w <eos> <hex>|-   bytes arrive in the read | write buffer, then on_read | on_write
 *                                      (after Continue the buffer goes on: "forward read|write ...")
 *   v <event>                          a connection event (ConnectionEvent)
 *   d                                  connection destroyed (prints what its buffers still hold)
 * Listener filters (toListenerHostLines; addresses as `a`):
 *   G <name-hex> <config-hex>|-        create a listener filter config
 *   s                                  new socket: the filter, on_accept (after StopIteration, max_read_bytes)
 *   p <hex>|-                          bytes arrive (peeked), then on_data
 *   k  /  q                            the socket closes (on_close)  /  socket destroyed
 * Tracers and stats sinks (issue 11; abi/c/host/tracer_sink_model.c, reference-tracer-sink.ts):
 *   Z <name-hex> <config-hex>|-        create a tracer config
 *   h <key-hex> <value-hex>|-          a header of the next span's trace context (":protocol", ":authority", ":path", ":method": the stream's facts)
 *   b 0|1 <operation-hex>              start a span (traced or not), then onStart
 *   o <hex>  /  t <key-hex> <value-hex>  /  g <ns> <event-hex>  /  x 0|1   set operation / tag / log / sampled
 *   i  /  e  /  z                      inject context (the span's writes print) / finish / span destroyed
 *   V <name-hex> <config-hex>|-        create a stats sink config
 *   u c|g <name-hex> <value> [<delta>]  /  u h <name-hex> <count> <sum> <bound>:<cumulative>,...  /  u t <name-hex> <value-hex>
 *                                      an entry of the next flush's snapshot
 *   l                                  flush (on_stat_sink_flush), then the snapshot is emptied
 */
import { AttributeId } from "../sdk.js";

/** A header name or value: text (sent as UTF-8) or raw bytes in hex (for invalid UTF-8). */
export type HeaderBytes = string | { hex: string };
export type HeaderList = [HeaderBytes, HeaderBytes][];

export function headerBytes(value: HeaderBytes): Buffer {
  return typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value.hex, "hex");
}

export type StreamEvent =
  | { hook: "request_headers"; headers: HeaderList; endOfStream: boolean }
  | { hook: "response_headers"; headers: HeaderList; endOfStream: boolean }
  | { hook: "request_trailers"; trailers: HeaderList }
  | { hook: "response_trailers"; trailers: HeaderList }
  /** A body chunk arrives (text sent as UTF-8, or raw bytes in hex). */
  | { hook: "request_body"; data: HeaderBytes; endOfStream: boolean }
  | { hook: "response_body"; data: HeaderBytes; endOfStream: boolean }
  | { hook: "stream_complete" }
  /** The client's write buffer crosses its high (above) or low watermark. */
  | { hook: "watermark"; above: boolean }
  /** Time passes: both hosts sleep this long (for what depends on time, like the failure-log rate limit). */
  | { hook: "wait"; ms: number }
  /** Envoy completes the HTTP callout `id` (docs/async.md): result 0 success, 1 reset, 2 over the buffer limit. */
  | { hook: "callout_done"; id: number; result: number; headers: HeaderList; body?: HeaderBytes }
  /** Envoy completes the config's callout `id` (a background task's, docs/async.md "Config-level background tasks"). */
  | { hook: "config_callout_done"; id: number; result: number; headers: HeaderList; body?: HeaderBytes }
  /** An event of the streamed callout `id` (docs/async.md#streamed-callouts); reset reasons as the ABI numbers them. */
  | { hook: "http_stream"; id: number; event: HttpStreamLine };

export type HttpStreamLine =
  | { kind: "headers"; headers: HeaderList; endStream: boolean }
  | { kind: "data"; data: HeaderBytes; endStream: boolean }
  | { kind: "trailers"; trailers: HeaderList }
  | { kind: "complete" }
  | { kind: "reset"; reason: number };

/** The `y` line of a streamed callout's event. */
export function httpStreamLine(id: number, event: HttpStreamLine): string {
  const pairs = (list: HeaderList) => (list.length ? list.map(([name, value]) => `${hex(name)}:${hex(value)}`).join(",") : "-");
  switch (event.kind) {
    case "headers":
      return `y ${id} h ${event.endStream ? 1 : 0} ${pairs(event.headers)}`;
    case "data":
      return `y ${id} d ${event.endStream ? 1 : 0} ${hex(event.data)}`;
    case "trailers":
      return `y ${id} t ${pairs(event.trailers)}`;
    case "complete":
      return `y ${id} c`;
    default:
      return `y ${id} r ${event.reason}`;
  }
}

export interface StreamVector {
  /** Attribute values Envoy reports for the stream, by AttributeId name. */
  attributes?: Record<string, string | number | boolean>;
  /** Time-valued attributes in nanoseconds (RequestTime since the epoch), by AttributeId name. */
  times?: Record<string, string>;
  /**
   * The stream's route has this per-route config for the filter named (default the vector's
   * filter), made before the stream; null: none. Absent: as the previous stream's route.
   */
  perRouteConfig?: { filter?: string; config: string } | null;
  events: StreamEvent[];
}

/**
 * A step of streams that live at once (Vector.interleaved): `stream` is its slot (0-7); "new"
 * starts a stream there, "destroy" ends it, any other event happens to it.
 */
export type InterleavedStep = { stream: number } & (StreamEvent | { hook: "new" } | { hook: "destroy" });

export interface Vector {
  filter: string;
  /** filter_config bytes (a string); undefined: no filter_config. */
  config?: string;
  /** Envoy's enabled log level: 0 trace .. 6 off. Default 2 (info). */
  logLevel?: number;
  streams: StreamVector[];
  /** After `streams`: streams that live at once, their events in this order (streams left live are destroyed at the end). */
  interleaved?: InterleavedStep[];
}

/** AttributeId names to the ABI's ids. */
export const ATTRIBUTE_IDS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(AttributeId).filter((entry): entry is [string, number] => typeof entry[1] === "number"),
);

export const hex = (text: HeaderBytes) => headerBytes(text).toString("hex") || "-";

export function attributeLine(name: string, value: string | number | boolean, time = false): string {
  const id = ATTRIBUTE_IDS[name];
  if (id === undefined) throw new Error(`unknown attribute ${name}`);
  if (time) return `A ${id} t ${value}`;
  if (typeof value === "boolean") return `A ${id} b ${value ? 1 : 0}`;
  return typeof value === "string" ? `A ${id} s ${hex(value)}` : `A ${id} i ${value}`;
}

export function headersLines(command: "Q" | "P", headers: HeaderList, endOfStream: boolean): string[] {
  return [`${command} ${endOfStream ? 1 : 0} ${headers.length}`, ...headers.map(([name, value]) => `H ${hex(name)} ${hex(value)}`)];
}

export function configLine(filter: string, config: string | undefined): string {
  return `C ${hex(filter)} ${config === undefined ? "-" : hex(config)}`;
}

/** A whole vector as host lines. */
export function toHostLines(vector: Vector): string {
  const lines = [`L ${vector.logLevel ?? 2}`, configLine(vector.filter, vector.config)];
  for (const stream of vector.streams) {
    if (stream.perRouteConfig !== undefined) lines.push(stream.perRouteConfig === null ? "U -" : `U ${hex(stream.perRouteConfig.filter ?? vector.filter)} ${hex(stream.perRouteConfig.config)}`);
    lines.push("S");
    for (const [name, value] of Object.entries(stream.attributes ?? {})) lines.push(attributeLine(name, value));
    for (const [name, value] of Object.entries(stream.times ?? {})) lines.push(attributeLine(name, value, true));
    for (const event of stream.events) lines.push(...eventLines(event));
    lines.push("D");
  }
  lines.push(...interleavedLines(vector.interleaved ?? []), "X");
  return `${lines.join("\n")}\n`;
}

function eventLines(event: StreamEvent): string[] {
  if (event.hook === "stream_complete") return ["E"];
  if (event.hook === "request_trailers" || event.hook === "response_trailers") {
    return [`${event.hook === "request_trailers" ? "R" : "T"} ${event.trailers.length}`, ...event.trailers.map(([name, value]) => `H ${hex(name)} ${hex(value)}`)];
  }
  if (event.hook === "wait") return [`W ${event.ms}`];
  if (event.hook === "callout_done" || event.hook === "config_callout_done") {
    const command = event.hook === "callout_done" ? "F" : "H";
    return [`${command} ${event.id} ${event.result} ${event.headers.length} ${event.body === undefined ? "-" : hex(event.body)}`, ...event.headers.map(([name, value]) => `H ${hex(name)} ${hex(value)}`)];
  }
  if (event.hook === "watermark") return [`K ${event.above ? 1 : 0}`];
  if (event.hook === "http_stream") return [httpStreamLine(event.id, event.event)];
  if (event.hook === "request_body" || event.hook === "response_body") return [`${event.hook === "request_body" ? "B" : "O"} ${event.endOfStream ? 1 : 0} ${hex(event.data)}`];
  return headersLines(event.hook === "request_headers" ? "Q" : "P", event.headers, event.endOfStream);
}

/** Interleaved steps: an m line where the stream changes; the streams left live are destroyed at the end. */
function interleavedLines(steps: InterleavedStep[]): string[] {
  const lines: string[] = [];
  const live = new Set<number>();
  let selected = 0;
  const select = (slot: number) => {
    if (slot !== selected) lines.push(`m ${slot}`);
    selected = slot;
  };
  for (const step of steps) {
    // Waits and callout completions reach their own streams whichever is selected.
    if (step.hook !== "wait" && step.hook !== "callout_done") select(step.stream);
    if (step.hook === "new") live.add(step.stream), lines.push("S");
    else if (step.hook === "destroy") live.delete(step.stream), lines.push("D");
    else lines.push(...eventLines(step));
  }
  for (const slot of [...live].sort()) select(slot), lines.push("D");
  select(0);
  return lines;
}

// ------------------------------------------------------------------ the transcript

/** JSON-style quoting of UTF-8 bytes, as the transcript shows strings (host.c's model_put_string). */
export function quote(bytes: Uint8Array | string): string {
  const data = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : Buffer.from(bytes);
  const parts: number[] = [0x22];
  const push = (text: string) => parts.push(...Buffer.from(text, "latin1"));
  for (const c of data) {
    if (c === 0x22) push('\\"');
    else if (c === 0x5c) push("\\\\");
    else if (c === 0x08) push("\\b");
    else if (c === 0x0c) push("\\f");
    else if (c === 0x0a) push("\\n");
    else if (c === 0x0d) push("\\r");
    else if (c === 0x09) push("\\t");
    else if (c < 0x20) push(`\\u${c.toString(16).padStart(4, "0")}`);
    else parts.push(c);
  }
  parts.push(0x22);
  return Buffer.from(parts).toString("utf8");
}

/** The transcript's way of writing a header list: `[["name","value"],...]`. */
export function quoteHeaderList(headers: [Uint8Array | string, Uint8Array | string][]): string {
  return `[${headers.map(([n, v]) => `[${quote(n)},${quote(v)}]`).join(",")}]`;
}

/**
 * Reads the values on one transcript line left to right. Quoting is JSON's (bytes above 0x7f as
 * they are), so a quoted string or a header list is read with JSON.parse once its extent is known.
 */
export class TranscriptLine {
  private pos = 0;
  constructor(readonly text: string) {}

  /** Where the next read starts. */
  get position(): number {
    return this.pos;
  }

  /** The next space-separated word (up to `stop`, default a space). */
  word(stop = " "): string {
    this.skipSpaces();
    let end = this.text.indexOf(stop, this.pos);
    if (end < 0) end = this.text.length;
    const word = this.text.slice(this.pos, end);
    this.pos = end;
    return word;
  }

  string(): string {
    this.skipSpaces();
    return JSON.parse(this.text.slice(this.pos, (this.pos = this.stringEnd(this.pos)))) as string;
  }

  headerList(): [string, string][] {
    this.skipSpaces();
    const start = this.pos;
    let depth = 0;
    do {
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos = this.stringEnd(this.pos);
        continue;
      }
      if (c === "[") depth++;
      else if (c === "]") depth--;
      else if (c === undefined) throw new Error(`unterminated list in transcript line: ${this.text}`);
      this.pos++;
    } while (depth > 0);
    return JSON.parse(this.text.slice(start, this.pos)) as [string, string][];
  }

  /** Skips the literal `text` (e.g. the ":" between a log line's file and line). */
  expect(text: string): void {
    if (!this.text.startsWith(text, this.pos)) throw new Error(`expected ${JSON.stringify(text)} at column ${this.pos} of transcript line: ${this.text}`);
    this.pos += text.length;
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === " ") this.pos++;
  }

  /** The index just past the quoted string starting at `start`. */
  private stringEnd(start: number): number {
    if (this.text[start] !== '"') throw new Error(`expected a quoted string at column ${start} of transcript line: ${this.text}`);
    for (let i = start + 1; i < this.text.length; i++) {
      if (this.text[i] === "\\") i++;
      else if (this.text[i] === '"') return i + 1;
    }
    throw new Error(`unterminated string in transcript line: ${this.text}`);
  }
}

// ------------------------------------------------------------------ network filters (issue 11)

export type ConnectionEvent =
  /** Bytes from the client (read) or on their way to it (write), then the filter's hook. */
  | { hook: "read" | "write"; data: HeaderBytes; endOfStream: boolean }
  | { hook: "event"; event: number }
  | { hook: "wait"; ms: number };

export interface ConnectionVector {
  /** [address, port]; default the hosts' ["127.0.0.1", 45678] remote and ["127.0.0.1", 10000] local. */
  remote?: [string, number];
  local?: [string, number];
  serverName?: string;
  events: ConnectionEvent[];
}

export interface NetworkVector {
  kind: "network";
  filter: string;
  config?: string;
  logLevel?: number;
  connections: ConnectionVector[];
}

/** A network vector as host lines. */
export function toNetworkHostLines(vector: NetworkVector): string {
  const lines = [`L ${vector.logLevel ?? 2}`, `N ${hex(vector.filter)} ${vector.config === undefined ? "-" : hex(vector.config)}`];
  for (const connection of vector.connections) {
    if (connection.remote) lines.push(`a r ${hex(connection.remote[0])} ${connection.remote[1]}`);
    if (connection.local) lines.push(`a l ${hex(connection.local[0])} ${connection.local[1]}`);
    if (connection.serverName !== undefined) lines.push(`n ${hex(connection.serverName)}`);
    lines.push("c");
    for (const event of connection.events) {
      if (event.hook === "event") lines.push(`v ${event.event}`);
      else if (event.hook === "wait") lines.push(`W ${event.ms}`);
      else lines.push(`${event.hook === "read" ? "r" : "w"} ${event.endOfStream ? 1 : 0} ${hex(event.data)}`);
    }
    lines.push("d");
  }
  lines.push("X");
  return `${lines.join("\n")}\n`;
}

export interface ListenerVector {
  kind: "listener";
  filter: string;
  config?: string;
  logLevel?: number;
  sockets: { remote?: [string, number]; local?: [string, number]; events: ({ hook: "data"; data: HeaderBytes } | { hook: "close" })[] }[];
}

/** A listener vector as host lines. */
export function toListenerHostLines(vector: ListenerVector): string {
  const lines = [`L ${vector.logLevel ?? 2}`, `G ${hex(vector.filter)} ${vector.config === undefined ? "-" : hex(vector.config)}`];
  for (const socket of vector.sockets) {
    if (socket.remote) lines.push(`a r ${hex(socket.remote[0])} ${socket.remote[1]}`);
    if (socket.local) lines.push(`a l ${hex(socket.local[0])} ${socket.local[1]}`);
    lines.push("s", ...socket.events.map((event) => (event.hook === "close" ? "k" : `p ${hex(event.data)}`)), "q");
  }
  lines.push("X");
  return `${lines.join("\n")}\n`;
}

/** UDP listener filters (issue 11): the listener's filter and the datagrams it gets, each from a peer (default 127.0.0.1:45678). */
export interface UdpListenerVector {
  kind: "udp_listener";
  filter: string;
  config?: string;
  logLevel?: number;
  datagrams: { peer?: [string, number]; data: HeaderBytes }[];
}

/** A UDP listener vector as host lines (I: config and filter; f: a datagram). */
export function toUdpListenerHostLines(vector: UdpListenerVector): string {
  const lines = [`L ${vector.logLevel ?? 2}`, `I ${hex(vector.filter)} ${vector.config === undefined ? "-" : hex(vector.config)}`];
  for (const datagram of vector.datagrams) {
    const [address, port] = datagram.peer ?? ["127.0.0.1", 45678];
    lines.push(`f ${hex(address)} ${port} ${hex(datagram.data)}`);
  }
  lines.push("X");
  return `${lines.join("\n")}\n`;
}

/** Access loggers (issue 11): the config's logger and its entries (what each finished stream left; absent fields: none). */
export interface AccessLogVector {
  kind: "access_logger";
  filter: string;
  config?: string;
  logLevel?: number;
  entries: {
    type?: number;
    code?: number;
    flags?: number;
    startNs?: string;
    lastTxNs?: string;
    bytes?: [number, number];
    protocol?: string;
    route?: string;
    cluster?: string;
    requestId?: string;
    remote?: [string, number];
    requestHeaders?: HeaderList;
    responseHeaders?: HeaderList;
    responseTrailers?: HeaderList;
  }[];
}

/** An access logger vector as host lines (J: config and logger; j: an entry's fields in access_log_model.c's order). */
export function toAccessLogHostLines(vector: AccessLogVector): string {
  const lines = [`L ${vector.logLevel ?? 2}`, `J ${hex(vector.filter)} ${vector.config === undefined ? "-" : hex(vector.config)}`];
  lines.push(...vector.entries.map(accessLogEntryLine), "X");
  return `${lines.join("\n")}\n`;
}

/** One access log entry as its `j` line (the testing harness sends them one by one). */
export function accessLogEntryLine(e: AccessLogVector["entries"][number]): string {
  const field = (value: string | number | undefined) => (value === undefined ? "-" : Buffer.from(String(value)).toString("hex"));
  const map = (headers: HeaderList | undefined) => (headers === undefined ? "-" : Buffer.concat(headers.flatMap(([n, v]) => [headerBytes(n), Buffer.from("\n"), headerBytes(v), Buffer.from("\n")])).toString("hex") || "-");
  const values = [e.type ?? 6, e.code, e.flags, e.startNs, e.lastTxNs, e.bytes?.[0], e.bytes?.[1], e.protocol, e.route, e.cluster, e.requestId, e.remote?.[0], e.remote?.[1]];
  return `j ${[...values.map(field), map(e.requestHeaders), map(e.responseHeaders), map(e.responseTrailers)].join(" ")}`;
}

/** Protocol lines as they are (tracers and stats sinks, issue 11: their commands above, names and values hex). */
export interface LinesVector {
  kind: "lines";
  lines: string[];
}

/** Any kind of vector as host lines. */
export function vectorLines(vector: Vector | NetworkVector | ListenerVector | UdpListenerVector | AccessLogVector | LinesVector): string {
  if ("kind" in vector && vector.kind === "access_logger") return toAccessLogHostLines(vector);
  if ("kind" in vector && vector.kind === "udp_listener") return toUdpListenerHostLines(vector);
  if ("kind" in vector && vector.kind === "network") return toNetworkHostLines(vector);
  if ("kind" in vector && vector.kind === "listener") return toListenerHostLines(vector);
  if ("kind" in vector && vector.kind === "lines") return `${vector.lines.join("\n")}\n`;
  return toHostLines(vector as Vector);
}
