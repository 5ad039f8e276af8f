// setDynamicMetadataStruct: an object as JSON.stringify sees it (nested records and arrays, undefined left out, NaN as null, escapes and lone surrogates), encoded as a protobuf Struct; non-objects throw.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Limits {
  rps: number;
  burst?: number;
}

interface Decision {
  user: string;
  admin: boolean;
  score: number;
  tags: string[];
  limits: Limits;
  note?: string;
  pairs: [string, number][];
}

class S implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const decision: Decision = { user: "ann \"q\" \\ é 😀 \u0001", admin: false, score: -0.1, tags: ["a", "b"], limits: { rps: 1e21 }, pairs: [["x", NaN], ["y", -0]] };
    envoy.setDynamicMetadataStruct("auth", decision);
    decision.note = "late";
    decision.limits.burst = 5;
    envoy.setDynamicMetadataStruct("auth", decision);
    envoy.setDynamicMetadataStruct("empty", {});
    envoy.setDynamicMetadataStruct("lone", { s: "a\ud800b\udc00", t: "\ud83d\ude00" });
    try {
      envoy.setDynamicMetadataStruct("list", ["not", "an", "object"]);
    } catch (e) {
      log.info(`${(e as Error).name}: ${(e as Error).message}`);
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new S());
