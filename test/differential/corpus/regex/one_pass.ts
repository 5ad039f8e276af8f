// Anchored patterns that run as one-pass tables on ASCII input (compiler/regex/onepass.ts), and the
// same patterns on input with a wider char, which the general matcher runs: captures of
// alternations, lazy and greedy quantifiers, empty matches, lastIndex with g and y, u and i.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";
import { showAll, showList, showMatch } from "../lib/regex_show";

const API = /^\/api\/v(\d+)(?:\/|$)/;
const BEARER = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i;

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    for (const p of [path, "/api/v12", "/api/v", "/api/v3x", "/api/v٣/", "/api/v7/é"]) log.info(`${p}: ${showMatch(API.exec(p))}`);
    for (const a of ["Bearer abc_1.def-2", "bearer \t a.b", "Bearer a.b.c", "Bearer\u00a0a.b", "BEARER x.y "]) log.info(showMatch(BEARER.exec(a)));
    for (const s of ["abcab", "cba", "x", "aé"]) log.info(`${showMatch(/^(?:(a)|(b)|(c))+/.exec(s))} ${showMatch(/^(?:(a)|b)+/.exec(s))}`);
    for (const s of ["ab-12x", "-1", "a-", "ab"]) log.info(showMatch(/^(\w+?)-(\d*)/.exec(s)));
    for (const s of ["aab", "aac", "b", "aaé"]) log.info(`${showMatch(/^(a+)(b)?/.exec(s))} ${showMatch(/^(a+?)/.exec(s))} ${showMatch(/^(a+?)$/.exec(s))}`);
    log.info(`${showAll("aab".match(/^a*/g))} ${"aab".replace(/^a*?/g, "<$&>")} ${showList("aab".split(/^a/))} ${"xaa".search(/^a/)}`);
    const sticky = /(a)(b)?/y;
    log.info(`${showMatch(sticky.exec("abaab"))} ${sticky.lastIndex} ${showMatch(sticky.exec("abaab"))} ${sticky.lastIndex} ${showMatch(sticky.exec("abaab"))} ${sticky.lastIndex}`);
    const global = /^a/g;
    log.info(`${global.test("aa")} ${global.lastIndex} ${global.test("aa")} ${global.lastIndex}`);
    log.info(`${showAll("abc".match(/a|b/gy))} ${"cab".replace(/a|b/gy, "X")}`);
    log.info(`${showMatch(/^(.)(.)$/u.exec("ab"))} ${showMatch(/^(.)(.)$/u.exec("a😀"))} ${/^[k]+$/iu.test("kK")} ${/^[k]+$/iu.test("k\u212a")}`);
    log.info(`${showMatch(/^([a-z]+)=(\d+)$/i.exec("Key=42"))} ${showMatch(/^x(?:|y)z/.exec("xyz"))} ${showMatch(/^(?:ab|cd)+?$/.exec("abcd"))}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
