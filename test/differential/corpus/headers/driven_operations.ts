// Runtime operations on values the client controls (a fuzz target as well): every x-* request header runs through JSON.parse into typed targets, string methods with counts and positions taken from the value, number parsing and formatting, regex matching and splitting, sorting, Maps; results go back as response headers.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Doc {
  id: number;
  tags: string[];
  meta?: { on: boolean; note?: string };
  pairs?: [string, number][];
}

const PAIR = /^([a-z][a-z0-9_-]*)=(-?\d+(?:\.\d+)?)$/i;
const SEPARATORS = /[;,]\s*/;

/** What a caught error says, short. */
function failure(e: Error | undefined): string {
  return e ? `${e.name}: ${e.message}`.slice(0, 120) : "?";
}

function jsonPart(value: string): string {
  try {
    const doc: Doc = JSON.parse(value);
    const pairs = (doc.pairs ?? []).map(([k, v]) => `${k}:${v.toFixed(1)}`).join("|");
    return `id=${doc.id} tags=${doc.tags.length} first=${doc.tags[0] ?? "-"} on=${doc.meta?.on ?? "-"} note=${doc.meta?.note?.length ?? -1} pairs=${pairs} back=${JSON.stringify(doc).length}`;
  } catch (e) {
    return failure(e instanceof Error ? e : undefined);
  }
}

function stringPart(value: string): string {
  const n = value.length % 7;
  const parts = value.split(SEPARATORS).filter((p) => p.length > 0);
  const sorted = [...parts].sort();
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let top = "";
  let best = 0;
  counts.forEach((count, ch) => {
    if (count > best) [top, best] = [ch, count];
  });
  const trimmed = value.trim();
  const pieces = [
    value.toUpperCase().slice(0, 16),
    value.toLowerCase().slice(-8),
    trimmed.padStart(n + trimmed.length, "*").slice(0, 12),
    value.slice(n, n + 5).repeat(2),
    String(value.indexOf(value.charAt(n))),
    String(value.codePointAt(n) ?? -1),
    value.replaceAll(value.charAt(0) || "x", "_").slice(0, 10),
    sorted.join("+").slice(0, 20),
    `${parts.length}/${counts.size}/${top.codePointAt(0) ?? 0}x${best}`,
    value.substring(n, 2).split("").reverse().join(""),
  ];
  return pieces.join(" ");
}

function numberPart(value: string): string {
  const number = Number(value);
  const integer = parseInt(value, 16);
  const float = parseFloat(value);
  const digits = Math.abs(Math.trunc(float)) % 21;
  try {
    return [String(number), String(integer), float.toFixed(digits), number.toString(2 + (value.length % 35)), (integer | 0) >>> 3, Math.round(float * 100) / 100].join(" ");
  } catch (e) {
    return failure(e instanceof Error ? e : undefined);
  }
}

function regexPart(value: string): string {
  const pairs = value.split(SEPARATORS).map((item) => PAIR.exec(item.trim()));
  const found = pairs.filter((m) => m !== null).map((m) => `${(m?.[1] ?? "").toLowerCase()}=${Number(m?.[2] ?? "0") * 2}`);
  return `${found.length}:${found.join("&").slice(0, 40)}`;
}

class T implements HttpFilter {
  private results: string[] = [];

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    for (const [name, value] of envoy.getRequestHeaders()) {
      if (!name.startsWith("x-")) continue;
      const summary = [jsonPart(value), stringPart(value), numberPart(value), regexPart(value)].join(" # ");
      log.info(`${name}: ${summary}`);
      this.results.push(summary.length > 200 ? summary.slice(0, 200) : summary);
    }
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    this.results.forEach((result, i) => {
      try {
        envoy.setResponseHeader(`x-result-${i}`, result);
      } catch (e) {
        envoy.setResponseHeader(`x-result-${i}`, failure(e instanceof Error ? e : undefined).replace(/[\u0000-\u001f\u007f]/g, "?"));
      }
    });
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"],["x-json","{\"id\": 7, \"tags\": [\"a\", \"b\"], \"meta\": {\"on\": true, \"note\": \"hi\"}, \"pairs\": [[\"k\", 1.25]]}"],["x-list","b=2; a=1.5, c=x,, z=-3"],["x-num","  0x1F  "],["x-text","Héllo Wörld 😀 ß"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-bad-json","{\"id\": \"7\"}"],["x-syntax","{\"id\": 1,"],["x-float","123.456e-2"],["x-ctl","a\tb"],["x-bytes",{"hex":"41ff80c3"}],["x-big","1e400"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"stream_complete"}]}]}
