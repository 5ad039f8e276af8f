/**
 * The Node reference host: plays Envoy for a filter running as JavaScript against the reference
 * SDK (abi/ts/sdk.ts, one module instance per program), reading the same line protocol and
 * printing the same transcript as the native host (abi/c/host/host.c) with the same model:
 * ordered header maps with lowercased names, attributes, counters, the enabled log level.
 */
import type { EnvoyAbi } from "../sdk.js";
import { quote, quoteHeaderList } from "./protocol.js";

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
  attributes = new Map<number, Buffer | bigint>();
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
    this.out.push(`add_header ${MAP_NAMES[kind]} ${quote(name)} ${quote(value)}`);
    this.maps[kind]!.push([lower(name), Buffer.from(value)]);
    return true;
  }
  sendResponse(status: number, headers: [Bytes, Bytes][], body: Bytes | undefined, details: Bytes | undefined): void {
    this.out.push(`send_response ${status} ${quoteHeaderList(headers)} ${quote(body ?? "")} ${quote(details ?? "")}`);
  }
  resetStream(details: Bytes): void {
    this.out.push(`reset_stream 0 ${quote(details)}`);
  }
  getAttributeString(id: number): Bytes | undefined {
    const value = this.attributes.get(id);
    return value instanceof Buffer ? value : undefined;
  }
  getAttributeInt(id: number): bigint | undefined {
    const value = this.attributes.get(id);
    return typeof value === "bigint" ? value : undefined;
  }
}

type ConfigHandle = NonNullable<ReturnType<Sdk["moduleAbi"]["configNew"]>>;
type StreamHandle = ReturnType<Sdk["moduleAbi"]["filterNew"]>;

/** One loaded program, driven line by line as host.c drives a module. */
export class ReferenceHost {
  private readonly envoy = new EnvoyModel();
  private config: ConfigHandle | undefined;
  private stream: StreamHandle | undefined;
  /** Header lines still to read for the current Q or P command. */
  private pending: { map: number; endOfStream: boolean; left: number } | undefined;

  private constructor(private readonly sdk: Sdk) {}

  /** Initializes the SDK instance at `sdkUrl` and imports the program (which registers its filters). */
  static async load(sdkUrl: string, entryUrl: string, moduleName: string): Promise<{ host: ReferenceHost; transcript: string }> {
    const host = new ReferenceHost((await import(sdkUrl)) as Sdk);
    host.envoy.out.push(`program_init -> ${host.sdk.moduleAbi.programInit(host.envoy, moduleName) ? "ok" : "refused"}`);
    await import(entryUrl);
    return { host, transcript: host.take() };
  }

  /** Runs protocol lines (protocol.ts); returns what they printed. */
  run(lines: string): string {
    for (const line of lines.split("\n")) if (line) this.command(line);
    return this.take();
  }

  private take(): string {
    const text = this.envoy.out.map((line) => `${line}\n`).join("");
    this.envoy.out.length = 0;
    return text;
  }

  private command(line: string): void {
    const { envoy, sdk } = this;
    const out = envoy.out;
    const [command, ...args] = line.split(" ");
    if (this.pending) {
      if (command === "H") envoy.maps[this.pending.map]!.push([lower(unhex(args[0])), unhex(args[1])]);
      if (--this.pending.left === 0) this.deliverHeaders();
      return;
    }
    switch (command) {
      case "L":
        envoy.logLevel = Number(args[0]);
        break;
      case "C": {
        const name = unhex(args[0]).toString("utf8");
        this.config = sdk.moduleAbi.configNew(name, args[1] === "-" ? new Uint8Array() : unhex(args[1]));
        out.push(`config ${quote(unhex(args[0]))} -> ${this.config ? "ok" : "rejected"}`);
        break;
      }
      case "S":
        envoy.maps = [[], [], [], []];
        envoy.attributes = new Map();
        // Envoy creates no streams for a rejected config.
        this.stream = this.config ? sdk.moduleAbi.filterNew(this.config) : undefined;
        out.push(`stream new -> ${this.stream ? "ok" : "refused"}`);
        break;
      case "A":
        envoy.attributes.set(Number(args[0]), args[1] === "s" ? unhex(args[2]) : BigInt(args[2]!));
        break;
      case "Q":
      case "P": {
        const map = command === "Q" ? 0 : 2;
        envoy.maps[map] = [];
        this.pending = { map, endOfStream: args[0] === "1", left: Number(args[1]) };
        if (this.pending.left === 0) this.deliverHeaders();
        break;
      }
      case "M": {
        const map = Number(args[0]);
        out.push(`headers ${MAP_NAMES[map]} ${quoteHeaderList(envoy.maps[map]!)}`);
        break;
      }
      case "W": {
        const ms = Number(args[0]);
        // Synchronous, as the native host's nanosleep: nothing else runs meanwhile.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
        out.push(`wait ${ms}ms`);
        break;
      }
      case "E":
        out.push("stream_complete");
        if (this.stream) sdk.moduleAbi.streamComplete(this.stream);
        break;
      case "D":
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

  private deliverHeaders(): void {
    const { map, endOfStream } = this.pending!;
    this.pending = undefined;
    const request = map === 0;
    this.envoy.out.push(`${request ? "request" : "response"}_headers end_of_stream=${endOfStream}`);
    const stream = this.stream;
    const status = !stream ? -1 : request ? this.sdk.moduleAbi.requestHeaders(stream, endOfStream) : this.sdk.moduleAbi.responseHeaders(stream, endOfStream);
    this.envoy.out.push(`-> ${status}`);
  }
}
