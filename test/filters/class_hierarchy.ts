/**
 * Test filter: a filter class extending an abstract base filter (inherited hook), a rule
 * hierarchy dispatched through the base type, static constants, getters, #private state, and an
 * Error subclass caught (turned into a local reply) or left uncaught (x-mode header).
 */
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "HttpError";
  }
}

class Forbidden extends HttpError {
  constructor(readonly path: string) {
    super(403, `no access to ${path}`);
    this.name = "Forbidden";
  }
}

abstract class Rule {
  static readonly prefix = "x-rule";
  constructor(readonly id: string) {}
  abstract matches(path: string): boolean;
  get label(): string {
    return `${Rule.prefix}-${this.id}`;
  }
}

class PrefixRule extends Rule {
  constructor(id: string, private readonly start: string) {
    super(id);
  }
  matches(path: string): boolean {
    return path.startsWith(this.start);
  }
}

class ExactRule extends PrefixRule {
  override matches(path: string): boolean {
    return super.matches(path) && path.length === 4;
  }
}

abstract class BaseFilter implements HttpFilter {
  #seen = 0;
  protected path = "";
  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    this.#seen++;
    this.path = envoy.getRequestHeaderValue(":path") ?? "";
    try {
      this.check(envoy.getRequestHeaderValue("x-mode") ?? "");
    } catch (e) {
      if (e instanceof HttpError) {
        envoy.sendResponse(e.status, [["x-error", `${e}`]], `${e.message}\n`, "class_hierarchy_denied");
        return RequestHeadersStatus.StopIteration;
      }
      throw e;
    }
    return RequestHeadersStatus.Continue;
  }
  protected get seen(): number {
    return this.#seen;
  }
  abstract check(mode: string): void;
}

class ClassHierarchy extends BaseFilter {
  private readonly rules: Rule[] = [new ExactRule("exact", "/abc"), new PrefixRule("prefix", "/a")];
  check(mode: string): void {
    if (mode === "deny") throw new Forbidden(this.path);
    if (mode === "uncaught") throw new Error("plain error, rethrown");
  }
  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    const rule = this.rules.find((r) => r.matches(this.path));
    envoy.setResponseHeader("x-rule", rule ? rule.label : "none");
    envoy.setResponseHeader("x-seen", String(this.seen));
    if (this.path === "/boom") throw new Forbidden("/boom on the response path");
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("class_hierarchy", () => new ClassHierarchy());
