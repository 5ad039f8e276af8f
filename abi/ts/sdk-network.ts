/**
 * Network filters in the Node reference SDK (issue 11): `registerNetworkFilter`, the
 * `EnvoyNetworkFilter` a connection's hooks get, and the module's side of the network ABI, as
 * runtime-c/network_filter.c does them. Stateless: sdk.ts calls `networkKind` once per SDK
 * instance (one per filter program) with what it shares (its ABI, metrics, failures, configs).
 */
import type * as Declared from "./tsc2envoy.js";

export enum NetworkFilterStatus {
  Continue = 0,
  StopIteration = 1,
}

export enum ConnectionCloseType {
  FlushWrite = 0,
  NoFlush = 1,
  FlushWriteAndDelay = 2,
  Abort = 3,
  AbortReset = 4,
}

export enum ConnectionEvent {
  RemoteClose = 0,
  LocalClose = 1,
  Connected = 2,
  ConnectedZeroRtt = 3,
}

export type EnvoyNetworkFilter = Declared.EnvoyNetworkFilter;
export type NetworkFilter = Declared.NetworkFilter;

/** Envoy's network callbacks a host provides (buffer 0 read, 1 write; address 0 remote, 1 local). */
export interface NetworkEnvoyAbi {
  networkBuffer(which: number): Uint8Array;
  networkDrain(which: number, bytes: number): boolean;
  networkAdd(which: number, prepend: boolean, data: Uint8Array): boolean;
  networkWrite(data: Uint8Array, endOfStream: boolean): void;
  networkInject(which: number, data: Uint8Array, endOfStream: boolean): void;
  networkContinueReading(): void;
  networkClose(closeType: number): void;
  networkAddress(which: number): { address: Uint8Array; port: number } | undefined;
  networkRequestedServerName(): Uint8Array | undefined;
  networkIsSsl(): boolean;
  networkConnectionId(): number;
}

type Metric = { kind: number; name: string; tagCount: number; id: number };
type Failure = { reason: string; site?: { file: string; line: number } };
type ConfigDescription = { kind: "none" } | { kind: "raw"; literals?: { kind: string; name?: string; values?: unknown[] }[] } | { kind: "json"; schema: unknown };

/** What sdk.ts lends: its host, codecs, config decoding, metrics, failure reporting (the same as HTTP filters'). */
export interface SdkShared {
  abi(): NetworkEnvoyAbi & { defineMetric(kind: number, name: Uint8Array, tagNames: Uint8Array[]): number | undefined; updateMetric(update: number, kind: number, id: number, tagValues: Uint8Array[], value: number): void };
  moduleName(): string;
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
  /** The raw or JSON config as the factory gets it, or the rejection's reason (without the filter's prefix). */
  decodeConfig(description: ConfigDescription, config: Uint8Array): { ok: true; value: unknown } | { ok: false; error: string };
  configHandle(metrics: Metric[]): Declared.EnvoyFilterConfig & { active: boolean };
  setActiveMetrics(metrics: Metric[]): void;
  metricFor(method: string, kind: number, handle: number): Metric;
  metricValue(method: string, value: number): number;
  closeLogWriters(metrics: Metric[]): void;
  failureOf(error: unknown): Failure;
  ModuleFailure: new (message: string) => Error;
  logLine(level: number, message: string, site?: Failure["site"]): void;
  admitFailureLine(log: { windowStart?: number; logged: number; suppressed: number }): { admitted: boolean; unreported: number };
}

interface Registration {
  name: string;
  newFilter: (config: unknown, envoy: Declared.EnvoyFilterConfig) => NetworkFilter | (() => NetworkFilter);
  config: ConfigDescription;
  staged: boolean;
}

export interface NetworkConfig {
  registration: Registration;
  value: unknown;
  factory?: () => NetworkFilter;
  metrics: Metric[];
  failureCounter: number;
  failureLog: { windowStart?: number; logged: number; suppressed: number };
}

export interface Connection {
  config: NetworkConfig;
  filter?: NetworkFilter;
  failed: boolean;
  factoryFailure?: Failure;
}

const COUNTER = 0;
const READ = 0;
const METRIC_UPDATES = { setGauge: 1, increaseGauge: 2, decreaseGauge: 3, recordHistogramValue: 4 } as const;

/** The network kind for one SDK instance. */
export function networkKind(sdk: SdkShared) {
  const registrations: Registration[] = [];
  /** Buffer views handed out since the hook call began (runtime-c: the connection's borrowed list). */
  let borrowed: ArrayBuffer[] = [];
  const detach = () => {
    for (const buffer of borrowed) structuredClone(buffer, { transfer: [buffer] });
    borrowed = [];
  };
  const view = (bytes: Uint8Array): Uint8Array => {
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    borrowed.push(copy.buffer);
    return copy;
  };
  const drain = (which: number, method: string, bytes: number): boolean => {
    if (!(Number.isInteger(bytes) && bytes >= 0)) throw new RangeError(`${method}: bytes must be a non-negative integer`);
    const size = sdk.abi().networkBuffer(which).length;
    detach();
    return sdk.abi().networkDrain(which, Math.min(bytes, size));
  };
  /** A borrowed view's bytes are copied before the change that may free them (runtime-c bytes_buffer). */
  const add = (which: number, prepend: boolean, data: Uint8Array): boolean => {
    const bytes = data.slice();
    detach();
    return sdk.abi().networkAdd(which, prepend, bytes);
  };
  const update = (method: keyof typeof METRIC_UPDATES, kind: number, handle: number, value: number): void => {
    const metric = sdk.metricFor(method, kind, handle);
    sdk.abi().updateMetric(METRIC_UPDATES[method], metric.kind, metric.id, [], sdk.metricValue(method, value));
  };
  const address = (which: number) => sdk.abi().networkAddress(which);

  const handle: EnvoyNetworkFilter = {
    getReadBuffer: () => view(sdk.abi().networkBuffer(READ)),
    getReadBufferText: () => sdk.decode(view(sdk.abi().networkBuffer(READ))),
    getReadBufferSize: () => sdk.abi().networkBuffer(READ).length,
    drainReadBuffer: (bytes) => drain(READ, "drainReadBuffer", bytes),
    appendReadBuffer: (data) => add(READ, false, data),
    appendReadBufferText: (text) => add(READ, false, sdk.encode(text)),
    prependReadBuffer: (data) => add(READ, true, data),
    getWriteBuffer: () => view(sdk.abi().networkBuffer(1)),
    getWriteBufferText: () => sdk.decode(view(sdk.abi().networkBuffer(1))),
    getWriteBufferSize: () => sdk.abi().networkBuffer(1).length,
    drainWriteBuffer: (bytes) => drain(1, "drainWriteBuffer", bytes),
    appendWriteBuffer: (data) => add(1, false, data),
    appendWriteBufferText: (text) => add(1, false, sdk.encode(text)),
    prependWriteBuffer: (data) => add(1, true, data),
    write: (data, endOfStream) => sdk.abi().networkWrite(data.slice(), endOfStream),
    writeText: (text, endOfStream) => sdk.abi().networkWrite(sdk.encode(text), endOfStream),
    injectReadData: (data, endOfStream) => sdk.abi().networkInject(READ, data.slice(), endOfStream),
    injectWriteData: (data, endOfStream) => sdk.abi().networkInject(1, data.slice(), endOfStream),
    continueReading: () => sdk.abi().networkContinueReading(),
    close: (closeType) => {
      const type = closeType ?? ConnectionCloseType.FlushWrite;
      if (!(Number.isInteger(type) && type >= 0 && type <= 4)) throw new RangeError("close: not a ConnectionCloseType");
      sdk.abi().networkClose(type);
    },
    getRemoteAddress: () => {
      const found = address(0);
      return found && sdk.decode(found.address);
    },
    getRemotePort: () => address(0)?.port,
    getLocalAddress: () => {
      const found = address(1);
      return found && sdk.decode(found.address);
    },
    getLocalPort: () => address(1)?.port,
    getRequestedServerName: () => {
      const name = sdk.abi().networkRequestedServerName();
      return name && name.length > 0 ? sdk.decode(name) : undefined;
    },
    isSsl: () => sdk.abi().networkIsSsl(),
    getConnectionId: () => sdk.abi().networkConnectionId(),
    incrementCounter: (counter, value) => {
      const metric = sdk.metricFor("incrementCounter", COUNTER, counter);
      sdk.abi().updateMetric(0, metric.kind, metric.id, [], value === undefined ? 1 : sdk.metricValue("incrementCounter", value));
    },
    setGauge: (gauge, value) => update("setGauge", 1, gauge, value),
    increaseGauge: (gauge, value) => update("increaseGauge", 1, gauge, value),
    decreaseGauge: (gauge, value) => update("decreaseGauge", 1, gauge, value),
    recordHistogramValue: (histogram, value) => update("recordHistogramValue", 2, histogram, value),
  };

  /** The config stage's EnvoyFilterConfig: the network ABI's metrics take no tags. */
  const configHandle = (metrics: Metric[]): Declared.EnvoyFilterConfig & { active: boolean } => {
    const inner = sdk.configHandle(metrics);
    const define = (name: string, tagNames: string[] | undefined, run: () => number): number => {
      if (inner.active && name !== "" && tagNames?.length) throw new TypeError("metrics of network and listener filters take no tags");
      return run();
    };
    return Object.assign(Object.create(inner) as typeof inner, {
      defineCounter: (name: string, tagNames?: string[]) => define(name, tagNames, () => inner.defineCounter(name)) as Declared.Counter,
      defineGauge: (name: string, tagNames?: string[]) => define(name, tagNames, () => inner.defineGauge(name)) as Declared.Gauge,
      defineHistogram: (name: string, tagNames?: string[]) => define(name, tagNames, () => inner.defineHistogram(name)) as Declared.Histogram,
    });
  };

  const logUnreported = (config: NetworkConfig, unreported: number): void => {
    if (unreported === 0) return;
    const name = config.registration.name;
    sdk.logLine(4, `tsc2envoy: network filter '${name}': ${unreported} more failures were not logged (at most 10 failure lines a second); the counter ${name}.failures counts every failure`);
  };

  /** runtime-c/network_filter.c fail_connection: log, count, close without flushing. */
  const fail = (connection: Connection, phase: string, failure: Failure): void => {
    connection.failed = true;
    const { admitted, unreported } = sdk.admitFailureLine(connection.config.failureLog);
    logUnreported(connection.config, unreported);
    if (admitted) sdk.logLine(4, `tsc2envoy: network filter '${connection.config.registration.name}' failed in ${phase}: ${failure.reason}; closed the connection`, failure.site);
    if (connection.config.failureCounter >= 0) sdk.abi().updateMetric(0, COUNTER, connection.config.failureCounter, [], 1);
    sdk.abi().networkClose(ConnectionCloseType.NoFlush);
  };

  const checkStatus = (status: unknown): number => {
    if (typeof status === "number" && Number.isInteger(status) && status >= 0 && status <= 1) return status;
    throw new sdk.ModuleFailure(`hook returned ${String(status)}, which is not a status Envoy defines (0 to 1)`);
  };

  const dataHook = (connection: Connection, name: "onNewConnection" | "onRead" | "onWrite", args: unknown[]): number => {
    sdk.setActiveMetrics(connection.config.metrics);
    detach();
    const hook = connection.filter?.[name] as ((...a: unknown[]) => unknown) | undefined;
    if (connection.failed) return NetworkFilterStatus.StopIteration;
    if (!hook) return NetworkFilterStatus.Continue;
    try {
      return checkStatus(hook.call(connection.filter, handle, ...args));
    } catch (error) {
      fail(connection, name, sdk.failureOf(error));
      return NetworkFilterStatus.StopIteration;
    }
  };

  const moduleAbi = {
    configNew(name: string, config: Uint8Array): NetworkConfig | undefined {
      const registration = [...registrations].reverse().find((r) => r.name === name);
      if (!registration) {
        sdk.logLine(4, `tsc2envoy: module ${sdk.moduleName()} has no network filter named '${name}'; it has:${registrations.map((r) => ` '${r.name}'`).join("")}`);
        return undefined;
      }
      const rejected = (reason: string, site?: Failure["site"]) => sdk.logLine(4, `tsc2envoy: network filter '${name}' rejected its filter_config: ${reason}`, site);
      const decoded = sdk.decodeConfig(registration.config, config);
      if (!decoded.ok) return void rejected(decoded.error);
      const metrics: Metric[] = [];
      let factory: (() => NetworkFilter) | undefined;
      if (registration.staged) {
        const envoy = configHandle(metrics);
        sdk.setActiveMetrics(metrics);
        try {
          factory = registration.newFilter(decoded.value, envoy) as () => NetworkFilter;
        } catch (error) {
          const failure = sdk.failureOf(error);
          rejected(failure.reason, failure.site);
          sdk.closeLogWriters(metrics);
          return undefined;
        } finally {
          envoy.active = false;
        }
      }
      const failureCounter = sdk.abi().defineMetric(COUNTER, sdk.encode(`${name}.failures`), []) ?? -1;
      return { registration, value: decoded.value, ...(factory ? { factory } : {}), metrics, failureCounter, failureLog: { logged: 0, suppressed: 0 } };
    },
    configDestroy(config: NetworkConfig): void {
      logUnreported(config, config.failureLog.suppressed);
      sdk.closeLogWriters(config.metrics);
    },
    filterNew(config: NetworkConfig): Connection {
      const connection: Connection = { config, failed: false };
      sdk.setActiveMetrics(config.metrics);
      detach();
      try {
        connection.filter = config.factory ? config.factory() : (config.registration.newFilter(config.value, undefined as never) as NetworkFilter);
      } catch (error) {
        connection.factoryFailure = sdk.failureOf(error);
      }
      return connection;
    },
    newConnection(connection: Connection): number {
      if (connection.factoryFailure && !connection.failed) {
        sdk.setActiveMetrics(connection.config.metrics);
        fail(connection, "the filter factory", connection.factoryFailure);
        return NetworkFilterStatus.StopIteration;
      }
      return dataHook(connection, "onNewConnection", []);
    },
    read: (connection: Connection, dataLength: number, endOfStream: boolean): number => dataHook(connection, "onRead", [dataLength, endOfStream]),
    write: (connection: Connection, dataLength: number, endOfStream: boolean): number => dataHook(connection, "onWrite", [dataLength, endOfStream]),
    event(connection: Connection, event: number): void {
      sdk.setActiveMetrics(connection.config.metrics);
      detach();
      const hook = connection.filter?.onEvent;
      if (connection.failed || !hook) return;
      try {
        hook.call(connection.filter, handle, event);
      } catch (error) {
        fail(connection, "onEvent", sdk.failureOf(error));
      }
    },
  };

  /** Filter code calls it with two arguments; compiler/reference adds the config description, as for registerHttpFilter. */
  function registerNetworkFilter(name: string, newFilter: (config: never, envoy: never) => unknown, config?: ConfigDescription & { staged?: boolean }): void {
    const { staged, ...described } = config ?? { kind: "none" };
    registrations.push({ name, newFilter: newFilter as Registration["newFilter"], config: described as ConfigDescription, staged: staged === true });
  }

  return { registerNetworkFilter, moduleAbi };
}
