// Building strings in loops: +=, concat, join, repeat, mixed ASCII and non-ASCII, lengths as they grow.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    let s = "";
    const lengths: number[] = [];
    for (let i = 0; i < 40; i++) {
      s += i % 3 === 0 ? "é" : i % 3 === 1 ? "😀" : String(i);
      if (i % 8 === 0) lengths.push(s.length);
    }
    log.info(`${lengths.join(",")} ${s.length} ${s.slice(0, 12)} ${s.slice(-6)}`);
    let big = "";
    for (let i = 0; i < 2000; i++) big += "ab";
    log.info(`big: ${big.length} ${big.indexOf("ba")} ${big.lastIndexOf("ab")} ${big === "ab".repeat(2000)}`);
    let prepended = "";
    for (let i = 0; i < 10; i++) prepended = String(i) + prepended;
    log.info(`prepended: ${prepended}`);
    const parts: string[] = [];
    for (let i = 0; i < 12; i++) parts.push(String.fromCharCode(0x3b1 + i));
    log.info(`greek: ${parts.join("")} ${parts.join("").toUpperCase()}`);
    let c = "x";
    c = c.concat("y", "z");
    c = c.concat(String(1), String(true));
    c = "".concat(c, "!");
    log.info(`concat: ${c}`);
    let nested = "";
    for (let i = 0; i < 5; i++) {
      let row = "";
      for (let j = 0; j <= i; j++) row += j === i ? `${j}` : `${j},`;
      nested += `[${row}]`;
    }
    log.info(`nested: ${nested}`);
    let rev = "";
    const src = "añb😀c";
    for (let i = src.length - 1; i >= 0; i--) rev += src[i] ?? "";
    log.info(`reversed by unit: ${JSON.stringify(rev)} by point: ${[...src].reverse().join("")}`);
    let acc = "";
    for (const ch of "héllo wörld") acc = acc + (ch === " " ? "_" : ch.toUpperCase());
    log.info(`acc: ${acc}`);
    let count = 0;
    let text = "";
    while (text.length < 50) {
      text += `${count++};`;
    }
    log.info(`while: ${text} ${count}`);
    const chunks: string[] = [];
    for (let i = 0; i < big.length; i += 1500) chunks.push(big.slice(i, i + 1500));
    log.info(`chunks: ${chunks.map((ch) => ch.length).join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
