// Shared counters (issue 11) in Node and in the module: defineSharedCounter in the config stage,
// addSharedCounter's new values across connections of one config (two counters apart), reads with
// delta 0, the 2^53 - 1 bounds, and its TypeError and RangeErrors.
// vector: {"kind":"network","filter":"shared","config":"","connections":[{"events":[{"hook":"read","data":"add 5","endOfStream":false},{"hook":"read","data":"add -2","endOfStream":false}]},{"events":[{"hook":"read","data":"add 0","endOfStream":false},{"hook":"read","data":"errors","endOfStream":false},{"hook":"event","event":0}]},{"events":[{"hook":"read","data":"big","endOfStream":false}]}]}
import { ConnectionEvent, log, NetworkFilterStatus, registerNetworkFilter, type EnvoyFilterConfig, type EnvoyNetworkFilter, type NetworkFilter, type SharedCounter } from "tsc2envoy";

function attempt(what: string, run: () => number): void {
  try {
    log.info(`${what}: ${run()}`);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) log.info(`${what}: ${e.name}: ${e.message}`);
    else throw e;
  }
}

class Shared implements NetworkFilter {
  constructor(
    private readonly opened: SharedCounter,
    private readonly total: SharedCounter,
  ) {}

  onNewConnection(envoy: EnvoyNetworkFilter): NetworkFilterStatus {
    log.info(`opened ${envoy.addSharedCounter(this.opened, 1)}`);
    return NetworkFilterStatus.Continue;
  }

  onRead(envoy: EnvoyNetworkFilter, _dataLength: number, _endOfStream: boolean): NetworkFilterStatus {
    const text = envoy.getReadBufferText();
    if (text.startsWith("add ")) log.info(`total ${envoy.addSharedCounter(this.total, Number(text.slice(4)))}`);
    if (text === "errors") {
      attempt("fraction", () => envoy.addSharedCounter(this.total, 0.5));
      attempt("NaN", () => envoy.addSharedCounter(this.total, NaN));
      attempt("too big", () => envoy.addSharedCounter(this.total, 2 ** 53));
      attempt("not a handle", () => envoy.addSharedCounter(7 as SharedCounter, 1));
      attempt("negative handle", () => envoy.addSharedCounter(-1 as SharedCounter, 1));
      attempt("after errors", () => envoy.addSharedCounter(this.total, 0));
    }
    if (text === "big") {
      attempt("up", () => envoy.addSharedCounter(this.total, Number.MAX_SAFE_INTEGER - 3));
      attempt("down", () => envoy.addSharedCounter(this.total, -Number.MAX_SAFE_INTEGER));
    }
    return NetworkFilterStatus.Continue;
  }

  onEvent(envoy: EnvoyNetworkFilter, event: ConnectionEvent): void {
    if (event === ConnectionEvent.RemoteClose) log.info(`closed ${envoy.addSharedCounter(this.opened, -1)}`);
  }
}

registerNetworkFilter("shared", (_config: string, envoy: EnvoyFilterConfig) => {
  const opened = envoy.defineSharedCounter();
  const total = envoy.defineSharedCounter();
  return () => new Shared(opened, total);
});
