/**
 * Rejects requests whose body matches a regular expression with a 403, as the zero_copy_regex_waf
 * example of envoyproxy/dynamic-modules-examples (Rust) does, with the same filter name and the
 * same filter_config: a StringValue holding any pattern, compiled once per config by `new RegExp`
 * (JavaScript syntax and semantics, no flags). A pattern that does not compile rejects the config,
 * and Envoy refuses it with the reason.
 *
 *   filter_name: zero_copy_regex_waf
 *   filter_config: { "@type": type.googleapis.com/google.protobuf.StringValue, value: "^.*(curl|wget).*" }
 *
 * How the body is scanned, and how this differs from upstream:
 * - Chunk by chunk as Envoy hands them over (the zero-copy views of getReceivedRequestBodyChunks),
 *   while Envoy holds the request headers (StopIteration) and buffers the body
 *   (StopIterationAndBuffer), so nothing reaches the upstream before the whole body has passed; a
 *   match answers 403 at once, without waiting for the rest. Upstream scans the whole buffered
 *   body at end of stream but lets the headers go first, so an upstream that answers before
 *   reading the body (Envoy's direct_response does) answers 200 before the filter's 403.
 * - A regex runs on strings, so each window of at most 16 KiB of a chunk is decoded to text (a
 *   copy into the stream's memory: there is no regex over bytes). Upstream's Rust runs a byte DFA
 *   over Envoy's buffers without a copy.
 * - The pattern is tested on each window, and on the 256 characters either side of each window
 *   boundary, so a match that spans two chunks is found when it is at most 257 characters long;
 *   `^` and `$` match at window edges, as they would at the start and end of the body (use a
 *   pattern that does not depend on where the body is cut). UTF-8 characters split between two
 *   chunks are joined before decoding.
 * - Memory: the stream's arena frees nothing before the stream ends, so the decoded text stays:
 *   a 1 MB ASCII body needs 1.17 MB of stream memory (the text, about 1 KiB a window for the
 *   boundary check, chunk ends; it fails closed at a 1,162,816-byte limit), and about 2 MiB of
 *   heap at the default limit (arena chunks double: test/native/stream-memory.test.ts); reading
 *   the body as one string needed 4.0 MB. test/e2e/zero-copy-regex-waf.test.ts runs it in Envoy
 *   within a 1.5 MiB limit. Envoy answers 413 beyond its buffer limit (1 MiB by default) before
 *   that; with a larger buffer limit, a body past --max-stream-memory (4 MiB by default) fails
 *   closed with a 500 instead of passing unscanned.
 * - Speed: about 1.8 ms of Envoy CPU for 1 MB of `a`s, under a C module with glibc's regex (30 ms
 *   before new RegExp's fast paths, docs/regex.md#speed; on text: docs/benchmarks.md).
 *
 *   tsc2envoy build examples/zero_copy_regex_waf.ts -o out   # -> out/libzero_copy_regex_waf.so
 */
import { registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

/** Bytes decoded to text at a time: bounds each regex run (and its backtracking). */
const WINDOW = 16384;
/** Characters kept from the end of the text scanned so far, to find matches across a boundary. */
const OVERLAP = 256;

/** Bytes in the UTF-8 sequence that starts with `lead` (1 for a continuation or invalid byte). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc2) return 2;
  return 1;
}

/** Where `bytes[from, end)` must end so as not to cut a UTF-8 sequence: `end`, or the start of the last, incomplete one. */
function completeEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let i = end - 1; i >= from && i >= end - 3; i--) {
    const b = bytes[i]!;
    if (b < 0x80) return end;
    if (b >= 0xc0) return i + sequenceLength(b) > end ? i : end;
  }
  return end;
}

class ZeroCopyRegexWaf implements HttpFilter {
  private readonly decoder = new TextDecoder();
  /** The last OVERLAP characters scanned. */
  private tail = "";
  /** The first bytes of a UTF-8 character the previous chunk ended in (a copy of at most 3 bytes). */
  private pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly pattern: RegExp) {}

  onRequestHeaders(_envoy: EnvoyHttpFilter, endOfStream: boolean): RequestHeadersStatus {
    // Hold the headers until the body has been scanned.
    return endOfStream ? RequestHeadersStatus.Continue : RequestHeadersStatus.StopIteration;
  }

  onRequestBody(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestBodyStatus {
    for (const chunk of envoy.getReceivedRequestBodyChunks()) {
      if (this.scan(chunk)) {
        envoy.sendResponse(403, [], "Access forbidden");
        return RequestBodyStatus.StopIterationNoBuffer;
      }
    }
    if (!endOfStream) return RequestBodyStatus.StopIterationAndBuffer;
    if (this.pending.length > 0 && this.matches(this.decoder.decode(this.pending))) {
      envoy.sendResponse(403, [], "Access forbidden");
      return RequestBodyStatus.StopIterationNoBuffer;
    }
    return RequestBodyStatus.Continue;
  }

  /** Scans one chunk (a view over Envoy's memory), window by window; true on a match. */
  private scan(chunk: Uint8Array): boolean {
    let from = 0;
    if (this.pending.length > 0) {
      // Finish the character the previous chunk cut: its continuation bytes start this one.
      let needed = sequenceLength(this.pending[0]!) - this.pending.length;
      while (needed > 0 && from < chunk.length && chunk[from]! >= 0x80 && chunk[from]! < 0xc0) from++, needed--;
      const joined = new Uint8Array(this.pending.length + from);
      joined.set(this.pending);
      joined.set(chunk.subarray(0, from), this.pending.length);
      this.pending = new Uint8Array(0);
      if (this.matches(this.decoder.decode(joined))) return true;
    }
    while (from < chunk.length) {
      const last = Math.min(from + WINDOW, chunk.length);
      const end = completeEnd(chunk, from, last);
      // A character the chunk ends in the middle of waits for the next chunk.
      if (end < last && last === chunk.length) this.pending = chunk.slice(end);
      if (end > from && this.matches(this.decoder.decode(chunk.subarray(from, end)))) return true;
      from = last === chunk.length || end === from ? last : end;
    }
    return false;
  }

  /** Tests `text`, then the boundary between the text before it and its start; keeps the new tail. */
  private matches(text: string): boolean {
    if (text.length === 0) return false;
    if (this.pattern.test(text)) return true;
    if (this.tail.length > 0 && this.pattern.test(this.tail + text.slice(0, OVERLAP))) return true;
    this.tail = text.length >= OVERLAP ? text.slice(-OVERLAP) : (this.tail + text).slice(-OVERLAP);
    return false;
  }
}

registerHttpFilter("zero_copy_regex_waf", (pattern: string, _envoy: EnvoyFilterConfig) => {
  const compiled = new RegExp(pattern);
  return () => new ZeroCopyRegexWaf(compiled);
});
