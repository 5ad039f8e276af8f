// re.test(decoder.decode(bytes)), which the runtime frees after the test: the same results as Node with a literal
// and a config pattern, g/y (lastIndex, which the test keeps), a fatal decoder's TypeError (caught; the error is
// used after), BOMs, no input, and many large windows in one stream (values made before and after stay intact).
// vector: {"filter":"test","config":"(c|w)u?rl$","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/x"]],"endOfStream":true}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private readonly decoder = new TextDecoder();
  private readonly fatal = new TextDecoder("utf-8", { fatal: true });
  private readonly sticky = /a/y;
  private readonly found: string[] = [];

  constructor(private readonly configured: RegExp) {}

  onRequestHeaders(): RequestHeadersStatus {
    const encoder = new TextEncoder();
    const before = `kept ${"x".repeat(40)}`;
    const big = encoder.encode("a".repeat(20000) + "curl");
    for (let i = 0; i < 50; i++) {
      const hit = this.configured.test(this.decoder.decode(big.subarray(i * 100)));
      if (i % 10 === 0) this.found.push(`${i}:${hit}`);
    }
    log.info(`windows ${this.found.join(" ")} ${before.length} ${before.slice(0, 8)}`);
    log.info(`literal ${/^ab+c$/.test(this.decoder.decode(encoder.encode("abbbc")))} ${/ö/.test(this.decoder.decode(new Uint8Array([0xc3, 0xb6])))}`);
    const g = /b/g;
    const bytes = encoder.encode("abcb");
    log.info(`g ${g.test(this.decoder.decode(bytes))} ${g.lastIndex} ${g.test(this.decoder.decode(bytes))} ${g.lastIndex} ${g.test(this.decoder.decode(bytes))} ${g.lastIndex}`);
    log.info(`y ${this.sticky.test(this.decoder.decode(encoder.encode("aab")))} ${this.sticky.lastIndex} ${this.sticky.test(this.decoder.decode(encoder.encode("aab")))} ${this.sticky.lastIndex}`);
    log.info(`bom ${/^\uFEFF/.test(this.decoder.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])))} empty ${/^$/.test(this.decoder.decode())} ffd ${/\uFFFD/.test(this.decoder.decode(new Uint8Array([0x61, 0xff])))}`);
    let message = "none";
    try {
      log.info(`fatal ${/a/.test(this.fatal.decode(new Uint8Array([0x61, 0xff])))}`);
    } catch (e) {
      message = e instanceof TypeError ? `TypeError: ${e.message}` : "other";
    }
    const after = `${message} / ${before}`;
    log.info(after);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (pattern: string) => {
  const re = new RegExp(pattern);
  return () => new T(re);
});
