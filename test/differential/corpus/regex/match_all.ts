// String.prototype.matchAll: every match with its groups, index and input; empty matches advance (by code point with u); starts at lastIndex of a copy; non-global throws TypeError.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    for (const m of "a1b22c333".matchAll(/([a-z])(\d+)/g)) log.info(`${m[0]} ${m[1]} ${m[2]} at ${m.index} of ${m.input} (${m.length})`);
    const cookies = "sid=abc; theme=dark; lang=en";
    const pairs = Array.from(cookies.matchAll(/(\w+)=(\w+)/g), (m) => `${m[1]}->${m[2]}`);
    log.info(`Array.from: ${pairs.join(", ")}`);
    const empties = [..."abc".matchAll(/x*/g)];
    log.info(`empty matches: ${empties.length} at ${empties.map((m) => m.index).join(",")}`);
    const unicode = [..."😀é😀".matchAll(/(?:)/gu)].map((m) => m.index);
    const units = [..."😀é".matchAll(/(?:)/g)].map((m) => m.index);
    log.info(`advance: u=${unicode.join(",")} no u=${units.join(",")}`);
    const re = /a/g;
    re.lastIndex = 2;
    const fromTwo = [..."aaaa".matchAll(re)];
    log.info(`from lastIndex: ${fromTwo.length} ${fromTwo.map((m) => m.index).join(",")} lastIndex still ${re.lastIndex}`);
    for (const m of "ab".matchAll(/(a)|(b)/g)) log.info(`optional groups: ${m[1] === undefined} ${m[2] === undefined} ${m.join("|")}`);
    log.info(`sticky: ${[..."aab".matchAll(/a/gy)].length} none: ${[..."xyz".matchAll(/\d/g)].length}`);
    try {
      const plain = /a/;
      log.info(`${[..."a".matchAll(plain)].length}`);
    } catch (e) {
      log.info(`non-global: ${e instanceof TypeError} ${String(e)}`);
    }
    let total = 0;
    for (const m of "n=1 n=20 n=300".matchAll(/n=(\d+)/g)) total += Number(m[1]);
    log.info(`sum: ${total}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
