// Interface values: a class instance and an object literal behind one interface type; method calls,
// a property write and an optional method call dispatch on the object's descriptor.
import { registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Rule {
  hits: number;
  matches(path: string): boolean;
  label?(): string;
}

class Prefix implements Rule {
  hits = 0;
  constructor(private readonly prefix: string) {}
  matches(path: string): boolean {
    return path.startsWith(this.prefix);
  }
}

class Router implements HttpFilter {
  private readonly rules: Rule[] = [new Prefix("/api"), { hits: 0, matches: (path) => path === "/", label: () => "root" }];

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    const rule = this.rules.find((r) => r.matches(path));
    if (rule) {
      rule.hits++;
      envoy.setRequestHeader("x-rule", rule.label?.() ?? "unnamed");
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("router", () => new Router());
