// TextEncoder/TextDecoder (UTF-8): surrogates, invalid sequences (U+FFFD as the WHATWG decoder), BOM, fatal mode.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private readonly decoder = new TextDecoder();

  onRequestHeaders(): RequestHeadersStatus {
    const encoder = new TextEncoder();
    for (const s of ["", "abc", "héllo", "日本語", "😀", "a\ud800b", "\udc00", "x\ud83d", "\ud83d\ude00\ud83d"]) {
      const bytes = encoder.encode(s);
      const back = this.decoder.decode(bytes);
      log.info(`${JSON.stringify(s)} -> [${bytes.join(",")}] -> ${JSON.stringify(back)} ${back === s}`);
    }
    const invalid: number[][] = [
      [0xff], [0x80], [0xc0, 0x80], [0xc2], [0xe2, 0x82], [0xe2, 0x82, 0x41], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98],
      [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x80, 0x80, 0x80], [0x61, 0xf5, 0x62], [0xe0, 0x9f, 0x80], [0xef, 0xbb, 0xbf, 0x41],
      [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], [0x41, 0xef, 0xbb, 0xbf],
    ];
    const keepBom = new TextDecoder("utf-8", { ignoreBOM: true });
    const fatal = new TextDecoder(" UTF8 ", { fatal: true });
    log.info(`${this.decoder.encoding} ${encoder.encoding} ${fatal.fatal} ${fatal.ignoreBOM} ${keepBom.ignoreBOM} ${String(encoder)} ${String(this.decoder)}`);
    for (const seq of invalid) {
      const u = new Uint8Array(seq);
      const units: number[] = [];
      const text = this.decoder.decode(u);
      for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i));
      let strict: string;
      try {
        strict = fatal.decode(u);
      } catch (e) {
        strict = e instanceof TypeError ? `TypeError: ${e.message}` : "other";
      }
      log.info(`[${seq.join(",")}] -> ${JSON.stringify(units)} bom-kept=${keepBom.decode(u).length} fatal=${strict}`);
    }
    log.info(`empty=${JSON.stringify(this.decoder.decode())} view=${this.decoder.decode(encoder.encode("hello world").subarray(6))}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
