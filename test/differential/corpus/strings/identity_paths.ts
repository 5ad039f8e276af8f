// Strings equal by content but built different ways (literals, slices of non-ASCII text, concatenation, case mapping, JSON, headers) compare, hash and sort as equal.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const wide = "é-abc";
    const variants = [
      "abc",
      wide.slice(2),
      wide.substring(2, 5),
      ("é" + "abc").slice(1),
      "ABC".toLowerCase(),
      "ÉABC".toLowerCase().slice(1),
      ["a", "b", "c"].join(""),
      "a" + "bc",
      `${"ab"}${"c"}`,
      "xabcx".split("x")[1] ?? "",
      "😀abc".slice(2),
      String.fromCharCode(97, 98, 99),
      String.fromCodePoint(97, 98, 99),
      "  abc\u00a0".trim(),
      "abc".padStart(3, "é"),
      "é".repeat(0) + "abc",
      "abcé".slice(0, -1),
      "é,abc".split(",")[1] ?? "",
      "aébc".replace("é", ""),
      envoy.getRequestHeaderValue("x-abc") ?? "",
      (envoy.getRequestHeaderValue("x-wide") ?? "").slice(1),
    ];
    const m = new Map<string, number>();
    const s = new Set<string>();
    variants.forEach((v, i) => {
      if (!m.has(v)) m.set(v, i);
      s.add(v);
    });
    log.info(`all equal: ${variants.every((v) => v === "abc")} lengths=${variants.map((v) => v.length).join("")} map=${m.size} set=${s.size} first=${m.get("abc")}`);
    log.info(`indexOf: ${variants.map((v) => ["x", "abc"].indexOf(v)).join("")} includes=${variants.every((v) => ["abc"].includes(v))}`);
    log.info(`compare: ${variants.map((v) => (v < "abd" && v > "abb" && !(v < "abc") && !(v > "abc") ? 1 : 0)).join("")}`);
    const switched = variants.map((v) => {
      switch (v) {
        case "abc":
          return "y";
        default:
          return "n";
      }
    });
    log.info(`switch: ${switched.join("")}`);
    const sorted = [...variants, "abb", "abd", "é"].sort();
    log.info(`sorted: ${sorted.join(",")}`);
    const keyed = new Map<string, string>([[variants[3]!, "from slice"]]);
    log.info(`lookup with literal: ${keyed.get("abc")} with wide slice: ${keyed.get(wide.slice(2))}`);
    const obj: { abc: number } = JSON.parse(`{"${variants[5]}":1}`);
    log.info(`json key: ${obj.abc} ${JSON.stringify(obj)}`);
    envoy.setRequestHeader(`x-${variants[4]}`, variants[10]!);
    log.info(`header: ${envoy.getRequestHeaderValue("x-abc")} ${envoy.getRequestHeaderValue(`x-${variants[3]}`)}`);
    log.info(`startsWith/endsWith: ${variants.map((v) => (v.startsWith("ab") && v.endsWith("bc") && v.includes("b") ? 1 : 0)).join("")}`);
    log.info(`case: ${variants.map((v) => v.toUpperCase()).every((v) => v === "ABC")} ${variants.map((v) => v.at(-1)).join("")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-abc","abc"],["x-wide","\u00e9abc"]],"endOfStream":true}]}]}
