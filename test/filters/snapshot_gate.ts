// An HTTP filter that lets through the hosts of a snapshot its config stage defines (issue 10;
// test/e2e/snapshots.test.ts): x-host not in the list gets 403; an allowed one goes upstream with
// x-allow-list set to the list the stream read.
import { registerHttpFilter, RequestHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter, type Snapshot } from "tsc2envoy";

interface Config {
  hosts: string[];
}

interface AllowList {
  hosts: string[];
}

class Gate implements HttpFilter {
  constructor(private readonly allowed: Snapshot<AllowList>) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const list = envoy.getSnapshot(this.allowed);
    if (!list.hosts.includes(envoy.getRequestHeaderValue("x-host") ?? "")) {
      envoy.sendResponse(403, [], "not allowed\n", "not_allowed");
      return RequestHeadersStatus.StopIteration;
    }
    envoy.setRequestHeader("x-allow-list", envoy.getSnapshot(this.allowed).hosts.join(","));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("gate", (config: Config, envoy: EnvoyFilterConfig) => {
  const allowed = envoy.defineSnapshot<AllowList>({ hosts: config.hosts });
  return () => new Gate(allowed);
});
