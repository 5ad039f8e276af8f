/**
 * Streaming enrichment: the request body goes, chunk by chunk as it arrives, to a side service (a
 * cluster of Envoy's config) over one streamed callout; the side service streams its answer back
 * in pieces, and the filter puts the whole answer on the response as `x-enrichment` (with the
 * number of reads it took in `x-enrichment-reads`, and the `x-verdict` trailer it may end its answer
 * with in `x-enrichment-verdict`). A side service that resets the stream, times
 * out (Envoy answers 504) or answers another status leaves the response as it is, marked
 * `x-enrichment: unavailable`: enrichment fails open.
 *
 *   filter_name: streaming_enrichment
 *   filter_config: {"cluster": "enricher", "timeoutMs": 2000}
 *
 * onRequestHeaders starts the stream, onRequestBody sends each chunk, and the async
 * onResponseHeaders awaits the answer while Envoy holds the response (docs/async.md#streamed-callouts).
 */
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter, type HttpStream } from "tsc2envoy";

interface Config {
  cluster: string;
  timeoutMs?: number;
}

class StreamingEnrichment implements HttpFilter {
  private stream: HttpStream | undefined = undefined;

  constructor(private readonly config: Config) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestHeadersStatus {
    try {
      this.stream = envoy.startHttpStream(this.config.cluster, {
        method: "POST",
        path: `/enrich${envoy.getRequestHeaderValue(":path") ?? "/"}`,
        headers: [["content-type", envoy.getRequestHeaderValue("content-type") ?? "application/octet-stream"]],
        endStream: endOfStream,
        timeoutMs: this.config.timeoutMs ?? 2000,
      });
    } catch (e) {
      log.warn(`enricher unavailable: ${(e as Error).message}`);
    }
    return RequestHeadersStatus.Continue;
  }

  onRequestBody(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestBodyStatus {
    // The chunk goes on upstream too; the side service gets a copy as it arrives.
    if (this.stream !== undefined) envoy.sendHttpStreamData(this.stream, envoy.getReceivedRequestBodyText(), endOfStream);
    return RequestBodyStatus.Continue;
  }

  async onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): Promise<ResponseHeadersStatus> {
    const stream = this.stream;
    if (stream === undefined) {
      envoy.setResponseHeader("x-enrichment", "unavailable");
      return ResponseHeadersStatus.Continue;
    }
    try {
      const head = await envoy.httpStreamHeaders(stream);
      if (head.status !== 200) throw new Error(`the enricher answered ${head.status}`);
      let answer = "";
      let reads = 0;
      let chunk = await envoy.readHttpStream(stream);
      while (chunk !== null) {
        answer += chunk;
        reads++;
        chunk = await envoy.readHttpStream(stream);
      }
      // A verdict the service could give only at the end comes in its trailers (null: it sent none).
      const trailers = await envoy.httpStreamTrailers(stream);
      const verdict = trailers?.find((t) => t[0] === "x-verdict");
      envoy.setResponseHeader("x-enrichment", answer);
      envoy.setResponseHeader("x-enrichment-reads", `${reads}`);
      if (verdict !== undefined) envoy.setResponseHeader("x-enrichment-verdict", verdict[1]);
    } catch (e) {
      log.warn(`enricher unavailable: ${(e as Error).name}: ${(e as Error).message}`);
      envoy.setResponseHeader("x-enrichment", "unavailable");
    }
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("streaming_enrichment", (config: Config) => new StreamingEnrichment(config));
