/**
 * Streamed HTTP callouts in the Node reference SDK (docs/async.md#streamed-callouts), as
 * runtime-c/async_stream.c runs them: each stream keeps what arrived and was not read (the headers,
 * the body bytes, the trailers, the end, a reset); an await that finds what it asks for resolves at once, else
 * the event that brings it resolves it. Handles count 1, 2, ... per filter stream, as in C.
 */
import type { Header } from "./sdk.js";
import type * as Declared from "./tsc2envoy.js";

type Bytes = Uint8Array;

/** What Envoy's on_http_filter_http_stream_* hooks hand over. */
export type HttpStreamEvent =
  | { kind: "headers"; headers: [Bytes, Bytes][]; endStream: boolean }
  | { kind: "data"; data: Bytes; endStream: boolean }
  | { kind: "trailers"; trailers: [Bytes, Bytes][] }
  | { kind: "complete" }
  | { kind: "reset"; reason: number };

/** What the SDK lends: the stream whose hook runs, its Envoy, entering a stream's context to resume it. */
export interface HttpStreamHost {
  current(): object | undefined;
  abi(): {
    startHttpStream(cluster: Bytes, headers: [Bytes, Bytes][], body: Bytes, endStream: boolean, timeoutMs: number): { id: number; refused?: undefined } | { id?: undefined; refused: number };
    httpStreamSendData(id: number, data: Bytes, endStream: boolean): boolean;
    httpStreamSendTrailers(id: number, trailers: [Bytes, Bytes][]): boolean;
    resetHttpStream(id: number): void;
  };
  enter(stream: object): void;
  /** Runs `resume` from the scheduler, after the hook that runs now (runtime-c commits a scheduler event). */
  later(stream: object, resume: () => void): void;
  failed(stream: object): boolean;
  outsideHook(message: string): Error;
}

/** Body bytes a stream holds unread before it is reset (TSE_HTTP_STREAM_BUFFER_LIMIT). */
const BUFFER_LIMIT = 1 << 20;
/** Envoy's reset reasons, as runtime-c/async_stream.c words them. */
const RESET_REASONS = ["connection failure", "connection termination", "local reset", "local refused stream reset", "overflow", "remote reset", "remote refused stream reset", "protocol error"];
const REFUSALS = ["", "the request lacks :method, :path or host", "no such cluster", "duplicate callout id", "no healthy upstream host"];
const LOCAL_RESET = 2;
const OVERFLOW = 4;

type AwaitKind = "headers" | "data" | "trailers";

interface Waiter {
  kind: AwaitKind;
  error: Error;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Record {
  owner: object;
  id: number;
  cluster: string;
  open: boolean;
  headers?: [Bytes, Bytes][];
  trailers?: [Bytes, Bytes][];
  ended: boolean;
  overflow: boolean;
  reset: number;
  data: Bytes;
  waiter?: Waiter;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const encode = (text: string): Bytes => encoder.encode(text);
const decode = (bytes: Bytes): string => decoder.decode(bytes);
const pairs = (headers: Header[]): [Bytes, Bytes][] => headers.map(([n, v]) => [encode(n), encode(v)]);

/** A callout's request headers (:method, :path, host unless given, then its own) and timeout (runtime-c/async.c). */
export function calloutRequest(cluster: string, request: Declared.HttpCalloutRequest): { headers: Header[]; timeoutMs: number } {
  const given = request.headers ?? [];
  const headers: Header[] = [[":method", request.method], [":path", request.path]];
  if (!given.some(([name]) => name.toLowerCase() === "host")) headers.push(["host", cluster]);
  headers.push(...given);
  const timeout = request.timeoutMs;
  return { headers, timeoutMs: timeout !== undefined && timeout >= 1 && timeout <= 86_400_000 ? Math.trunc(timeout) : 5000 };
}

function streamError(cluster: string, reason: string): Error {
  const error = new Error(`httpStream to '${cluster}': ${reason}`);
  error.name = "HttpCalloutError";
  return error;
}

/** The length of the longest prefix of `data` that does not end inside a UTF-8 sequence (as async_stream.c). */
function wholeUtf8(data: Bytes): number {
  const length = data.length;
  let back = 0;
  while (back < 3 && back < length && (data[length - 1 - back]! & 0xc0) === 0x80) back++;
  if (back === length) return length;
  const lead = data[length - 1 - back]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 && lead >= 0xc0 ? length - 1 - back : length;
}

/** The body bytes a read takes now: all once the response is over, else up to the last whole character. */
const readable = (record: Record): number => (record.ended || record.reset >= 0 ? record.data.length : wholeUtf8(record.data));

function ready(record: Record, kind: AwaitKind): boolean {
  if (record.reset >= 0 || record.ended) return true;
  return kind === "headers" ? record.headers !== undefined : kind === "data" && readable(record) > 0;
}

export class HttpStreams {
  private readonly byOwner = new WeakMap<object, Record[]>();
  private readonly byId = new Map<number, Record>();
  /** The one being started: events Envoy delivers inline go to it. */
  private starting: Record | undefined;
  /** Inside a call to Envoy on a stream: its events come inline, in a hook (async_stream.c http_stream_calling). */
  private calling = false;

  constructor(private readonly host: HttpStreamHost) {}

  private record(handle: number): Record {
    const owner = this.host.current();
    const record = owner ? this.byOwner.get(owner)?.[handle - 1] : undefined;
    if (!record) throw new TypeError("not an HttpStream this stream started");
    return record;
  }

  start(cluster: string, request: Declared.HttpStreamRequest): Declared.HttpStream {
    const owner = this.host.current();
    if (!owner) throw this.host.outsideHook("startHttpStream() can only be called in a stream's hook");
    const { headers, timeoutMs } = calloutRequest(cluster, request);
    const record: Record = { owner, id: 0, cluster, open: true, ended: false, overflow: false, reset: -1, data: new Uint8Array(0) };
    this.starting = record;
    let started;
    try {
      started = this.call(() => this.host.abi().startHttpStream(encode(cluster), pairs(headers), encode(request.body ?? ""), request.endStream ?? false, timeoutMs));
    } finally {
      this.starting = undefined;
    }
    if (started.refused !== undefined) throw streamError(cluster, REFUSALS[started.refused] ?? "refused");
    record.id = started.id;
    const list = this.byOwner.get(owner) ?? [];
    this.byOwner.set(owner, list);
    list.push(record);
    this.byId.set(started.id, record);
    return list.length as Declared.HttpStream;
  }

  send(handle: number, data: string, endStream: boolean): boolean {
    const record = this.record(handle);
    return record.open && this.call(() => this.host.abi().httpStreamSendData(record.id, encode(data), endStream));
  }

  sendTrailers(handle: number, trailers: Header[]): boolean {
    const record = this.record(handle);
    return record.open && this.call(() => this.host.abi().httpStreamSendTrailers(record.id, pairs(trailers)));
  }

  reset(handle: number): void {
    const record = this.record(handle);
    if (record.open) this.call(() => this.host.abi().resetHttpStream(record.id));
    if (record.reset < 0 && !record.ended) record.reset = LOCAL_RESET;
    record.open = false;
  }

  private call<T>(envoyCall: () => T): T {
    this.calling = true;
    try {
      return envoyCall();
    } finally {
      this.calling = false;
    }
  }

  /** `await envoy.httpStreamHeaders(s)` / `await envoy.readHttpStream(s)` / `await envoy.httpStreamTrailers(s)`. */
  await(handle: number, kind: AwaitKind): Promise<unknown> {
    const record = this.record(handle);
    // Made here, so its stack names the filter's line that awaits (runtime-c reports that line).
    const error = new Error();
    if (ready(record, kind)) {
      try {
        return Promise.resolve(this.take(record, kind, error));
      } catch (rejection) {
        return Promise.reject(rejection as Error);
      }
    }
    return new Promise((resolve, reject) => {
      record.waiter = { kind, error, resolve, reject };
    });
  }

  private take(record: Record, kind: AwaitKind, error: Error): unknown {
    const text = (pairs: [Bytes, Bytes][]): Header[] => pairs.map(([n, v]) => [decode(n), decode(v)]);
    if (kind === "trailers" && record.reset < 0) return record.trailers ? text(record.trailers) : null;
    if (kind === "headers" && record.headers) {
      const headers = text(record.headers);
      const status = headers.find(([n]) => n === ":status")?.[1] ?? "0";
      return { status: /^[0-9]{1,9}$/.test(status) ? Number(status) : 0, headers };
    }
    if (kind === "data") {
      const take = readable(record);
      if (take > 0) {
        const text = decode(record.data.subarray(0, take));
        record.data = record.data.slice(take);
        return text;
      }
      if (record.reset < 0) return null;
    }
    const reason = record.overflow ? "the response exceeds the buffer limit" : `reset (${RESET_REASONS[record.reset] ?? "reset"})`;
    error.name = "HttpCalloutError";
    error.message = `httpStream to '${record.cluster}': ${reason}`;
    throw error;
  }

  /** Envoy's on_http_filter_http_stream_* for `id`: recorded; the awaiting hook resumes when it is what it waits for. */
  event(id: number, event: HttpStreamEvent): void {
    const found = this.byId.get(id);
    const record = this.starting ?? (found?.open ? found : undefined);
    if (!record) return;
    if (event.kind === "headers") {
      record.headers ??= event.headers;
      record.ended ||= event.endStream;
    } else if (event.kind === "data") {
      if (record.data.length + event.data.length > BUFFER_LIMIT) {
        if (record.reset < 0) {
          record.overflow = true;
          record.reset = OVERFLOW;
          record.open = false;
          this.host.abi().resetHttpStream(record.id);
        }
      } else {
        const grown = new Uint8Array(record.data.length + event.data.length);
        grown.set(record.data);
        grown.set(event.data, record.data.length);
        record.data = grown;
      }
      record.ended ||= event.endStream;
    } else if (event.kind === "trailers") {
      if (!record.ended && record.reset < 0) record.trailers ??= event.trailers;
      record.ended = true;
    } else if (event.kind === "complete") {
      record.ended = true;
      record.open = false;
    } else {
      if (!record.ended && record.reset < 0) record.reset = event.reason;
      record.open = false;
    }
    const waiter = record.waiter;
    if (!waiter || !ready(record, waiter.kind) || this.host.failed(record.owner)) return;
    record.waiter = undefined;
    // Inline, inside another hook of this stream (it reset the stream the waiting one awaits): the
    // waiting hook resumes after it, from the scheduler, never inside it.
    if (this.calling) this.host.later(record.owner, () => this.settle(record, waiter));
    else this.settle(record, waiter);
  }

  private settle(record: Record, waiter: Waiter): void {
    this.host.enter(record.owner);
    let value: unknown;
    try {
      value = this.take(record, waiter.kind, waiter.error);
    } catch (rejection) {
      waiter.reject(rejection as Error);
      return;
    }
    waiter.resolve(value);
  }

  /** The filter's stream is gone: its callouts' events are dropped (Envoy resets them), its awaits never settle. */
  destroy(owner: object): void {
    for (const record of this.byOwner.get(owner) ?? []) {
      record.waiter = undefined;
      record.open = false;
      this.byId.delete(record.id);
    }
    this.byOwner.delete(owner);
  }
}
