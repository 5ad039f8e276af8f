// Uint8Array as a value: fields, optional values, identity, arrays and maps of them, typeof, truthiness.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Chunk {
  name: string;
  data: Uint8Array;
}

function total(chunks: Chunk[]): number {
  let sum = 0;
  for (const c of chunks) sum += c.data.length;
  return sum;
}

class T implements HttpFilter {
  private buffer: Uint8Array | undefined;
  private readonly chunks = new Map<string, Uint8Array>();

  onRequestHeaders(): RequestHeadersStatus {
    log.info(`before=${this.buffer === undefined}`);
    this.buffer = new Uint8Array([1, 2, 3]);
    const same = this.buffer;
    const view = this.buffer.subarray(0);
    log.info(`identity ${same === this.buffer} ${view === this.buffer} ${typeof view} ${this.buffer ? "truthy" : "falsy"} ${new Uint8Array(0) ? "empty truthy" : "empty falsy"}`);
    this.chunks.set("a", this.buffer);
    this.chunks.set("b", new TextEncoder().encode("héllo"));
    const parts: Chunk[] = [...this.chunks].map(([name, data]) => ({ name, data }));
    log.info(`total=${total(parts)} ${parts.map((p) => `${p.name}:${p.data.join("-")}`).join(" ")}`);
    const got = this.chunks.get("b");
    if (got !== undefined) {
      got[0] = 72;
      log.info(`through map ${new TextDecoder().decode(this.chunks.get("b"))} ${`${got}`}`);
    }
    const maybe: Uint8Array | null = Math.random() > 2 ? null : view;
    log.info(`nullable ${maybe?.length ?? -1} ${maybe === null}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
