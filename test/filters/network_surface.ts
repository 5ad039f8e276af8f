/**
 * A network filter over the EnvoyNetworkFilter surface, for test/e2e/network-filters.test.ts: each
 * line the client sends is answered by a command. "upper <text>" writes the text upper-cased,
 * "addr" the connection's addresses, "bytes" the read buffer's bytes as numbers (zero-copy view),
 * "close" closes the connection after a goodbye, "boom" throws (the connection is closed, fail closed).
 */
import { ConnectionCloseType, log, NetworkFilterStatus, registerNetworkFilter, type EnvoyNetworkFilter, type NetworkFilter } from "tsc2envoy";

interface Config {
  greeting: string;
}

class Surface implements NetworkFilter {
  private lines = 0;

  constructor(private readonly config: Config) {}

  onNewConnection(envoy: EnvoyNetworkFilter): NetworkFilterStatus {
    envoy.writeText(`${this.config.greeting} ssl=${envoy.isSsl()}\n`, false);
    return NetworkFilterStatus.Continue;
  }

  onRead(envoy: EnvoyNetworkFilter, dataLength: number, _endOfStream: boolean): NetworkFilterStatus {
    const text = envoy.getReadBufferText();
    if (!text.endsWith("\n")) return NetworkFilterStatus.StopIteration; // wait for the rest of the line
    const view = envoy.getReadBuffer();
    const size = envoy.getReadBufferSize();
    envoy.drainReadBuffer(dataLength);
    for (const line of text.split("\n")) {
      if (line === "") continue;
      this.lines++;
      if (line.startsWith("upper ")) envoy.writeText(`${line.slice(6).toUpperCase()}\n`, false);
      else if (line === "addr") envoy.writeText(`${envoy.getRemoteAddress()} ${envoy.getLocalAddress()}:${envoy.getLocalPort()} id=${envoy.getConnectionId() > 0}\n`, false);
      else if (line === "bytes") envoy.writeText(`${size} ${view.length} detached\n`, false);
      else if (line === "close") {
        envoy.writeText(`bye after ${this.lines}\n`, false);
        envoy.close(ConnectionCloseType.FlushWrite);
      } else if (line === "boom") throw new Error(`boom after ${this.lines} lines`);
      else envoy.appendWriteBufferText("");
    }
    log.info(`read ${dataLength} bytes`);
    return NetworkFilterStatus.StopIteration;
  }
}

registerNetworkFilter("surface", (config: Config) => new Surface(config));
