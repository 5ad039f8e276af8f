/**
 * Rejects requests whose body matches a regular expression with a 403, as the zero_copy_regex_waf
 * example of envoyproxy/dynamic-modules-examples (Rust) does, with the same filter name and the
 * same filter_config (a StringValue holding the pattern):
 *
 *   filter_name: zero_copy_regex_waf
 *   filter_config: { "@type": type.googleapis.com/google.protobuf.StringValue, value: "^.*(curl|wget).*" }
 *
 * Differences, for now:
 * - The pattern is a regex literal, so the config's type is the pattern's literal string type and
 *   Envoy rejects any other filter_config when it loads the config (patterns from the config:
 *   examples/config_regex.ts).
 * - The body is read as text (UTF-8, invalid bytes as U+FFFD), which copies it: a regex runs on
 *   strings. The Rust example runs its regex over Envoy's buffers without a copy; here the bytes
 *   views (`getReceivedRequestBodyChunks()`) read without a copy, but not with a regex.
 * - Envoy buffers the body for the filter (StopIterationAndBuffer) up to its buffer limit
 *   (per_connection_buffer_limit_bytes, 1 MiB by default): a larger body gets Envoy's 413.
 *
 *   tsc2envoy build examples/zero_copy_regex_waf.ts -o out   # -> out/libzero_copy_regex_waf.so
 */
import { registerHttpFilter, RequestBodyStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

/** The only filter_config accepted: the upstream example's pattern, compiled below as a literal. */
type Pattern = "^.*(curl|wget).*";

const FORBIDDEN = /^.*(curl|wget).*/;

class ZeroCopyRegexWaf implements HttpFilter {
  onRequestBody(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestBodyStatus {
    // Until the whole body is here, let Envoy buffer it.
    if (!endOfStream) return RequestBodyStatus.StopIterationAndBuffer;
    // The last chunk is not in the buffered body yet: the body is both.
    const body = envoy.getBufferedRequestBodyText() + envoy.getReceivedRequestBodyText();
    if (FORBIDDEN.test(body)) {
      envoy.sendResponse(403, [], "Access forbidden");
      return RequestBodyStatus.StopIterationNoBuffer;
    }
    return RequestBodyStatus.Continue;
  }
}

registerHttpFilter("zero_copy_regex_waf", (_pattern: Pattern) => new ZeroCopyRegexWaf());
