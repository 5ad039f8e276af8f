// + concatenation and template literals: conversions of numbers, booleans, null, undefined, arrays.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const n = 7;
    const t = true;
    const nil = null;
    const und = undefined;
    log.info(1 + 2 + "3");
    log.info("1" + 2 + 3);
    log.info("1" + (2 + 3));
    log.info(n + n + "" + n + n);
    log.info("" + t + nil + und + -0 + NaN + 1e21 + 0.1);
    log.info(`${nil}|${und}|${t}|${!t}|${-0}|${[1, 2, 3]}|${[]}|${[[1, 2], [3]]}|${["a", null, undefined, "b"]}`);
    log.info(`${`${`${n}`}`}-${n > 5 ? `big${n}` : "small"}-${"`"}-\${n}-${"\\"}`);
    log.info(`a\tb` + "|" + `line1\\nline2`);
    const parts = ["x", "y", "z"];
    let acc = "";
    for (const p of parts) acc = acc + p + acc;
    log.info(`${acc} ${acc.length}`);
    const num = 12;
    const str = "12";
    log.info(`${num + 1} ${str + 1} ${+str + 1} ${num + +str} ${String(num) === str}`);
    const nested: number[][] = [[1], [2, [3].length], []];
    log.info("nested=" + nested + ";" + String(nested) + ";" + nested.join("|"));
    const emoji = "😀";
    log.info(emoji + emoji + " " + (emoji + emoji).length + " " + `${emoji}`.length);
    let long = "";
    for (let i = 0; i < 30; i++) long += i % 10;
    log.info(long);
    const maybe: string | undefined = parts.length > 5 ? "yes" : undefined;
    log.info("maybe=" + maybe + " " + `${maybe}` + " " + (maybe ?? "none"));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
