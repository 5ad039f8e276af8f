/**
 * Snapshots in Node: the reference half of runtime-c/snapshot.c (docs/async.md "Config-level
 * background tasks"). A published value becomes a version as in the module: written as JSON,
 * decoded as the snapshot's declared type (decodeConfig, json.c's messages) and deep-frozen; a
 * value that does not decode throws a TypeError and the current version stays. A reader (a
 * stream) is pinned to the version it read first.
 */
import { decodeConfig, deepFreeze, type ConfigSchemaTable } from "./sdk.js";

export class SnapshotStore {
  private current: unknown;
  private readonly pinned = new WeakMap<object, { value: unknown }>();

  /**
   * The first version from JSON text, as the module's is (defineSnapshot writes its initial value
   * with JSON.stringify first). @throws TypeError when it does not decode as the snapshot's type.
   */
  constructor(
    readonly name: string,
    private readonly schema: ConfigSchemaTable,
    initialJson: string,
  ) {
    this.current = this.version(initialJson);
  }

  private version(json: string): unknown {
    const decoded = decodeConfig(this.schema, json, this.name);
    if (!decoded.ok) throw new TypeError(decoded.error);
    return deepFreeze(decoded.value);
  }

  /** Replaces the current version; @throws TypeError (the current one stays) when the value does not decode. */
  publish(value: unknown): void {
    this.publishJson(JSON.stringify(value) ?? "");
  }

  /** As publish, from the JSON text the module decodes (the generated code writes it with JSON.stringify). */
  publishJson(json: string): void {
    this.current = this.version(json);
  }

  /** The value `reader` sees: the version current at its first read, for as long as it lives. */
  read(reader: object): unknown {
    const pinned = this.pinned.get(reader);
    if (pinned) return pinned.value;
    this.pinned.set(reader, { value: this.current });
    return this.current;
  }
}
