// Error classes: name, message, String(e), instanceof across the hierarchy, empty messages, errors as values.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function describe(e: Error): string {
  const kinds = [
    e instanceof TypeError ? "Type" : "",
    e instanceof RangeError ? "Range" : "",
    e instanceof SyntaxError ? "Syntax" : "",
    e instanceof ReferenceError ? "Reference" : "",
    e instanceof EvalError ? "Eval" : "",
    e instanceof URIError ? "URI" : "",
    e instanceof Error ? "Error" : "",
  ].filter((k) => k !== "");
  return `name=${e.name} message=${JSON.stringify(e.message)} str=${String(e)} toString=${e.toString()} is=${kinds.join("+")}`;
}

function thrower(kind: number): void {
  switch (kind) {
    case 0:
      throw new Error("plain");
    case 1:
      throw new TypeError("bad type");
    case 2:
      throw new RangeError("out of range: " + kind);
    case 3:
      throw new SyntaxError("");
    case 4:
      throw new ReferenceError("ref");
    case 5:
      throw new EvalError("eval");
    default:
      throw new URIError(`uri ${kind}`);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const errors: Error[] = [new Error(), new Error(""), new Error("m"), new TypeError(), new RangeError("r"), new SyntaxError("s\nline2"), new Error("quote\"d é")];
    for (const e of errors) log.info(describe(e));
    for (let k = 0; k <= 6; k++) {
      try {
        thrower(k);
      } catch (e) {
        if (e instanceof RangeError) log.info(`range branch: ${e.message}`);
        else if (e instanceof TypeError) log.info(`type branch: ${e.message}`);
        else if (e instanceof Error) log.info(`generic: ${describe(e)}`);
      }
    }
    const saved: Error[] = [];
    for (let k = 0; k < 3; k++) {
      try {
        thrower(k);
      } catch (e) {
        if (e instanceof Error) saved.push(e);
      }
    }
    log.info(saved.map((e) => e.name).join(","));
    log.info(`${saved[1] instanceof TypeError} ${saved[0] instanceof TypeError} ${saved[2] === saved[2]} ${saved[0] === saved[1]}`);
    const e = new Error("changed");
    log.info(`${String(e)} ${JSON.stringify(e)} ${JSON.stringify({ err: e, ok: 1 })}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
