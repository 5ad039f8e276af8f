// UDP listener filters (issue 11) in Node and in the module: the datagram as bytes and text, setDatagram (what Continue forwards),
// sendDatagram to the peer and its port RangeError, addresses, metrics; a throw drops that datagram only (logged with its line,
// counted) and the filter keeps its state for the next; a factory that throws drops every datagram, reported once.
// vector: {"kind":"udp_listener","filter":"surface","config":"","datagrams":[{"data":"ping","peer":["192.0.2.1",5300]},{"data":"upper me"},{"data":"boom"},{"data":"count"},{"data":"port"},{"data":{"hex":"00ff80"}},{"data":""}]}
// vector: {"kind":"udp_listener","filter":"broken","config":"","datagrams":[{"data":"a"},{"data":"b"}]}
import { log, registerUdpListenerFilter, UdpListenerFilterStatus, type Counter, type EnvoyFilterConfig, type EnvoyUdpListenerFilter, type UdpListenerFilter } from "tsc2envoy";

class Surface implements UdpListenerFilter {
  private seen = 0;

  constructor(private readonly datagrams: Counter) {}

  onDatagram(envoy: EnvoyUdpListenerFilter, dataLength: number): UdpListenerFilterStatus {
    this.seen++;
    envoy.incrementCounter(this.datagrams);
    const text = envoy.getDatagramText();
    log.info(`#${this.seen} ${dataLength} bytes [${envoy.getDatagram().join(",")}] from ${envoy.getPeerAddress()}:${envoy.getPeerPort()} to ${envoy.getLocalAddress()}:${envoy.getLocalPort()}`);
    if (text === "ping") {
      const sent = envoy.sendDatagram(new TextEncoder().encode(`pong ${this.seen}`), envoy.getPeerAddress() ?? "", envoy.getPeerPort() ?? 0);
      log.info(`sent: ${sent}`);
      return UdpListenerFilterStatus.StopIteration;
    }
    if (text.startsWith("upper")) {
      const view = envoy.getDatagram();
      envoy.setDatagram(new TextEncoder().encode(text.toUpperCase()));
      log.info(`old view after setDatagram: ${view.length}`);
      return UdpListenerFilterStatus.Continue;
    }
    if (text === "boom") throw new Error(`boom after ${this.seen}`);
    if (text === "port") {
      try {
        envoy.sendDatagram(new Uint8Array(1), "127.0.0.1", 70000);
      } catch (e) {
        if (e instanceof RangeError) log.info(`${e.name}: ${e.message}`);
      }
    }
    return UdpListenerFilterStatus.Continue;
  }
}

registerUdpListenerFilter("surface", (_config: string, envoy: EnvoyFilterConfig) => {
  const datagrams = envoy.defineCounter("udp_datagrams");
  return () => new Surface(datagrams);
});

class Never implements UdpListenerFilter {
  onDatagram(_envoy: EnvoyUdpListenerFilter): UdpListenerFilterStatus {
    return UdpListenerFilterStatus.Continue;
  }
}

registerUdpListenerFilter("broken", (_config: string): Never => {
  throw new Error("no filter today");
});
