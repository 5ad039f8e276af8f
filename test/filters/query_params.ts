// Everyday library pieces in one filter (test/e2e/query-params.test.ts): the query string is split
// with matchAll and named groups, decoded with decodeURIComponent (a malformed escape is a 400 with
// the URIError), ids converted with map(Number) and filter(Boolean), and a summary written with a
// JSON.stringify replacer array; a frozen object's write fails the stream closed.
import { registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Summary {
  user: string;
  ids: number[];
  tags: string[];
  secret?: string;
}

class QueryParams implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    const query = path.split("?")[1] ?? "";
    const summary: Summary = { user: "", ids: [], tags: [] };
    try {
      for (const m of query.matchAll(/(?<key>[^&=]+)=(?<value>[^&]*)/g)) {
        const key = decodeURIComponent(m.groups?.key ?? "");
        const value = decodeURIComponent((m.groups?.["value"] ?? "").replace(/\+/g, " "));
        if (key === "user") summary.user = value;
        else if (key === "ids") summary.ids = value.split(",").map(Number).filter(Boolean);
        else if (key === "tag") summary.tags.push(value);
        else if (key === "secret") summary.secret = value;
      }
    } catch (e) {
      envoy.sendResponse(400, [["x-error", e instanceof URIError ? `${e.name}: ${e.message}` : "?"]], "bad query\n");
      return RequestHeadersStatus.StopIteration;
    }
    envoy.setRequestHeader("x-summary", JSON.stringify(summary, ["user", "ids", "tags"]));
    envoy.setRequestHeader("x-user-encoded", encodeURIComponent(summary.user));
    if (summary.tags.includes("freeze")) {
      Object.freeze(summary);
      summary.user = "changed"; // TypeError: a frozen object's property is read-only
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("query_params", () => new QueryParams());
