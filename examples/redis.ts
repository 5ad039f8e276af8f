/**
 * Port of the upstream Rust example rust/src/network_redis.rs (envoyproxy/dynamic-modules-examples):
 * a network filter in front of a Redis server that parses the RESP commands each read carries,
 * counts them, logs them, and answers a blocked command itself (`-ERR command 'X' is not allowed`)
 * instead of passing the read on. A read longer than max_command_length gets `-ERR command too long`.
 *
 * Config (filter_config, JSON, every field optional):
 *   { "blocked_commands": ["FLUSHALL", "FLUSHDB", "DEBUG"], "log_commands": true, "max_command_length": 1024 }
 * Command names are matched upper-cased, against the names as written in blocked_commands.
 *
 * As upstream, each read is parsed on its own (a command split across reads is not seen), a blocked
 * command drops the whole read (the commands before it in the same read too), and parsing stops at
 * the first value it cannot read. Differs from upstream: an empty or invalid filter_config is refused
 * (write `{}` for the defaults), and the gauge counts in onNewConnection (the factory has no envoy).
 */
import { ConnectionEvent, log, NetworkFilterStatus, registerNetworkFilter, type Counter, type EnvoyFilterConfig, type EnvoyNetworkFilter, type Gauge, type NetworkFilter } from "tsc2envoy";

interface RedisConfig {
  blocked_commands?: string[];
  log_commands?: boolean;
  max_command_length?: number;
}

interface Settings {
  blocked: readonly string[];
  logCommands: boolean;
  maxCommandLength: number;
}

interface Metrics {
  commandsTotal: Counter;
  commandsBlocked: Counter;
  bytesReceived: Counter;
  bytesSent: Counter;
  activeConnections: Gauge;
  parseErrors: Counter;
}

interface RedisCommand {
  name: string;
  args: string[];
}

const CR = 0x0d;
const LF = 0x0a;
/** The bytes as text, as upstream's from_utf8_lossy: U+FFFD for bad sequences, a byte order mark kept. */
function lossy(bytes: Uint8Array): string {
  // A decoder per call: a module-level one would be frozen, and Node's decoder writes to itself.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

/** The index of the "\r\n" ending the line that starts at `start`, or -1 when there is none yet. */
function lineEnd(data: Uint8Array, start: number): number {
  for (let i = start; i + 1 < data.length; i++) if (data[i] === CR && data[i + 1] === LF) return i;
  return -1;
}

/** The line's decimal integer as Rust's `i64::from_str` reads it (an optional sign, digits), or null. */
function lineInteger(data: Uint8Array, start: number, end: number): number | null {
  let i = start;
  const negative = data[i] === 0x2d;
  if (negative || data[i] === 0x2b) i++;
  if (i >= end) return null;
  // More digits than an i64 holds: upstream's parse fails.
  if (end - i > 19) return null;
  let value = 0;
  for (; i < end; i++) {
    const digit = data[i]! - 0x30;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/**
 * Reads one RESP value at `pos` (upstream's parse_resp_value): the position after it, or -1 when it
 * is incomplete or malformed. A string value goes to `into`, an array's string elements to `elements`.
 */
function parseValue(data: Uint8Array, pos: number, into: string[] | null, elements: string[] | null): number {
  if (pos >= data.length) return -1;
  const type = data[pos]!;
  const start = pos + 1;
  const end = lineEnd(data, start);
  if (end < 0) return -1;
  if (type === 0x2b || type === 0x2d) {
    // A simple string is an argument; an error is read past.
    if (type === 0x2b && into !== null) into.push(lossy(data.subarray(start, end)));
    return end + 2;
  }
  if (type !== 0x3a && type !== 0x24 && type !== 0x2a) return -1;
  const n = lineInteger(data, start, end);
  if (n === null) return -1;
  if (type === 0x3a || n < 0) return end + 2; // an integer, or a null bulk string or array
  if (type === 0x24) {
    if (end + 2 + n + 2 > data.length) return -1;
    if (into !== null) into.push(lossy(data.subarray(end + 2, end + 2 + n)));
    return end + 2 + n + 2;
  }
  let next = end + 2;
  for (let i = 0; i < n; i++) {
    // Nested arrays are read for their length only: their strings are nobody's arguments.
    next = parseValue(data, next, elements, null);
    if (next < 0) return -1;
  }
  return next;
}

/** The commands in `data`, up to the first value that cannot be read (upstream's parse_commands). */
function parseCommands(data: Uint8Array): RedisCommand[] {
  const commands: RedisCommand[] = [];
  let pos = 0;
  while (pos < data.length) {
    const args: string[] = [];
    // Only an array is a command; other top-level values are read past.
    const next = parseValue(data, pos, null, args);
    if (next < 0) break;
    pos = next;
    const name = args.shift();
    if (name !== undefined) commands.push({ name: name.toUpperCase(), args });
  }
  return commands;
}

function errorResponse(message: string): Uint8Array {
  return new TextEncoder().encode(`-ERR ${message}\r\n`);
}

class RedisFilter implements NetworkFilter {
  constructor(
    private readonly settings: Settings,
    private readonly metrics: Metrics,
  ) {}

  onNewConnection(envoy: EnvoyNetworkFilter): NetworkFilterStatus {
    envoy.increaseGauge(this.metrics.activeConnections, 1);
    log.debug("New Redis connection established.");
    return NetworkFilterStatus.Continue;
  }

  onRead(envoy: EnvoyNetworkFilter, dataLength: number, _endOfStream: boolean): NetworkFilterStatus {
    envoy.incrementCounter(this.metrics.bytesReceived, dataLength);
    const data = envoy.getReadBuffer();
    if (data.length > this.settings.maxCommandLength) {
      log.info(`Redis command exceeds max length: ${data.length} > ${this.settings.maxCommandLength}`);
      envoy.incrementCounter(this.metrics.parseErrors);
      envoy.drainReadBuffer(dataLength);
      envoy.write(errorResponse("command too long"), false);
      return NetworkFilterStatus.StopIteration;
    }
    for (const command of parseCommands(data)) {
      envoy.incrementCounter(this.metrics.commandsTotal);
      if (this.settings.logCommands) log.debug(`Redis command: ${command.name} ${JSON.stringify(command.args.slice(0, 3))}`);
      if (this.settings.blocked.includes(command.name)) {
        log.info(`Blocked Redis command: ${command.name}`);
        envoy.incrementCounter(this.metrics.commandsBlocked);
        envoy.drainReadBuffer(dataLength);
        envoy.write(errorResponse(`command '${command.name}' is not allowed`), false);
        return NetworkFilterStatus.StopIteration;
      }
    }
    return NetworkFilterStatus.Continue;
  }

  onWrite(envoy: EnvoyNetworkFilter, dataLength: number, _endOfStream: boolean): NetworkFilterStatus {
    envoy.incrementCounter(this.metrics.bytesSent, dataLength);
    return NetworkFilterStatus.Continue;
  }

  onEvent(envoy: EnvoyNetworkFilter, event: ConnectionEvent): void {
    if (event === ConnectionEvent.RemoteClose || event === ConnectionEvent.LocalClose) {
      envoy.decreaseGauge(this.metrics.activeConnections, 1);
      log.debug("Redis connection closed.");
    }
  }
}

registerNetworkFilter("redis", (config: RedisConfig, envoy: EnvoyFilterConfig) => {
  const maxCommandLength = config.max_command_length ?? 1024;
  if (!(Number.isInteger(maxCommandLength) && maxCommandLength >= 0)) throw new Error("max_command_length must be a non-negative integer");
  const settings: Settings = {
    blocked: config.blocked_commands ?? [],
    logCommands: config.log_commands ?? true,
    maxCommandLength,
  };
  const metrics: Metrics = {
    commandsTotal: envoy.defineCounter("redis_commands_total"),
    commandsBlocked: envoy.defineCounter("redis_commands_blocked"),
    bytesReceived: envoy.defineCounter("redis_bytes_received"),
    bytesSent: envoy.defineCounter("redis_bytes_sent"),
    activeConnections: envoy.defineGauge("redis_active_connections"),
    parseErrors: envoy.defineCounter("redis_parse_errors"),
  };
  return () => new RedisFilter(settings, metrics);
});
