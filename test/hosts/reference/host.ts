/**
 * Node reference host: plays Envoy for a filter running as JavaScript against the reference SDK,
 * with the same model and the same transcript as the native host (test/hosts/native/host.c).
 */
import type { EnvoyAbi } from "../../../abi/ts/sdk.js";
import { ATTRIBUTE_IDS, headerBytes, Vector } from "../vectors.js";

type Bytes = Uint8Array;

const LEVELS = ["trace", "debug", "info", "warn", "error", "critical", "off"];
const MAP_NAMES = ["request", "request_trailers", "response", "response_trailers"];

/** JSON-style quoting of UTF-8 bytes, exactly as host.c's put_string. */
function quote(bytes: Bytes | string): string {
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

const lower = (bytes: Bytes) => Buffer.from(bytes.map((b) => (b >= 0x41 && b <= 0x5a ? b + 32 : b)));
const same = (a: Bytes, b: Bytes) => Buffer.compare(lower(a), lower(b)) === 0;

class EnvoyModel implements EnvoyAbi {
  readonly out: string[] = [];
  maps: [Buffer, Buffer][][] = [[], [], [], []];
  attributes = new Map<number, string | number>();
  counters: string[] = [];

  constructor(private readonly logLevel: number) {}

  log(level: number, message: Bytes, file: string, line: number): void {
    this.out.push(`log ${LEVELS[level]} ${quote(file)}:${line} ${quote(message)}`);
  }
  logEnabled(level: number): boolean {
    return level >= this.logLevel;
  }
  defineCounter(name: string): number {
    this.counters.push(name);
    return this.counters.length - 1;
  }
  incrementCounter(id: number, value: number): void {
    this.out.push(`counter ${quote(this.counters[id]!)} += ${value}`);
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
    const list = headers.map(([n, v]) => `[${quote(n)},${quote(v)}]`).join(",");
    this.out.push(`send_response ${status} [${list}] ${quote(body ?? "")} ${quote(details ?? "")}`);
  }
  resetStream(details: Bytes): void {
    this.out.push(`reset_stream 0 ${quote(details)}`);
  }
  getAttributeString(id: number): Bytes | undefined {
    const value = this.attributes.get(id);
    return typeof value === "string" ? Buffer.from(value, "utf8") : undefined;
  }
  getAttributeInt(id: number): bigint | undefined {
    const value = this.attributes.get(id);
    return typeof value === "number" ? BigInt(value) : undefined;
  }
}

/** Runs a vector against the program already imported with this SDK instance; returns the transcript. */
export async function runReference(sdkUrl: string, entryUrl: string, moduleName: string, vector: Vector): Promise<string> {
  const sdk = (await import(sdkUrl)) as typeof import("../../../abi/ts/sdk.js");
  const envoy = new EnvoyModel(vector.logLevel ?? 2);
  const out = envoy.out;
  out.push(`program_init -> ${sdk.moduleAbi.programInit(envoy, moduleName) ? "ok" : "refused"}`);
  await import(entryUrl);
  const config = sdk.moduleAbi.configNew(vector.filter, Buffer.from(vector.config ?? "", "utf8"));
  out.push(`config ${quote(vector.filter)} -> ${config ? "ok" : "rejected"}`);
  for (const streamVector of vector.streams) {
    envoy.maps = [[], [], [], []];
    envoy.attributes = new Map(Object.entries(streamVector.attributes ?? {}).map(([name, value]) => [ATTRIBUTE_IDS[name]!, value]));
    // Envoy does not create streams for a rejected config; the native host passes NULL through.
    const stream = config ? sdk.moduleAbi.filterNew(config) : undefined;
    out.push(`stream new -> ${stream ? "ok" : "refused"}`);
    for (const event of streamVector.events) {
      if (event.hook === "wait") {
        // Synchronous, as the native host's nanosleep: nothing else runs meanwhile.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, event.ms);
        out.push(`wait ${event.ms}ms`);
        continue;
      }
      if (event.hook === "stream_complete") {
        out.push("stream_complete");
        if (stream) sdk.moduleAbi.streamComplete(stream);
        continue;
      }
      const request = event.hook === "request_headers";
      envoy.maps[request ? 0 : 2] = event.headers.map(([n, v]) => [lower(headerBytes(n)), headerBytes(v)]);
      out.push(`${event.hook} end_of_stream=${event.endOfStream}`);
      const status = !stream ? -1 : request ? sdk.moduleAbi.requestHeaders(stream, event.endOfStream) : sdk.moduleAbi.responseHeaders(stream, event.endOfStream);
      out.push(`-> ${status}`);
    }
    out.push("stream destroyed");
  }
  if (config) sdk.moduleAbi.configDestroy(config);
  out.push("config destroyed");
  return `${out.join("\n")}\n`;
}
