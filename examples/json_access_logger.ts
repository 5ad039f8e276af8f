/**
 * An access logger (registerAccessLogger, issue 11) writing one JSON object a line for each
 * finished HTTP stream: method, path, authority, status, response flags, timings, bytes, protocol,
 * route, upstream cluster, request id, client address and user agent. Lines go to a log writer
 * opened in the config stage: the worker queues each line and returns, the module's own thread
 * writes the file.
 *
 * Config (filter_config): {"path": "/var/log/envoy/access.jsonl", "only_errors": false}
 * `only_errors` logs only streams answered with 400 or more (or with no response at all).
 */
import { AccessLogType, registerAccessLogger, type AccessLogger, type EnvoyAccessLogger, type EnvoyFilterConfig, type LogWriter } from "tsc2envoy";

interface Config {
  path: string;
  only_errors?: boolean;
}

interface Entry {
  type: string;
  start_time_ms: number;
  method?: string;
  path?: string;
  authority?: string;
  status?: number;
  response_flags: number;
  duration_ms?: number;
  bytes_received: number;
  bytes_sent: number;
  protocol?: string;
  route?: string;
  upstream_cluster?: string;
  request_id?: string;
  downstream_remote?: string;
  user_agent?: string;
  content_type?: string;
}

class JsonLogger implements AccessLogger {
  constructor(
    private readonly writer: LogWriter,
    private readonly onlyErrors: boolean,
  ) {}

  onLog(envoy: EnvoyAccessLogger, logType: number): void {
    const status = envoy.getResponseCode();
    if (this.onlyErrors && status !== undefined && status < 400) return;
    const address = envoy.getDownstreamRemoteAddress();
    const entry: Entry = {
      type: logType === AccessLogType.DownstreamEnd ? "downstream_end" : `type_${logType}`,
      start_time_ms: Math.floor(envoy.getStartTimeMs()),
      method: envoy.getRequestHeader(":method"),
      path: envoy.getRequestHeader(":path"),
      authority: envoy.getRequestHeader(":authority"),
      status,
      response_flags: envoy.getResponseFlags(),
      duration_ms: envoy.getDurationMs(),
      bytes_received: envoy.getBytesReceived(),
      bytes_sent: envoy.getBytesSent(),
      protocol: envoy.getProtocol(),
      route: envoy.getRouteName(),
      upstream_cluster: envoy.getUpstreamCluster(),
      request_id: envoy.getRequestId(),
      downstream_remote: address === undefined ? undefined : `${address}:${envoy.getDownstreamRemotePort() ?? 0}`,
      user_agent: envoy.getRequestHeader("user-agent"),
      content_type: envoy.getResponseHeader("content-type") ?? envoy.getResponseTrailer("content-type"),
    };
    envoy.writeLogLine(this.writer, JSON.stringify(entry));
  }
}

registerAccessLogger("json_access_logger", (config: Config, envoy: EnvoyFilterConfig) => {
  const writer = envoy.openLogWriter([config.path]);
  const onlyErrors = config.only_errors ?? false;
  return () => new JsonLogger(writer, onlyErrors);
});
