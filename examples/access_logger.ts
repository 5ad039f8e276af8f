/**
 * Port of the upstream Rust example rust/src/http_access_logger.rs (envoyproxy/dynamic-modules-examples):
 * remembers each request's and response's headers as "name: value" strings and, when the stream
 * ends, writes one JSON line {"request_headers": [...], "response_headers": [...]} to the files
 * `<dirname>/access_log_<i>.log`, i from 0 to num_workers - 1.
 *
 * Config (filter_config), upstream's keys: {"num_workers": 2, "dirname": "./access_logs"}.
 *
 * The config stage opens the files with `openLogWriter` (a directory that does not exist rejects
 * the config); streams hand their line to `writeLogLine`, which only queues it: one background
 * thread per file writes, so no Envoy worker waits on the disk, as upstream's channel and writer
 * threads do. Files are appended to (upstream truncates them at start-up).
 *
 *   npx tsc2envoy build examples/access_logger.ts -o out
 *   mkdir -p access_logs && npx tsc2envoy run examples/access_logger.ts --config <(echo '{"num_workers": 2, "dirname": "./access_logs"}')
 *   curl http://127.0.0.1:10000/ && cat access_logs/access_log_*.log
 */
import { registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter, type LogWriter } from "tsc2envoy";

interface Config {
  /** The directory to write the log files to. */
  dirname: string;
  /** How many files, each with its writer thread. */
  num_workers: number;
}

interface LogMessage {
  request_headers: string[];
  response_headers: string[];
}

class AccessLogger implements HttpFilter {
  private readonly requestHeaders: string[] = [];
  private readonly responseHeaders: string[] = [];

  constructor(private readonly log: LogWriter) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    for (const [name, value] of envoy.getRequestHeaders()) this.requestHeaders.push(`${name}: ${value}`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    for (const [name, value] of envoy.getResponseHeaders()) this.responseHeaders.push(`${name}: ${value}`);
    return ResponseHeadersStatus.Continue;
  }

  onStreamComplete(envoy: EnvoyHttpFilter): void {
    const message: LogMessage = { request_headers: this.requestHeaders, response_headers: this.responseHeaders };
    envoy.writeLogLine(this.log, JSON.stringify(message));
  }
}

registerHttpFilter("access_logger", (config: Config, envoy: EnvoyFilterConfig) => {
  if (!Number.isInteger(config.num_workers) || config.num_workers < 1) throw new RangeError(`num_workers must be a positive integer, got ${config.num_workers}`);
  const paths: string[] = [];
  for (let i = 0; i < config.num_workers; i++) paths.push(`${config.dirname}/access_log_${i}.log`);
  const log = envoy.openLogWriter(paths);
  return () => new AccessLogger(log);
});
