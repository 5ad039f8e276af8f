// atob/btoa: padding, whitespace, invalid input (InvalidCharacterError as Node's DOMException), Latin-1 range.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function attempt(label: string, f: () => string): void {
  try {
    log.info(`${label} -> ${JSON.stringify(f())}`);
  } catch (e) {
    if (e instanceof Error) log.info(`${label} threw ${e.name}: ${e.message} | ${String(e)} | ${e instanceof TypeError}`);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    for (const s of ["", "a", "ab", "abc", "abcd", "héllo\u00ff\u0000", "Man is distinguished"]) attempt(`btoa ${JSON.stringify(s)}`, () => btoa(s));
    for (const s of ["€", "😀", "a\u0100"]) attempt(`btoa ${JSON.stringify(s)}`, () => btoa(s));
    const inputs = [
      "", "YQ", "YQ=", "YQ==", "YQ===", "YWI", "YWI=", "YWJj", " Y W\tJ j\n", "YWJj\r\n\f", "Y", "YR==", "YW==", "=YQ", "Y=Q=", "YQ==YQ==",
      "YWJj$", "YW Jj ZA", "////", "+/+/", "-_-_", "YQ== ", "\u00e9", "\u0085YQ==", "aGVsbG8gd29ybGQ=",
    ];
    for (const s of inputs) attempt(`atob ${JSON.stringify(s)}`, () => atob(s));
    const all: string[] = [];
    for (let i = 0; i < 256; i++) all.push(String.fromCharCode(i));
    const latin = all.join("");
    log.info(`round trip ${atob(btoa(latin)) === latin} ${btoa(latin).length}`);
    // base64url, as a JWT segment needs it
    const segment = btoa("{\"sub\":\"1234\"}").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const restored = atob(segment.replace(/-/g, "+").replace(/_/g, "/"));
    log.info(`${segment} ${restored} ${JSON.stringify(new TextDecoder().decode(new TextEncoder().encode(restored)))}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
