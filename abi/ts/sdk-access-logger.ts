/**
 * Access loggers in the Node reference SDK (issue 11): `registerAccessLogger`, `EnvoyAccessLogger`,
 * as runtime-c/access_logger.c (a logger object per entry), over sdk-kinds.ts's `kindCore`. sdk.ts
 * calls `accessLoggerKind` once per SDK instance.
 */
import { kindCore, untaggedConfigHandle, type KindConfig, type SdkShared } from "./sdk-kinds.js";
import type * as Declared from "./tsc2envoy.js";

export enum AccessLogType {
  NotSet = 0,
  TcpUpstreamConnected = 1,
  TcpPeriodic = 2,
  TcpConnectionEnd = 3,
  DownstreamStart = 4,
  DownstreamPeriodic = 5,
  DownstreamEnd = 6,
  UpstreamPoolReady = 7,
  UpstreamPeriodic = 8,
  UpstreamEnd = 9,
  DownstreamTunnelSuccessfullyEstablished = 10,
  UdpTunnelUpstreamConnected = 11,
  UdpPeriodic = 12,
  UdpSessionEnd = 13,
}

export type EnvoyAccessLogger = Declared.EnvoyAccessLogger;
export type AccessLogger = Declared.AccessLogger;

/** What the finished stream left, as a host's access log callbacks give it (runtime-c/access_logger.c's callbacks). */
export interface AccessLogEnvoyAbi {
  /** map: 0 request headers, 2 response headers, 3 response trailers (the ABI's header types). */
  accessLogHeader(map: number, name: Uint8Array): Uint8Array | undefined;
  accessLogResponseCode(): number;
  accessLogResponseFlags(): number;
  accessLogTiming(): { startTimeUnixNs: bigint; lastDownstreamTxByteSentNs: bigint };
  accessLogBytes(): { received: number; sent: number };
  /** which: "protocol", "route", "cluster", "requestId". */
  accessLogString(which: string): Uint8Array | undefined;
  accessLogRemote(): { address: Uint8Array; port: number } | undefined;
}

/** The access logger kind for one SDK instance (runtime-c/access_logger.c): a logger object per entry. */
export function accessLoggerKind(sdk: SdkShared & { abi(): ReturnType<SdkShared["abi"]> & AccessLogEnvoyAbi }) {
  const abi = () => sdk.abi() as ReturnType<SdkShared["abi"]> & AccessLogEnvoyAbi;
  const core = kindCore<AccessLogger>(sdk, { label: "access logger", failAction: "lost the log entry", close: () => undefined, configHandle: (metrics) => untaggedConfigHandle(sdk, metrics) });
  const text = (value: Uint8Array | undefined) => (value && value.length > 0 ? sdk.decode(value) : undefined);
  const header = (map: number, name: string) => {
    const value = abi().accessLogHeader(map, sdk.encode(name));
    return value && sdk.decode(value);
  };
  const handle: EnvoyAccessLogger = {
    getRequestHeader: (name) => header(0, name),
    getResponseHeader: (name) => header(2, name),
    getResponseTrailer: (name) => header(3, name),
    getResponseCode: () => abi().accessLogResponseCode() || undefined,
    getResponseFlags: () => abi().accessLogResponseFlags(),
    getStartTimeMs: () => Number(abi().accessLogTiming().startTimeUnixNs) / 1e6,
    getDurationMs: () => {
      const last = abi().accessLogTiming().lastDownstreamTxByteSentNs;
      return last < 0n ? undefined : Number(last) / 1e6;
    },
    getBytesReceived: () => abi().accessLogBytes().received,
    getBytesSent: () => abi().accessLogBytes().sent,
    getProtocol: () => text(abi().accessLogString("protocol")),
    getRouteName: () => text(abi().accessLogString("route")),
    getUpstreamCluster: () => text(abi().accessLogString("cluster")),
    getRequestId: () => text(abi().accessLogString("requestId")),
    getDownstreamRemoteAddress: () => text(abi().accessLogRemote()?.address),
    getDownstreamRemotePort: () => abi().accessLogRemote()?.port,
    writeLogLine: (writer, line) => sdk.writeLogLine(writer, line),
  };

  const moduleAbi = {
    configNew: core.configNew,
    configDestroy: core.configDestroy,
    /** One entry: a logger object of its own, its hook; a throw loses the entry. */
    log(config: KindConfig<AccessLogger>, logType: number): void {
      const entry = core.filterNew(config);
      if (core.factoryFailed(entry)) return;
      const hook = entry.filter?.onLog;
      if (!hook) return;
      core.run(entry, "onLog", () => hook.call(entry.filter, handle, logType), undefined);
    },
  };

  return { registerAccessLogger: core.register, moduleAbi };
}
