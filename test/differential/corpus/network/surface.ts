// The EnvoyNetworkFilter surface (issue 11) in Node and in the module: buffers as text and bytes
// (views detached by the next hook and by changes), drain/append/prepend on both buffers, writes,
// injects, close types, addresses and SNI, metrics (and their errors), a throw (the connection is
// closed), a bad status, a factory that throws, a config stage with tagged metrics (rejected).
// vector: {"kind":"network","filter":"surface","config":"{\"mode\":\"ok\"}","connections":[{"remote":["192.0.2.7",4242],"local":["198.51.100.1",443],"serverName":"example.com","events":[{"hook":"read","data":"text héllo","endOfStream":false},{"hook":"read","data":"bytes","endOfStream":false},{"hook":"read","data":{"hex":"7072657066ff"},"endOfStream":false},{"hook":"read","data":"keep","endOfStream":false},{"hook":"read","data":"errors","endOfStream":false},{"hook":"write","data":"to client","endOfStream":false},{"hook":"write","data":"shout","endOfStream":true},{"hook":"event","event":2},{"hook":"read","data":"close 4","endOfStream":false},{"hook":"read","data":"close","endOfStream":false},{"hook":"read","data":"boom","endOfStream":false},{"hook":"read","data":"after","endOfStream":false},{"hook":"event","event":1}]},{"events":[{"hook":"read","data":"status","endOfStream":false}]},{"events":[{"hook":"read","data":"event-throws","endOfStream":false},{"hook":"event","event":0}]}]}
// vector: {"kind":"network","filter":"surface","config":"{\"mode\":\"factory-throws\"}","connections":[{"events":[{"hook":"read","data":"x","endOfStream":false},{"hook":"event","event":0}]}]}
// vector: {"kind":"network","filter":"surface","config":"{\"mode\":\"tags\"}","connections":[{"events":[{"hook":"read","data":"x","endOfStream":false}]}]}
// vector: {"kind":"network","filter":"surface","config":"{\"mode\":1}","connections":[]}
// vector: {"kind":"network","filter":"plain","connections":[{"events":[{"hook":"read","data":"passes","endOfStream":false},{"hook":"write","data":"back","endOfStream":false}]}]}
import { ConnectionCloseType, ConnectionEvent, log, NetworkFilterStatus, registerNetworkFilter, type Counter, type EnvoyFilterConfig, type EnvoyNetworkFilter, type Gauge, type NetworkFilter } from "tsc2envoy";

interface Config {
  mode: string;
}

function attempt(what: string, run: () => void): void {
  try {
    run();
    log.info(`${what}: ok`);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) log.info(`${what}: ${e.name}: ${e.message}`);
    else throw e;
  }
}

class Surface implements NetworkFilter {
  private kept: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly counter: Counter,
    private readonly gauge: Gauge,
  ) {}

  onNewConnection(envoy: EnvoyNetworkFilter): NetworkFilterStatus {
    log.info(`from ${envoy.getRemoteAddress()}:${envoy.getRemotePort()} to ${envoy.getLocalAddress()}:${envoy.getLocalPort()} sni=${envoy.getRequestedServerName()} ssl=${envoy.isSsl()} id=${envoy.getConnectionId()}`);
    envoy.setGauge(this.gauge, 1);
    return NetworkFilterStatus.Continue;
  }

  onRead(envoy: EnvoyNetworkFilter, dataLength: number, endOfStream: boolean): NetworkFilterStatus {
    log.info(`kept view length ${this.kept.length}`);
    const text = envoy.getReadBufferText();
    log.info(`read ${dataLength} ${endOfStream} ${JSON.stringify(text)} size ${envoy.getReadBufferSize()}`);
    if (text.startsWith("text")) {
      envoy.drainReadBuffer(5);
      envoy.appendReadBufferText(" and more");
      envoy.prependReadBuffer(new TextEncoder().encode(">> "));
      return NetworkFilterStatus.Continue;
    }
    if (text === "bytes") {
      const view = envoy.getReadBuffer();
      log.info(`bytes ${Array.from(view).join(",")}`);
      envoy.drainReadBuffer(100);
      log.info(`after drain: view ${view.length}, size ${envoy.getReadBufferSize()}`);
      attempt("append a detached view", () => void envoy.appendReadBuffer(view));
      envoy.write(new TextEncoder().encode("B:"), false);
      return NetworkFilterStatus.StopIteration;
    }
    if (text.endsWith("keep")) {
      // "prepf\ufffd" is still in the buffer: StopIteration kept it.
      envoy.injectReadData(new TextEncoder().encode("injected"), false);
      envoy.drainReadBuffer(envoy.getReadBufferSize());
      envoy.continueReading();
      return NetworkFilterStatus.StopIteration;
    }
    if (text.startsWith("prep")) {
      this.kept = envoy.getReadBuffer();
      envoy.write(this.kept, false);
      log.info(`kept ${this.kept.length} bytes, left in the buffer`);
      return NetworkFilterStatus.StopIteration;
    }
    if (text === "errors") {
      attempt("drain -1", () => void envoy.drainReadBuffer(-1));
      attempt("drain 1.5", () => void envoy.drainReadBuffer(1.5));
      attempt("counter as gauge", () => envoy.setGauge(0 as Gauge, 1));
      attempt("counter NaN", () => envoy.incrementCounter(this.counter, NaN));
      attempt("close 9", () => envoy.close(9 as ConnectionCloseType));
      envoy.incrementCounter(this.counter);
      envoy.incrementCounter(this.counter, 41);
      envoy.increaseGauge(this.gauge, 2);
      envoy.decreaseGauge(this.gauge, 1);
      envoy.drainReadBuffer(6);
      return NetworkFilterStatus.StopIteration;
    }
    if (text === "status") return 7 as NetworkFilterStatus;
    if (text === "event-throws") return NetworkFilterStatus.StopIteration;
    if (text.startsWith("close ")) {
      envoy.drainReadBuffer(dataLength);
      envoy.close(Number(text.slice(6)) as ConnectionCloseType);
      return NetworkFilterStatus.StopIteration;
    }
    if (text.endsWith("close")) {
      envoy.close();
      return NetworkFilterStatus.StopIteration;
    }
    if (text.endsWith("boom")) throw new Error(`boom with ${dataLength} bytes`);
    return NetworkFilterStatus.Continue;
  }

  onWrite(envoy: EnvoyNetworkFilter, dataLength: number, endOfStream: boolean): NetworkFilterStatus {
    const text = envoy.getWriteBufferText();
    log.info(`write ${dataLength} ${endOfStream} ${JSON.stringify(text)}`);
    if (text === "shout") {
      envoy.drainWriteBuffer(dataLength);
      envoy.appendWriteBuffer(new TextEncoder().encode("SHOUT"));
      envoy.appendWriteBufferText("!");
      envoy.prependWriteBuffer(new TextEncoder().encode("<"));
      envoy.injectWriteData(new TextEncoder().encode("x"), true);
    }
    return NetworkFilterStatus.Continue;
  }

  onEvent(envoy: EnvoyNetworkFilter, event: ConnectionEvent): void {
    log.info(`event ${event} kept ${this.kept.length} read ${envoy.getReadBufferSize()}`);
    if (event === ConnectionEvent.RemoteClose && envoy.getReadBufferText() === "event-throws") throw new RangeError("in onEvent");
  }
}

class Plain implements NetworkFilter {
  onRead(_envoy: EnvoyNetworkFilter, dataLength: number, _endOfStream: boolean): NetworkFilterStatus {
    log.debug(`passing ${dataLength}`);
    return NetworkFilterStatus.Continue;
  }
}

registerNetworkFilter("surface", (config: Config, envoy: EnvoyFilterConfig) => {
  const counter = config.mode === "tags" ? envoy.defineCounter("tagged", ["t"]) : envoy.defineCounter("surface_bytes");
  const gauge = envoy.defineGauge("surface_open");
  const mode = config.mode;
  return () => {
    if (mode === "factory-throws") throw new TypeError("no filter for you");
    return new Surface(counter, gauge);
  };
});

registerNetworkFilter("plain", () => new Plain());
