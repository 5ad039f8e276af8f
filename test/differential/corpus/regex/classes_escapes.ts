// Character classes, ranges, negation, escapes (\t \n \x \u \c \0, octal-free), and classes with escapes inside.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showAll, showList, showMatch } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(showAll("a-b_c.d/e".match(/[\w-]+/g)));
    log.info(showAll("a]b[c^d\\e".match(/[\]\[^\\]/g)));
    log.info(showAll("ab-cd".match(/[a-]/g)));
    log.info(showAll("x1y2".match(/[^\d]/g)));
    log.info(showAll("tab\there\nnew".match(/[\t\n]/g)));
    log.info(`${/\x41\u0042\u{43}/u.test("ABC")} ${/\x41\u0042/.test("AB")} ${/\cJ/.test("\n")} ${/\0/.test("\u0000")}`);
    log.info(`${/[\b]/.test("\b")} ${/\//.test("/")} ${/\./.test("a")} ${/[.]/.test(".")} ${/\$\^\*\+\?/.test("$^*+?")}`);
    log.info(`${/[\s\S]/.test("\n")} ${/[^\s\S]/.test("x")} ${/[]/.test("x")} ${/[^]/.test("\n")} ${/[\d-z]/.test("-")}`);
    log.info(showMatch(/[α-ω]+/.exec("λόγος")));
    log.info(showMatch(/[À-ÿ]+/i.exec("ÉCOLE")));
    log.info(showMatch(/\p{L}+/u.exec("123 Ünïcödé!")));
    log.info(showMatch(/\p{Script=Greek}+/u.exec("abc αβγ")));
    log.info(showMatch(/\P{L}+/u.exec("abc123def")));
    log.info(showMatch(/[\p{N}\p{Lu}]+/u.exec("abcD3Ef")));
    log.info(showMatch(/\p{Lu}/iu.exec("abc")));
    log.info(showMatch(/[^\p{L}]/u.exec("ab😀")));
    log.info(showMatch(/\p{Emoji_Presentation}/u.exec("a😀")));
    log.info(showMatch(/a{,2}/.exec("a{,2}")));
    log.info(showMatch(/x{2,1/.exec("x{2,1")));
    log.info(showMatch(/]/.exec("a]")));
    log.info(showMatch(/\k/.exec("k")));
    log.info(showMatch(/[\u{1F600}]/u.exec("😀")));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
