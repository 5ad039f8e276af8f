/**
 * The reference host's access loggers (issue 11): one log entry's model (what a finished stream
 * left) and the protocol's commands for it (protocol.ts: J, j), printing what
 * abi/c/host/access_log_model.c prints for the same lines.
 */
import type { AccessLogEnvoyAbi } from "../sdk.js";
import { quote } from "./protocol.js";

type Sdk = typeof import("../sdk.js");
type Config = NonNullable<ReturnType<Sdk["accessLoggerModuleAbi"]["configNew"]>>;

/** The j line's fields, in order (access_log_model.c's F_*). */
const FIELDS = ["type", "code", "flags", "start", "lastTx", "rx", "tx", "protocol", "route", "cluster", "requestId", "remote", "port", "headers0", "headers2", "headers3"] as const;
type Field = (typeof FIELDS)[number];

export class AccessLogModel implements AccessLogEnvoyAbi {
  private entry = new Map<Field, Buffer>();
  private config: Config | undefined;

  constructor(
    private readonly out: string[],
    private readonly sdk: Sdk,
  ) {}

  private number(field: Field): bigint {
    const value = this.entry.get(field);
    return value ? BigInt(value.toString("latin1")) : 0n;
  }

  accessLogHeader(map: number, name: Uint8Array): Uint8Array | undefined {
    const text = this.entry.get(map === 0 ? "headers0" : map === 2 ? "headers2" : "headers3");
    if (!text) return undefined;
    const lines = text.toString("latin1").split("\n");
    const key = Buffer.from(name).toString("latin1").toLowerCase();
    for (let i = 0; i + 1 < lines.length; i += 2) if (lines[i]!.toLowerCase() === key) return Buffer.from(lines[i + 1]!, "latin1");
    return undefined;
  }
  accessLogResponseCode(): number {
    return Number(this.number("code"));
  }
  accessLogResponseFlags(): number {
    return Number(this.number("flags"));
  }
  accessLogTiming(): { startTimeUnixNs: bigint; lastDownstreamTxByteSentNs: bigint } {
    return { startTimeUnixNs: this.number("start"), lastDownstreamTxByteSentNs: this.entry.has("lastTx") ? this.number("lastTx") : -1n };
  }
  accessLogBytes(): { received: number; sent: number } {
    return { received: Number(this.number("rx")), sent: Number(this.number("tx")) };
  }
  accessLogString(which: string): Uint8Array | undefined {
    return this.entry.get(which === "protocol" ? "protocol" : which === "route" ? "route" : which === "cluster" ? "cluster" : "requestId");
  }
  accessLogRemote(): { address: Uint8Array; port: number } | undefined {
    const address = this.entry.get("remote");
    return address && { address, port: Number(this.number("port")) };
  }

  /** Runs an access logger command; false when `command` is none (X: after destroying, so the HTTP side prints once). */
  command(command: string, args: string[]): boolean {
    const abi = this.sdk.accessLoggerModuleAbi;
    const unhex = (text: string | undefined) => Buffer.from(text === undefined || text === "-" ? "" : text, "hex");
    switch (command) {
      case "J":
        this.config = abi.configNew(unhex(args[0]).toString("utf8"), args[1] === "-" ? new Uint8Array() : unhex(args[1]));
        this.out.push(`access_logger_config ${quote(unhex(args[0]))} -> ${this.config ? "ok" : "rejected"}`);
        return true;
      case "j":
        this.entry = new Map(FIELDS.flatMap((field, i) => (args[i] === undefined || args[i] === "-" ? [] : [[field, unhex(args[i])] as const])));
        this.out.push(`log_entry ${this.number("type")}`);
        if (this.config) abi.log(this.config, Number(this.number("type")));
        return true;
      case "X":
        if (this.config) abi.configDestroy(this.config);
        this.config = undefined;
        return false;
    }
    return false;
  }
}

/** The model's callbacks bound to it, for the object the SDK calls (reference.ts EnvoyModel). */
export function accessLogCallbacks(model: AccessLogModel): AccessLogEnvoyAbi {
  const names = Object.getOwnPropertyNames(AccessLogModel.prototype).filter((name) => name.startsWith("accessLog"));
  return Object.fromEntries(names.map((name) => [name, (model[name as keyof AccessLogEnvoyAbi] as (...args: unknown[]) => unknown).bind(model)])) as unknown as AccessLogEnvoyAbi;
}
