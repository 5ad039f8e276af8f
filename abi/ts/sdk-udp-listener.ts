/**
 * UDP listener filters in the Node reference SDK (issue 11): `registerUdpListenerFilter`,
 * `EnvoyUdpListenerFilter`, as runtime-c/udp_listener_filter.c, over sdk-kinds.ts's `kindCore`
 * (configs, config stage, failures). sdk.ts calls `udpListenerKind` once per SDK instance.
 */
import { kindCore, metricMethods, untaggedConfigHandle, type KindFrame, type SdkShared } from "./sdk-kinds.js";
import type * as Declared from "./tsc2envoy.js";

export enum UdpListenerFilterStatus {
  Continue = 0,
  StopIteration = 1,
}

export type EnvoyUdpListenerFilter = Declared.EnvoyUdpListenerFilter;
export type UdpListenerFilter = Declared.UdpListenerFilter;

/** Envoy's UDP listener callbacks a host provides (addresses: 0 peer, 1 local). */
export interface UdpListenerEnvoyAbi {
  udpDatagram(): Uint8Array;
  udpSetDatagram(data: Uint8Array): boolean;
  udpSendDatagram(data: Uint8Array, address: Uint8Array, port: number): boolean;
  udpAddress(which: number): { address: Uint8Array; port: number } | undefined;
}

type UdpFilter = KindFrame<UdpListenerFilter>;

/** The UDP listener kind for one SDK instance (runtime-c/udp_listener_filter.c). */
export function udpListenerKind(sdk: SdkShared & { abi(): ReturnType<SdkShared["abi"]> & UdpListenerEnvoyAbi }) {
  const abi = () => sdk.abi() as ReturnType<SdkShared["abi"]> & UdpListenerEnvoyAbi;
  // A failure drops the datagram: nothing to close (the hook's StopIteration does it).
  const core = kindCore<UdpListenerFilter>(sdk, { label: "UDP listener filter", failAction: "dropped the datagram", close: () => undefined, configHandle: (metrics) => untaggedConfigHandle(sdk, metrics) });
  const address = (which: number) => {
    const found = abi().udpAddress(which);
    return found && sdk.decode(found.address);
  };
  const handle: EnvoyUdpListenerFilter = {
    getDatagram: () => core.view(abi().udpDatagram()),
    getDatagramText: () => sdk.decode(core.view(abi().udpDatagram())),
    setDatagram: (data) => {
      const bytes = data.slice();
      core.detach();
      return abi().udpSetDatagram(bytes);
    },
    sendDatagram: (data, to, port) => {
      if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new RangeError("sendDatagram: port must be an integer from 0 to 65535");
      return abi().udpSendDatagram(data.slice(), sdk.encode(to), port);
    },
    getPeerAddress: () => address(0),
    getPeerPort: () => abi().udpAddress(0)?.port,
    getLocalAddress: () => address(1),
    getLocalPort: () => abi().udpAddress(1)?.port,
    ...metricMethods(sdk),
    addSharedCounter: (counter, delta) => sdk.sharedCounterAdd(counter, delta),
  };

  const moduleAbi = {
    configNew: core.configNew,
    configDestroy: core.configDestroy,
    filterNew: core.filterNew,
    /** A failure drops this datagram only; a failed factory drops every one (reported once). */
    datagram(filter: UdpFilter, dataLength: number): number {
      if (filter.factoryFailure) {
        core.factoryFailed(filter);
        return UdpListenerFilterStatus.StopIteration;
      }
      const status = core.statusHook(filter, "onDatagram", handle, [dataLength]);
      filter.failed = false;
      return status;
    },
  };

  return { registerUdpListenerFilter: core.register, moduleAbi };
}
