// split with a RegExp: captures spliced in, empty matches, limit, empty input.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showList } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(showList("a, b ,c,,d".split(/\s*,\s*/)));
    log.info(showList("a1b22c".split(/(\d+)/)));
    log.info(showList("a1b22c".split(/(\d)/)));
    log.info(showList("abc".split(/(?:)/)));
    log.info(showList("abc".split(/b*/)));
    log.info(showList("abc".split(/(b)/)));
    log.info(showList("".split(/,/)));
    log.info(showList("".split(/(?:)/)));
    log.info(showList("".split(/x*/)));
    log.info(showList(",a,".split(/,/)));
    log.info(showList("a,b,c,d".split(/,/, 2)));
    log.info(showList("a,b,c,d".split(/(,)/, 3)));
    log.info(showList("a,b".split(/,/, 0)));
    log.info(showList("a,b".split(/,/, -1)));
    log.info(showList("a,b,c".split(/,/, 4294967297)));
    log.info(showList("one  two\tthree\nfour".split(/\s+/)));
    log.info(showList("key=value=more".split(/=/, 2)));
    log.info(showList("abab".split(/a/)));
    log.info(showList("A<B>bold</B>and<CODE>coded</CODE>".split(/<\/?([A-Z]+)>/)));
    log.info(showList("test".split(/(?=s)/)));
    log.info(showList("x\u2028y".split(/$/m)));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
