// search ignores and restores lastIndex; match without g behaves as exec; match with g collects strings.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { showAll, showList, showMatch } from "../lib/regex_show";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const g = /b/g;
    g.lastIndex = 3;
    log.info(`${"abcb".search(g)} ${g.lastIndex}`);
    log.info(`${"abc".search(/c/)} ${"abc".search(/x/)} ${"".search(/(?:)/)} ${"ab😀".search(/\ude00/)} ${"ab😀".search(/\ude00/u)}`);
    const m = /(\d+)/g;
    m.lastIndex = 2;
    log.info(`${showAll("1 22 333".match(m))} ${m.lastIndex}`);
    const single = /(\d)(\d)?/;
    log.info(showMatch("x12y".match(single)));
    log.info(showMatch("x1y".match(single)));
    log.info(showMatch("xy".match(single)));
    const sticky = /a/y;
    log.info(`${showMatch("ba".match(sticky))} ${sticky.lastIndex}`);
    const all = "k1=v1;k2=v2".match(/\w+=\w+/g);
    if (all !== null) {
      log.info(`${all[0]} ${all.slice(1).join("|")} ${all.length}`);
      for (const item of all) log.info(item.toUpperCase());
      log.info(all.map((x) => x.length).join(","));
    }
    const r = /(a)(b)?/.exec("a");
    if (r !== null) {
      log.info(`${r.length} ${r.join("/")} ${String(r)} ${JSON.stringify(r)}`);
    }
    const full = /(a)(b)/.exec("xab");
    if (full !== null) log.info(`${full.slice(1).map((x) => x.toUpperCase()).join(",")} ${full.indexOf("b")} ${full.includes("ab")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
