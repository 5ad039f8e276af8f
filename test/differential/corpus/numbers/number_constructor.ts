// Number(string), unary + and Number() of other values: the StringToNumber grammar exactly.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { signedZero } from "../lib/units";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const inputs = ["", "   ", "\n\t", "12", " 12 ", "12px", "\u00a012\u00a0", "\ufeff12", "\u2028 5 \u2029", "\u180e5", "0x1f", "0X1f", "-0x1f", "+0x1f", "0x", "0xg", "0b101", "0B11", "0b102", "0o17", "0O8",
      "1e3", "1E3", "1e", "1e+", ".5", "5.", ".", "-.5", "+.5", "-", "+", "Infinity", "-Infinity", "+Infinity", "infinity", "INFINITY", "NaN", "1_000", "1,5", "0.1e-6", "-0", "+0", "00", "007", "1e309", "-1e309", "1e-400", "0x1fffffffffffff1", "9007199254740993", "0.30000000000000004", "1.7976931348623158e308", " 1 2 "];
    const rows: string[] = [];
    for (const s of inputs) rows.push(`${JSON.stringify(s)}=${signedZero(Number(s))}`);
    log.info(rows.slice(0, 20).join(" "));
    log.info(rows.slice(20, 40).join(" "));
    log.info(rows.slice(40).join(" "));
    log.info(`unary: ${signedZero(+"  -0 ")} ${+"0x10"} ${+"1e2"} ${+""} ${+"x"} ${+true} ${+false}`);
    const u: string | undefined = undefined;
    const n: null = null;
    log.info(`other: ${Number(true)} ${Number(false)} ${Number(u)} ${Number(n)} ${Number()} ${Number(42)} ${signedZero(Number(-0))}`);
    log.info(`checks: ${isNaN(Number("abc"))} ${isFinite(Number("1e308"))} ${isFinite(Number("1e309"))} ${Number.isInteger(Number("5.0"))} ${Number.isSafeInteger(Number("9007199254740992"))}`);
    log.info(`round trip: ${[0.1, 1e21, 1e-7, 5e-324, 123.456, -0].map((x) => signedZero(Number(String(x)))).join(" ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
