// Library methods given an explicit undefined, or a number | undefined value, where a number is optional: undefined means absent.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function maybe(n: number): number | undefined {
  return n < 0 ? undefined : n;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const s = "héllo wörld";
    for (const v of [maybe(-1), maybe(0), maybe(3), maybe(100)]) {
      log.info(`v=${v}: slice=${s.slice(2, v)} substring=${s.substring(2, v)} endsWith=${s.endsWith("l", v)} split=${JSON.stringify(s.split("l", v))} at=${s.at(v ?? 1)}`);
      log.info(`  indexOf=${s.indexOf("l", v)} lastIndexOf=${s.lastIndexOf("l", v)} includes=${s.includes("h", v)} startsWith=${s.startsWith("l", v)} charAt=${s.charAt(v ?? 0)} code=${s.charCodeAt(v ?? 1)} point=${s.codePointAt(v ?? 2)}`);
      log.info(`  pad=[${"x".padStart(v ?? 4, "-")}] repeat=${"ab".repeat(v ?? 2).length}`);
      const xs = [0, 1, 2, 3, 4, 5];
      log.info(`  array slice=${xs.slice(1, v).join("")} fill=${[0, 0, 0, 0].fill(7, 1, v).join("")} indexOf=${xs.indexOf(3, v)} lastIndexOf=${xs.lastIndexOf(3, v)} includes=${xs.includes(0, v)}`);
      const n = 255.5;
      log.info(`  toPrecision=${n.toPrecision(v === 0 ? undefined : v)} toExponential=${n.toExponential(v)} toFixed=${n.toFixed(v)} toString=${n.toString(v === 0 || v === 3 ? undefined : 16)} parseInt=${parseInt("ff", v === 3 ? 16 : v)}`);
      log.info(`  math=${Math.round(v ?? NaN)} ${Math.max(v ?? -1, 2)} ${Math.abs(v ?? -5)}`);
    }
    log.info(`literal undefined: ${s.slice(1, undefined)} ${s.substring(3, undefined)} ${s.endsWith("d", undefined)} ${JSON.stringify("a,b,c".split(",", undefined))} ${s.indexOf("l", undefined)} ${s.lastIndexOf("l", undefined)}`);
    log.info(`literal undefined 2: ${[1, 2, 3].slice(undefined, undefined).join("")} ${[1, 2, 3].fill(0, undefined, undefined).join("")} ${(1.5).toPrecision(undefined)} ${(1.5).toExponential(undefined)} ${(1.5).toFixed(undefined)} ${(255).toString(undefined)} ${[1, 2, 1].lastIndexOf(1, undefined)} ${[1, 2, 1].indexOf(1, undefined)}`);
    const a1 = [0, 1, 2, 3];
    const a2 = [0, 1, 2, 3];
    log.info(`splice undefined count: ${a1.splice(1, undefined).length} ${a1.join("")} / ${a2.splice(1).length} ${a2.join("")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
