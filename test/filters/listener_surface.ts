/**
 * A listener filter over the EnvoyListenerFilter surface, for test/e2e/listener-filters.test.ts: it
 * peeks the first 4 bytes and routes by them. "sni1" sets the requested server name, "alpn" the
 * application protocols (filter chains match on them), "drop" consumes the 4 bytes, "shut" closes
 * the socket, "boom" throws (the socket is closed, fail closed); anything else goes on as it is.
 */
import { ListenerFilterStatus, log, registerListenerFilter, type EnvoyListenerFilter, type ListenerFilter } from "tsc2envoy";

class Router implements ListenerFilter {
  onAccept(envoy: EnvoyListenerFilter): ListenerFilterStatus {
    log.info(`accepted ${envoy.getRemoteAddress()} -> ${envoy.getLocalAddress()}:${envoy.getLocalPort()} (${envoy.getBufferText().length} bytes yet)`);
    // StopIteration: Envoy peeks getMaxReadBytes() bytes and calls onData.
    return ListenerFilterStatus.StopIteration;
  }

  getMaxReadBytes(_envoy: EnvoyListenerFilter): number {
    return 4;
  }

  onData(envoy: EnvoyListenerFilter, dataLength: number): ListenerFilterStatus {
    if (dataLength < 4) return ListenerFilterStatus.StopIteration;
    const peeked = envoy.getBufferText();
    log.info(`peeked ${JSON.stringify(peeked)} of ${dataLength}`);
    if (peeked === "sni1") envoy.setRequestedServerName("one.example");
    else if (peeked === "alpn") envoy.setRequestedApplicationProtocols(["h-test", "h-other"]);
    else if (peeked === "drop") envoy.drainBuffer(4);
    else if (peeked === "shut") {
      envoy.closeSocket("shut by the filter");
      return ListenerFilterStatus.StopIteration;
    } else if (peeked === "boom") throw new Error(`boom in onData (${envoy.getRequestedServerName() ?? "no sni"})`);
    return ListenerFilterStatus.Continue;
  }
}

registerListenerFilter("router", () => new Router());
