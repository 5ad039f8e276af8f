// Building strings without string methods: padding, repetition, reversal, run-length encoding.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function pad(s: string, width: number, fill: string): string {
  let out = s;
  while (out.length < width) out = fill + out;
  return out;
}

function repeat(s: string, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += s;
  return out;
}

function rle(s: string): string {
  let out = "";
  let prev = "";
  let run = 0;
  for (const ch of s) {
    if (ch === prev) {
      run++;
    } else {
      if (run > 0) out += `${run}${prev}`;
      prev = ch;
      run = 1;
    }
  }
  if (run > 0) out += `${run}${prev}`;
  return out;
}

function digitsOf(n: number): string {
  const names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
  const out: string[] = [];
  for (const ch of String(n)) {
    const d = Number(ch);
    out.push(Number.isNaN(d) ? ch : names[d] ?? "?");
  }
  return out.join("-");
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    for (const n of [1, 42, 1234, -5, 0.5]) log.info(`[${pad(String(n), 6, "0")}] [${pad(String(n), 6, " ")}]`);
    log.info(repeat("ab", 5) + "|" + repeat("😀", 3) + "|" + repeat("x", 0) + "|");
    log.info(`${rle("aaabccddddde")} ${rle("😀😀x")} ${rle("")} ${rle("z")}`);
    log.info(`${digitsOf(1990)} ${digitsOf(-3.5)} ${digitsOf(1e21)}`);
    const rows: string[] = [];
    for (let i = 1; i <= 4; i++) rows.push(repeat(" ", 4 - i) + repeat("*", 2 * i - 1));
    for (const r of rows) log.info(`|${r}|`);
    let csv = "";
    const table = [["id", "name"], ["1", "a,b"], ["2", 'q"t']];
    for (const row of table) {
      const cells = row.map((c) => {
        let needsQuote = false;
        for (const ch of c) if (ch === "," || ch === '"') needsQuote = true;
        if (!needsQuote) return c;
        let escaped = "";
        for (const ch of c) escaped += ch === '"' ? '""' : ch;
        return `"${escaped}"`;
      });
      csv += cells.join(",") + ";";
    }
    log.info(csv);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
