// Replacement patterns: $$ $& $` $' $1..$99, two-digit references past the group count, $<name>.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const s = "John Smith";
    log.info(s.replace(/(\w+)\s(\w+)/, "$2, $1"));
    log.info(s.replace(/o/, "[$&]"));
    log.info(s.replace(/o/, "[$`]"));
    log.info(s.replace(/o/, "[$']"));
    log.info(s.replace(/o/, "$$"));
    log.info(s.replace(/o/, "$"));
    log.info(s.replace(/o/, "$x$"));
    log.info("abc".replace(/b/, "$0 $00 $1 $01 $9"));
    log.info("abc".replace(/(b)/, "$0|$00|$1|$01|$10|$11|$2|$001"));
    const many = /(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)/;
    log.info("abcdefghijk".replace(many, "$11-$10-$1-$111-$01-$12"));
    log.info("abc".replace(/(?<mid>b)/, "[$<mid>][$<none>][$<mid][$<>]"));
    log.info("abc".replace(/(b)/, "[$<mid>]"));
    log.info("2024-01-15".replace(/(?<y>\d+)-(?<m>\d+)-(?<d>\d+)/, "$<d>/$<m>/$<y> ($1)"));
    log.info("aaa".replace(/a/g, "$&$&"));
    log.info("a-b-c".replace(/-/g, "$'"));
    log.info("a-b-c".replace(/-/g, "$`"));
    log.info("x".replace(/(y)?x/, "[$1]"));
    log.info("abc".replaceAll(/b|c/g, "<$&>"));
    log.info("path/to/file".replace(/\//g, "\\"));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
