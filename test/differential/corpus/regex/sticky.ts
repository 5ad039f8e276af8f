// The y flag: a match must start exactly at lastIndex; a failure resets lastIndex to 0.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showAll, showList, showMatch } from "../lib/regex_show";

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(\d+|[a-z]+|[+*()-])/y;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input)) !== null) tokens.push(m[1] ?? "?");
  tokens.push(`end@${re.lastIndex}`);
  return tokens;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const re = /foo/y;
    log.info(`${re.test("foofoo bar")} ${re.lastIndex} ${re.test("foofoo bar")} ${re.lastIndex} ${re.test("foofoo bar")} ${re.lastIndex}`);
    re.lastIndex = 1;
    log.info(`${showMatch(re.exec("xfoo"))} ${re.lastIndex} ${showMatch(re.exec("xfoo"))} ${re.lastIndex}`);
    log.info(tokenize("12 + ab*(3-x)").join(","));
    log.info(tokenize("1 + $").join(","));
    const gy = /a/gy;
    log.info(showAll("aaba".match(gy)));
    log.info(`${"aaba".replace(/a/gy, "X")} ${"baaa".replace(/a/gy, "X")} ${"aaba".replace(/a/y, "X")}`);
    const s = /b/y;
    s.lastIndex = 2;
    log.info(`${"aab".search(s)} ${s.lastIndex} ${"ab".search(/b/y)}`);
    log.info(showList("a,b,,c".split(/,/y)));
    const anchored = /^a/my;
    anchored.lastIndex = 2;
    log.info(`${anchored.test("b\na")} ${anchored.lastIndex}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
