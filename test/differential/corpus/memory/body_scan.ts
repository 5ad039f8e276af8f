// A body scanned chunk by chunk (test/native/release-memory.test.ts runs it over thousands of chunks
// under a small stream memory limit): "scan" keeps only numbers between hook calls, so each call's
// text, words and matches are released when it returns, and its loop releases each word's
// temporaries; "keep" also keeps every chunk's first word in a field, so its memory grows with the body.
// vector: {"filter":"scan","streams":[{"events":[{"hook":"request_headers","headers":[["x-loop","200"]],"endOfStream":false},{"hook":"request_body","data":"GET /admin curl","endOfStream":false},{"hook":"request_body","data":"wget héllo wörld","endOfStream":false},{"hook":"request_body","data":"tail","endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"keep","streams":[{"events":[{"hook":"request_headers","headers":[["x-loop","3"]],"endOfStream":false},{"hook":"request_body","data":"GET /admin curl","endOfStream":false},{"hook":"request_body","data":"wget héllo","endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

const SUSPICIOUS = /(curl|wget)/i;

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
    const text = new TextDecoder().decode(envoy.getReceivedRequestBody());
    this.chunks++;
    this.bytes += text.length;
    for (const word of text.split(" ")) {
      if (word.length === 0) continue;
      this.words++;
      if (SUSPICIOUS.test(word.toLowerCase())) this.hits++;
    }
    this.remember(text);
    if (end) log.info(`${this.summary()}: chunks=${this.chunks} bytes=${this.bytes} words=${this.words} hits=${this.hits} checksum=${this.checksum}`);
    return end ? RequestBodyStatus.Continue : RequestBodyStatus.StopIterationAndBuffer;
  }

  protected remember(_text: string): void {}

  protected summary(): string {
    return "scan";
  }
}

class Keep extends Scan {
  private firsts: string[] = [];

  protected override remember(text: string): void {
    this.firsts.push(text.slice(0, 4));
  }

  protected override summary(): string {
    return `keep (firsts=${this.firsts.length} ${this.firsts.slice(0, 3).join("|")})`;
  }
}

registerHttpFilter("scan", () => new Scan());
registerHttpFilter("keep", () => new Keep());
