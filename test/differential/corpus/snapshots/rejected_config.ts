// A config stage that defines snapshots and starts a background task, then throws: the config is
// rejected with the line that threw, the task never runs (no callout), and the snapshots' versions
// are freed with the config (LeakSanitizer checks it under TSE_SANITIZE=1).
// vector: {"filter":"rejected","config":"reject","streams":[]}
// vector: {"filter":"rejected","config":"keep","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type BackgroundTask, type EnvoyBackgroundTask, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter, type Snapshot } from "tsc2envoy";

class Fetch implements BackgroundTask {
  constructor(private readonly names: Snapshot<string[]>) {}

  async run(task: EnvoyBackgroundTask): Promise<void> {
    const reply = await task.httpCallout("lists", { method: "GET", path: "/" });
    task.publishSnapshot(this.names, [reply.body]);
  }
}

class Reader implements HttpFilter {
  constructor(private readonly names: Snapshot<string[]>) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    log.info(`names ${envoy.getSnapshot(this.names).join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("rejected", (mode: string, envoy: EnvoyFilterConfig) => {
  const names = envoy.defineSnapshot<string[]>(["a", "b"]);
  envoy.defineSnapshot<string[]>(["unused"]);
  envoy.startBackgroundTask(new Fetch(names), 1000);
  if (mode === "reject") throw new Error("rejected on purpose");
  return () => new Reader(names);
});
