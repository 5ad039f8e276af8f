// A config's background task (issue 10): its runs' config-level callouts (config_http_callout, completed
// by the H line), a sleep inside a run and the interval between runs (the config's scheduler events,
// config_scheduled), publishSnapshot seen by the streams that start afterwards, a run's own
// getSnapshot, and failed runs: a 500 answered with a throw, a reset callout, a value that does not
// decode (publishSnapshot's TypeError, caught), a cluster that is not found; each uncaught one logged
// with its line and counted, the last good list kept. The config is destroyed while a run sleeps.
// Waits leave 150 ms either side of each timer (runs every 300 ms): the transcripts hold under load.
// vector: {"filter": "refresh", "config": "lists", "streams": [{"events": [{"hook": "request_headers", "headers": [[":path", "/1"]], "endOfStream": true}, {"hook": "stream_complete"}]}, {"events": [{"hook": "config_callout_done", "id": 1, "result": 0, "headers": [[":status", "200"]], "body": "ann\nbob\n"}, {"hook": "wait", "ms": 150}, {"hook": "request_headers", "headers": [[":path", "/2"]], "endOfStream": true}, {"hook": "stream_complete"}]}, {"events": [{"hook": "wait", "ms": 450}, {"hook": "config_callout_done", "id": 2, "result": 0, "headers": [[":status", "500"]], "body": "down"}, {"hook": "request_headers", "headers": [[":path", "/3"]], "endOfStream": true}, {"hook": "stream_complete"}]}, {"events": [{"hook": "wait", "ms": 450}, {"hook": "config_callout_done", "id": 3, "result": 1, "headers": []}, {"hook": "request_headers", "headers": [[":path", "/4"]], "endOfStream": true}, {"hook": "stream_complete"}]}, {"events": [{"hook": "wait", "ms": 450}, {"hook": "config_callout_done", "id": 4, "result": 0, "headers": [[":status", "200"]], "body": "nan"}, {"hook": "request_headers", "headers": [[":path", "/5"]], "endOfStream": true}, {"hook": "stream_complete"}]}, {"events": [{"hook": "wait", "ms": 450}, {"hook": "config_callout_done", "id": 5, "result": 0, "headers": [[":status", "200"]], "body": "cy"}, {"hook": "request_headers", "headers": [[":path", "/6"]], "endOfStream": true}, {"hook": "stream_complete"}]}]}
// vector: {"filter": "refresh", "config": "missing", "streams": [{"events": [{"hook": "request_headers", "headers": [[":path", "/a"]], "endOfStream": true}, {"hook": "stream_complete"}]}, {"events": [{"hook": "wait", "ms": 450}, {"hook": "request_headers", "headers": [[":path", "/b"]], "endOfStream": true}, {"hook": "stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, sleep, type BackgroundTask, type EnvoyBackgroundTask, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter, type Snapshot } from "tsc2envoy";

interface Users {
  names: string[];
  count: number;
}

class Refresh implements BackgroundTask {
  constructor(
    private readonly users: Snapshot<Users>,
    private readonly cluster: string,
  ) {}

  async run(task: EnvoyBackgroundTask): Promise<void> {
    log.info(`run starts with ${task.getSnapshot(this.users).count} users`);
    const reply = await task.httpCallout(this.cluster, { method: "GET", path: "/users", headers: [["x-run", "1"]], timeoutMs: 1500 });
    if (reply.status !== 200) throw new Error(`the list service answered ${reply.status}`);
    const names = reply.body.split("\n").filter((name) => name !== "");
    try {
      task.publishSnapshot(this.users, { names, count: names[0] === "nan" ? NaN : names.length });
    } catch (e) {
      if (e instanceof TypeError) log.info(`not published: ${e.message}`);
      return;
    }
    log.info(`published ${names.length}; the run still reads ${task.getSnapshot(this.users).count}`);
    await sleep(10);
    log.info("run done");
  }
}

class Reader implements HttpFilter {
  constructor(private readonly users: Snapshot<Users>) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const users = envoy.getSnapshot(this.users);
    log.info(`stream sees ${users.count}: ${users.names.join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("refresh", (cluster: string, envoy: EnvoyFilterConfig) => {
  const users = envoy.defineSnapshot<Users>({ names: ["boot"], count: 1 });
  envoy.startBackgroundTask(new Refresh(users, cluster), 300);
  return () => new Reader(users);
});
