// lastIndex with g: test and exec advance it, a failure resets it to 0; without g or y it is ignored.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showMatch } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const re = /o/g;
    const s = "foo boo";
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) seen.push(`${re.test(s)}:${re.lastIndex}`);
    log.info(seen.join(" "));
    const words = /(\w)(\w*)/g;
    let m: RegExpExecArray | null;
    const found: string[] = [];
    while ((m = words.exec("alpha beta  gamma")) !== null) found.push(`${m[1]}|${m[2]}@${m.index}->${words.lastIndex}`);
    log.info(found.join(" "));
    const plain = /o/;
    plain.lastIndex = 5;
    log.info(`${showMatch(plain.exec(s))} ${plain.lastIndex}`);
    const far = /o/g;
    far.lastIndex = 100;
    log.info(`${far.test(s)} ${far.lastIndex}`);
    far.lastIndex = -3;
    log.info(`${showMatch(far.exec(s))} ${far.lastIndex}`);
    far.lastIndex = 2.7;
    log.info(`${showMatch(far.exec(s))} ${far.lastIndex}`);
    far.lastIndex = NaN;
    log.info(`${showMatch(far.exec(s))} ${far.lastIndex}`);
    const empty = /a*/g;
    const positions: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = empty.exec("baa");
      positions.push(`${showMatch(e)}:${empty.lastIndex}`);
      if (e !== null && e[0] === "") empty.lastIndex = empty.lastIndex + 1;
    }
    log.info(positions.join(" "));
    const shared = /x/g;
    log.info(`${shared.test("x")} ${shared.test("x")} ${shared.test("x")}`);
    log.info(`${(shared.lastIndex = 7)} ${shared.lastIndex}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
