// switch: grouped cases, default in the middle (falls through to later cases), string and number discriminants, === matching.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function classify(code: number): string {
  switch (Math.floor(code / 100)) {
    case 1:
    case 3:
      return "info-or-redirect";
    case 2:
      return "ok";
    case 4: {
      if (code === 404) return "not found";
      return "client";
    }
    default:
      return "other";
    case 5:
      return "server";
  }
}

function middleDefault(x: string): string {
  const out: string[] = [];
  switch (x) {
    case "a":
      out.push("A");
      break;
    default:
      out.push("D");
      break;
    case "b":
    case "bb":
      out.push("B");
      break;
    case "c":
      out.push("C");
  }
  return out.join("");
}

function numberMatch(v: number): string {
  switch (v) {
    case 0:
      return "zero";
    case NaN:
      return "nan-case";
    case 0.30000000000000004:
      return "float";
    case -1:
      return "minus one";
    default:
      return `default(${v})`;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info([100, 200, 204, 301, 404, 418, 500, 503, 600, 99].map(classify).join(" | "));
    log.info(["a", "b", "c", "z", ""].map((s) => `${s}:${middleDefault(s)}`).join(" "));
    log.info([0, -0, NaN, 0.1 + 0.2, -1, 1].map(numberMatch).join(" | "));
    let trace = "";
    for (let i = 0; i < 5; i++) {
      switch (i % 3) {
        case 0:
          trace += "z";
          continue;
        case 1:
          trace += "o";
          break;
        default:
          trace += "t";
      }
      trace += i;
    }
    log.info(trace);
    const evalLog: string[] = [];
    const probe = (v: string) => {
      evalLog.push(v);
      return v;
    };
    switch (probe("b")) {
      case probe("a"):
        evalLog.push("matched a");
        break;
      case probe("b"):
        evalLog.push("matched b");
        break;
      case probe("c"):
        evalLog.push("matched c");
        break;
    }
    log.info(evalLog.join(","));
    const grade = (score: number) => {
      switch (true) {
        case score >= 90:
          return "A";
        case score >= 80:
          return "B";
        default:
          return "F";
      }
    };
    log.info([95, 85, 10].map(grade).join(""));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
