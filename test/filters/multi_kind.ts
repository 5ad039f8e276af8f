// One module registering three kinds (issue 11): an HTTP filter, an access logger and a UDP listener
// filter, all in the same lib<name>.so (test/e2e/multi-kind.test.ts).
import { registerAccessLogger, registerHttpFilter, registerUdpListenerFilter, RequestHeadersStatus, UdpListenerFilterStatus, type AccessLogger, type EnvoyAccessLogger, type EnvoyFilterConfig, type EnvoyHttpFilter, type EnvoyUdpListenerFilter, type HttpFilter, type LogWriter, type UdpListenerFilter } from "tsc2envoy";

class Tag implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    envoy.setRequestHeader("x-tagged", "multi");
    return RequestHeadersStatus.Continue;
  }
}
registerHttpFilter("tag", () => new Tag());

class Lines implements AccessLogger {
  constructor(private readonly writer: LogWriter) {}
  onLog(envoy: EnvoyAccessLogger, _logType: number): void {
    envoy.writeLogLine(this.writer, `${envoy.getRequestHeader(":path")} ${envoy.getRequestHeader("x-tagged")} ${envoy.getResponseCode()}`);
  }
}
registerAccessLogger("lines", (path: string, envoy: EnvoyFilterConfig) => {
  const writer = envoy.openLogWriter([path]);
  return () => new Lines(writer);
});

class Echo implements UdpListenerFilter {
  onDatagram(envoy: EnvoyUdpListenerFilter): UdpListenerFilterStatus {
    envoy.sendDatagram(new TextEncoder().encode(`echo ${envoy.getDatagramText()}`), envoy.getPeerAddress() ?? "", envoy.getPeerPort() ?? 0);
    return UdpListenerFilterStatus.StopIteration;
  }
}
registerUdpListenerFilter("echo", () => new Echo());
