/**
 * `tsc2envoy/testing`: unit tests for filters (vitest or any runner). `loadFilter` analyzes the
 * filter as `tsc2envoy build` does and configures it; `request` sends it one exchange the way Envoy
 * does (request headers, then the upstream's response headers when it lets the request through,
 * then completion) and returns what the filter did: the headers it left, its local reply, its log
 * lines and counters. Network and listener filters have their drivers in testing-network.ts
 * (loadNetworkFilter, loadListenerFilter), exported from here too.
 *
 * Two modes, one model: by default the filter runs in Node on the reference implementation
 * (abi/ts/sdk.ts, the reference host); with `native: true` (or TSC2ENVOY_TEST_NATIVE=1) the same
 * cases run against the compiled lib<name>.so in the native host (abi/c/host), so a test suite
 * checks the binary that ships. Both hosts speak one protocol and print one transcript
 * (abi/ts/host/protocol.ts; the differential tests hold them byte for byte equal), which this
 * module reads into results, so a test sees the same result in either mode.
 */
import { attributeLine, configLine, headersLines, hex, httpStreamLine, TranscriptLine } from "./host/protocol.js";
import { ReferenceHost } from "./host/reference.js";
import type { AttributeId } from "./sdk.js";
import { HostSession, LogLevel, LogLine, readLogLine, readMetricLine, startHost } from "./testing-session.js";

export type { LogLevel, LogLine } from "./testing-session.js";
export * from "./testing-network.js";

const LOG_LEVELS: readonly (LogLevel | "off")[] = ["trace", "debug", "info", "warn", "error", "critical", "off"];

export type AttributeName = keyof typeof AttributeId;

/** Headers as an object (a list of values for a repeated header) or as [name, value] pairs in order. */
export type HeadersInit = Record<string, string | readonly string[]> | readonly (readonly [string, string])[];

export interface LoadOptions {
  /** filter_config: a string is passed as it is, anything else as its JSON. Omitted: no filter_config. */
  config?: unknown;
  /** The name given to registerHttpFilter; needed only when the file registers several. */
  filter?: string;
  /** Run the compiled lib<name>.so in the native host instead of Node. Default: TSC2ENVOY_TEST_NATIVE=1 in the environment. */
  native?: boolean;
  /** Envoy's enabled log level: lines below it are not logged. Default "trace" (every line). */
  logLevel?: LogLevel | "off";
  /** Compiled mode: memory one stream may use, in bytes (as build's --max-stream-memory). */
  maxStreamMemory?: number;
  /** Compiled mode: steps one hook call may take, 0 for no limit (as build's --cpu-budget). */
  cpuBudget?: number;
  /**
   * The config's background task (envoy.startBackgroundTask, docs/async.md): the answers to its
   * callouts (task.httpCallout), in order, as its runs make them (the first run's at load, the next
   * ones' during `advance`). A callout left without an answer stays pending.
   */
  taskCallouts?: readonly (CalloutAnswer | "reset")[];
}

/** What the config's background task did meanwhile (FilterUnderTest.advance). */
export interface TaskActivity {
  /** The task's callouts, in order. */
  callouts: CalloutMade[];
  logs: LogLine[];
  /** What it added to each counter (`<filter>.failures` counts failed runs). */
  counters: Record<string, number>;
  /** The host's transcript, for debugging. */
  transcript: string;
}

export interface TestRequest {
  /** `:method`, default "GET". */
  method?: string;
  /** `:path`, default "/". */
  path?: string;
  /** `:authority`, default "localhost". */
  authority?: string;
  /** `:scheme`, default "http". */
  scheme?: string;
  /** Further request headers, after the pseudo-headers (a pseudo-header here replaces the default). */
  headers?: HeadersInit;
  /** What onRequestHeaders gets as endOfStream: default true for a request without body and trailers. */
  endOfStream?: boolean;
  /**
   * The request body: one chunk, or the chunks onRequestBody gets one by one (the last with
   * endOfStream, unless trailers follow). Text is sent as UTF-8.
   */
  body?: BodyInit;
  /** Request trailers, after the body (onRequestTrailers). */
  trailers?: HeadersInit;
  /**
   * Stream attributes. Those an HTTP/1.1 request gives are derived from it as Envoy does
   * (RequestPath, RequestUrlPath, RequestQuery, RequestHost, RequestMethod, RequestScheme,
   * RequestProtocol, and ResponseCode for the response); these add to them or replace them.
   */
  attributes?: Partial<Record<AttributeName, string | number>>;
  /** The upstream's response, when the filter lets the request through: default status 200, no headers. */
  response?: { status?: number; headers?: HeadersInit; endOfStream?: boolean; body?: BodyInit; trailers?: HeadersInit };
  /**
   * The per-route config of the request's route (typed_per_filter_config's filter_config: a string
   * as it is, anything else as JSON), which `envoy.getPerRouteConfig<RouteConfig>()` reads; default
   * none. One that does not match its type throws Envoy's log line, as a bad config does.
   */
  routeConfig?: unknown;
  /**
   * Async hooks (docs/async.md): the answers to the HTTP callouts the filter makes, in order (an
   * answer, or "reset": the callout fails). A callout left without an answer stays pending.
   */
  callouts?: readonly (CalloutAnswer | "reset")[];
  /**
   * Streamed callouts (docs/async.md#streamed-callouts): the answers to the streams the filter
   * starts, in order, delivered event by event (headers, each chunk, trailers, complete; or a reset
   * after them) when a hook waits. A stream left without an answer stays open.
   */
  httpStreams?: readonly HttpStreamAnswer[];
  /** Async hooks: how long the filter's sleep() timers get to fire (ms, on the hosts' virtual clock: the same timers whatever the machine's load) before the exchange goes on; default 0. */
  waitMs?: number;
}

/** The auth service's (or any cluster's) answer to a callout. */
export interface CalloutAnswer {
  status: number;
  headers?: HeadersInit;
  body?: string;
}

/** A side service's streamed answer: its chunks arrive one event each; `reset` resets the stream after them (Envoy's reason number; 5 remote reset). */
export interface HttpStreamAnswer {
  status?: number;
  headers?: HeadersInit;
  chunks?: readonly string[];
  trailers?: HeadersInit;
  reset?: number;
}

/** A streamed callout the filter started (envoy.startHttpStream), and what it sent on it. */
export interface HttpStreamMade {
  cluster: string;
  headers: [string, string][];
  body: string;
  endStream: boolean;
  timeoutMs: number;
  /** Each sendHttpStreamData's data, in order. */
  sent: string[];
}

/** An HTTP callout the filter made (envoy.httpCallout). */
export interface CalloutMade {
  cluster: string;
  /** :method, :path, host and the filter's headers, as sent. */
  headers: [string, string][];
  body: string;
  timeoutMs: number;
}

/** A body: one chunk or several, each text (sent as UTF-8) or bytes. */
export type BodyInit = string | Uint8Array | readonly (string | Uint8Array)[];


export interface LocalReply {
  status: number;
  headers: [string, string][];
  body: string;
  /** What Envoy's access log shows as %RESPONSE_CODE_DETAILS% ("" for a reply sent in parts). */
  details: string;
  /** A reply sent in parts (sendResponseHeaders ...): its trailers, when it sent some. */
  trailers?: [string, string][];
}

/** What the filter did with one exchange. */
export interface Exchange {
  /** What onRequestHeaders returned (a RequestHeadersStatus value). */
  requestHeadersStatus: number;
  /** The request headers as the filter left them: what goes upstream. */
  requestHeaders: HeaderMap;
  /** The local reply the filter sent (or the 500 its failure sent), if any. */
  localReply?: LocalReply;
  /** Whether the request went upstream (the filter continued and sent no local reply). */
  forwarded: boolean;
  /** What onResponseHeaders returned; undefined when the request did not go upstream. */
  responseHeadersStatus?: number;
  /** The response headers as the filter left them: what the client gets; undefined when the request did not go upstream. */
  responseHeaders?: HeaderMap;
  /** What onRequestBody returned for each chunk, in order (RequestBodyStatus values). */
  requestBodyStatuses: number[];
  /**
   * The request body the filter let through (what goes upstream: every chunk Envoy forwarded,
   * after the filter's drains, appends and replacements), decoded as UTF-8; undefined when no body
   * went on (none was sent, or the filter held or answered it).
   */
  requestBody?: string;
  /** The request trailers as the filter left them; undefined when the request had none. */
  requestTrailers?: HeaderMap;
  /** What onResponseBody returned for each chunk, in order. */
  responseBodyStatuses: number[];
  /** The response body the filter let through to the client, as requestBody. */
  responseBody?: string;
  /** The response trailers as the filter left them; undefined when the response had none. */
  responseTrailers?: HeaderMap;
  /** The details of a stream reset (the filter failed on the response path). */
  reset?: string;
  logs: LogLine[];
  /** What the exchange added to each counter, by name, all tag values together (`<filter>.failures` counts failures). */
  counters: Record<string, number>;
  /** The HTTP callouts the filter made, in order (docs/async.md). */
  callouts: CalloutMade[];
  /** The streamed callouts the filter started, in order. */
  httpStreams: HttpStreamMade[];
  /** The host's transcript of the exchange, for debugging. */
  transcript: string;
}

export interface FilterUnderTest {
  readonly mode: "node" | "native";
  /** The filter's registered name. */
  readonly name: string;
  /** One exchange on a new stream of the same filter config. */
  request(request?: TestRequest): Promise<Exchange>;
  /**
   * Lets `ms` milliseconds pass for the config's background task: its sleeps end and its next runs
   * start as they fall due, and each callout a run makes gets the next of `taskCallouts` at once.
   * Resolves to what the task did since the load or the last advance.
   */
  advance(ms: number): Promise<TaskActivity>;
  /** Destroys the config (as Envoy does on a config update) and ends the host. */
  close(): Promise<void>;
}

/** Headers by name, compared without case as Envoy does; values in the order they were added. */
export class HeaderMap implements Iterable<[string, string]> {
  constructor(private readonly list: readonly [string, string][]) {}
  /** The first value, or undefined. */
  get(name: string): string | undefined {
    return this.getAll(name)[0];
  }
  getAll(name: string): string[] {
    const key = name.toLowerCase();
    return this.list.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
  }
  has(name: string): boolean {
    return this.getAll(name).length > 0;
  }
  entries(): [string, string][] {
    return this.list.map(([n, v]) => [n, v]);
  }
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries()[Symbol.iterator]();
  }
  toJSON(): [string, string][] {
    return this.entries();
  }
}


/**
 * Analyzes the filter whose entry file is `entry` (a path, relative to the working directory, or a
 * file URL such as `new URL("./filter.ts", import.meta.url)`) and creates its config. Throws the
 * compiler's diagnostics when the filter does not compile, and Envoy's log line when the filter
 * rejects its config.
 */
export async function loadFilter(entry: string | URL, options: LoadOptions = {}): Promise<FilterUnderTest> {
  const { session, name, loaded, native } = await startHost(entry, options, undefined, "registerHttpFilter");
  const config = options.config === undefined ? undefined : typeof options.config === "string" ? options.config : JSON.stringify(options.config);
  const level = LOG_LEVELS.indexOf(options.logLevel ?? "trace");
  if (level < 0) throw new Error(`logLevel must be one of ${LOG_LEVELS.join(", ")}`);
  const created = loaded + (await session.run(`L ${level}\n${configLine(name, config)}\n`));
  if (!/^config .* -> ok$/m.test(created)) {
    await session.close();
    const reasons = readTranscript(created).logs.map((l) => l.message);
    throw new Error(reasons.join("\n") || `filter '${name}' rejected its config`);
  }
  // The background task's side: its first run started with the config.
  const task = { answers: [...(options.taskCallouts ?? [])], transcript: created.slice(loaded.length) };
  task.transcript += await answerTaskCallouts(session, task);

  return {
    mode: native ? "native" : "node",
    name,
    request: (request = {}) => exchange(session, name, request),
    async advance(ms: number) {
      // In slices, so a run's callout is answered soon after it starts, as a service would.
      for (let left = ms; left > 0; left -= TASK_SLICE_MS) {
        task.transcript += await session.run(`W ${Math.min(left, TASK_SLICE_MS)}\n`);
        task.transcript += await answerTaskCallouts(session, task);
      }
      const read = readTranscript(task.transcript);
      const activity: TaskActivity = { callouts: read.taskCallouts, logs: read.logs, counters: read.counters, transcript: task.transcript };
      task.transcript = "";
      return activity;
    },
    async close() {
      await session.run("X\n");
      await session.close();
    },
  };
}

const FORWARDING_STATUSES = new Set([0, 2]); // Continue, ContinueAndDontEndStream

/** FilterUnderTest.advance lets time pass in steps of this many ms, answering the task's callouts between them. */
const TASK_SLICE_MS = 20;

/** Answers the background task's pending callouts (H lines) from `task.answers`, in order; the transcript added. */
async function answerTaskCallouts(session: HostSession, task: { answers: (CalloutAnswer | "reset")[]; transcript: string }): Promise<string> {
  let added = "";
  for (;;) {
    const read = readTranscript(task.transcript + added);
    const id = read.taskCalloutIds.find((made) => !read.taskAnswered.has(made));
    if (id === undefined || task.answers.length === 0) return added;
    added += await session.run(calloutAnswerLines("H", id, task.answers.shift()!));
  }
}

/** An F (a stream's callout) or H (the config's) line and its header lines: the answer to callout `id`. */
function calloutAnswerLines(command: "F" | "H", id: number, answer: CalloutAnswer | "reset"): string {
  if (answer === "reset") return `${command} ${id} 1 0 -\n`;
  const headers = withPseudoHeaders([[":status", String(answer.status)]], answer.headers);
  return `${[`${command} ${id} 0 ${headers.length} ${answer.body ? hex(answer.body) : "-"}`, ...headers.map(([n, v]) => `H ${hex(n)} ${hex(v)}`)].join("\n")}\n`;
}

async function exchange(session: HostSession, name: string, request: TestRequest): Promise<Exchange> {
  // Each request states its route's per-route config (U), so none carries over from the last.
  const routeConfig = request.routeConfig === undefined ? undefined : typeof request.routeConfig === "string" ? request.routeConfig : JSON.stringify(request.routeConfig);
  const route = await session.run(`${routeConfig === undefined ? "U -" : `U ${hex(name)} ${hex(routeConfig)}`}\n`);
  if (routeConfig !== undefined && !/^per_route_config .* -> ok$/m.test(route)) {
    throw new Error(readTranscript(route).logs.map((l) => l.message).join("\n") || `filter '${name}' rejected its per-route config`);
  }
  const requestHeaders = withPseudoHeaders(
    [
      [":authority", request.authority ?? "localhost"],
      [":path", request.path ?? "/"],
      [":method", request.method ?? "GET"],
      [":scheme", request.scheme ?? "http"],
    ],
    request.headers,
  );
  const pseudo = (name: string) => requestHeaders.find(([n]) => n === name)?.[1] ?? "";
  const [urlPath, query] = pseudo(":path").split(/\?(.*)/s);
  const derived: Partial<Record<AttributeName, string | number>> = {
    RequestPath: pseudo(":path"),
    RequestUrlPath: urlPath,
    ...(query === undefined ? {} : { RequestQuery: query }),
    RequestHost: pseudo(":authority"),
    RequestMethod: pseudo(":method"),
    RequestScheme: pseudo(":scheme"),
    RequestProtocol: "HTTP/1.1",
  };
  const attributes = (values: Partial<Record<AttributeName, string | number>>) =>
    Object.entries(values).map(([attribute, value]) => attributeLine(attribute, value!));

  const lines = (...parts: string[][]) => `${parts.flat().join("\n")}\n`;
  const requestChunks = bodyChunks(request.body);
  const requestTrailers = request.trailers === undefined ? undefined : withPseudoHeaders([], request.trailers);
  let transcript = await session.run(
    lines(
      ["S"],
      attributes({ ...derived, ...request.attributes }),
      headersLines("Q", requestHeaders, request.endOfStream ?? (requestChunks.length === 0 && requestTrailers === undefined)),
      ["M 0"],
    ),
  );
  // The test's callout answers, in order, for whichever hook makes the callouts.
  const answers = [...(request.callouts ?? [])];
  const streams: StreamAnswers = { answers: [...(request.httpStreams ?? [])], delivered: new Set(), before: "" };
  transcript += await settleAsync(session, transcript, request, "request", answers, streams);
  const headersPhase = readTranscript(transcript);
  // The body and trailers reach the filter unless it answered: each chunk in its own run, so a reply stops the rest.
  const request_ = await sendRest(session, "request", headersPhase, requestChunks, requestTrailers);
  transcript += request_.transcript;
  const afterRequest = readTranscript(transcript);
  // An async onRequestHeaders that settled with Continue after waiting continued the stream itself.
  const lastStatus = request_.lastStatus ?? (headersPhase.continuedDecoding ? 0 : headersPhase.statuses[0] ?? -1);
  const forwarded = !afterRequest.localReply && (request_.lastStatus === undefined ? FORWARDING_STATUSES.has(lastStatus) : lastStatus === 0);
  let responseHeadersStatus: number | undefined;
  let response_: Awaited<ReturnType<typeof sendRest>> | undefined;
  if (forwarded) {
    const status = request.response?.status ?? 200;
    const responseHeaders = withPseudoHeaders([[":status", String(status)]], request.response?.headers);
    const responseAttributes = request.attributes?.ResponseCode === undefined ? { ResponseCode: status } : {};
    const responseChunks = bodyChunks(request.response?.body);
    const responseTrailers = request.response?.trailers === undefined ? undefined : withPseudoHeaders([], request.response.trailers);
    const endOfStream = request.response?.endOfStream ?? (responseChunks.length === 0 && responseTrailers === undefined);
    let headersRun = await session.run(lines(attributes(responseAttributes), headersLines("P", responseHeaders, endOfStream), ["M 2"]));
    streams.before = transcript;
    headersRun += await settleAsync(session, headersRun, request, "response", answers, streams);
    transcript += headersRun;
    const read = readTranscript(headersRun);
    responseHeadersStatus = read.statuses[0];
    response_ = await sendRest(session, "response", read, responseChunks, responseTrailers);
    transcript += response_.transcript;
  }
  transcript += await session.run(lines(["E", "D"]));
  const read = readTranscript(transcript);
  return {
    requestHeadersStatus: headersPhase.statuses[0]!,
    requestHeaders: new HeaderMap(read.maps.get("request") ?? []),
    ...(read.localReply ? { localReply: read.localReply } : {}),
    forwarded,
    ...(forwarded ? { responseHeadersStatus, responseHeaders: new HeaderMap(read.maps.get("response") ?? []) } : {}),
    requestBodyStatuses: request_.bodyStatuses,
    ...(read.forwarded.request !== undefined ? { requestBody: read.forwarded.request } : {}),
    ...(requestTrailers ? { requestTrailers: new HeaderMap(read.maps.get("request_trailers") ?? []) } : {}),
    responseBodyStatuses: response_?.bodyStatuses ?? [],
    ...(read.forwarded.response !== undefined ? { responseBody: read.forwarded.response } : {}),
    ...(response_?.hadTrailers ? { responseTrailers: new HeaderMap(read.maps.get("response_trailers") ?? []) } : {}),
    ...(read.reset !== undefined ? { reset: read.reset } : {}),
    logs: read.logs,
    counters: read.counters,
    callouts: read.callouts,
    httpStreams: read.httpStreams,
    transcript,
  };
}

/**
 * After an async hook suspended: answers its callouts in order (F lines) and lets its timers fire
 * (one W of `waitMs`), as long as it goes on waiting for something the request provides.
 */
async function settleAsync(session: HostSession, transcript: string, request: TestRequest, side: "request" | "response", answers: (CalloutAnswer | "reset")[], streams: StreamAnswers): Promise<string> {
  let waited = (request.waitMs ?? 0) <= 0;
  let added = "";
  // The side's headers as the resumed hook left them are printed again.
  const done = async () => (added ? added + (await session.run(side === "request" ? "M 0\n" : "M 2\n")) : added);
  for (;;) {
    const read = readTranscript(transcript + added);
    if (read.localReply !== undefined || read.failed || read.reset !== undefined || (side === "request" ? read.continuedDecoding : read.continuedEncoding)) return done();
    const pending = read.calloutIds.filter((id) => !read.answered.has(id));
    if (pending.length > 0 && answers.length > 0) {
      added += await session.run(calloutAnswerLines("F", pending[0]!, answers.shift()!));
      continue;
    }
    // A streamed answer goes out while the side's hook waits (it returned StopIteration): as late as Envoy may deliver it.
    const stream = readTranscript(streams.before + transcript + added).httpStreamIds.find((id) => !streams.delivered.has(id));
    if (stream !== undefined && streams.answers.length > 0 && readTranscript(transcript).statuses.at(-1) === 1) {
      streams.delivered.add(stream);
      for (const line of httpStreamAnswerLines(stream, streams.answers.shift()!)) added += await session.run(`${line}\n`);
      continue;
    }
    if (waited) return done();
    waited = true;
    added += await session.run(`W ${request.waitMs}\n`);
  }
}

interface StreamAnswers {
  answers: HttpStreamAnswer[];
  /** The streams whose answers went out (their ids). */
  delivered: Set<number>;
  /** The exchange's transcript before this phase (where streams may have started). */
  before: string;
}

/** The `y` lines of a streamed answer, one event each (each its own run: the hook resumes between them). */
function httpStreamAnswerLines(id: number, answer: HttpStreamAnswer): string[] {
  const headers = withPseudoHeaders([[":status", String(answer.status ?? 200)]], answer.headers);
  const chunks = answer.chunks ?? [];
  const ends = answer.reset === undefined && answer.trailers === undefined;
  const lines = [httpStreamLine(id, { kind: "headers", headers, endStream: ends && chunks.length === 0 })];
  chunks.forEach((chunk, i) => lines.push(httpStreamLine(id, { kind: "data", data: chunk, endStream: ends && i === chunks.length - 1 })));
  if (answer.reset !== undefined) return [...lines, httpStreamLine(id, { kind: "reset", reason: answer.reset })];
  if (answer.trailers !== undefined) lines.push(httpStreamLine(id, { kind: "trailers", trailers: withPseudoHeaders([], answer.trailers) }));
  return [...lines, httpStreamLine(id, { kind: "complete" })];
}

function bodyChunks(body: BodyInit | undefined): Uint8Array[] {
  if (body === undefined) return [];
  const chunks = typeof body === "string" || body instanceof Uint8Array ? [body] : body;
  return chunks.map((chunk) => (typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk));
}

/**
 * The body chunks (B/O) and trailers (R/T) of one side, after its headers, as Envoy delivers them:
 * not once the filter answered or failed. The side's header maps are printed again at the end
 * (the filter may change headers it held while reading the body).
 */
async function sendRest(session: HostSession, side: "request" | "response", headers: ReadTranscript, chunks: Uint8Array[], trailers: [string, string][] | undefined) {
  const done = (read: ReadTranscript) => read.localReply !== undefined || read.reset !== undefined || read.failed;
  let transcript = "";
  const bodyStatuses: number[] = [];
  let lastStatus: number | undefined;
  let stopped = done(headers);
  for (let i = 0; i < chunks.length && !stopped; i++) {
    const endOfStream = i === chunks.length - 1 && trailers === undefined;
    const data = Buffer.from(chunks[i]!).toString("hex") || "-";
    const run = await session.run(`${side === "request" ? "B" : "O"} ${endOfStream ? 1 : 0} ${data}\n`);
    transcript += run;
    const read = readTranscript(run);
    lastStatus = read.statuses[0];
    bodyStatuses.push(lastStatus!);
    stopped = done(read);
  }
  if (trailers !== undefined && !stopped) {
    const run = await session.run(`${[`${side === "request" ? "R" : "T"} ${trailers.length}`, ...trailers.map(([n, v]) => `H ${hex(n)} ${hex(v)}`)].join("\n")}\n`);
    transcript += run;
    lastStatus = readTranscript(run).statuses[0];
  }
  if (chunks.length > 0 || trailers !== undefined) transcript += await session.run(side === "request" ? "M 0\nM 1\n" : "M 2\nM 3\n");
  return { transcript, bodyStatuses, lastStatus, hadTrailers: trailers !== undefined };
}

/** `defaults` (pseudo-headers), any of them replaced by a header of the same name in `extra`, then the rest of `extra`. */
function withPseudoHeaders(defaults: [string, string][], extra: HeadersInit | undefined): [string, string][] {
  const pairs: [string, string][] = Array.isArray(extra)
    ? extra.map(([n, v]) => [n, v])
    : Object.entries((extra ?? {}) as Record<string, string | readonly string[]>).flatMap(([n, v]) => (typeof v === "string" ? [[n, v]] : v.map((one): [string, string] => [n, one])));
  const result = defaults.map(([name, value]): [string, string] => [name, pairs.find(([n]) => n.toLowerCase() === name)?.[1] ?? value]);
  return [...result, ...pairs.filter(([n]) => !defaults.some(([name]) => n.toLowerCase() === name))];
}

interface ReadTranscript {
  statuses: number[];
  /** The bodies Envoy passed on ("forward" lines), by side, decoded as UTF-8. */
  forwarded: { request?: string; response?: string };
  /** A failure was logged (the stream failed closed). */
  failed: boolean;
  maps: Map<string, [string, string][]>;
  localReply?: LocalReply;
  reset?: string;
  logs: LogLine[];
  counters: Record<string, number>;
  /** Async hooks: the callouts made (their ids, in order), those answered, and whether a settled hook continued the request. */
  callouts: CalloutMade[];
  calloutIds: number[];
  answered: Set<number>;
  /** Streamed callouts: those started (and what was sent on each), their ids. */
  httpStreams: HttpStreamMade[];
  httpStreamIds: number[];
  /** The background task's callouts (the config's), their ids, those answered. */
  taskCallouts: CalloutMade[];
  taskCalloutIds: number[];
  taskAnswered: Set<number>;
  continuedDecoding: boolean;
  continuedEncoding: boolean;
}

/** The results in transcript lines (protocol.ts; host.c and reference.ts print them). */
function readTranscript(transcript: string): ReadTranscript {
  const read: ReadTranscript = { statuses: [], forwarded: {}, failed: false, maps: new Map(), logs: [], counters: {}, callouts: [], calloutIds: [], answered: new Set(), httpStreams: [], httpStreamIds: [], taskCallouts: [], taskCalloutIds: [], taskAnswered: new Set(), continuedDecoding: false, continuedEncoding: false };
  const streamsById: Record<number, HttpStreamMade> = {};
  for (const text of transcript.split("\n")) {
    const line = new TranscriptLine(text);
    switch (line.word()) {
      case "->":
        read.statuses.push(Number(line.word()));
        break;
      case "headers": {
        const map = line.word();
        read.maps.set(map, line.headerList());
        break;
      }
      case "log": {
        const log = readLogLine(line);
        if (/^tsc2envoy: filter '.*' failed in /.test(log.message)) read.failed = true;
        read.logs.push(log);
        break;
      }
      case "forward": {
        const side = line.word() as "request" | "response";
        let body = line.string();
        while (line.text.startsWith("+", line.position)) {
          line.expect("+");
          body += line.string();
        }
        read.forwarded[side] = (read.forwarded[side] ?? "") + body;
        break;
      }
      case "send_response_headers": {
        const headers = line.headerList();
        const status = Number(headers.find(([n]) => n === ":status")?.[1] ?? 0);
        read.localReply = { status, headers: headers.filter(([n]) => n !== ":status"), body: "", details: "" };
        break;
      }
      case "send_response_data":
        if (read.localReply) read.localReply.body += line.string();
        break;
      case "send_response_trailers":
        if (read.localReply) read.localReply.trailers = line.headerList();
        break;
      case "send_response": {
        const status = Number(line.word());
        read.localReply = { status, headers: line.headerList(), body: line.string(), details: line.string() };
        break;
      }
      case "reset_stream":
        line.word();
        read.reset = line.string();
        break;
      case "http_callout":
      case "config_http_callout": {
        const task = line.text.startsWith("config_");
        const callout: CalloutMade = { cluster: line.string(), headers: line.headerList(), body: line.string(), timeoutMs: Number(line.word()) };
        (task ? read.taskCallouts : read.callouts).push(callout);
        line.expect(" -> ");
        const id = line.word();
        if (id !== "refused") (task ? read.taskCalloutIds : read.calloutIds).push(Number(id));
        break;
      }
      case "config_http_callout_done":
        read.taskAnswered.add(Number(line.word()));
        break;
      case "start_http_stream": {
        const made: HttpStreamMade = { cluster: line.string(), headers: line.headerList(), body: line.string(), endStream: false, timeoutMs: 0, sent: [] };
        line.expect(" end_stream=");
        made.endStream = line.word() === "true";
        made.timeoutMs = Number(line.word());
        read.httpStreams.push(made);
        line.expect(" -> ");
        const id = line.word();
        if (id !== "refused") read.httpStreamIds.push(Number(id)), (streamsById[Number(id)] = made);
        break;
      }
      case "http_stream_send_data": {
        const made = streamsById[Number(line.word())];
        made?.sent.push(line.string());
        break;
      }
      case "http_callout_done":
        read.answered.add(Number(line.word()));
        break;
      case "continue_decoding":
        read.continuedDecoding = true;
        break;
      case "continue_encoding":
        read.continuedEncoding = true;
        break;
      case "counter":
        readMetricLine(line, read.counters);
        break;
    }
  }
  return read;
}
