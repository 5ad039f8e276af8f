// String building and number formatting on the way out.
import { registerHttpFilter, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

function describe(value: number): string {
  const half = value / 2;
  const cube = value ** 3;
  const remainder = -value % 7;
  return `half=${half} cube=${cube} rem=${remainder} neg=${-half} nan=${String(0 / 0)}`;
}

class Describer implements HttpFilter {
  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    const status = envoy.getResponseHeaderValue(":status") ?? "";
    let label = "status " + status;
    label += "; length " + label.length;
    if (status < "300" && status >= "200") label = label + " (ok) ✓";
    envoy.setResponseHeader("x-described", describe(label.length) + " " + label + " " + true);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("describer", () => new Describer());
