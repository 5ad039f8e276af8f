// indexOf, lastIndexOf, includes, startsWith, endsWith with positions past the ends, empty needles and non-ASCII text.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const s = "aé😀aé😀";
    const needles = ["", "a", "é", "😀", "\ude00", "\ud83d", "é😀a", "x", "aé😀aé😀!"];
    const positions = [-5, 0, 1, 2, 3, 4, 8, 9, 100, NaN, Infinity, -Infinity, 2.5];
    for (const n of needles) {
      log.info(`${JSON.stringify(n)}: indexOf=${positions.map((p) => s.indexOf(n, p)).join(",")} last=${positions.map((p) => s.lastIndexOf(n, p)).join(",")} plain=${s.indexOf(n)}/${s.lastIndexOf(n)}`);
      log.info(`  includes=${positions.map((p) => (s.includes(n, p) ? 1 : 0)).join("")} starts=${positions.map((p) => (s.startsWith(n, p) ? 1 : 0)).join("")} ends=${positions.map((p) => (s.endsWith(n, p) ? 1 : 0)).join("")} ${s.includes(n)} ${s.startsWith(n)} ${s.endsWith(n)}`);
    }
    const long = "ab".repeat(50) + "abc" + "ab".repeat(50);
    log.info(`long: ${long.indexOf("abc")} ${long.lastIndexOf("abc")} ${long.indexOf("ababababac")} ${long.indexOf("babababababababababc")} ${long.lastIndexOf("ab", 3)} ${long.indexOf("abcab", 101)}`);
    let count = 0;
    let pos = 0;
    const hay = "la la land, la";
    while ((pos = hay.indexOf("la", pos)) !== -1) {
      count++;
      pos += 2;
    }
    log.info(`count: ${count}`);
    log.info(`empty hay: ${"".indexOf("")} ${"".indexOf("a")} ${"".lastIndexOf("")} ${"".includes("")} ${"".startsWith("")} ${"".endsWith("", 5)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
