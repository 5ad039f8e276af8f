/**
 * Test filter: a light stream (runtime.md, "Streams that share their filter"): one frozen instance,
 * no async hook, so each hook call allocates in its own arena, freed when it returns. The request
 * hook builds strings, sends a local reply and uses them after; the response hook allocates more
 * than a call's first chunk holds.
 */
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface LightConfig {
  tag: string;
}

class LightReply implements HttpFilter {
  constructor(private readonly config: LightConfig) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "";
    const words = path
      .split("/")
      .filter((word) => word.length > 0)
      .map((word) => `${word}-${this.config.tag}`);
    const joined = words.join(",");
    if (path.startsWith("/reply")) {
      envoy.sendResponse(418, [["x-words", joined]], `${joined}\n`, "light_reply");
      log.info(`after the reply: ${joined} (${words.length} words)`);
      return RequestHeadersStatus.StopIteration;
    }
    if (path.startsWith("/throw")) throw new Error(`thrown after ${joined}`);
    envoy.setRequestHeader("x-words", joined);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    const status = envoy.getResponseHeaderValue(":status") ?? "";
    let filler = "";
    for (let i = 0; i < 300; i++) filler = filler + `${status}:${i};`;
    envoy.setResponseHeader("x-response-seen", `${status}/${filler.length}/${this.config.tag}`);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("light_reply", (config: LightConfig) => new LightReply(config));
