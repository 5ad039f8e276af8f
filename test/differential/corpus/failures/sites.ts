// Failure lines name the TypeScript line of the failure: where the error was made (not where it was
// thrown or rethrown), where a runtime operation threw (in a callee, or in an expression spanning
// lines: a call at the name it calls, an assignment at its operator), or where the filter factory
// failed. Both hosts report the same line: V8's stack in Node, the site table in the compiled code.
import { registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

import { checkedCount } from "../lib/failing";

interface Config {
  name: string;
  tags: string[];
}

interface Parsed {
  id: number;
}

function makeError(what: string): Error {
  return new RangeError(`made in makeError: ${what}`);
}

function parseIn(text: string): Parsed {
  const parsed: Parsed = JSON.parse(text);
  return parsed;
}

function parseAcrossLines(text: string): Parsed {
  const parsed: Parsed = JSON
    .parse(
      text,
    );
  return parsed;
}

function addTag(config: Config, tag: string): void {
  config.tags.push(tag);
}

function rename(config: Config): void {
  config.name
    = "renamed";
}

function firstLetter(words: string[]): string {
  const first: string | undefined = words[0];
  return first!.slice(0, 1);
}

function fixed(n: number): string {
  return n
    .toFixed(
      101,
    );
}

class Sites implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const which = envoy.getRequestHeaderValue("x-case") ?? "";
    if (which === "made-then-thrown") {
      const error = new Error("made two lines up");
      envoy.setRequestHeader("x-before-throw", "yes");
      throw error;
    }
    if (which === "rethrown") {
      try {
        throw new TypeError("first thrown here");
      } catch (e) {
        envoy.setRequestHeader("x-caught", "yes");
        throw e;
      }
    }
    if (which === "made-in-callee") throw makeError("thrown by the hook");
    if (which === "json-in-callee") parseIn("{not json");
    if (which === "json-type-in-callee") parseIn('{"id": "seven"}');
    if (which === "json-across-lines") parseAcrossLines("[1,");
    if (which === "frozen-push") addTag(this.config, "new");
    if (which === "frozen-assign") rename(this.config);
    if (which === "non-null") envoy.setRequestHeader("x-letter", firstLetter([]));
    if (which === "to-fixed") envoy.setRequestHeader("x-fixed", fixed(1.5));
    if (which === "reduce-in-map") {
      const sums = [[1], []].map((xs) => xs.reduce((a, b) => a + b));
      envoy.setRequestHeader("x-sums", sums.join(","));
    }
    if (which === "comparator") {
      [3, 1, 2].sort((a, b) => {
        if (a === 1 || b === 1) throw new Error("the comparator met 1");
        return a - b;
      });
    }
    if (which === "new-across-lines") {
      throw new
        Error("new on one line, the constructor on the next");
    }
    if (which === "other-file") envoy.setRequestHeader("x-count", String(checkedCount("1.5")));
    if (which === "tdz") {
      const read = () => later;
      envoy.setRequestHeader("x-early", read());
      const later = "set";
    }
    return RequestHeadersStatus.Continue;
  }
}

class BrokenFactory implements HttpFilter {
  private readonly parsed: Parsed;

  constructor(text: string) {
    this.parsed = parseIn(text);
  }

  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    envoy.setRequestHeader("x-id", String(this.parsed.id));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new Sites(config));
registerHttpFilter("factory", (config: string) => new BrokenFactory(config));
// vector: {"filter":"test","config":"{\"name\": \"n\", \"tags\": [\"a\"]}","streams":[{"events":[{"hook":"request_headers","headers":[["x-case","made-then-thrown"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","rethrown"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","made-in-callee"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","json-in-callee"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","json-type-in-callee"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","json-across-lines"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","frozen-push"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","frozen-assign"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","config":"{\"name\": \"n\", \"tags\": [\"a\"]}","streams":[{"events":[{"hook":"request_headers","headers":[["x-case","non-null"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","to-fixed"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","reduce-in-map"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","comparator"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","new-across-lines"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","tdz"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","other-file"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","none"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"factory","config":"{\"id\": 1}","streams":[{"events":[{"hook":"request_headers","headers":[["x-case","x"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"factory","config":"{oops","streams":[{"events":[{"hook":"request_headers","headers":[["x-case","x"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
