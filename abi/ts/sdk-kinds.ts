/**
 * The network and listener filters in the Node reference SDK (issue 11; UDP listener filters and
 * access loggers: sdk-udp-listener.ts, sdk-access-logger.ts, over this file's kindCore): network filters
 * (`registerNetworkFilter`, `EnvoyNetworkFilter`, as runtime-c/network_filter.c) and listener
 * filters (`registerListenerFilter`, `EnvoyListenerFilter`, as runtime-c/listener_filter.c), over
 * what both share (configs, config stage, failures: `kindCore`, as runtime-c/kind_glue.c).
 * Stateless: sdk.ts calls `networkKind` and `listenerKind` once per SDK instance (one per filter
 * program) with what it shares (its ABI, metrics, failures, config decoding).
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
  sharedCounterAdd(handle: number, delta: number): number;
  /** EnvoyHttpFilter.writeLogLine's queue (access loggers write to the same writers). */
  writeLogLine(writer: number, line: string): boolean;
  closeLogWriters(metrics: Metric[]): void;
  /** EnvoyHttpFilter.writeLogLine's, for the kinds that write log lines (tracers, stats sinks). */
  writeLogLine(writer: number, line: string): boolean;
  failureOf(error: unknown): Failure;
  ModuleFailure: new (message: string) => Error;
  logLine(level: number, message: string, site?: Failure["site"]): void;
  admitFailureLine(log: { windowStart?: number; logged: number; suppressed: number }): { admitted: boolean; unreported: number };
}

interface KindRegistration<F> {
  name: string;
  newFilter: (config: unknown, envoy: Declared.EnvoyFilterConfig) => F | (() => F);
  config: ConfigDescription;
  staged: boolean;
}

export interface KindConfig<F> {
  registration: KindRegistration<F>;
  value: unknown;
  factory?: () => F;
  metrics: Metric[];
  failureCounter: number;
  failureLog: { windowStart?: number; logged: number; suppressed: number };
}

/** A connection's (or socket's) filter and state. */
export interface KindFrame<F> {
  config: KindConfig<F>;
  filter?: F;
  failed: boolean;
  factoryFailure?: Failure;
  /** The listener kind's answer to getMaxReadBytes, once asked. */
  maxReadBytes?: number;
}

type Connection = KindFrame<NetworkFilter>;

const COUNTER = 0;
const READ = 0;
const METRIC_UPDATES = { setGauge: 1, increaseGauge: 2, decreaseGauge: 3, recordHistogramValue: 4 } as const;

/** What a kind's glue shares (runtime-c/kind_glue.c): registrations, configs, the factory, failures. */
export function kindCore<F extends object>(
  sdk: SdkShared,
  spec: { label: string; failAction: string; close: () => void; configHandle: (metrics: Metric[]) => Declared.EnvoyFilterConfig & { active: boolean }; noFailureCounter?: boolean },
) {
  const registrations: KindRegistration<F>[] = [];
  /** Views handed out since the hook call began (runtime-c: the frame's borrowed list). */
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
  const logUnreported = (config: KindConfig<F>, unreported: number): void => {
    if (unreported === 0) return;
    const name = config.registration.name;
    sdk.logLine(4, `tsc2envoy: ${spec.label} '${name}': ${unreported} more failures were not logged (at most 10 failure lines a second); the counter ${name}.failures counts every failure`);
  };
  const fail = (frame: KindFrame<F>, phase: string, failure: Failure): void => {
    frame.failed = true;
    const { admitted, unreported } = sdk.admitFailureLine(frame.config.failureLog);
    logUnreported(frame.config, unreported);
    if (admitted) sdk.logLine(4, `tsc2envoy: ${spec.label} '${frame.config.registration.name}' failed in ${phase}: ${failure.reason}; ${spec.failAction}`, failure.site);
    if (frame.config.failureCounter >= 0) sdk.abi().updateMetric(0, COUNTER, frame.config.failureCounter, [], 1);
    spec.close();
  };
  /** Runs a hook with the frame's metrics and fresh views; a throw fails the frame closed. */
  const run = <T>(frame: KindFrame<F>, phase: string, call: () => T, failed: T): T => {
    sdk.setActiveMetrics(frame.config.metrics);
    detach();
    try {
      return call();
    } catch (error) {
      fail(frame, phase, sdk.failureOf(error));
      return failed;
    }
  };
  const checkStatus = (status: unknown): number => {
    if (typeof status === "number" && Number.isInteger(status) && status >= 0 && status <= 1) return status;
    throw new sdk.ModuleFailure(`hook returned ${String(status)}, which is not a status Envoy defines (0 to 1)`);
  };
  return {
    detach,
    view,
    run,
    checkStatus,
    /** A hook returning a status (0 Continue, 1 StopIteration in both kinds): a failed frame stops, a missing hook continues. */
    statusHook(frame: KindFrame<F>, name: keyof F, handle: unknown, args: unknown[]): number {
      if (frame.failed) return 1;
      const hook = frame.filter?.[name] as ((...a: unknown[]) => unknown) | undefined;
      if (!hook) return 0;
      return run(frame, String(name), () => checkStatus(hook.call(frame.filter, handle, ...args)), 1);
    },
    /** Reports a factory's failure at the first hook (once); whether it failed. */
    factoryFailed(frame: KindFrame<F>): boolean {
      if (!frame.factoryFailure || frame.failed) return false;
      sdk.setActiveMetrics(frame.config.metrics);
      fail(frame, "the filter factory", frame.factoryFailure);
      return true;
    },
    register(name: string, newFilter: (config: never, envoy: never) => unknown, config?: ConfigDescription & { staged?: boolean }): void {
      const { staged, ...described } = config ?? { kind: "none" };
      registrations.push({ name, newFilter: newFilter as KindRegistration<F>["newFilter"], config: described as ConfigDescription, staged: staged === true });
    },
    configNew(name: string, config: Uint8Array): KindConfig<F> | undefined {
      const registration = [...registrations].reverse().find((r) => r.name === name);
      if (!registration) {
        sdk.logLine(4, `tsc2envoy: module ${sdk.moduleName()} has no ${spec.label} named '${name}'; it has:${registrations.map((r) => ` '${r.name}'`).join("")}`);
        return undefined;
      }
      const rejected = (reason: string, site?: Failure["site"]) => sdk.logLine(4, `tsc2envoy: ${spec.label} '${name}' rejected its filter_config: ${reason}`, site);
      const decoded = sdk.decodeConfig(registration.config, config);
      if (!decoded.ok) return void rejected(decoded.error);
      const metrics: Metric[] = [];
      let factory: (() => F) | undefined;
      if (registration.staged) {
        const envoy = spec.configHandle(metrics);
        sdk.setActiveMetrics(metrics);
        try {
          factory = registration.newFilter(decoded.value, envoy) as () => F;
        } catch (error) {
          const failure = sdk.failureOf(error);
          rejected(failure.reason, failure.site);
          sdk.closeLogWriters(metrics);
          return undefined;
        } finally {
          envoy.active = false;
        }
      }
      // A stats sink's ABI defines no counters (runtime-c/stats_sink.c): no failures counter.
      const failureCounter = spec.noFailureCounter ? -1 : (sdk.abi().defineMetric(COUNTER, sdk.encode(`${name}.failures`), []) ?? -1);
      return { registration, value: decoded.value, ...(factory ? { factory } : {}), metrics, failureCounter, failureLog: { logged: 0, suppressed: 0 } };
    },
    configDestroy(config: KindConfig<F>): void {
      logUnreported(config, config.failureLog.suppressed);
      sdk.closeLogWriters(config.metrics);
    },
    filterNew(config: KindConfig<F>): KindFrame<F> {
      const frame: KindFrame<F> = { config, failed: false };
      sdk.setActiveMetrics(config.metrics);
      detach();
      try {
        frame.filter = config.factory ? config.factory() : (config.registration.newFilter(config.value, undefined as never) as F);
      } catch (error) {
        frame.factoryFailure = sdk.failureOf(error);
      }
      return frame;
    },
  };
}

/** The metric methods of a kind whose ABI takes no tags (both kinds'). */
export function metricMethods(sdk: SdkShared) {
  const update = (method: keyof typeof METRIC_UPDATES, kind: number, handle: number, value: number): void => {
    const metric = sdk.metricFor(method, kind, handle);
    sdk.abi().updateMetric(METRIC_UPDATES[method], metric.kind, metric.id, [], sdk.metricValue(method, value));
  };
  return {
    incrementCounter: (counter: Declared.Counter, value?: number) => {
      const metric = sdk.metricFor("incrementCounter", COUNTER, counter);
      sdk.abi().updateMetric(0, metric.kind, metric.id, [], value === undefined ? 1 : sdk.metricValue("incrementCounter", value));
    },
    setGauge: (gauge: Declared.Gauge, value: number) => update("setGauge", 1, gauge, value),
    increaseGauge: (gauge: Declared.Gauge, value: number) => update("increaseGauge", 1, gauge, value),
    decreaseGauge: (gauge: Declared.Gauge, value: number) => update("decreaseGauge", 1, gauge, value),
    recordHistogramValue: (histogram: Declared.Histogram, value: number) => update("recordHistogramValue", 2, histogram, value),
  };
}

/** The config stage's EnvoyFilterConfig: these kinds' metrics take no tags. */
export function untaggedConfigHandle(sdk: SdkShared, metrics: Metric[]): Declared.EnvoyFilterConfig & { active: boolean } {
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
}

/** The connection's (or socket's) addresses: 0 remote, 1 local. */
function addressMethods(sdk: SdkShared) {
  const address = (which: number) => {
    const found = sdk.abi().networkAddress(which);
    return found && sdk.decode(found.address);
  };
  return {
    getRemoteAddress: () => address(0),
    getRemotePort: () => sdk.abi().networkAddress(0)?.port,
    getLocalAddress: () => address(1),
    getLocalPort: () => sdk.abi().networkAddress(1)?.port,
  };
}

/** A drain's checked length, clamped to what the buffer holds. */
function drainLength(method: string, bytes: number, size: number): number {
  if (!(Number.isInteger(bytes) && bytes >= 0)) throw new RangeError(`${method}: bytes must be a non-negative integer`);
  return Math.min(bytes, size);
}

/** The network kind for one SDK instance (runtime-c/network_filter.c). */
export function networkKind(sdk: SdkShared) {
  const core = kindCore<NetworkFilter>(sdk, {
    label: "network filter",
    failAction: "closed the connection",
    close: () => sdk.abi().networkClose(ConnectionCloseType.NoFlush),
    configHandle: (metrics) => untaggedConfigHandle(sdk, metrics),
  });
  const { detach, view } = core;
  const drain = (which: number, method: string, bytes: number): boolean => {
    const length = drainLength(method, bytes, sdk.abi().networkBuffer(which).length);
    detach();
    return sdk.abi().networkDrain(which, length);
  };
  /** A borrowed view's bytes are copied before the change that may free them (runtime-c bytes_buffer). */
  const add = (which: number, prepend: boolean, data: Uint8Array): boolean => {
    const bytes = data.slice();
    detach();
    return sdk.abi().networkAdd(which, prepend, bytes);
  };
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
    ...addressMethods(sdk),
    getRequestedServerName: () => {
      const name = sdk.abi().networkRequestedServerName();
      return name && name.length > 0 ? sdk.decode(name) : undefined;
    },
    isSsl: () => sdk.abi().networkIsSsl(),
    getConnectionId: () => sdk.abi().networkConnectionId(),
    ...metricMethods(sdk),
    addSharedCounter: (counter, delta) => sdk.sharedCounterAdd(counter, delta),
  };

  const dataHook = (connection: Connection, name: "onNewConnection" | "onRead" | "onWrite", args: unknown[]): number => core.statusHook(connection, name, handle, args);

  const moduleAbi = {
    configNew: core.configNew,
    configDestroy: core.configDestroy,
    filterNew: core.filterNew,
    newConnection(connection: Connection): number {
      if (core.factoryFailed(connection)) return NetworkFilterStatus.StopIteration;
      return dataHook(connection, "onNewConnection", []);
    },
    read: (connection: Connection, dataLength: number, endOfStream: boolean): number => dataHook(connection, "onRead", [dataLength, endOfStream]),
    write: (connection: Connection, dataLength: number, endOfStream: boolean): number => dataHook(connection, "onWrite", [dataLength, endOfStream]),
    event(connection: Connection, event: number): void {
      const hook = connection.filter?.onEvent;
      if (connection.failed || !hook) return;
      core.run(connection, "onEvent", () => hook.call(connection.filter, handle, event), undefined);
    },
  };

  return { registerNetworkFilter: core.register, moduleAbi };
}

export enum ListenerFilterStatus {
  Continue = 0,
  StopIteration = 1,
}

export type EnvoyListenerFilter = Declared.EnvoyListenerFilter;
export type ListenerFilter = Declared.ListenerFilter;

/** Envoy's listener callbacks a host provides (addresses as NetworkEnvoyAbi's). */
export interface ListenerEnvoyAbi {
  listenerBuffer(): Uint8Array;
  listenerDrain(bytes: number): boolean;
  /** which: 0 requested server name, 1 detected transport protocol. */
  listenerSetString(which: number, value: Uint8Array): void;
  listenerGetString(which: number): Uint8Array | undefined;
  listenerSetApplicationProtocols(protocols: Uint8Array[]): void;
  listenerCloseSocket(details: Uint8Array): void;
  listenerContinueFilterChain(success: boolean): void;
}

/** The most a listener filter may peek (runtime-c/listener_filter.c TSE_LISTENER_MAX_READ_BYTES). */
const LISTENER_MAX_READ_BYTES = 64 * 1024;

type Socket = KindFrame<ListenerFilter>;

/** The listener kind for one SDK instance (runtime-c/listener_filter.c). */
export function listenerKind(sdk: SdkShared & { abi(): ReturnType<SdkShared["abi"]> & ListenerEnvoyAbi }) {
  const abi = () => sdk.abi() as ReturnType<SdkShared["abi"]> & ListenerEnvoyAbi;
  const core = kindCore<ListenerFilter>(sdk, {
    label: "listener filter",
    failAction: "closed the socket",
    close: () => abi().listenerCloseSocket(sdk.encode("tsc2envoy_filter_failed")),
    configHandle: (metrics) => untaggedConfigHandle(sdk, metrics),
  });
  const text = (value: Uint8Array | undefined) => (value && value.length > 0 ? sdk.decode(value) : undefined);

  const handle: EnvoyListenerFilter = {
    getBuffer: () => core.view(abi().listenerBuffer()),
    getBufferText: () => sdk.decode(core.view(abi().listenerBuffer())),
    drainBuffer: (bytes) => {
      const length = drainLength("drainBuffer", bytes, abi().listenerBuffer().length);
      core.detach();
      return abi().listenerDrain(length);
    },
    setRequestedServerName: (name) => abi().listenerSetString(0, sdk.encode(name)),
    setDetectedTransportProtocol: (protocol) => abi().listenerSetString(1, sdk.encode(protocol)),
    setRequestedApplicationProtocols: (protocols) => abi().listenerSetApplicationProtocols(protocols.map(sdk.encode)),
    getRequestedServerName: () => text(abi().listenerGetString(0)),
    getDetectedTransportProtocol: () => text(abi().listenerGetString(1)),
    closeSocket: (details) => abi().listenerCloseSocket(sdk.encode(details ?? "")),
    continueFilterChain: (success) => abi().listenerContinueFilterChain(success),
    ...addressMethods(sdk),
    ...metricMethods(sdk),
  };

  const statusHook = (socket: Socket, name: "onAccept" | "onData", args: unknown[]): number => core.statusHook(socket, name, handle, args);

  const moduleAbi = {
    configNew: core.configNew,
    configDestroy: core.configDestroy,
    filterNew: core.filterNew,
    accept(socket: Socket): number {
      if (core.factoryFailed(socket) || socket.failed) return ListenerFilterStatus.StopIteration;
      return statusHook(socket, "onAccept", []);
    },
    /** Asked once per socket; the answer is kept (runtime-c caches it). */
    maxReadBytes(socket: Socket): number {
      if (socket.maxReadBytes === undefined) {
        const hook = socket.filter?.getMaxReadBytes;
        socket.maxReadBytes =
          socket.failed || socket.factoryFailure || !hook
            ? 0
            : core.run(
                socket,
                "getMaxReadBytes",
                () => {
                  const bytes = hook.call(socket.filter, handle);
                  if (!(Number.isInteger(bytes) && bytes >= 0 && bytes <= LISTENER_MAX_READ_BYTES)) {
                    throw new sdk.ModuleFailure(`getMaxReadBytes returned ${String(bytes)}, not an integer from 0 to ${LISTENER_MAX_READ_BYTES}`);
                  }
                  return bytes;
                },
                0,
              );
      }
      return socket.maxReadBytes;
    },
    data: (socket: Socket, dataLength: number): number => statusHook(socket, "onData", [dataLength]),
    close(socket: Socket): void {
      const hook = socket.filter?.onClose;
      if (socket.failed || socket.factoryFailure || !hook) return;
      core.run(socket, "onClose", () => hook.call(socket.filter, handle), undefined);
    },
  };

  return { registerListenerFilter: core.register, moduleAbi };
}

