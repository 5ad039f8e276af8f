/**
 * Benchmark filter (bench/cpu-budget-cost.mjs): loop-heavy header work, many small calls and
 * short loop bodies, where the CPU budget's per-step cost shows most.
 */
import { registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function bucket(value: number, buckets: number): number {
  return value % buckets;
}

class LoopHeavy implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const cookie = envoy.getRequestHeaderValue("cookie") ?? "";
    const counts: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
    for (const part of cookie.split(";")) {
      const name = part.trim().split("=")[0] ?? "";
      counts[bucket(hash(name), counts.length)]! += 1;
    }
    let checksum = 0;
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < counts.length; i++) checksum = (checksum * 31 + counts[i]! + round) % 1000003;
    }
    envoy.setRequestHeader("x-checksum", String(checksum));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("loop_heavy", () => new LoopHeavy());
