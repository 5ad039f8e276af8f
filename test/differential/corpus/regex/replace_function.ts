// Replacer functions receive the match, the captures (undefined when unmatched), the offset and the input.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private calls = 0;

  onRequestHeaders(): RequestHeadersStatus {
    const s = "a1b22c333";
    log.info(s.replace(/\d+/g, (m) => `<${m.length}>`));
    log.info(s.replace(/([a-z])(\d+)/g, (m: string, letter: string, digits: string, offset: number, input: string) => `${letter.toUpperCase()}${digits.length}@${offset}/${input.length};`));
    log.info("x-y".replace(/(x)|(y)/g, (m: string, x: string | undefined, y: string | undefined) => `[${x ?? "-"}${y ?? "-"}]`));
    const re = /(\w)(\d)?/g;
    log.info("a1b".replace(re, (m: string, w: string, d: string | undefined, offset: number) => `${w}${d === undefined ? "?" : d}${offset}`));
    log.info("aaa".replace(/a/g, () => {
      this.calls++;
      return `${this.calls}`;
    }));
    log.info("none".replace(/z/g, () => "never"));
    log.info("abc".replace(/(?:)/g, (m: string, offset: number) => `${offset}`));
    log.info("hello world".replaceAll(/o/g, (m: string, offset: number, input: string) => input[offset + 1] ?? "$"));
    const camel = "content-type-options".replace(/-(\w)/g, (m: string, c: string) => c.toUpperCase());
    log.info(camel);
    log.info("a.b".replace(/\./, (m) => "$&"));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
