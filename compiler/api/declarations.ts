/**
 * Writes `abi/ts/tsc2envoy.d.ts` from the filter API table (compiler/api/filter-api.ts): the enums,
 * `EnvoyHttpFilter`, `HttpFilter` and `log` come from the table; the prose and the declarations
 * that are not Envoy's API (`Header`, `registerHttpFilter`) are template text here.
 * `npm run generate:api` writes the file; test/api fails when the checked-in one differs.
 */
import { ApiEnum, ApiHook, ApiMethod, ApiParam, enumMembers, FILTER_API } from "./filter-api.js";
import { FILTER_KINDS, type FilterKind } from "./kinds.js";

/** The table's shape, so tests can render a changed table. */
export interface FilterApiTable {
  enums: ApiEnum[];
  methods: ApiMethod[];
  /** EnvoyFilterConfig's methods (absent: none). */
  configMethods?: ApiMethod[];
  /** EnvoyBackgroundTask's methods (absent: no background tasks). */
  taskMethods?: ApiMethod[];
  hooks: ApiHook[];
  logLevels: string[];
}

const FILE_DOC = `/**
 * The filter-author API of tsc2envoy: what a filter imports from "tsc2envoy".
 *
 * Names follow the Envoy dynamic-modules Rust SDK (envoy_proxy_dynamic_modules_rust_sdk) in
 * camelCase: \`on_request_headers\` is \`onRequestHeaders\`, \`set_request_header\` is
 * \`setRequestHeader\`, and the status enums carry the ABI's values.
 *
 * Compiled filters see these declarations through the compiler; in Node the same names are
 * provided by the reference implementation (the package's default export).
 *
 * Generated from compiler/api/filter-api.ts by compiler/api/declarations.ts (npm run
 * generate:api): edit those, not this file.
 */
/// <reference path="./globals.d.ts" />`;

const HEADER_TYPE = `/** A header as a [name, value] pair. */
export type Header = [name: string, value: string];`;

const ENVOY_HTTP_FILTER_DOC = `/**
 * The stream a filter works on: Envoy's side of \`EnvoyHttpFilter\` in the Rust SDK.
 *
 * Header names and values cross as UTF-8: bytes from Envoy are decoded (invalid sequences become
 * U+FFFD), strings to Envoy are encoded (lone surrogates become U+FFFD).
 */`;

const HTTP_FILTER_DOC = `/**
 * A filter instance: one per HTTP stream (request/response exchange). Its fields are the
 * per-stream state. Implement the hooks you need; a missing hook continues.
 */`;

const REGISTER_HTTP_FILTER = `/**
 * Registers an HTTP filter under \`name\` (Envoy's \`filter_name\`). \`newFilter\` is called once per
 * stream with the filter's config: the JSON of Envoy's \`filter_config\`, validated against the
 * declared type of \`newFilter\`'s parameter. A config that does not match is rejected by Envoy,
 * with the offending path in the log (e.g. \`request_headers[1][0]: expected string, got number\`).
 * The config object is shared by all streams and all worker threads: treat it as read-only.
 *
 * Call it at the top level of the filter's entry file. \`RouteConfig\`, when given, is the type of
 * the filter's per-route config (\`typed_per_filter_config\` of routes and virtual hosts), decoded
 * and checked like the config when Envoy loads the route; streams read it with
 * \`envoy.getPerRouteConfig<RouteConfig>()\`.
 */
export declare function registerHttpFilter<Config = undefined, RouteConfig = undefined>(
  name: string,
  newFilter: (config: Config) => HttpFilter,
): void;
/**
 * Registers an HTTP filter with a config stage: \`configure\` runs once when Envoy loads the
 * filter config (define metrics, compile regexes, build lookup tables there) and returns the
 * per-stream factory. Values the factory captures are shared by every worker thread: they are
 * deep-frozen when \`configure\` returns, and \`envoy\` itself cannot be captured. A throw in
 * \`configure\` rejects the config.
 */
export declare function registerHttpFilter<Config = undefined, RouteConfig = undefined>(
  name: string,
  configure: (config: Config, envoy: EnvoyFilterConfig) => () => HttpFilter,
): void;`;

const METRIC_TYPES = `/** A counter defined by \`EnvoyFilterConfig.defineCounter\`: an opaque handle. */
export type Counter = number & { readonly __tsc2envoyMetric: "Counter" };
/** A gauge defined by \`EnvoyFilterConfig.defineGauge\`: an opaque handle. */
export type Gauge = number & { readonly __tsc2envoyMetric: "Gauge" };
/** A histogram defined by \`EnvoyFilterConfig.defineHistogram\`: an opaque handle. */
export type Histogram = number & { readonly __tsc2envoyMetric: "Histogram" };`;

const LOG_WRITER_TYPE = `/** Log files opened by \`EnvoyFilterConfig.openLogWriter\`: an opaque handle. */
export type LogWriter = number & { readonly __tsc2envoyHandle: "LogWriter" };
/** An atomic integer defined by \`EnvoyFilterConfig.defineSharedCounter\`: an opaque handle. */
export type SharedCounter = number & { readonly __tsc2envoyHandle: "SharedCounter" };
/** A value defined by \`EnvoyFilterConfig.defineSnapshot<T>\` that streams read: an opaque handle. */
export type Snapshot<T> = number & { readonly __tsc2envoyHandle: "Snapshot"; readonly __tsc2envoySnapshot?: T };`;

const ENVOY_FILTER_CONFIG_DOC = `/**
 * Envoy's side of a filter config, during the config stage only (the outer function given to
 * \`registerHttpFilter\`): what the Rust SDK's \`EnvoyHttpFilterConfig\` offers.
 */`;

const BACKGROUND_TASK_DOC = `/**
 * A config's background task (EnvoyFilterConfig.startBackgroundTask): \`run\` is an async method of
 * the class itself, run on Envoy's main thread at the task's interval (docs/async.md).
 */
export interface BackgroundTask {
  run(task: EnvoyBackgroundTask): Promise<void>;
}`;

const ENVOY_BACKGROUND_TASK_DOC = `/**
 * Envoy's side of a background task's run: the config's callouts and snapshots. A run awaits
 * \`sleep\` and \`task.httpCallout\` as an async hook does.
 */`;

const BACKGROUND_TASK_CALLOUT = `  /**
   * Sends a request to \`cluster\` from the config (no stream) and resolves to its response. An unknown
   * cluster, no healthy host or a reset rejects with an Error named "HttpCalloutError".
   */
  httpCallout(cluster: string, request: HttpCalloutRequest): Promise<HttpCalloutResponse>;`;

const LOG_DOC = "/** Envoy's log, under the [dynamic_modules] logger; lines carry the TypeScript file and line. */";

/** A doc comment at `indent`: one line stays on one line. */
function docComment(lines: readonly string[] | undefined, indent: string): string[] {
  if (!lines || lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((line) => `${indent} * ${line}`), `${indent} */`];
}

const signature = (params: ApiParam[]): string => params.map((p) => `${p.name}${p.optional ? "?" : ""}: ${p.type}`).join(", ");

function renderEnum(spec: ApiEnum): string {
  const body = enumMembers(spec).flatMap((member) => [...docComment(member.doc ? [member.doc] : undefined, "  "), `  ${member.name} = ${member.value},`]);
  return [...docComment(spec.doc, ""), `export declare enum ${spec.name} {`, ...body, "}"].join("\n");
}

/** The methods in table order, a blank line where the section changes. */
function renderMethods(methods: ApiMethod[]): string[] {
  const lines: string[] = [];
  methods.forEach((method, index) => {
    if (index > 0 && methods[index - 1]!.section !== method.section) lines.push("");
    const typeParams = method.typeParams ? `<${method.typeParams.join(", ")}>` : "";
    lines.push(...docComment(method.doc, "  "), `  ${method.name}${typeParams}(${signature(method.params)}): ${method.returns};`);
  });
  return lines;
}

const SLEEP = `/**
 * Resolves after \`ms\` milliseconds (at least; about a millisecond's precision): \`await sleep(ms);\`
 * in an async hook holds the stream meanwhile (docs/async.md).
 */
export declare function sleep(ms: number): Promise<void>;

/** An HTTP request to a cluster of Envoy's config (EnvoyHttpFilter.httpCallout). */
export interface HttpCalloutRequest {
  method: string;
  path: string;
  /** Sent as given; \`host\` defaults to the cluster's name. */
  headers?: Header[];
  body?: string;
  /** Default 5000. */
  timeoutMs?: number;
}

/** The callout's response; the body as UTF-8 text. */
export interface HttpCalloutResponse {
  status: number;
  headers: Header[];
  body: string;
}

export interface EnvoyHttpFilter {
  /**
   * Sends a request to \`cluster\` and resolves to its response; awaited in an async hook, which
   * holds the stream meanwhile (docs/async.md). An unknown cluster, no healthy host, a reset or a
   * response over the buffer limit rejects with an Error named "HttpCalloutError"; Envoy answers a
   * timeout itself, with a 504 response.
   */
  httpCallout(cluster: string, request: HttpCalloutRequest): Promise<HttpCalloutResponse>;
}

/** A streamed HTTP callout started by \`EnvoyHttpFilter.startHttpStream\`: an opaque handle. */
export type HttpStream = number & { readonly __tsc2envoyHandle: "HttpStream" };

/** A streamed callout's request (EnvoyHttpFilter.startHttpStream). */
export interface HttpStreamRequest {
  method: string;
  path: string;
  /** Sent as given; \`host\` defaults to the cluster's name. */
  headers?: Header[];
  /** Sent after the headers. */
  body?: string;
  /** Whether the request ends with the headers (and body); default false: send the rest with sendHttpStreamData. */
  endStream?: boolean;
  /** For the whole exchange; default 5000. */
  timeoutMs?: number;
}

/** A streamed callout's response headers. */
export interface HttpStreamResponse {
  status: number;
  headers: Header[];
}

export interface EnvoyHttpFilter {
  /**
   * Starts a streamed request to \`cluster\` (docs/async.md#streamed-callouts): send the request body
   * in pieces with sendHttpStreamData, read the response with the awaited httpStreamHeaders and
   * readHttpStream. Envoy resets it when this stream ends.
   * @throws Error named "HttpCalloutError" when it cannot start (no such cluster).
   */
  startHttpStream(cluster: string, request: HttpStreamRequest): HttpStream;
  /** Sends a piece of the request body; \`endStream\` ends the request. False when the stream is over. */
  sendHttpStreamData(stream: HttpStream, data: string, endStream: boolean): boolean;
  /** Sends the request's trailers, which end it. False when the stream is over. */
  sendHttpStreamTrailers(stream: HttpStream, trailers: Header[]): boolean;
  /** Resets the stream: awaits on it reject, nothing more is sent. */
  resetHttpStream(stream: HttpStream): void;
  /**
   * Resolves to the response's status and headers (awaited as a statement). A reset first rejects
   * with an Error named "HttpCalloutError"; Envoy answers a timeout itself, with a 504.
   */
  httpStreamHeaders(stream: HttpStream): Promise<HttpStreamResponse>;
  /**
   * Resolves to the response body that arrived since the last read (UTF-8 text, one chunk or
   * several), waiting for some; null once the response is over. A reset before the end rejects
   * with an Error named "HttpCalloutError" (after the text that arrived before it was read).
   */
  readHttpStream(stream: HttpStream): Promise<string | null>;
  /**
   * Resolves, once the response is over, to its trailers (as the headers: lower-case names), or
   * null when it ended without them; the body not read yet stays readable. A reset before the end
   * rejects with an Error named "HttpCalloutError".
   */
  httpStreamTrailers(stream: HttpStream): Promise<Header[] | null>;
}`;

function renderHooks(hooks: ApiHook[], mayBeAsync: boolean): string[] {
  // An HTTP hook with a status may be async (docs/async.md): Envoy waits for the promise. The other kinds' hooks are not (yet).
  const returns = (hook: ApiHook) => (hook.returns === "void" || !mayBeAsync ? hook.returns : `${hook.returns} | Promise<${hook.returns}>`);
  return hooks.flatMap((hook) => [...docComment(hook.doc, "  "), `  ${hook.name}?(${signature(hook.params)}): ${returns(hook)};`]);
}

/** The whole text of abi/ts/tsc2envoy.d.ts for `api`. */
export function renderDeclarations(api: FilterApiTable = FILTER_API, kinds: readonly FilterKind[] = FILTER_KINDS): string {
  const blocks = [
    FILE_DOC,
    ...api.enums.map(renderEnum),
    HEADER_TYPE,
    [ENVOY_HTTP_FILTER_DOC, "export interface EnvoyHttpFilter {", ...renderMethods(api.methods), "}"].join("\n"),
    METRIC_TYPES,
    LOG_WRITER_TYPE,
    [ENVOY_FILTER_CONFIG_DOC, "export interface EnvoyFilterConfig {", ...renderMethods(api.configMethods ?? []), "}"].join("\n"),
    [HTTP_FILTER_DOC, "export interface HttpFilter {", ...renderHooks(api.hooks, true), "}"].join("\n"),
    ...(api.taskMethods ? [BACKGROUND_TASK_DOC, [ENVOY_BACKGROUND_TASK_DOC, "export interface EnvoyBackgroundTask {", BACKGROUND_TASK_CALLOUT, "", ...renderMethods(api.taskMethods), "}"].join("\n")] : []),
    REGISTER_HTTP_FILTER,
    [LOG_DOC, "export declare const log: {", ...api.logLevels.map((level) => `  ${level}(message: string): void;`), "};"].join("\n"),
    SLEEP,
    ...kinds.filter((kind) => kind.kind !== "http" && kind.api.hooks.length > 0).flatMap(renderKind),
  ];
  return `${blocks.join("\n\n")}\n`;
}

/** What the declarations say of each other kind (compiler/api/kinds.ts): its handle, its class, its register function. */
const KIND_DOCS: Record<string, { handle: string; filter: string; register: string }> = {
  network: {
    handle: "The connection a network filter works on: Envoy's side of `EnvoyNetworkFilter` in the Rust SDK.",
    filter: "A network filter instance: one per downstream TCP connection (its fields are the connection's state). Implement the hooks you need; a missing hook continues.",
    register: [
      "Registers a network filter under `name` (the `filter_name` of Envoy's",
      "`envoy.filters.network.dynamic_modules` filter). `newFilter` is called once per connection with the",
      "config, decoded and checked as registerHttpFilter's; a throw in a hook closes the connection.",
    ].join("\n * "),
  },
  listener: {
    handle: "The accepted socket a listener filter works on: Envoy's side of `EnvoyListenerFilter` in the Rust SDK.",
    filter: "A listener filter instance: one per accepted socket, before a filter chain is chosen. Implement the hooks you need; a missing hook continues.",
    register: [
      "Registers a listener filter under `name` (the `filter_name` of Envoy's",
      "`envoy.filters.listener.dynamic_modules` filter). `newFilter` is called once per accepted socket with",
      "the config, decoded and checked as registerHttpFilter's; a throw in a hook closes the socket.",
    ].join("\n * "),
  },
  // tracer (issue 11)
  tracer: {
    handle: "The span a tracer works on: Envoy lends the stream's trace context (its headers) during onStart and onInjectContext.",
    filter: "A tracer's span: one object per span Envoy starts (its fields are the span's state). Implement the hooks you need.",
    register: [
      "Registers a tracer under `name` (the `tracer_name` of Envoy's `envoy.tracers.dynamic_modules`",
      "tracer). `newFilter` is called once per span with the config, decoded and checked as",
      "registerHttpFilter's; a throw in a hook drops the span (the request goes on).",
    ].join("\n * "),
  },
  // stats sink (issue 11)
  stats_sink: {
    handle: "The stats Envoy flushes: the snapshot's counters, gauges, histograms and text readouts, by index.",
    filter: "A stats sink: one object per flush (Envoy's main thread). Hand the lines on with writeLogLine; never block.",
    register: [
      "Registers a stats sink under `name` (the `sink_name` of Envoy's `envoy.stat_sinks.dynamic_modules`",
      "sink). `newFilter` is called once per flush with the config, decoded and checked as",
      "registerHttpFilter's; a throw in onFlush ends that flush.",
    ].join("\n * "),
  },
  // UDP listener filters (issue 11)
  udp_listener: {
    handle: "The datagram a UDP listener filter works on, and its listener's socket: Envoy's side of `EnvoyUdpListenerFilter` in the Rust SDK.",
    filter: "A UDP listener filter instance: one per listener and worker, living as long as the listener (its fields carry state between datagrams). A missing hook continues.",
    register: [
      "Registers a UDP listener filter under `name` (the `filter_name` of Envoy's",
      "`envoy.filters.udp_listener.dynamic_modules` filter). `newFilter` is called once per listener and worker",
      "with the config, decoded and checked as registerHttpFilter's; a throw in onDatagram drops that datagram.",
    ].join("\n * "),
  },
  // Access loggers (issue 11)
  access_logger: {
    handle: "The log entry an access logger works on (what the finished stream left): Envoy's side of `EnvoyAccessLogger` in the Rust SDK.",
    filter: "An access logger instance: one per log entry (state that outlives an entry lives in the config stage).",
    register: [
      "Registers an access logger under `name` (the `logger_name` of Envoy's",
      "`envoy.access_loggers.dynamic_modules` access log). `newLogger` is called once per log entry with the",
      "config, decoded and checked as registerHttpFilter's; a throw in onLog loses that entry (logged, counted).",
    ].join("\n * "),
  },
};

/** A kind's enums, handle, class interface and register function (both shapes, as registerHttpFilter's). */
function renderKind(kind: FilterKind): string[] {
  const docs = KIND_DOCS[kind.kind]!;
  const register = (factory: string) => [`export declare function ${kind.register}<Config = undefined>(`, "  name: string,", `  ${factory},`, "): void;"];
  return [
    ...kind.api.enums.map(renderEnum),
    [`/** ${docs.handle} */`, `export interface ${kind.handle} {`, ...renderMethods(kind.api.methods), "}"].join("\n"),
    [`/** ${docs.filter} */`, `export interface ${kind.classInterface} {`, ...renderHooks(kind.api.hooks, false), "}"].join("\n"),
    [
      `/**\n * ${docs.register}\n */`,
      ...register(`newFilter: (config: Config) => ${kind.classInterface}`),
      "/** The two-stage shape: `configure` runs once per config (define metrics there), and returns the per-connection factory. */",
      ...register(`configure: (config: Config, envoy: EnvoyFilterConfig) => () => ${kind.classInterface}`),
    ].join("\n"),
  ];
}
