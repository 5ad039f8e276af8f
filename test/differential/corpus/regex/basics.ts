// RegExp basics: test, exec with captures, index and input, match returning null, flags and source.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function show(m: RegExpExecArray | null): string {
  if (m === null) return "null";
  const parts: string[] = [];
  for (let i = 0; i < m.length; i++) {
    const g = m[i];
    parts.push(g === undefined ? "undefined" : JSON.stringify(g));
  }
  return `[${parts.join(",")}] index=${m.index} input=${JSON.stringify(m.input)}`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`${/abc/.test("xxabcxx")} ${/abc/.test("ab")} ${/^abc$/.test("abc")} ${/^abc$/.test("abcd")}`);
    log.info(show(/(\d+)-(\d+)/.exec("range: 10-200 ok")));
    log.info(show(/(a)|(b)/.exec("b")));
    log.info(show(/x/.exec("abc")));
    log.info(show(/(?:)/.exec("")));
    log.info(show(/^\/api\/v(\d+)\/(\w+)/.exec("/api/v2/users/7")));
    const re = /a+b/gi;
    log.info(`${re.source} ${re.flags} ${re.global} ${re.ignoreCase} ${re.multiline} ${re.sticky} ${re.lastIndex}`);
    log.info(`${/x/ysmiu.flags} ${/[/]\//.source}`);
    const m = "key=value".match(/(\w+)=(\w*)/);
    if (m) {
      const [all, key, value] = m;
      log.info(`${all} ${key} ${value} ${m.index}`);
    }
    log.info(String("nope".match(/z/)));
    log.info(`${"hello world".search(/o/)} ${"hello".search(/z/)} ${"abc".search(/$/)}`);
    log.info(`${/[a-c]+/.exec("xxbcay")?.[0]} ${/[^a-c]+/.exec("abxyc")?.[0]} ${"a \t\n b".search(/\s+/)}`);
    log.info(`${/\d\D\w\W\s\S/.test("1a_ \t.")} ${/./.test("\n")} ${/./s.test("\n")} ${/a.c/.test("a\u2028c")} ${/a.c/s.test("a\u2028c")}`);
    const shown = /a\/b[/]/gi;
    log.info(`${typeof shown} ${String(shown)} ${shown} ${JSON.stringify({ r: shown, m: /(x)(y)?/.exec("x") })} ${String(/(x)(y)?/.exec("x"))}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
