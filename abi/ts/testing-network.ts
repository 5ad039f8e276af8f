/**
 * `tsc2envoy/testing` for network and listener filters (issue 11): `loadNetworkFilter` drives a
 * registerNetworkFilter filter one connection at a time (new connection, bytes read and written,
 * connection events) and shows what it wrote, passed on, drained, injected and closed;
 * `loadListenerFilter` drives a registerListenerFilter filter one accepted socket at a time
 * (accept, peeked bytes, close) and shows the SNI, transport and ALPN it set, whether it closed
 * the socket or let the chain go on; `loadUdpListenerFilter` hands a registerUdpListenerFilter
 * filter datagrams and shows what it passed on and sent; `loadAccessLogger` hands an access logger
 * finished streams. Both modes (Node, native .so) speak the hosts' protocol
 * (host/protocol.ts) and print one transcript, read here into results.
 */
import { AccessLogVector, accessLogEntryLine, configLine, hex, TranscriptLine } from "./host/protocol.js";
import { HostOptions, HostSession, LogLevel, LogLine, readLogLine, readMetricLine, startHost } from "./testing-session.js";

const LOG_LEVELS: readonly (LogLevel | "off")[] = ["trace", "debug", "info", "warn", "error", "critical", "off"];

/** As loadFilter's options (testing.ts): the filter's config, its name, the mode, the log level, limits. */
export interface KindLoadOptions extends HostOptions {
  config?: unknown;
  logLevel?: LogLevel | "off";
}

/** Bytes: text (sent as UTF-8) or raw bytes. */
export type Bytes = string | Uint8Array;

/** One thing that happens on a connection, in order. */
export type ConnectionStep =
  /** Bytes from the client arrive in the read buffer, then onRead. */
  | { read: Bytes; endOfStream?: boolean }
  /** Bytes on their way to the client arrive in the write buffer, then onWrite. */
  | { write: Bytes; endOfStream?: boolean }
  /** A connection event (ConnectionEvent: 0 RemoteClose, 1 LocalClose, 2 Connected, 3 ConnectedZeroRtt), then onEvent. */
  | { event: number }
  /** Time passes (ms). */
  | { waitMs: number };

export interface TestConnection {
  /** [address, port]; default ["127.0.0.1", 45678]. */
  remote?: [string, number];
  /** [address, port]; default ["127.0.0.1", 10000]. */
  local?: [string, number];
  /** The SNI the client asked for; default none. */
  serverName?: string;
  steps?: readonly ConnectionStep[];
}

/** What the events of a transcript left; logs and counters are common to the kinds. */
interface Common {
  logs: LogLine[];
  /** What it added to counters, by name (tag values summed). */
  counters: Record<string, number>;
  /** What it did to gauges, by name: the sum of its increases and decreases (or the value it set). */
  gauges: Record<string, number>;
  /** The host's transcript, for debugging. */
  transcript: string;
}

export interface ConnectionResult extends Common {
  /** What onNewConnection returned (NetworkFilterStatus). */
  newConnectionStatus: number;
  /** What onRead / onWrite returned for each read and write step, in order. */
  statuses: number[];
  /** What the filter wrote to the client (envoy.write), as UTF-8 text, in order, with endOfStream. */
  writes: { data: string; endOfStream: boolean }[];
  /** The bytes Envoy passed on after a Continue: read (upstream) and write (to the client), as UTF-8 text. */
  forwarded: { read: string; write: string };
  /** What the filter injected into the filter chain (injectReadData / injectWriteData). */
  injected: { read: string; write: string };
  /** What the read and write buffers still held when the connection was destroyed (the filter stopped and did not drain). */
  buffered: { read: string; write: string };
  /** How the filter closed the connection (envoy.close's type), if it did. */
  closed?: number;
  /** Whether it called continueReading. */
  continuedReading: boolean;
}

export interface NetworkFilterUnderTest {
  readonly mode: "node" | "native";
  readonly name: string;
  /** One connection on a new filter of the same config: connect, the steps, destroy. */
  connect(connection?: TestConnection): Promise<ConnectionResult>;
  close(): Promise<void>;
}

export interface TestSocket {
  remote?: [string, number];
  local?: [string, number];
  /** The bytes the client sends, chunk by chunk: each is added to what the filter peeks, then onData. */
  data?: readonly Bytes[];
  /** The client closes the socket after the data (onClose). */
  clientCloses?: boolean;
}

export interface SocketResult extends Common {
  /** What onAccept returned (ListenerFilterStatus). */
  acceptStatus: number;
  /** After StopIteration: the bytes the filter asked to peek (maxReadBytes). */
  maxReadBytes?: number;
  /** What onData returned for each chunk. */
  dataStatuses: number[];
  /** What the filter set: the server name (SNI), transport protocol, application protocols (ALPN). */
  serverName?: string;
  transportProtocol?: string;
  applicationProtocols?: string[];
  /** The details of closeSocket, if the filter closed the socket. */
  closedSocket?: string;
  /** continueFilterChain's argument, if the filter called it. */
  continuedFilterChain?: boolean;
}

export interface ListenerFilterUnderTest {
  readonly mode: "node" | "native";
  readonly name: string;
  /** One accepted socket on a new filter of the same config. */
  accept(socket?: TestSocket): Promise<SocketResult>;
  close(): Promise<void>;
}

/** A datagram the listener receives. */
export interface TestDatagram {
  data: Bytes;
  /** The sender, [address, port]; default ["127.0.0.1", 45678]. */
  peer?: [string, number];
}

export interface DatagramResult extends Common {
  /** What onData returned (UdpListenerFilterStatus). */
  status: number;
  /** The datagram Envoy passed on after a Continue (as the filter left it), as UTF-8 text. */
  forwarded?: string;
  /** The datagrams the filter sent (sendDatagram): data as UTF-8 text, destination. */
  sent: { data: string; address: string; port: number }[];
}

export interface UdpListenerFilterUnderTest {
  readonly mode: "node" | "native";
  readonly name: string;
  /** One datagram to the listener's filter (one filter per config, as Envoy has per listener and worker). */
  receive(datagram: TestDatagram): Promise<DatagramResult>;
  close(): Promise<void>;
}

/**
 * A finished stream as the access logger gets it; absent fields: none. `type` (AccessLogType,
 * default 6 DownstreamEnd), `code` (response code), `flags` (response flags), `startNs`,
 * `lastTxNs` (ns, as decimal strings), `bytes` ([received, sent]), `protocol`, `route`,
 * `cluster`, `requestId`, `remote` ([address, port]), `requestHeaders`, `responseHeaders`,
 * `responseTrailers` ([name, value] lists).
 */
export type TestLogEntry = AccessLogVector["entries"][number];

export interface AccessLoggerUnderTest {
  readonly mode: "node" | "native";
  readonly name: string;
  /** The logger's log hook on one finished stream: its log lines, counters and gauges. */
  log(entry?: TestLogEntry): Promise<Common>;
  /** Destroys the config: a log writer's lines are in their file once this returns. */
  close(): Promise<void>;
}

const KINDS = {
  network: { register: "registerNetworkFilter", create: "N", created: "network_config" },
  listener: { register: "registerListenerFilter", create: "G", created: "listener_config" },
  udp_listener: { register: "registerUdpListenerFilter", create: "I", created: "udp_listener_config" },
  access_logger: { register: "registerAccessLogger", create: "J", created: "access_logger_config" },
} as const;

/** Starts the host on the filter of `kind` and creates its config with the kind's command (N, G, I). */
async function loadKind(entry: string | URL, options: KindLoadOptions, kind: keyof typeof KINDS) {
  const { session, name, loaded, native } = await startHost(entry, options, kind, KINDS[kind].register);
  const config = options.config === undefined ? undefined : typeof options.config === "string" ? options.config : JSON.stringify(options.config);
  const level = LOG_LEVELS.indexOf(options.logLevel ?? "trace");
  if (level < 0) throw new Error(`logLevel must be one of ${LOG_LEVELS.join(", ")}`);
  const create = configLine(name, config).replace(/^C/, KINDS[kind].create);
  const created = loaded + (await session.run(`L ${level}\n${create}\n`));
  if (!new RegExp(`^${KINDS[kind].created} .* -> ok$`, "m").test(created)) {
    await session.close();
    throw new Error(readCommon(created).logs.map((l) => l.message).join("\n") || `filter '${name}' rejected its config`);
  }
  const close = async (s: HostSession) => {
    await s.run("X\n");
    await s.close();
  };
  return { session, name, mode: native ? ("native" as const) : ("node" as const), close: () => close(session) };
}

/** Analyzes a network filter (registerNetworkFilter) and creates its config; throws as loadFilter does. */
export async function loadNetworkFilter(entry: string | URL, options: KindLoadOptions = {}): Promise<NetworkFilterUnderTest> {
  const { session, name, mode, close } = await loadKind(entry, options, "network");
  return { mode, name, close, connect: async (connection = {}) => readConnection(await session.run(connectionLines(connection))) };
}

/** Analyzes a listener filter (registerListenerFilter) and creates its config; throws as loadFilter does. */
export async function loadListenerFilter(entry: string | URL, options: KindLoadOptions = {}): Promise<ListenerFilterUnderTest> {
  const { session, name, mode, close } = await loadKind(entry, options, "listener");
  return { mode, name, close, accept: async (socket = {}) => readSocket(await session.run(socketLines(socket))) };
}

/** Analyzes a UDP listener filter (registerUdpListenerFilter), creates its config and its filter; throws as loadFilter does. */
export async function loadUdpListenerFilter(entry: string | URL, options: KindLoadOptions = {}): Promise<UdpListenerFilterUnderTest> {
  const { session, name, mode, close } = await loadKind(entry, options, "udp_listener");
  return {
    mode,
    name,
    close,
    receive: async ({ data, peer = ["127.0.0.1", 45678] }) => readDatagram(await session.run(`f ${hex(peer[0])} ${peer[1]} ${bytesHex(data)}\n`)),
  };
}

/** Analyzes an access logger (registerAccessLogger) and creates its config; throws as loadFilter does. */
export async function loadAccessLogger(entry: string | URL, options: KindLoadOptions = {}): Promise<AccessLoggerUnderTest> {
  const { session, name, mode, close } = await loadKind(entry, options, "access_logger");
  return { mode, name, close, log: async (stream = {}) => readCommon(await session.run(`${accessLogEntryLine(stream)}\n`)) };
}

const bytesHex = (data: Bytes) => (typeof data === "string" ? hex(data) : Buffer.from(data).toString("hex") || "-");

function addressLines(of: { remote?: [string, number]; local?: [string, number] }): string[] {
  return [...(of.remote ? [`a r ${hex(of.remote[0])} ${of.remote[1]}`] : []), ...(of.local ? [`a l ${hex(of.local[0])} ${of.local[1]}`] : [])];
}

function connectionLines(connection: TestConnection): string {
  const lines = [...addressLines(connection), ...(connection.serverName === undefined ? [] : [`n ${hex(connection.serverName)}`]), "c"];
  for (const step of connection.steps ?? []) {
    if ("event" in step) lines.push(`v ${step.event}`);
    else if ("waitMs" in step) lines.push(`W ${step.waitMs}`);
    else if ("read" in step) lines.push(`r ${step.endOfStream ? 1 : 0} ${bytesHex(step.read)}`);
    else lines.push(`w ${step.endOfStream ? 1 : 0} ${bytesHex(step.write)}`);
  }
  return `${[...lines, "d"].join("\n")}\n`;
}

function socketLines(socket: TestSocket): string {
  const lines = [...addressLines(socket), "s", ...(socket.data ?? []).map((chunk) => `p ${bytesHex(chunk)}`), ...(socket.clientCloses ? ["k"] : []), "q"];
  return `${lines.join("\n")}\n`;
}

/** Logs, counters and gauges of a transcript, and each line's reader for the kind's own words. */
function readCommon(transcript: string, other?: (word: string, line: TranscriptLine) => void): Common {
  const common: Common = { logs: [], counters: {}, gauges: {}, transcript };
  for (const text of transcript.split("\n")) {
    const line = new TranscriptLine(text);
    const word = line.word();
    if (word === "log") common.logs.push(readLogLine(line));
    else if (word === "counter") readMetricLine(line, common.counters);
    else if (word === "gauge") readMetricLine(line, common.gauges);
    else other?.(word, line);
  }
  return common;
}

function readConnection(transcript: string): ConnectionResult {
  let newConnectionStatus: number | undefined;
  const statuses: number[] = [];
  const writes: ConnectionResult["writes"] = [];
  const forwarded = { read: "", write: "" };
  const injected = { read: "", write: "" };
  const buffered = { read: "", write: "" };
  let closed: number | undefined;
  let continuedReading = false;
  const common = readCommon(transcript, (word, line) => {
    if (word === "->") {
      const status = Number(line.word());
      if (newConnectionStatus === undefined) newConnectionStatus = status;
      else statuses.push(status);
    } else if (word === "write" && line.text.startsWith(' "', line.position)) {
      const data = line.string();
      writes.push({ data, endOfStream: line.word() === "end_of_stream=true" });
    } else if (word === "forward") {
      const side = line.word() as "read" | "write";
      forwarded[side] += line.string();
    } else if (word === "inject_read" || word === "inject_write") injected[word === "inject_read" ? "read" : "write"] += line.string();
    else if (word === "buffers") {
      line.expect(" read ");
      buffered.read = line.string();
      line.expect(" write ");
      buffered.write = line.string();
    } else if (word === "close") closed = Number(line.word());
    else if (word === "continue_reading") continuedReading = true;
  });
  return { ...common, newConnectionStatus: newConnectionStatus ?? -1, statuses, writes, forwarded, injected, buffered, ...(closed === undefined ? {} : { closed }), continuedReading };
}

function readSocket(transcript: string): SocketResult {
  const statuses: number[] = [];
  const result: Partial<SocketResult> = {};
  const common = readCommon(transcript, (word, line) => {
    if (word === "->") statuses.push(Number(line.word()));
    else if (word === "max_read_bytes") {
      line.expect(" -> ");
      result.maxReadBytes = Number(line.word());
    } else if (word === "set_server_name") result.serverName = line.string();
    else if (word === "set_transport_protocol") result.transportProtocol = line.string();
    else if (word === "set_application_protocols") result.applicationProtocols = line.headerList() as unknown as string[];
    else if (word === "close_socket") result.closedSocket = line.string();
    else if (word === "continue_filter_chain") result.continuedFilterChain = line.word() === "true";
  });
  const [acceptStatus, ...dataStatuses] = statuses;
  return { ...common, ...result, acceptStatus: acceptStatus ?? -1, dataStatuses };
}

function readDatagram(transcript: string): DatagramResult {
  let status = -1;
  let forwarded: string | undefined;
  const sent: DatagramResult["sent"] = [];
  const common = readCommon(transcript, (word, line) => {
    if (word === "->") status = Number(line.word());
    else if (word === "forward") {
      line.expect(" datagram ");
      forwarded = line.string();
    } else if (word === "send_datagram") {
      const data = line.string();
      line.expect(" to ");
      const address = line.string();
      line.expect(":");
      sent.push({ data, address, port: Number(line.word()) });
    }
  });
  return { ...common, status, ...(forwarded === undefined ? {} : { forwarded }), sent };
}
