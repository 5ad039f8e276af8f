/** Test filter: fails on demand (x-fail request header) so the fail-closed path can be observed in Envoy. */
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

/** Never returns: only the CPU budget stops it. */
function spin(): never {
  while (true) {}
}

/** An endless loop inside a try whose catch swallows everything, inside another endless loop. */
function spinCatchingEverything(): never {
  while (true) {
    try {
      spin();
    } catch {
      // swallowed: the outer loop goes on
    }
  }
}

/** Unbounded recursion through a sort comparator (the runtime calls it back). */
function sortForever(depth: number): number {
  let deepest = depth;
  [2, 1].sort((a, b) => {
    deepest = sortForever(depth + 1);
    return a - b;
  });
  return deepest;
}

function sumUpTo(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += i;
  return sum;
}

class FailClosed implements HttpFilter {
  private mode = "";

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    this.mode = envoy.getRequestHeaderValue("x-fail") ?? "";
    if (this.mode === "request") throw new Error("asked to fail on the request path");
    if (this.mode === "burst") throw new Error("one of a burst of failures");
    if (this.mode === "memory") {
      let text = "x";
      while (text.length < 1e9) text = text + text;
      log.info(`unreachable: ${text.length}`);
    }
    if (this.mode === "reply") {
      envoy.sendResponse(403, [["x-reason", "denied"]], "no entry\n", "test_denied");
      return RequestHeadersStatus.StopIteration;
    }
    if (this.mode === "status") return 42 as RequestHeadersStatus;
    if (this.mode === "loop") spin();
    if (this.mode === "swallow") spinCatchingEverything();
    if (this.mode === "recursion") log.info(`unreachable: ${sortForever(0)}`);
    if (this.mode === "count") log.info(`sum ${sumUpTo(Number(envoy.getRequestHeaderValue("x-count") ?? "0"))}`);
    log.info(`request passed with mode '${this.mode}'`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    if (this.mode === "response") throw new TypeError("asked to fail on the response path");
    envoy.setResponseHeader("x-mode", this.mode);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("fail_closed", () => new FailClosed());

interface WriterConfig {
  tags: string[];
}

/** Writes to its config when asked: the config is shared by every stream, so the write must fail closed. */
class ConfigWriter implements HttpFilter {
  constructor(private readonly config: WriterConfig) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const tag = envoy.getRequestHeaderValue("x-add-tag");
    if (tag !== undefined) this.config.tags.push(tag);
    envoy.setRequestHeader("x-tags", this.config.tags.join(","));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("config_writer", (config: WriterConfig) => new ConfigWriter(config));
