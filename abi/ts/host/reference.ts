/**
 * The Node reference host: plays Envoy for a filter running as JavaScript against the reference
 * SDK (abi/ts/sdk.ts, one module instance per program), reading the same line protocol and
 * printing the same transcript as the native host (abi/c/host/host.c) with the same model:
 * ordered header maps with lowercased names, attributes, counters, the enabled log level.
 */
import type { HttpStreamEvent } from "../sdk-http-stream.js";
import type { EnvoyAbi, TimingInfo } from "../sdk.js";
import { quote, quoteHeaderList } from "./protocol.js";
import { networkCallbacks, NetworkModel } from "./reference-network.js";
import { tracerCallbacks, TracerSinkModel } from "./reference-tracer-sink.js";
import { udpCallbacks, UdpModel } from "./reference-udp.js";
import { accessLogCallbacks, AccessLogModel } from "./reference-access-log.js";

type Bytes = Uint8Array;
type Sdk = typeof import("../sdk.js");

const LEVELS = ["trace", "debug", "info", "warn", "error", "critical", "off"];
const MAP_NAMES = ["request", "request_trailers", "response", "response_trailers"];
const METRIC_KINDS = ["counter", "gauge", "histogram"];
const METRIC_UPDATES = ["+=", "=", "+=", "-=", "<-"];
const MAX_METRICS = 64;

const lower = (bytes: Bytes) => Buffer.from(bytes.map((b) => (b >= 0x41 && b <= 0x5a ? b + 32 : b)));
const same = (a: Bytes, b: Bytes) => Buffer.compare(lower(a), lower(b)) === 0;
const unhex = (text: string | undefined) => Buffer.from(text === undefined || text === "-" ? "" : text, "hex");

class EnvoyModel implements EnvoyAbi {
  readonly out: string[] = [];
  maps: [Buffer, Buffer][][] = [[], [], [], []];
  /** Which maps have arrived: Envoy refuses writes to trailers a message has not got (envoy_model.c). */
  present = [false, false, false, false];
  attributes = new Map<number, Buffer | bigint | boolean>();
  /** Time-valued attributes (A <id> t <ns>), read through the timing snapshot. */
  times = new Map<number, bigint>();
  logLevel = 2;

  log(level: number, message: Bytes, file: string, line: number): void {
    this.out.push(`log ${LEVELS[level]} ${quote(file)}:${line} ${quote(message)}`);
  }
  logEnabled(level: number): boolean {
    return level >= this.logLevel;
  }
  /** Per kind (counter, gauge, histogram): each metric's name and number of tags (envoy_model.c). */
  metrics: { name: Bytes; tags: number }[][] = [[], [], []];
  defineMetric(kind: number, name: Bytes, tagNames: Bytes[]): number | undefined {
    const list = this.metrics[kind]!;
    if (list.length === MAX_METRICS) return undefined;
    this.out.push(`define ${METRIC_KINDS[kind]} ${quote(name)} [${tagNames.map((t) => quote(t)).join(",")}]`);
    list.push({ name, tags: tagNames.length });
    return list.length - 1;
  }
  updateMetric(update: number, kind: number, id: number, tagValues: Bytes[], value: number): void {
    const metric = this.metrics[kind]![id];
    if (!metric || metric.tags !== tagValues.length) return; // MetricNotFound, InvalidLabels
    const tags = tagValues.length ? ` [${tagValues.map((t) => quote(t)).join(",")}]` : "";
    this.out.push(`${METRIC_KINDS[kind]} ${quote(metric.name)}${tags} ${METRIC_UPDATES[update]} ${value}`);
  }
  workerIndex(): number {
    return 0; // one worker in the model
  }
  getHeaderValues(kind: number, name: Bytes): Bytes[] {
    return this.maps[kind]!.filter(([n]) => same(n, name)).map(([, v]) => v);
  }
  getHeaders(kind: number): [Bytes, Bytes][] {
    return this.maps[kind]!.map(([n, v]) => [n, v]);
  }
  setHeader(kind: number, name: Bytes, value: Bytes | undefined): boolean {
    if ((kind === 1 || kind === 3) && !this.present[kind]) return false;
    const map = this.maps[kind]!;
    if (value === undefined) {
      this.out.push(`remove_header ${MAP_NAMES[kind]} ${quote(name)}`);
      this.maps[kind] = map.filter(([n]) => !same(n, name));
      return true;
    }
    this.out.push(`set_header ${MAP_NAMES[kind]} ${quote(name)} ${quote(value)}`);
    const first = map.findIndex(([n]) => same(n, name));
    if (first < 0) {
      map.push([lower(name), Buffer.from(value)]);
    } else {
      map[first]![1] = Buffer.from(value);
      this.maps[kind] = map.filter(([n], i) => i <= first || !same(n, name));
    }
    return true;
  }
  addHeader(kind: number, name: Bytes, value: Bytes): boolean {
    if ((kind === 1 || kind === 3) && !this.present[kind]) return false;
    this.out.push(`add_header ${MAP_NAMES[kind]} ${quote(name)} ${quote(value)}`);
    this.maps[kind]!.push([lower(name), Buffer.from(value)]);
    return true;
  }
  sendResponse(status: number, headers: [Bytes, Bytes][], body: Bytes | undefined, details: Bytes | undefined): void {
    this.out.push(`send_response ${status} ${quoteHeaderList(headers)} ${quote(body ?? "")} ${quote(details ?? "")}`);
  }
  sendResponseHeaders(headers: [Bytes, Bytes][], endOfStream: boolean): void {
    this.out.push(`send_response_headers ${quoteHeaderList(headers)} end_stream=${endOfStream}`);
  }
  sendResponseData(data: Bytes, endOfStream: boolean): void {
    this.out.push(`send_response_data ${quote(data)} end_stream=${endOfStream}`);
  }
  sendResponseTrailers(trailers: [Bytes, Bytes][]): void {
    this.out.push(`send_response_trailers ${quoteHeaderList(trailers)}`);
  }
  resetStream(details: Bytes): void {
    this.out.push(`reset_stream 0 ${quote(details)}`);
  }
  private nextCalloutId = 0;
  /** The stream slot the host has selected (its m line), and the slot that started each callout. */
  slot = 0;
  readonly calloutOwners = new Map<number, number>();
  /** A callout starts (envoy_model.c does the same): a cluster named "missing" is not found. */
  httpCallout(cluster: Bytes, headers: [Bytes, Bytes][], body: Bytes, timeoutMs: number): { id: number } | { refused: number } {
    const refused = Buffer.from(cluster).toString("latin1") === "missing";
    const line = `http_callout ${quote(cluster)} ${quoteHeaderList(headers)} ${quote(body)} ${timeoutMs}`;
    if (refused) {
      this.out.push(`${line} -> refused 2`);
      return { refused: 2 };
    }
    this.out.push(`${line} -> ${++this.nextCalloutId}`);
    this.calloutOwners.set(this.nextCalloutId, this.slot);
    return { id: this.nextCalloutId };
  }
  /** A background task's callout, from the config (envoy_model.c does the same): numbered with the streams' callouts. */
  configHttpCallout(cluster: Bytes, headers: [Bytes, Bytes][], body: Bytes, timeoutMs: number): { id: number } | { refused: number } {
    const line = `config_http_callout ${quote(cluster)} ${quoteHeaderList(headers)} ${quote(body)} ${timeoutMs}`;
    if (Buffer.from(cluster).toString("latin1") === "missing") {
      this.out.push(`${line} -> refused 2`);
      return { refused: 2 };
    }
    this.out.push(`${line} -> ${++this.nextCalloutId}`);
    return { id: this.nextCalloutId };
  }
  /** Streamed callouts (envoy_model.c does the same): numbered with the callouts, open until complete or reset. */
  readonly openHttpStreams = new Set<number>();
  /** Envoy calls the module's reset hook inline when the module resets a stream (ReferenceHost sets it). */
  httpStreamReset: (id: number) => void = () => {};
  startHttpStream(cluster: Bytes, headers: [Bytes, Bytes][], body: Bytes, endStream: boolean, timeoutMs: number): { id: number } | { refused: number } {
    const line = `start_http_stream ${quote(cluster)} ${quoteHeaderList(headers)} ${quote(body)} end_stream=${endStream} ${timeoutMs}`;
    if (Buffer.from(cluster).toString("latin1") === "missing") {
      this.out.push(`${line} -> refused 2`);
      return { refused: 2 };
    }
    this.out.push(`${line} -> ${++this.nextCalloutId}`);
    this.calloutOwners.set(this.nextCalloutId, this.slot);
    this.openHttpStreams.add(this.nextCalloutId);
    return { id: this.nextCalloutId };
  }
  httpStreamSendData(id: number, data: Bytes, endStream: boolean): boolean {
    const open = this.openHttpStreams.has(id);
    this.out.push(`http_stream_send_data ${id} ${quote(data)} end_stream=${endStream} -> ${open}`);
    return open;
  }
  httpStreamSendTrailers(id: number, trailers: [Bytes, Bytes][]): boolean {
    const open = this.openHttpStreams.has(id);
    this.out.push(`http_stream_send_trailers ${id} ${quoteHeaderList(trailers)} -> ${open}`);
    return open;
  }
  resetHttpStream(id: number): void {
    this.out.push(`reset_http_stream ${id}`);
    if (this.openHttpStreams.delete(id)) this.httpStreamReset(id);
  }
  continueDecoding(): void {
    this.out.push("continue_decoding");
    this.forwardBuffered(0);
  }
  continueEncoding(): void {
    this.out.push("continue_encoding");
    this.forwardBuffered(1);
  }
  /** The buffered body goes on, as after trailers that continue (envoy_model.c model_trailers_done). */
  forwardBuffered(side: number): void {
    const buffered = this.bodies[side * 2 + 1];
    if (!buffered) return;
    this.out.push(`forward ${side === 0 ? "request" : "response"} ${buffered.length ? buffered.map((c) => quote(c)).join("+") : '""'}`);
    this.bodies[side * 2 + 1] = undefined;
  }
  getAttributeString(id: number): Bytes | undefined {
    const value = this.attributes.get(id);
    return value instanceof Buffer ? value : undefined;
  }
  getAttributeInt(id: number): bigint | undefined {
    const value = this.attributes.get(id);
    return typeof value === "bigint" ? value : undefined;
  }
  clearRouteCache(clusterOnly: boolean): void {
    this.out.push(clusterOnly ? "clear_route_cluster_cache" : "clear_route_cache");
  }
  getAttributeBool(id: number): boolean | undefined {
    const value = this.attributes.get(id);
    return typeof value === "boolean" ? value : undefined;
  }
  /** As envoy_model.c fills Envoy's snapshot: RequestTime (8) the start, RequestDuration (12), ResponseBackendLatency (23) as last rx with first tx at 0. */
  getTimingInfo(): TimingInfo {
    const latency = this.times.get(23);
    return {
      ...(this.times.has(8) ? { startTimeUnixNs: this.times.get(8)! } : {}),
      ...(this.times.has(12) ? { requestCompleteNs: this.times.get(12)! } : {}),
      ...(latency !== undefined ? { firstUpstreamTxByteSentNs: 0n, lastUpstreamRxByteReceivedNs: latency } : {}),
    };
  }
  /** The ABI's four bodies as chunk lists (envoy_model.c): undefined when Envoy has none now. */
  bodies: (Buffer[] | undefined)[] = [undefined, undefined, undefined, undefined];
  getBody(kind: number): Bytes | undefined {
    this.out.push(`read_body ${kind}`);
    const body = this.bodies[kind];
    return body && Buffer.concat(body);
  }
  getBodyChunks(kind: number): Bytes[] | undefined {
    this.out.push(`read_body ${kind}`);
    return this.bodies[kind]?.map((chunk) => Buffer.from(chunk));
  }
  getBodySize(kind: number): number {
    return (this.bodies[kind] ?? []).reduce((sum, chunk) => sum + chunk.length, 0);
  }
  appendBody(kind: number, data: Bytes): boolean {
    // Envoy creates a missing buffered body; a received one exists only in the body hook.
    if (!this.bodies[kind] && kind % 2 === 0) return false;
    this.bodies[kind] = addChunk(this.bodies[kind] ?? [], Buffer.from(data));
    return true;
  }
  drainBody(kind: number, bytes: number): boolean {
    const body = this.bodies[kind];
    if (!body) return false;
    let left = bytes;
    while (left > 0 && body.length > 0) {
      const take = Math.min(left, body[0]!.length);
      body[0] = body[0]!.subarray(take);
      left -= take;
      if (body[0].length === 0) body.shift();
    }
    return true;
  }
  /** Dynamic metadata (ns, key -> value) and filter state of the stream, as envoy_model.c keeps them. */
  metadata = new Map<string, Bytes | number | boolean>();
  filterState = new Map<string, Bytes>();
  bufferLimit = MODEL_BUFFER_LIMIT;
  getMetadata(source: number, ns: Bytes, key: Bytes): Bytes | number | boolean | undefined {
    return source === 0 ? this.metadata.get(metadataKey(ns, key)) : undefined;
  }
  setMetadata(ns: Bytes, key: Bytes, value: Bytes | number | boolean): void {
    const shown = typeof value === "number" ? `number ${doubleBits(value)}` : typeof value === "boolean" ? String(value) : quote(value);
    this.out.push(`set_metadata ${quote(ns)} ${quote(key)} ${shown}`);
    this.metadata.set(metadataKey(ns, key), typeof value === "object" ? Buffer.from(value) : value);
  }
  /** Socket options set on the stream, by direction, level and name (envoy_model.c). */
  socketOptions = new Map<string, number>();
  setSocketOptionInt(direction: number, level: number, name: number, value: number): boolean {
    this.out.push(`set_socket_option ${direction} ${level} ${name} ${value}`);
    this.socketOptions.set(`${direction}:${level}:${name}`, value);
    return true;
  }
  getSocketOptionInt(direction: number, level: number, name: number): number | undefined {
    return this.socketOptions.get(`${direction}:${level}:${name}`);
  }
  setMetadataStruct(ns: Bytes, serialized: Bytes): void {
    this.out.push(`set_metadata_struct ${quote(ns)} ${Buffer.from(serialized).toString("hex") || "-"}`);
  }
  setFilterState(key: Bytes, value: Bytes): boolean {
    this.out.push(`set_filter_state ${quote(key)} ${quote(value)}`);
    this.filterState.set(Buffer.from(key).toString("hex"), Buffer.from(value));
    return true;
  }
  getFilterState(key: Bytes): Bytes | undefined {
    return this.filterState.get(Buffer.from(key).toString("hex"));
  }
  hasFilterState(key: Bytes): boolean {
    return this.filterState.has(Buffer.from(key).toString("hex"));
  }
  getBufferLimit(): number {
    return this.bufferLimit;
  }
  /** The per-route config of the stream's route (U), as the SDK made it. */
  route: unknown;
  routeConfig(): unknown {
    return this.route;
  }
  setBufferLimit(bytes: number): void {
    this.out.push(`set_buffer_limit ${bytes}`);
    this.bufferLimit = bytes;
  }
}

/** The model's buffer limit before a filter sets one: Envoy's default per-connection limit, 1 MiB. */
const MODEL_BUFFER_LIMIT = 1048576;
const metadataKey = (ns: Bytes, key: Bytes) => `${Buffer.from(ns).toString("hex")}:${Buffer.from(key).toString("hex")}`;
/** A number as its IEEE 754 bits (0x + 16 hex digits), so both hosts print it alike. */
function doubleBits(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return `0x${view.getBigUint64(0).toString(16).padStart(16, "0")}`;
}

/** envoy_model.c keeps at most 64 chunks, merging into the last. */
function addChunk(body: Buffer[], chunk: Buffer): Buffer[] {
  if (chunk.length === 0) return body;
  if (body.length === 64) body[63] = Buffer.concat([body[63]!, chunk]);
  else body.push(chunk);
  return body;
}

/** One stream's side of the model (envoy_model.c model_stream_state): what S resets. */
const STREAM_FIELDS = ["maps", "present", "attributes", "times", "bodies", "metadata", "filterState", "socketOptions", "bufferLimit"] as const;
type StreamSide = Pick<EnvoyModel, (typeof STREAM_FIELDS)[number]>;

function emptySide(): StreamSide {
  return {
    maps: [[], [], [], []],
    present: [false, false, false, false],
    attributes: new Map(),
    times: new Map(),
    bodies: [undefined, undefined, undefined, undefined],
    metadata: new Map(),
    filterState: new Map(),
    socketOptions: new Map(),
    bufferLimit: MODEL_BUFFER_LIMIT,
  };
}

/** The commands that print about the current stream (host.c STREAM_COMMANDS). */
const STREAM_COMMANDS = "SQPRTBOKEDM";

type ConfigHandle = NonNullable<ReturnType<Sdk["moduleAbi"]["configNew"]>>;
type StreamHandle = ReturnType<Sdk["moduleAbi"]["filterNew"]>;

/** Blocks until `time` (performance.now()): W lets real time keep pace with the virtual clock. */
function sleepUntil(time: number): void {
  const ms = Math.ceil(time - performance.now());
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The event of a `y` line: h <eos> <pairs>|-, d <eos> <hex>|-, t <pairs>|-, c, r <reason> (pairs: name-hex:value-hex,...). */
function parseHttpStreamEvent(args: string[]): HttpStreamEvent {
  const list = (text: string | undefined): [Buffer, Buffer][] => (!text || text === "-" ? [] : text.split(",").map((pair) => pair.split(":").map((part) => unhex(part)) as [Buffer, Buffer]));
  switch (args[0]) {
    case "h":
      return { kind: "headers", endStream: args[1] === "1", headers: list(args[2]) };
    case "d":
      return { kind: "data", endStream: args[1] === "1", data: !args[2] || args[2] === "-" ? Buffer.alloc(0) : unhex(args[2]) };
    case "t":
      return { kind: "trailers", trailers: list(args[1]) };
    case "c":
      return { kind: "complete" };
    default:
      return { kind: "reset", reason: Number(args[1]) };
  }
}

/** Lets the promise reactions queued so far run (an async hook's continuation up to its next wait). */
const microtasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One loaded program, driven line by line as host.c drives a module. */
export class ReferenceHost {
  private readonly envoy = new EnvoyModel();
  private config: ConfigHandle | undefined;
  /** Several streams at once (the m line): the model holds the current one's side, parked the others'. */
  private readonly streams: (StreamHandle | undefined)[] = [];
  private readonly parked: StreamSide[] = Array.from({ length: 8 }, emptySide);
  private current = 0;
  private shown = 0;
  private get stream(): StreamHandle | undefined {
    return this.streams[this.current];
  }
  private set stream(stream: StreamHandle | undefined) {
    this.streams[this.current] = stream;
  }
  private select(slot: number): void {
    if (slot === this.current) return;
    // parked[current] holds an empty side: swapping twice leaves it with the slot left (host.c select_stream).
    for (const index of [this.current, slot]) {
      const other = this.parked[index]! as unknown as Record<string, unknown>;
      const model = this.envoy as unknown as Record<string, unknown>;
      for (const field of STREAM_FIELDS) [model[field], other[field]] = [other[field], model[field]];
    }
    this.current = slot;
    this.envoy.slot = slot;
  }
  private show(slot: number): void {
    if (slot === this.shown) return;
    this.envoy.out.push(`stream ${slot}`);
    this.shown = slot;
  }
  /** Runs what follows in `slot`'s stream (shown in the transcript); the slot to go back to (host.c enter_stream). */
  private enter(slot: number): number {
    const back = this.current;
    this.select(slot);
    this.show(slot);
    return back;
  }
  /** The slot of the stream that started callout `id`, where Envoy delivers its events (the current one if unknown). */
  private calloutSlot(id: number): number {
    return this.envoy.calloutOwners.get(id) ?? this.current;
  }
  /** Header lines still to read for the current Q or P command. */
  private pending: { map: number; endOfStream: boolean; left: number } | undefined;
  /** Header lines still to read for the current F command. */
  private callout: { id: number; result: number; body: Buffer; headers: [Buffer, Buffer][]; left: number; back: number; config?: true } | undefined;

  /** Envoy's on_http_filter_http_callout_done, in the stream that started it; the hook that awaited it resumes. */
  private async deliverCallout(): Promise<void> {
    const { id, result, body, headers, back, config } = this.callout!;
    this.callout = undefined;
    if (config) {
      // The H line: the config's callout (a background task's), no stream.
      this.envoy.out.push(`config_http_callout_done ${id} ${result}`);
      if (this.config) this.sdk.moduleAbi.configCalloutDone(id, result, headers, body);
      await microtasks();
      return;
    }
    this.envoy.out.push(`http_callout_done ${id} ${result}`);
    if (this.stream) this.sdk.moduleAbi.calloutDone(id, result, headers, body);
    await microtasks();
    this.select(back);
  }

  /** Network filters' connection (issue 11): its callbacks live on the model the SDK calls. */
  private readonly network: NetworkModel;
  /** Tracers' spans and stats sinks' flushes (issue 11). */
  private readonly tracerSink: TracerSinkModel;
  /** UDP listener filters' listener (issue 11), the same way. */
  private readonly udp: UdpModel;
  /** Access loggers' log entry (issue 11), the same way. */
  private readonly accessLog: AccessLogModel;

  private constructor(private readonly sdk: Sdk) {
    this.envoy.httpStreamReset = (id) => {
      if (this.stream) this.sdk.moduleAbi.httpStreamEvent(id, { kind: "reset", reason: 2 });
    };
    this.network = new NetworkModel(this.envoy.out, sdk);
    Object.assign(this.envoy, networkCallbacks(this.network));
    this.tracerSink = new TracerSinkModel(this.envoy.out, sdk);
    Object.assign(this.envoy, tracerCallbacks(this.tracerSink));
    this.udp = new UdpModel(this.envoy.out, sdk);
    Object.assign(this.envoy, udpCallbacks(this.udp));
    this.accessLog = new AccessLogModel(this.envoy.out, sdk);
    Object.assign(this.envoy, accessLogCallbacks(this.accessLog));
  }

  /** Initializes the SDK instance at `sdkUrl` and imports the program (which registers its filters). */
  static async load(sdkUrl: string, entryUrl: string, moduleName: string): Promise<{ host: ReferenceHost; transcript: string }> {
    const host = new ReferenceHost((await import(sdkUrl)) as Sdk);
    host.envoy.out.push(`program_init -> ${host.sdk.moduleAbi.programInit(host.envoy, moduleName) ? "ok" : "refused"}`);
    await import(entryUrl);
    return { host, transcript: host.take() };
  }

  /** Runs protocol lines (protocol.ts); returns what they printed. */
  async run(lines: string): Promise<string> {
    for (const line of lines.split("\n")) if (line) await this.command(line);
    return this.take();
  }

  private take(): string {
    const text = this.envoy.out.map((line) => `${line}\n`).join("");
    this.envoy.out.length = 0;
    return text;
  }

  private async command(line: string): Promise<void> {
    const { envoy, sdk } = this;
    const out = envoy.out;
    const [command, ...args] = line.split(" ");
    if (this.callout) {
      if (command === "H") this.callout.headers.push([unhex(args[0]), unhex(args[1])]);
      if (--this.callout.left === 0) await this.deliverCallout();
      return;
    }
    if (this.pending) {
      if (command === "H") envoy.maps[this.pending.map]!.push([lower(unhex(args[0])), unhex(args[1])]);
      if (--this.pending.left === 0) await this.deliverHeaders();
      return;
    }
    if (command && STREAM_COMMANDS.includes(command)) this.show(this.current);
    if (this.network.command(command!, args) || this.udp.command(command!, args) || this.accessLog.command(command!, args)) return;
    if (this.tracerSink.command(command!, args)) return;
    switch (command) {
      case "L":
        envoy.logLevel = Number(args[0]);
        break;
      case "C": {
        const name = unhex(args[0]).toString("utf8");
        this.config = sdk.moduleAbi.configNew(name, args[1] === "-" ? new Uint8Array() : unhex(args[1]));
        // A background task's first run goes as far as it can inside config_new in the module (its settling too).
        await microtasks();
        out.push(`config ${quote(unhex(args[0]))} -> ${this.config ? "ok" : "rejected"}`);
        break;
      }
      case "U": {
        envoy.route = undefined;
        if (args[0] !== "-") {
          envoy.route = sdk.moduleAbi.perRouteConfigNew(unhex(args[0]).toString("utf8"), unhex(args[1]));
          out.push(`per_route_config ${quote(unhex(args[0]))} -> ${envoy.route ? "ok" : "rejected"}`);
        }
        break;
      }
      case "m":
        this.select(Number(args[0]));
        break;
      case "S":
        Object.assign(envoy, emptySide());
        // Envoy creates no streams for a rejected config.
        this.stream = this.config ? sdk.moduleAbi.filterNew(this.config) : undefined;
        out.push(`stream new -> ${this.stream ? "ok" : "refused"}`);
        break;
      case "A":
        if (args[1] === "t") envoy.times.set(Number(args[0]), BigInt(args[2]!));
        else envoy.attributes.set(Number(args[0]), args[1] === "s" ? unhex(args[2]) : args[1] === "b" ? args[2] === "1" : BigInt(args[2]!));
        break;
      case "Q":
      case "P": {
        const map = command === "Q" ? 0 : 2;
        envoy.maps[map] = [];
        this.pending = { map, endOfStream: args[0] === "1", left: Number(args[1]) };
        if (this.pending.left === 0) await this.deliverHeaders();
        break;
      }
      case "R":
      case "T": {
        const map = command === "R" ? 1 : 3;
        envoy.maps[map] = [];
        envoy.present[map] = true;
        this.pending = { map, endOfStream: true, left: Number(args[0]) };
        if (this.pending.left === 0) await this.deliverHeaders();
        break;
      }
      case "M": {
        const map = Number(args[0]);
        out.push(`headers ${MAP_NAMES[map]} ${quoteHeaderList(envoy.maps[map]!)}`);
        break;
      }
      case "B":
      case "O":
        await this.deliverBody(command === "B" ? 0 : 1, args[0] === "1", unhex(args[1]));
        break;
      case "W": {
        const ms = Number(args[0]);
        // As the native host (clock_model.c): `ms` of virtual time pass, and nothing else runs meanwhile
        // but the timers due by then, each at its time (fireTimer moves the clock), in due order; real
        // time keeps pace (the program's performance.now() and Date.now() see it pass).
        const [from, realFrom] = [sdk.moduleAbi.clock(), performance.now()];
        const deadline = from + ms;
        for (let due = sdk.moduleAbi.nextTimer(); due !== undefined && due <= deadline; due = sdk.moduleAbi.nextTimer()) {
          sleepUntil(realFrom + (due - from));
          if (sdk.moduleAbi.nextTimerIsConfig()) {
            // The config's scheduler (a background task's), as host.c delivers its events.
            out.push("config_scheduled");
            sdk.moduleAbi.fireTimer();
            await microtasks();
            continue;
          }
          // In the stream it resumes, as host.c delivers a scheduler event.
          const slot = this.streams.indexOf(sdk.moduleAbi.nextTimerStream());
          const back = slot >= 0 ? this.enter(slot) : this.current;
          sdk.moduleAbi.fireTimer();
          await microtasks();
          this.select(back);
        }
        sdk.moduleAbi.clockReach(deadline);
        sleepUntil(realFrom + ms);
        out.push(`wait ${ms}ms`);
        break;
      }
      case "y": {
        // y <id> h|d|t|c|r ...: an event of streamed callout <id> (protocol.ts).
        const event = parseHttpStreamEvent(args.slice(1));
        const id = Number(args[0]);
        // To the stream that started it, as host.c does.
        const back = this.enter(this.calloutSlot(id));
        out.push(`http_stream_${event.kind} ${id}`);
        if (event.kind === "complete" || event.kind === "reset") this.envoy.openHttpStreams.delete(id);
        if (this.stream) sdk.moduleAbi.httpStreamEvent(id, event);
        await microtasks();
        this.select(back);
        break;
      }
      case "F": {
        // F <id> <result> <n> <body-hex>|-, then n header lines: Envoy completes a callout.
        const [id, result, count, body] = args.map((a, i) => (i === 3 ? a : Number(a))) as [number, number, number, string];
        const headers: [Buffer, Buffer][] = [];
        // To the stream that started it, as host.c does.
        const back = this.enter(this.calloutSlot(id));
        this.callout = { id, result, body: body === "-" ? Buffer.alloc(0) : unhex(body), headers, left: count, back };
        if (count === 0) await this.deliverCallout();
        break;
      }
      case "H": {
        // H <id> <result> <n> <body-hex>|-, then n header lines: Envoy completes the config's callout.
        const [id, result, count, body] = args.map((a, i) => (i === 3 ? a : Number(a))) as [number, number, number, string];
        this.callout = { id, result, body: body === "-" ? Buffer.alloc(0) : unhex(body), headers: [], left: count, back: this.current, config: true };
        if (count === 0) await this.deliverCallout();
        break;
      }
      case "K":
        out.push(`watermark ${args[0] === "1" ? "above" : "below"}`);
        if (this.stream) sdk.moduleAbi.downstreamWatermark(this.stream, args[0] === "1");
        break;
      case "E":
        out.push("stream_complete");
        if (this.stream) sdk.moduleAbi.streamComplete(this.stream);
        break;
      case "D":
        if (this.stream) sdk.moduleAbi.streamDestroy(this.stream);
        out.push("stream destroyed");
        this.stream = undefined;
        break;
      case "X":
        if (this.config) sdk.moduleAbi.configDestroy(this.config);
        out.push("config destroyed");
        this.config = undefined;
        break;
      case "Y":
        out.push("sync");
        break;
    }
  }

  /** A body chunk through the hook, then Envoy's part (envoy_model.c model_body_hook_done). */
  private async deliverBody(side: number, endOfStream: boolean, data: Buffer): Promise<void> {
    const { envoy, sdk, stream } = this;
    envoy.bodies[side * 2] = addChunk([], data);
    envoy.out.push(`${side === 0 ? "request" : "response"}_body end_of_stream=${endOfStream}`);
    const called = !stream ? -1 : side === 0 ? sdk.moduleAbi.requestBody(stream, endOfStream) : sdk.moduleAbi.responseBody(stream, endOfStream);
    // An async body hook (docs/async.md): its outcome after its microtasks, as for headers.
    const status = stream ? sdk.moduleAbi.asyncOutcome(stream, (await microtasks(), called)) : called;
    envoy.out.push(`-> ${status}`);
    const received = envoy.bodies[side * 2]!;
    if (status === 1 || status === 2) {
      envoy.bodies[side * 2 + 1] = received.reduce(addChunk, envoy.bodies[side * 2 + 1] ?? []);
    } else if (status === 0) {
      const chunks = [...(envoy.bodies[side * 2 + 1] ?? []), ...received];
      envoy.out.push(`forward ${side === 0 ? "request" : "response"} ${chunks.length ? chunks.map((c) => quote(c)).join("+") : '""'}`);
      envoy.bodies[side * 2 + 1] = undefined;
    }
    envoy.bodies[side * 2] = undefined;
  }

  private async deliverHeaders(): Promise<void> {
    const { map, endOfStream } = this.pending!;
    this.pending = undefined;
    const stream = this.stream;
    if (map === 1 || map === 3) {
      const request = map === 1;
      this.envoy.out.push(`${request ? "request" : "response"}_trailers`);
      const called = !stream ? -1 : request ? this.sdk.moduleAbi.requestTrailers(stream) : this.sdk.moduleAbi.responseTrailers(stream);
      const status = stream ? this.sdk.moduleAbi.asyncOutcome(stream, (await microtasks(), called)) : called;
      this.envoy.out.push(`-> ${status}`);
      // Trailers that continue send a buffered body on first (envoy_model.c model_trailers_done).
      if (status === 0) this.envoy.forwardBuffered(request ? 0 : 1);
      return;
    }
    const request = map === 0;
    this.envoy.out.push(`${request ? "request" : "response"}_headers end_of_stream=${endOfStream}`);
    const called = !stream ? -1 : request ? this.sdk.moduleAbi.requestHeaders(stream, endOfStream) : this.sdk.moduleAbi.responseHeaders(stream, endOfStream);
    const status = stream ? this.sdk.moduleAbi.asyncOutcome(stream, (await microtasks(), called)) : called;
    this.envoy.out.push(`-> ${status}`);
  }
}
