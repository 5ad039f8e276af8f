// Array patterns over strings iterate code points, as in JS: elements, rest elements, defaults, assignments and for..of.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function initials(name: string): string {
  const [first, ...rest] = name;
  return `${first}:${rest.length}:${rest.join("")}`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const [a, b, ...rest] = "😀héllo";
    const [none] = "";
    log.info(`none: ${none} ${typeof none} ${none ?? "fallback"}`);
    log.info(`${a} ${b} ${JSON.stringify(rest)} ${rest.length}`);
    log.info(`${initials("Ada")} ${initials("ß")} ${initials("𝒳y")}`);
    const [, second = "none", third = "none"] = "xy";
    log.info(`skip and defaults: ${second} ${third}`);
    let head: string | undefined = "";
    let tail: string[] = [];
    [head, ...tail] = "a😀c";
    log.info(`assigned: ${head} ${JSON.stringify(tail)}`);
    const [...all] = "";
    log.info(`empty: ${all.length}`);
    for (const [k, ...more] of ["key=1", "😀😀"]) log.info(`for..of: ${k} ${more.join("")}`);
    const [x, y] = "\ud83d\ude00\ud83d";
    log.info(`lone surrogate: ${x?.length} ${y?.length} ${y?.charCodeAt(0)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
