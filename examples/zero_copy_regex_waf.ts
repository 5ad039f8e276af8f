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
 *   copy: there is no regex over bytes) and tested; `re.test(decoder.decode(view))` frees that
 *   text after the test (docs/runtime.md), so the stream keeps no window. Upstream's Rust runs a
 *   byte DFA over Envoy's buffers without a copy.
 * - Windows overlap by 1 KiB, and each chunk is tested joined to the last KiB before it (kept in a
 *   fixed buffer: Envoy's views end with the hook call), so a match that spans a window or chunk
 *   boundary is found when it is at most 1,021 bytes long (341 characters or more); `^` and `$`
 *   match at window edges, as they would at the start and end of the body (use a pattern that
 *   does not depend on where the body is cut). A UTF-8 character split between two chunks is
 *   decoded whole in the joined bytes.
 * - Memory: a 1 MB body costs its stream a few KiB (the views of each window and chunk; measured
 *   in test/native/stream-memory.test.ts), not the 1.17 MB the windows took when each stayed until
 *   the end of the stream. test/e2e/zero-copy-regex-waf.test.ts runs it in Envoy. Envoy answers
 *   413 beyond its buffer limit (1 MiB by default).
 * - Speed: about 1.8 ms of Envoy CPU for 1 MB of `a`s, under a C module with glibc's regex (30 ms
 *   before new RegExp's fast paths, docs/regex.md#speed; on text: docs/benchmarks.md).
 *
 *   tsc2envoy build examples/zero_copy_regex_waf.ts -o out   # -> out/libzero_copy_regex_waf.so
 */
import { registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

/** Bytes decoded to text at a time: bounds each regex run (and its backtracking). */
const WINDOW = 16384;
/** Bytes either side of a window or chunk boundary tested together. */
const OVERLAP = 1024;

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

/** The first index from `at` (up to 3 on, and before `end`) that does not continue a UTF-8 sequence. */
function characterStart(bytes: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end && i < at + 3 && bytes[i]! >= 0x80 && bytes[i]! < 0xc0) i++;
  return i;
}

class ZeroCopyRegexWaf implements HttpFilter {
  private readonly decoder = new TextDecoder();
  /** The last bytes scanned (from a character's start), then the next chunk's first: one boundary. */
  private readonly edge = new Uint8Array(2 * OVERLAP + 4);
  /** How many bytes at the start of `edge` are the last bytes scanned. */
  private kept = 0;

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
    // A character the body ends in the middle of is tested now (as U+FFFD), with what precedes it.
    if (this.kept > 0 && this.test(this.edge, 0, this.kept)) {
      envoy.sendResponse(403, [], "Access forbidden");
      return RequestBodyStatus.StopIterationNoBuffer;
    }
    return RequestBodyStatus.Continue;
  }

  /** Tests `bytes[from, end)` as text; the text is freed after the test. */
  private test(bytes: Uint8Array, from: number, end: number): boolean {
    return end > from && this.pattern.test(this.decoder.decode(bytes.subarray(from, end)));
  }

  /** Scans one chunk (a view over Envoy's memory): its boundary with what came before, then its windows; true on a match. */
  private scan(chunk: Uint8Array): boolean {
    const first = Math.min(chunk.length, OVERLAP);
    this.edge.set(chunk.subarray(0, first), this.kept);
    const joined = this.kept + first;
    if (this.test(this.edge, 0, completeEnd(this.edge, 0, joined))) return true;
    if (chunk.length <= OVERLAP) {
      // All of the chunk was in the boundary's bytes: keep the last OVERLAP of them.
      const start = joined > OVERLAP ? characterStart(this.edge, joined - OVERLAP, joined) : 0;
      for (let i = start; i < joined; i++) this.edge[i - start] = this.edge[i]!;
      this.kept = joined - start;
      return false;
    }
    // Windows from the first character that starts in this chunk, each from OVERLAP before the last one's end.
    let from = characterStart(chunk, 0, chunk.length);
    while (from < chunk.length) {
      const last = Math.min(from + WINDOW, chunk.length);
      const end = completeEnd(chunk, from, last);
      if (this.test(chunk, from, end)) return true;
      if (last === chunk.length) break;
      from = Math.max(from + 1, characterStart(chunk, end - OVERLAP, chunk.length));
    }
    const start = characterStart(chunk, chunk.length - OVERLAP, chunk.length);
    this.edge.set(chunk.subarray(start));
    this.kept = chunk.length - start;
    return false;
  }
}

registerHttpFilter("zero_copy_regex_waf", (pattern: string, _envoy: EnvoyFilterConfig) => {
  const compiled = new RegExp(pattern);
  return () => new ZeroCopyRegexWaf(compiled);
});
