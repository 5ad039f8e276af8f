/**
 * An allow-list refreshed in the background: the config's task fetches the list from a service
 * every `refreshMs` (a config-level HTTP callout, on Envoy's main thread) and publishes it as a
 * snapshot; each stream checks `x-user` against the list current when it started (403 otherwise).
 * A refresh that fails (the service answers other than 200, resets, or the cluster is missing)
 * throws: Envoy's log gets the line here that threw, `allowlist_refresh.failures` counts it, the
 * last good list stays, and the next refresh comes at the interval.
 *
 *   filter_name: allowlist_refresh
 *   filter_config: {"cluster": "lists", "path": "/allow-list", "refreshMs": 5000, "initial": ["admin"]}
 *
 * docs/async.md "Config-level background tasks" has the model.
 */
import { registerHttpFilter, RequestHeadersStatus, type BackgroundTask, type EnvoyBackgroundTask, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter, type Snapshot } from "tsc2envoy";

interface Config {
  cluster: string;
  path: string;
  refreshMs: number;
  initial: string[];
}

class Refresh implements BackgroundTask {
  constructor(
    private readonly allowed: Snapshot<string[]>,
    private readonly config: Config,
  ) {}

  async run(task: EnvoyBackgroundTask): Promise<void> {
    const reply = await task.httpCallout(this.config.cluster, { method: "GET", path: this.config.path, timeoutMs: 2000 });
    if (reply.status !== 200) throw new Error(`the list service answered ${reply.status}`);
    const users = reply.body.split("\n").map((line) => line.trim()).filter((line) => line !== "");
    task.publishSnapshot(this.allowed, users);
  }
}

class AllowList implements HttpFilter {
  constructor(private readonly allowed: Snapshot<string[]>) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const users = envoy.getSnapshot(this.allowed);
    if (!users.includes(envoy.getRequestHeaderValue("x-user") ?? "")) {
      envoy.sendResponse(403, [], "not on the allow-list\n", "not_allowed");
      return RequestHeadersStatus.StopIteration;
    }
    envoy.setRequestHeader("x-allow-list-size", String(users.length));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("allowlist_refresh", (config: Config, envoy: EnvoyFilterConfig) => {
  const allowed = envoy.defineSnapshot<string[]>(config.initial);
  envoy.startBackgroundTask(new Refresh(allowed, config), config.refreshMs);
  return () => new AllowList(allowed);
});
