/**
 * Rewrites JSON request bodies: buffers the whole body, decodes it into `Order`, renames the legacy
 * field `user` to `customer`, adds `"source": <config>`, replaces the body with the new JSON and
 * fixes content-length. A body that is not an `Order` gets a 400 and never reaches the upstream.
 *
 * JSON.parse decodes into a declared type and keeps only its properties (docs/language.md): a
 * transformer for arbitrary JSON needs a Map-shaped type, so this one names its fields.
 *
 *   filter_name: json_transformer
 *   filter_config: { "@type": type.googleapis.com/google.protobuf.StringValue, value: "edge-1" }
 */
import { registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Order {
  item: string;
  quantity: number;
  /** The old name of `customer`. */
  user?: string;
  customer?: string;
}

interface TransformedOrder {
  item: string;
  quantity: number;
  customer?: string;
  source: string;
}

class JsonTransformer implements HttpFilter {
  private json = false;

  constructor(private readonly source: string) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestHeadersStatus {
    this.json = !endOfStream && (envoy.getRequestHeaderValue("content-type") ?? "").startsWith("application/json");
    // Hold the headers: content-length changes once the body is rewritten.
    return this.json ? RequestHeadersStatus.StopIteration : RequestHeadersStatus.Continue;
  }

  onRequestBody(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestBodyStatus {
    if (!this.json) return RequestBodyStatus.Continue;
    if (!endOfStream) return RequestBodyStatus.StopIterationAndBuffer;
    const text = envoy.getBufferedRequestBodyText() + envoy.getReceivedRequestBodyText();
    let order: Order;
    try {
      order = JSON.parse(text);
    } catch (error) {
      envoy.sendResponse(400, [["content-type", "text/plain"]], `not an order: ${error instanceof Error ? error.message : "?"}\n`);
      return RequestBodyStatus.StopIterationNoBuffer;
    }
    const out: TransformedOrder = { item: order.item, quantity: order.quantity, source: this.source };
    const customer = order.customer ?? order.user;
    if (customer !== undefined) out.customer = customer;
    const body = JSON.stringify(out);
    // The new body replaces what was buffered and the last chunk alike.
    envoy.drainBufferedRequestBody(envoy.getBufferedRequestBodySize());
    envoy.replaceReceivedRequestBodyText(body);
    envoy.setRequestHeader("content-length", String(envoy.getReceivedRequestBodySize()));
    return RequestBodyStatus.Continue;
  }
}

registerHttpFilter("json_transformer", (source: string) => new JsonTransformer(source));
