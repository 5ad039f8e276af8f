// Errors the runtime throws carry V8's names and messages: string, number, array, JSON and recursion errors, caught and printed.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Cfg {
  n: number;
}

function recurse(n: number): number {
  return n <= 0 ? 0 : 1 + recurse(n - 1);
}

function report(label: string, f: () => void): void {
  try {
    f();
    log.info(`${label}: no error`);
  } catch (e) {
    if (e instanceof Error) log.info(`${label}: ${e.name} | ${e.message} | ${String(e)} | ${e instanceof RangeError ? "RangeError" : e instanceof TypeError ? "TypeError" : e instanceof SyntaxError ? "SyntaxError" : "Error"}`);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    report("repeat -1", () => "ab".repeat(-1));
    report("repeat Infinity", () => "ab".repeat(Infinity));
    report("repeat -0.5 (ok)", () => "ab".repeat(-0.5));
    report("repeat 1e10 of empty (ok)", () => "".repeat(1e10));
    report("fromCodePoint -1", () => String.fromCodePoint(-1));
    report("fromCodePoint 1.5", () => String.fromCodePoint(65, 1.5));
    report("fromCodePoint big", () => String.fromCodePoint(0x110000));
    report("fromCodePoint NaN", () => String.fromCodePoint(NaN));
    report("toFixed 101", () => (1).toFixed(101));
    report("toFixed -1", () => (1).toFixed(-1));
    report("toPrecision 0", () => (1).toPrecision(0));
    report("toPrecision 101", () => (1).toPrecision(101));
    report("toExponential -1", () => (1).toExponential(-1));
    report("toString 1", () => (1).toString(1));
    report("toString 37", () => (1).toString(37));
    report("reduce empty", () => ([] as number[]).reduce((a, b) => a + b));
    report("reduceRight empty", () => ([] as string[]).reduceRight((a, b) => a + b));
    report("array length", () => {
      const xs = [1];
      xs.length = -1;
    });
    report("JSON.parse syntax", () => {
      const c: Cfg = JSON.parse("{n:1}");
      return c;
    });
    report("JSON.parse type", () => {
      const c: Cfg = JSON.parse('{"n":"1"}');
      return c;
    });
    report("JSON.parse missing", () => {
      const c: Cfg = JSON.parse("{}");
      return c;
    });
    report("recursion", () => recurse(1e6));
    report("recursion ok", () => recurse(100));
    report("new Error", () => {
      throw new Error("custom message");
    });
    report("new TypeError no message", () => {
      throw new TypeError();
    });
    report("new RangeError with quote", () => {
      throw new RangeError('it "broke"\nbadly');
    });
    report("EvalError", () => {
      throw new EvalError("eval");
    });
    report("URIError", () => {
      throw new URIError("uri");
    });
    report("ReferenceError", () => {
      throw new ReferenceError("ref");
    });
    report("nested rethrow", () => {
      try {
        "x".repeat(-2);
      } catch (e) {
        if (e instanceof RangeError) throw new TypeError(`wrapped (${e.message})`);
      }
    });
    log.info(`after all: still running`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
