// Formatting of small magnitudes: the 1e-7 boundary, subnormals, repeated division, negative zero.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function fmt(label: string, v: number): void {
  log.info(`${label}: ${v} ${String(-v)} ${[v, v * 10].join("/")} ${JSON.stringify(v)}`);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    fmt("1e-6", 1e-6);
    fmt("9.99e-7", 9.99e-7);
    fmt("1e-7", 1e-7);
    fmt("1.0000001e-7", 1.0000001e-7);
    fmt("min", Number.MIN_VALUE);
    fmt("min*3", Number.MIN_VALUE * 3);
    fmt("eps", Number.EPSILON);
    fmt("2^-1022", 2 ** -1022);
    fmt("2^-1074", 2 ** -1074);
    fmt("2^-1075", 2 ** -1075);
    fmt("0.000123", 0.000123);
    fmt("1/7", 1 / 7);
    fmt("1/1024", 1 / 1024);
    let x = 1;
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      x /= 7;
      seen.push(String(x));
    }
    log.info(seen.join(" "));
    let y = 123.456;
    for (let i = 0; i < 10; i++) {
      y /= 10;
      log.info(`y${i}=${y}`);
    }
    const tiny = 5e-324;
    log.info(`${tiny / 2} ${-tiny / 2} ${1 / (-tiny / 2)} ${tiny * 2 === 1e-323} ${tiny - tiny}`);
    log.info(`${0.1 ** 10} ${0.5 ** 30} ${2 ** -20} ${1e-300 * 1e-300} ${-1e-300 * 1e-300}`);
    log.info(`${1 / 3e-7} ${3e-7 * 1e7} ${0.0000035} ${0.00000035} ${-0.0000001}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
