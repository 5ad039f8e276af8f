// String comparison is by UTF-16 code units: case, length, accents, astral characters; ===.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const words = ["banana", "Apple", "apple", "", "a", "ab", "B", "Z", "é", "e", "f", "\uffff", "😀", "\ud800", "10", "9", "1", " ", "~"];
    const sorted = [...words];
    for (let i = 1; i < sorted.length; i++) {
      let j = i;
      while (j > 0 && order(sorted[j - 1]!, sorted[j]!) > 0) {
        const t = sorted[j]!;
        sorted[j] = sorted[j - 1]!;
        sorted[j - 1] = t;
        j--;
      }
    }
    log.info(JSON.stringify(sorted));
    log.info(JSON.stringify([...words].sort()));
    const pairs: [string, string][] = [["a", "a"], ["a", "A"], ["abc", "ab"], ["😀", "\uffff"], ["\u00e9", "e\u0301"], ["", ""], ["x", "x "]];
    for (const [a, b] of pairs) {
      log.info(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: === ${a === b} !== ${a !== b} < ${a < b} <= ${a <= b} > ${a > b} >= ${a >= b}`);
    }
    const built = "ab" + "c";
    const literal = "abc";
    log.info(`${built === literal} ${built + "" === literal} ${"a".length === 1}`);
    let maxWord = "";
    for (const w of words) if (w > maxWord) maxWord = w;
    log.info(`max=${JSON.stringify(maxWord)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
