// parseInt and parseFloat on odd strings: whitespace kinds, prefixes, partial numbers, radixes.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const inputs = ["", " ", "12", "  12px", "\t\n12\r", "\u00a012", "\ufeff12", "\u200b12", "\u3000-7", "\u202f3", "0x1f", "0X1F", "-0x10", "0x", "0b101", "0o17", "1e3",
      "1e", "1.5e+", ".5", "5.", "-.5", "+5", "++5", "-", "Infinity", "-Infinity", "infinity", "+Infinity", "NaN", "1_000", "1,000", "١٢", "12\u00a0", "0.0000001", "1e-7", "9".repeat(400), "-0", "00017", "08", "3.99", "-3.99"];
    for (const s of inputs) {
      log.info(`${JSON.stringify(s.length > 40 ? s.slice(0, 8) + "..." : s)}: int=${parseInt(s)} int16=${parseInt(s, 16)} int2=${parseInt(s, 2)} int36=${parseInt(s, 36)} float=${parseFloat(s)}`);
    }
    const radixes = [0, 1, 2, 8, 10, 16, 36, 37, -1, 16.9, 2 ** 32 + 16, NaN, Infinity];
    log.info(`radixes ff: ${radixes.map((r) => parseInt("ff", r)).join(" ")}`);
    log.info(`radixes 0x10: ${radixes.map((r) => parseInt("0x10", r)).join(" ")}`);
    log.info(`radixes 777: ${radixes.map((r) => parseInt("777", r)).join(" ")}`);
    log.info(`big: ${parseInt("123456789012345678901234567890", 10)} ${parseInt("zzzzzzzzzzzzzz", 36)} ${parseInt("1".repeat(70), 2)} ${parseInt("fffffffffffffffff", 16)} ${parseInt("7".repeat(30), 8)} ${parseInt("12345678901234567890", 7)}`);
    log.info(`float: ${parseFloat("3.14abc")} ${parseFloat("1e1000")} ${parseFloat("-1e-1000")} ${parseFloat("0x10")} ${parseFloat("1.7976931348623159e308")} ${parseFloat("2.4703282292062327e-324")} ${parseFloat("2.4703282292062328e-324")} ${parseFloat("  .e1")} ${parseFloat("Infinityx")}`);
    log.info(`Number.parse: ${Number.parseInt("42px")} ${Number.parseFloat("4.2e1px")}`);
    log.info(`nonstring: ${parseInt(String(1e21))} ${parseInt(String(0.0000005))} ${parseFloat(String(-0))} ${parseInt(String(null))} ${parseInt("null", 36)} ${parseInt(String(undefined), 36)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
