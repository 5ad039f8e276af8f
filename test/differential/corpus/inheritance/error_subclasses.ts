// Error subclasses: thrown and caught, tested with instanceof (the subclass, its base, Error),
// e.message, e.name (assigned in the constructor, or Error's), String(e), fields and methods of
// the error, a subclass of a subclass, a message from undefined, uncaught ones failing closed.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],[":path","/ok"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],[":path","/uncaught"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],[":path","/plain"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "HttpError";
  }
  describe(): string {
    return `${this.status} ${this.message}`;
  }
}

class NotFound extends HttpError {
  constructor(readonly path: string) {
    super(404, `no route for ${path}`);
    this.name = "NotFound";
  }
  override describe(): string {
    return `not found: ${this.path}`;
  }
}

class Plain extends Error {}

function check(path: string): void {
  if (path === "/admin") throw new HttpError(403, "forbidden");
  if (path.startsWith("/missing")) throw new NotFound(path);
  if (path === "/bad") throw new TypeError("bad path");
}

function classify(e: Error): string {
  if (e instanceof NotFound) return `NotFound(${e.path}) status=${e.status}`;
  if (e instanceof HttpError) return `HttpError status=${e.status}`;
  if (e instanceof TypeError) return "TypeError";
  return `Error ${e.name}`;
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "";
    if (path === "/uncaught") throw new HttpError(500, "boom from a subclass");
    if (path === "/plain") throw new Plain();
    for (const p of ["/admin", "/missing/x", "/bad", "/fine"]) {
      try {
        check(p);
        log.info(`${p} ok`);
      } catch (e) {
        if (e instanceof Error) log.info(`${p}: ${classify(e)} ${e.name}|${e.message}|${String(e)}`);
        if (e instanceof HttpError) log.info(`${e.describe()} ${e instanceof Error} ${e instanceof NotFound} ${e}`);
      }
    }
    const made = new NotFound("/y");
    const asBase: HttpError = made;
    const asError: Error = made;
    log.info(`${asBase.describe()} ${asBase.status} ${asError.message} ${asError.name} ${made instanceof HttpError}`);
    const plain = new Plain();
    const withUndefined = new Plain(undefined);
    log.info(`[${plain.message}] [${plain.name}] [${String(withUndefined)}] ${plain instanceof HttpError}`);
    envoy.setRequestHeader("x-status", String(asBase.status));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
