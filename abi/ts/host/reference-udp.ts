/**
 * The reference host's UDP listener filters (issue 11): one listener's filter and the datagram in
 * hand (its bytes and peer), and the protocol's commands for them (protocol.ts: I, f), printing
 * what abi/c/host/udp_model.c prints for the same lines.
 */
import type { UdpListenerEnvoyAbi } from "../sdk.js";
import { quote } from "./protocol.js";

type Sdk = typeof import("../sdk.js");
type Config = NonNullable<ReturnType<Sdk["udpListenerModuleAbi"]["configNew"]>>;
type Filter = ReturnType<Sdk["udpListenerModuleAbi"]["filterNew"]>;

const unhex = (text: string | undefined) => Buffer.from(text === undefined || text === "-" ? "" : text, "hex");
const LOCAL = { address: Buffer.from("127.0.0.1"), port: 10000 };

export class UdpModel implements UdpListenerEnvoyAbi {
  private datagram = Buffer.alloc(0);
  private peer = { address: Buffer.from("127.0.0.1"), port: 45678 };
  private config: Config | undefined;
  private filter: Filter | undefined;

  constructor(
    private readonly out: string[],
    private readonly sdk: Sdk,
  ) {}

  udpDatagram(): Uint8Array {
    return this.datagram;
  }
  udpSetDatagram(data: Uint8Array): boolean {
    this.datagram = Buffer.from(data);
    this.out.push(`set_datagram ${quote(data)}`);
    return true;
  }
  udpSendDatagram(data: Uint8Array, address: Uint8Array, port: number): boolean {
    this.out.push(`send_datagram ${quote(data)} to ${quote(address)}:${port}`);
    return true;
  }
  udpAddress(which: number): { address: Uint8Array; port: number } | undefined {
    return which === 0 ? this.peer : LOCAL;
  }

  /** Runs a UDP listener command; false when `command` is none (X: after destroying, so the HTTP side prints once). */
  command(command: string, args: string[]): boolean {
    const abi = this.sdk.udpListenerModuleAbi;
    switch (command) {
      case "I": {
        this.config = abi.configNew(unhex(args[0]).toString("utf8"), args[1] === "-" ? new Uint8Array() : unhex(args[1]));
        this.out.push(`udp_listener_config ${quote(unhex(args[0]))} -> ${this.config ? "ok" : "rejected"}`);
        this.filter = this.config ? abi.filterNew(this.config) : undefined;
        this.out.push(`udp_filter new -> ${this.filter ? "ok" : "refused"}`);
        return true;
      }
      case "f": {
        this.peer = { address: unhex(args[0]), port: Number(args[1]) };
        this.datagram = unhex(args[2]);
        this.out.push(`datagram ${quote(this.datagram)} from ${quote(this.peer.address)}:${this.peer.port}`);
        const status = this.filter ? abi.datagram(this.filter, this.datagram.length) : -1;
        this.out.push(`-> ${status}`);
        if (status === 0) this.out.push(`forward datagram ${quote(this.datagram)}`);
        return true;
      }
      case "X":
        this.filter = undefined;
        if (this.config) abi.configDestroy(this.config);
        this.config = undefined;
        return false;
    }
    return false;
  }
}

/** The model's callbacks bound to it, for the object the SDK calls (reference.ts EnvoyModel). */
export function udpCallbacks(model: UdpModel): UdpListenerEnvoyAbi {
  const names = Object.getOwnPropertyNames(UdpModel.prototype).filter((name) => name.startsWith("udp"));
  return Object.fromEntries(names.map((name) => [name, (model[name as keyof UdpListenerEnvoyAbi] as (...args: unknown[]) => unknown).bind(model)])) as unknown as UdpListenerEnvoyAbi;
}
