// Tables imported from another file, read by helpers there and here, by the config stage (which may build its own, writable, from them) and by an async hook after an await.
// vector: {"filter":"test","config":"{\"codes\":[503,403,999]}","streams":[{"events":[{"hook":"request_headers","headers":[["x-code","429"]],"endOfStream":true},{"hook":"wait","ms":50},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-code","404"],["mutate","1"]],"endOfStream":true},{"hook":"wait","ms":50},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, sleep, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";
import { DEFAULTS, reasonOf, STATUSES, type Status } from "../lib/tables";

interface Config {
  codes: number[];
}

function retryable(code: number): boolean {
  return STATUSES.some((s) => s.code === code && s.retry);
}

class Imported implements HttpFilter {
  constructor(private readonly chosen: Status[]) {}

  async onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): Promise<RequestHeadersStatus> {
    const code = Number(envoy.getRequestHeaderValue("x-code") ?? "0");
    log.info(`${code}: ${reasonOf(code)} retry=${retryable(code)} chosen=${this.chosen.map((s) => s.code).join(",")}`);
    const table = STATUSES;
    await sleep(5);
    log.info(`after await: ${table.length} ${table === STATUSES} ${DEFAULTS.prefix} ${DEFAULTS.tiers.paid}`);
    if (envoy.getRequestHeaderValue("mutate") !== undefined) {
      try {
        this.chosen[0]!.reason = "changed";
      } catch (e) {
        if (e instanceof TypeError) log.info(`chosen: ${e.message}`);
      }
      STATUSES[0]!.retry = false; // uncaught after the await: fails closed
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => {
  const chosen = STATUSES.filter((s) => config.codes.includes(s.code));
  const own = STATUSES.map((s) => ({ ...s }));
  own[0]!.reason = "writable copy";
  log.info(`config stage: ${chosen.length} ${JSON.stringify(own[0])} ${reasonOf(config.codes[0] ?? 0)}`);
  return () => new Imported(chosen);
});
