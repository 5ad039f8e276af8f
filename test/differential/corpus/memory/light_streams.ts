// Light streams (runtime.md, "Streams that share their filter"): the filter shares one frozen
// instance and the module has no async hook, so each hook call allocates in an arena of its own,
// freed when the call returns. Each call here outgrows its first chunk (strings, arrays, maps,
// body views), reads the config's values, and logs what it built; the next call reuses the memory.
// vector: {"filter":"light","config":"{\"tag\":\"tg\",\"words\":[\"alpha\",\"béta\",\"gamma\"]}","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/a/b/c"],["x-n","120"]],"endOfStream":false},{"hook":"request_body","data":"one two thrée","endOfStream":false},{"hook":"request_body","data":"four five","endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_body","data":"reply body","endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/deny/x"],["x-n","3"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/throw"],["x-n","2"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, ResponseBodyStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface LightConfig {
  tag: string;
  words: string[];
}

/** Builds `n` labelled words (well past a call's first chunk for n = 120) and their checksum. */
function build(tag: string, n: number): [string[], number] {
  const out: string[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const word = `${tag}-${i}-${String(i * 13).padStart(5, "0")}`;
    out.push(word);
    sum = (sum * 31 + word.length) % 100003;
  }
  return [out, sum];
}

class Light implements HttpFilter {
  constructor(private readonly config: LightConfig) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, end: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "";
    const [words, sum] = build(this.config.tag, Number(envoy.getRequestHeaderValue("x-n") ?? "0"));
    const parts = path.split("/").filter((p) => p.length > 0);
    const counts = new Map<string, number>();
    for (const w of [...parts, ...this.config.words]) counts.set(w[0] ?? "", (counts.get(w[0] ?? "") ?? 0) + 1);
    log.info(`headers: ${words.length} words, sum ${sum}, last ${words[words.length - 1] ?? "-"}, parts ${parts.join("+")}, firsts ${[...counts.keys()].join("")}`);
    if (parts[0] === "deny") {
      envoy.sendResponse(403, [["x-denied", `${parts.join(",")}/${words.join("").length}`]], "denied\n", "light_denied");
      log.info(`after the reply: ${words.slice(0, 2).join(" ")}`);
      return RequestHeadersStatus.StopIteration;
    }
    if (parts[0] === "throw") throw new Error(`thrown with ${words.join(",")}`);
    envoy.setRequestHeader("x-light", `${this.config.tag}:${sum}`);
    return end ? RequestHeadersStatus.Continue : RequestHeadersStatus.StopIteration;
  }

  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    const decoder = new TextDecoder();
    const seen: string[] = [];
    for (const chunk of envoy.getReceivedRequestBodyChunks()) seen.push(...decoder.decode(chunk).split(" "));
    const [words, sum] = build(seen.join("_"), 40);
    log.info(`body end=${end}: ${seen.length} words, ${words[0] ?? "-"}, sum ${sum}`);
    return RequestBodyStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    const status = envoy.getResponseHeaderValue(":status") ?? "";
    const [words, sum] = build(status, 100);
    envoy.setResponseHeader("x-light", `${status}/${words.join(";").length}/${sum}/${this.config.words.join("|")}`);
    return ResponseHeadersStatus.Continue;
  }

  onResponseBody(envoy: EnvoyHttpFilter, end: boolean): ResponseBodyStatus {
    const text = new TextDecoder().decode(envoy.getReceivedResponseBodyChunks()[0] ?? new Uint8Array(0));
    log.info(`response body end=${end}: ${text.toUpperCase()} ${build(text, 60)[1]}`);
    return ResponseBodyStatus.Continue;
  }
}

registerHttpFilter("light", (config: LightConfig) => new Light(config));
