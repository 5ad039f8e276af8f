/**
 * The reference host's network and listener filters (issue 11): one connection's model (its read
 * and write buffers, addresses, SNI), one accepted socket's (peeked bytes, what the filter set),
 * and the protocol's commands for them (protocol.ts), printing what abi/c/host/network_model.c
 * prints for the same lines.
 */
import type { ListenerEnvoyAbi, NetworkEnvoyAbi } from "../sdk.js";
import { quote } from "./protocol.js";

type Sdk = typeof import("../sdk.js");
type Config = NonNullable<ReturnType<Sdk["networkModuleAbi"]["configNew"]>>;
type Connection = ReturnType<Sdk["networkModuleAbi"]["filterNew"]>;
type ListenerConfig = NonNullable<ReturnType<Sdk["listenerModuleAbi"]["configNew"]>>;
type Socket = ReturnType<Sdk["listenerModuleAbi"]["filterNew"]>;

const unhex = (text: string | undefined) => Buffer.from(text === undefined || text === "-" ? "" : text, "hex");
const DEFAULT_REMOTE = { address: Buffer.from("127.0.0.1"), port: 45678 };
const DEFAULT_LOCAL = { address: Buffer.from("127.0.0.1"), port: 10000 };
const NAMES = ["read", "write"];

export class NetworkModel implements NetworkEnvoyAbi, ListenerEnvoyAbi {
  private buffers: Buffer[] = [Buffer.alloc(0), Buffer.alloc(0)];
  /** A listener filter's socket: the peeked bytes, the server name and transport protocol set. */
  private peeked = Buffer.alloc(0);
  private listenerStrings: (Buffer | undefined)[] = [undefined, undefined];
  private listenerConfig: ListenerConfig | undefined;
  private socket: Socket | undefined;
  private addresses = [DEFAULT_REMOTE, DEFAULT_LOCAL];
  private serverName: Buffer | undefined;
  private config: Config | undefined;
  private connection: Connection | undefined;

  constructor(
    private readonly out: string[],
    private readonly sdk: Sdk,
  ) {}

  networkBuffer(which: number): Uint8Array {
    return this.buffers[which]!;
  }
  networkDrain(which: number, bytes: number): boolean {
    this.buffers[which] = this.buffers[which]!.subarray(Math.min(bytes, this.buffers[which]!.length));
    return true;
  }
  networkAdd(which: number, prepend: boolean, data: Uint8Array): boolean {
    const buffer = this.buffers[which]!;
    this.buffers[which] = prepend ? Buffer.concat([data, buffer]) : Buffer.concat([buffer, data]);
    return true;
  }
  networkWrite(data: Uint8Array, endOfStream: boolean): void {
    this.out.push(`write ${quote(data)} end_of_stream=${endOfStream}`);
  }
  networkInject(which: number, data: Uint8Array, endOfStream: boolean): void {
    this.out.push(`inject_${NAMES[which]} ${quote(data)} end_of_stream=${endOfStream}`);
  }
  networkContinueReading(): void {
    this.out.push("continue_reading");
  }
  networkClose(closeType: number): void {
    this.out.push(`close ${closeType}`);
  }
  networkAddress(which: number): { address: Uint8Array; port: number } | undefined {
    return this.addresses[which];
  }
  networkRequestedServerName(): Uint8Array | undefined {
    return this.serverName;
  }
  networkIsSsl(): boolean {
    return false;
  }
  networkConnectionId(): number {
    return 7;
  }

  listenerBuffer(): Uint8Array {
    return this.peeked;
  }
  listenerDrain(bytes: number): boolean {
    this.peeked = this.peeked.subarray(Math.min(bytes, this.peeked.length));
    return true;
  }
  listenerSetString(which: number, value: Uint8Array): void {
    this.listenerStrings[which] = Buffer.from(value);
    this.out.push(`${which === 0 ? "set_server_name" : "set_transport_protocol"} ${quote(value)}`);
  }
  listenerGetString(which: number): Uint8Array | undefined {
    return this.listenerStrings[which];
  }
  listenerSetApplicationProtocols(protocols: Uint8Array[]): void {
    this.out.push(`set_application_protocols [${protocols.map((p) => quote(p)).join(",")}]`);
  }
  listenerCloseSocket(details: Uint8Array): void {
    this.out.push(`close_socket ${quote(details)}`);
  }
  listenerContinueFilterChain(success: boolean): void {
    this.out.push(`continue_filter_chain ${success}`);
  }

  /** The connection's and the socket's state back to a new one's (after d, q). */
  private reset(): void {
    this.buffers = [Buffer.alloc(0), Buffer.alloc(0)];
    this.addresses = [DEFAULT_REMOTE, DEFAULT_LOCAL];
    this.serverName = undefined;
    this.peeked = Buffer.alloc(0);
    this.listenerStrings = [undefined, undefined];
  }

  /** Runs a network command; false when `command` is none. */
  command(command: string, args: string[]): boolean {
    const abi = this.sdk.networkModuleAbi;
    const listener = this.sdk.listenerModuleAbi;
    switch (command) {
      case "N": {
        this.config = abi.configNew(unhex(args[0]).toString("utf8"), args[1] === "-" ? new Uint8Array() : unhex(args[1]));
        this.out.push(`network_config ${quote(unhex(args[0]))} -> ${this.config ? "ok" : "rejected"}`);
        return true;
      }
      case "a":
        this.addresses[args[0] === "r" ? 0 : 1] = { address: unhex(args[1]), port: Number(args[2]) };
        return true;
      case "n":
        this.serverName = unhex(args[0]);
        return true;
      case "c": {
        this.connection = this.config ? abi.filterNew(this.config) : undefined;
        this.out.push(`connection new -> ${this.connection ? "ok" : "refused"}`, "new_connection");
        this.out.push(`-> ${this.connection ? abi.newConnection(this.connection) : -1}`);
        return true;
      }
      case "r":
      case "w": {
        const which = command === "r" ? 0 : 1;
        const endOfStream = args[0] === "1";
        this.buffers[which] = Buffer.concat([this.buffers[which]!, unhex(args[1])]);
        this.out.push(`${NAMES[which]} end_of_stream=${endOfStream}`);
        const size = this.buffers[which]!.length;
        const status = !this.connection ? -1 : which === 0 ? abi.read(this.connection, size, endOfStream) : abi.write(this.connection, size, endOfStream);
        this.out.push(`-> ${status}`);
        if (status === 0 && this.buffers[which]!.length > 0) {
          this.out.push(`forward ${NAMES[which]} ${quote(this.buffers[which]!)}`);
          this.buffers[which] = Buffer.alloc(0);
        }
        return true;
      }
      case "v":
        this.out.push(`event ${args[0]}`);
        if (this.connection) abi.event(this.connection, Number(args[0]));
        return true;
      case "d": {
        const [read, write] = this.buffers;
        if (read!.length || write!.length) this.out.push(`buffers read ${quote(read!)} write ${quote(write!)}`);
        this.out.push("connection destroyed");
        this.connection = undefined;
        this.reset();
        return true;
      }
      case "G": {
        this.listenerConfig = listener.configNew(unhex(args[0]).toString("utf8"), args[1] === "-" ? new Uint8Array() : unhex(args[1]));
        this.out.push(`listener_config ${quote(unhex(args[0]))} -> ${this.listenerConfig ? "ok" : "rejected"}`);
        return true;
      }
      case "s": {
        this.socket = this.listenerConfig ? listener.filterNew(this.listenerConfig) : undefined;
        this.out.push(`socket new -> ${this.socket ? "ok" : "refused"}`, "accept");
        const status = this.socket ? listener.accept(this.socket) : -1;
        this.out.push(`-> ${status}`);
        if (status === 1 && this.socket) this.out.push(`max_read_bytes -> ${listener.maxReadBytes(this.socket)}`);
        return true;
      }
      case "p":
        this.peeked = Buffer.concat([this.peeked, unhex(args[0])]);
        this.out.push("data");
        this.out.push(`-> ${this.socket ? listener.data(this.socket, this.peeked.length) : -1}`);
        return true;
      case "k":
        this.out.push("socket_close");
        if (this.socket) listener.close(this.socket);
        return true;
      case "q":
        this.out.push("socket destroyed");
        this.socket = undefined;
        this.reset();
        return true;
      case "X":
        if (this.listenerConfig) listener.configDestroy(this.listenerConfig);
        this.listenerConfig = undefined;
        if (this.config) abi.configDestroy(this.config);
        this.config = undefined;
        return false; // the HTTP side prints "config destroyed"
    }
    return false;
  }
}

/** The model's callbacks as functions bound to it, for the object the SDK calls (reference.ts EnvoyModel). */
export function networkCallbacks(model: NetworkModel): NetworkEnvoyAbi {
  const names = Object.getOwnPropertyNames(NetworkModel.prototype).filter((name) => name.startsWith("network") || name.startsWith("listener"));
  return Object.fromEntries(names.map((name) => [name, (model[name as keyof (NetworkEnvoyAbi & ListenerEnvoyAbi)] as (...args: unknown[]) => unknown).bind(model)])) as unknown as NetworkEnvoyAbi;
}
