// Snapshots (issue 10) from HTTP streams: defineSnapshot<T> in the config stage (an interface, an
// array, a string, literal types; a value that does not decode as T, or is not one of its literals,
// refused with json.c's message), getSnapshot<T>
// in streams: the same frozen value on every read, a handle that is no snapshot and a snapshot read
// as another type refused (TypeError), in Node and in the module alike.
// vector: {"filter":"snapshots","config":"","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/a"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/errors"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter, type SharedCounter, type Snapshot } from "tsc2envoy";

interface AllowList {
  hosts: string[];
  limit: number;
  owner?: string;
}

interface Other {
  name: string;
}

interface Mode {
  mode: "strict" | "lax";
}

class Reader implements HttpFilter {
  constructor(
    private readonly allow: Snapshot<AllowList>,
    private readonly words: Snapshot<readonly string[]>,
    private readonly banner: Snapshot<string>,
    private readonly counter: SharedCounter,
    private readonly mode: Snapshot<Mode>,
  ) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const allow = envoy.getSnapshot(this.allow);
    log.info(`hosts ${allow.hosts.join(",")} limit ${allow.limit} owner ${allow.owner ?? "none"}`);
    log.info(`words ${envoy.getSnapshot(this.words).length} ${envoy.getSnapshot(this.words).join("+")}`);
    log.info(`banner ${envoy.getSnapshot(this.banner)} same ${envoy.getSnapshot(this.allow) === allow}`);
    try {
      allow.hosts.push("evil");
    } catch (e) {
      if (e instanceof TypeError) log.info("frozen");
    }
    log.info(`hosts after ${allow.hosts.length} mode ${envoy.getSnapshot(this.mode).mode}`);
    if (envoy.getRequestHeaderValue(":path") === "/errors") {
      try {
        envoy.getSnapshot(this.counter as number as Snapshot<AllowList>);
      } catch (e) {
        if (e instanceof TypeError) log.info(`not a snapshot: ${e.message}`);
      }
      try {
        envoy.getSnapshot(this.allow as number as Snapshot<Other>);
      } catch (e) {
        if (e instanceof TypeError) log.info(`another type: ${e.message}`);
      }
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("snapshots", (_config: string, envoy: EnvoyFilterConfig) => {
  const allow = envoy.defineSnapshot<AllowList>({ hosts: ["a.example", "b.example"], limit: 3 });
  const words = envoy.defineSnapshot<readonly string[]>(["x", "y", "z"]);
  const banner = envoy.defineSnapshot<string>("hello");
  try {
    envoy.defineSnapshot<AllowList>({ hosts: [], limit: NaN });
  } catch (e) {
    if (e instanceof TypeError) log.info(`refused: ${e.message}`);
  }
  const mode = envoy.defineSnapshot<Mode>({ mode: "lax" });
  try {
    envoy.defineSnapshot<Mode>({ mode: "loose" as "lax" });
  } catch (e) {
    if (e instanceof TypeError) log.info(`refused: ${e.message}`);
  }
  const counter = envoy.defineSharedCounter();
  return () => new Reader(allow, words, banner, counter, mode);
});
