// A body scanned chunk by chunk (test/native/release-memory.test.ts runs it over thousands of chunks
// under a small stream memory limit): "scan" keeps only numbers between hook calls, so each call's
// text, words and matches are released when it returns, and its loop releases each word's
// temporaries; "keep" also keeps every chunk's first word in a field, so its memory grows with the body.
// vector: {"filter":"scan","streams":[{"events":[{"hook":"request_headers","headers":[["x-loop","200"]],"endOfStream":false},{"hook":"request_body","data":"GET /admin curl","endOfStream":false},{"hook":"request_body","data":"wget héllo wörld","endOfStream":false},{"hook":"request_body","data":"tail","endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"keep","streams":[{"events":[{"hook":"request_headers","headers":[["x-loop","3"]],"endOfStream":false},{"hook":"request_body","data":"GET /admin curl","endOfStream":false},{"hook":"request_body","data":"wget héllo","endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

const SUSPICIOUS = /(curl|wget)/i;
/** Bytes decoded at a time. */
const WINDOW = 4096;

class Scan implements HttpFilter {
  protected chunks = 0;
  protected bytes = 0;
  protected words = 0;
  protected hits = 0;
  protected checksum = 0;

  onRequestHeaders(envoy: EnvoyHttpFilter, end: boolean): RequestHeadersStatus {
    // A long loop whose iterations each allocate and keep nothing.
    const n = Number(envoy.getRequestHeaderValue("x-loop") ?? "0");
    for (let i = 0; i < n; i++) {
      const label = `item-${i}-${String(i * 7).padStart(6, "0")}`;
      this.checksum = (this.checksum * 31 + label.toUpperCase().length + label.split("-").length) % 1000003;
    }
    return end ? RequestHeadersStatus.Continue : RequestHeadersStatus.StopIteration;
  }

  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    // Envoy's views of the chunk (nothing copied), decoded a window at a time: each window's text
    // and words are released at the end of its iteration, the views when the call returns.
    const decoder = new TextDecoder();
    for (const chunk of envoy.getReceivedRequestBodyChunks()) {
      for (let at = 0; at < chunk.length; at += WINDOW) {
        const text = decoder.decode(chunk.subarray(at, Math.min(at + WINDOW, chunk.length)));
        this.bytes += text.length;
        for (const word of text.split(" ")) {
          if (word.length === 0) continue;
          this.words++;
          if (SUSPICIOUS.test(word.toLowerCase())) this.hits++;
        }
      }
    }
    this.chunks++;
    this.remember(this.words);
    if (end) log.info(`${this.summary()}: chunks=${this.chunks} bytes=${this.bytes} words=${this.words} hits=${this.hits} checksum=${this.checksum}`);
    // Streamed: each chunk goes on once scanned (test/e2e/release-memory.test.ts sends 100 MB).
    return RequestBodyStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    envoy.setResponseHeader("x-scan", `${this.chunks > 0 ? "scanned" : "none"} words=${this.words} hits=${this.hits} bytes=${this.bytes}`);
    return ResponseHeadersStatus.Continue;
  }

  protected remember(_words: number): void {}

  protected summary(): string {
    return "scan";
  }
}

class Keep extends Scan {
  private firsts: string[] = [];

  protected override remember(words: number): void {
    this.firsts.push(`after ${words} words`);
  }

  protected override summary(): string {
    return `keep (firsts=${this.firsts.length} ${this.firsts.slice(0, 3).join("|")})`;
  }
}

registerHttpFilter("scan", () => new Scan());
registerHttpFilter("keep", () => new Keep());
