// s += x grows the string in place only while no other variable holds it: every copy made before an
// append (alias, array, object, Map, Set, closure, parameter, header) keeps its value.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Box {
  v: string;
}

function grow(p: string, n: number): string {
  for (let i = 0; i < n; i++) p += ".";
  return p;
}

function suffixed(p: string): string {
  p = p + "!";
  p += "?";
  return p;
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    // Aliases, before and after appends.
    let s = "ab";
    s += "c";
    const a = s;
    s += "d";
    s += "e";
    let b = s;
    s += "f";
    b += "g";
    log.info(`alias: ${a} ${b} ${s}`);

    // Snapshots in an array, an object, a Map key and value, a Set, a tuple, while the string grows.
    let t = "";
    const snaps: string[] = [];
    const boxes: Box[] = [];
    const m = new Map<string, string>();
    const set = new Set<string>();
    for (let i = 0; i < 12; i++) {
      t += String.fromCharCode(97 + i);
      if (i % 3 === 0) snaps.push(t);
      if (i % 4 === 1) boxes.push({ v: t });
      if (i % 5 === 2) m.set(t, t);
      if (i === 7) set.add(t);
    }
    const pair: [string, number] = [t, t.length];
    t += "#";
    snaps[0] += "+";
    log.info(`snaps: ${snaps.join(",")} boxes: ${boxes.map((x) => x.v).join(",")} t=${t} pair=${pair[0]}/${pair[1]}`);
    log.info(`map: ${[...m.entries()].map(([k, v]) => `${k}=${v}`).join(";")} set: ${[...set].join(",")} has abcdefgh: ${set.has("abcdefgh")}`);

    // Closures: one capturing a copy, one the variable itself.
    let c = "x";
    c += "y";
    const copy = c;
    const seesCopy = (): string => copy;
    let live = "l";
    const seesLive = (): string => live;
    for (let i = 0; i < 4; i++) {
      c += String(i);
      live += String(i);
    }
    log.info(`closures: ${seesCopy()} ${c} ${seesLive()}`);

    // Value of the append used: it escapes, later appends leave it alone.
    let v = "v";
    v += "1";
    const used = (v += "2");
    v += "3";
    const usedToo = (v = v + "4");
    v += "5";
    log.info(`used: ${used} ${usedToo} ${v}`);

    // Alternating appends to two strings, swapped halfway.
    let p = "";
    let q = "";
    for (let i = 0; i < 20; i++) {
      p += "p";
      q += "q";
      if (i === 9) {
        const keep = p;
        p = q;
        q = keep;
      }
    }
    log.info(`alternating: ${p} ${q}`);

    // Nested loops, the inner string pushed each row.
    const rows: string[] = [];
    let grid = "";
    for (let r = 0; r < 4; r++) {
      let row = "";
      for (let k = 0; k <= r; k++) row += `${r}${k} `;
      rows.push(row);
      grid += row + "|";
    }
    log.info(`nested: ${rows.join("/")} ${grid}`);

    // Wide pieces on narrow strings and back, with aliases at each width.
    let w = "ascii";
    const narrow = w;
    w += "é";
    const wideAlias = w;
    w += "abc";
    w += "😀";
    w = w + "z" + "é";
    for (let i = 0; i < 5; i++) w += i % 2 === 0 ? "ü" : "u";
    log.info(`wide: ${narrow} ${wideAlias} ${w} ${w.length} ${JSON.stringify(w)}`);
    let fromWide = "é";
    fromWide += "abc";
    log.info(`from wide: ${fromWide} ${fromWide === "éabc"} ${fromWide.length}`);

    // Templates, s = s + ..., self-appends, join.
    let tpl = "";
    for (let i = 0; i < 6; i++) tpl += `${i}:${tpl.length};`;
    let plus = "";
    for (let i = 0; i < 6; i++) plus = plus + i + ",";
    let self = "ab";
    for (let i = 0; i < 4; i++) self += self;
    let joined = ["x", "y"].join("-");
    joined += [1, 2, 3].join("+");
    const parts = [joined, tpl];
    joined += "!";
    log.info(`tpl: ${tpl} plus: ${plus} self: ${self.length} ${self.slice(0, 6)} joined: ${joined} ${parts.join(" ")}`);

    // Parameters appended to inside a function: the caller's string is unchanged.
    const base = "base";
    const grown = grow(base, 3);
    let mine = "m";
    mine += "n";
    const passed = grow(mine, 2);
    mine += "o";
    log.info(`params: ${base} ${grown} ${mine} ${passed} ${suffixed(mine)} ${mine}`);

    // Headers set from a string that then grows: each value as it was when set.
    let h = "v";
    for (let i = 0; i < 3; i++) h += String(i);
    envoy.setRequestHeader("x-built", h);
    h += "-more";
    envoy.setRequestHeader("x-built-more", h);
    log.info(`header: ${envoy.getRequestHeaderValue("x-built")} ${envoy.getRequestHeaderValue("x-built-more")} ${h}`);

    // try/catch: an alias made before a throw keeps its value when the catch appends.
    let caught = "try";
    let saved = "";
    try {
      caught += "-in";
      saved = caught;
      throw new Error("boom");
    } catch (e) {
      caught += "-caught";
    }
    caught += "-after";
    log.info(`try: ${saved} ${caught}`);

    // A long build with reads of the length only, then a check against repeat.
    let long = "";
    while (long.length < 3000) long += "ab";
    const half = long.slice(0, 1500);
    long += "end";
    log.info(`long: ${long.length} ${half.length} ${long.startsWith("abab")} ${long.endsWith("abend")} ${long.slice(0, 3000) === "ab".repeat(1500)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
