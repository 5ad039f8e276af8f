// Wasm counterpart of examples/route_rules.ts for the benchmarks (AssemblyScript, proxy-wasm SDK
// @solo-io/proxy-runtime). AssemblyScript 0.14 has no JSON and no RegExp: bench/envoy/bench.py hands
// it the config of bench/modules/configs.json as lines of tab-separated fields
//   rule <name> <prefix|api|header> <value> <deny status, or empty> | default <route>
// and the two patterns are matched by hand, as in bench/modules/c/route_rules.c (JavaScript's \s on
// UTF-16 code units). A header rule counts an empty value as absent (the SDK's get cannot tell them
// apart); Number(value) is parseFloat(value).
export * from "@solo-io/proxy-runtime/proxy";
import { RootContext, Context, registerRootContext, FilterHeadersStatusValues, stream_context, send_local_response, HeaderPair, GrpcStatusValues, log, LogLevelValues } from "@solo-io/proxy-runtime";

class Rule {
  constructor(public name: string, public kind: string, public value: string, public deny: u32, public minimum: f64) {}
}

class RouteRulesRoot extends RootContext {
  rules: Rule[] = [];
  defaultRoute: string = "";

  onConfigure(configuration_size: u32): bool {
    if (!super.onConfigure(configuration_size)) return false;
    const lines = this.getConfiguration().split("\n");
    for (let i = 0; i < lines.length; i++) {
      const fields = lines[i].split("\t");
      if (fields[0] == "rule") {
        const deny: u32 = fields[4].length > 0 ? <u32>parseInt(fields[4], 10) : 0;
        this.rules.push(new Rule(fields[1], fields[2], fields[3], deny, fields[2] == "api" ? parseFloat(fields[3]) : 0));
      } else if (fields[0] == "default") {
        this.defaultRoute = fields[1];
      }
    }
    return true;
  }

  createContext(context_id: u32): Context {
    return new RouteRules(context_id, this);
  }
}

function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}

// The N of an /api/v<N>/ path (or /api/v<N> ending the path); -1 for other paths.
function apiVersion(path: string): f64 {
  if (!path.startsWith("/api/v")) return -1;
  let end = 6;
  let n: f64 = 0;
  while (end < path.length && isDigit(path.charCodeAt(end))) {
    n = n * 10 + <f64>(path.charCodeAt(end) - 48);
    end++;
  }
  if (end == 6 || (end < path.length && path.charCodeAt(end) != 47)) return -1;
  return n;
}

// JavaScript's \s: WhiteSpace and LineTerminator code units.
function isSpace(c: i32): bool {
  return c == 32 || (c >= 9 && c <= 13) || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

function isTokenChar(c: i32): bool {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c == 95 || c == 45;
}

// The subject of a "Bearer <subject>.<signature>" value, any case of "Bearer"; "" when it does not match.
function bearerSubject(value: string): string {
  if (value.length < 6 || value.substring(0, 6).toLowerCase() != "bearer") return "";
  let i = 6;
  if (i >= value.length || !isSpace(value.charCodeAt(i))) return "";
  while (i < value.length && isSpace(value.charCodeAt(i))) i++;
  const start = i;
  while (i < value.length && isTokenChar(value.charCodeAt(i))) i++;
  if (i == start || i >= value.length || value.charCodeAt(i) != 46) return "";
  const subject = value.substring(start, i);
  const signature = ++i;
  while (i < value.length && isTokenChar(value.charCodeAt(i))) i++;
  return i > signature && i == value.length ? subject : "";
}

class RouteRules extends Context {
  config: RouteRulesRoot;

  constructor(context_id: u32, root_context: RouteRulesRoot) {
    super(context_id, root_context);
    this.config = root_context;
  }

  onRequestHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const headers = stream_context.headers.request;
    let path = headers.get(":path");
    if (path.length == 0) path = "/";
    let matched: Rule | null = null;
    let version: f64 = -1;
    const rules = this.config.rules;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (rule.kind == "prefix") {
        if (path.startsWith(rule.value)) { matched = rule; break; }
      } else if (rule.kind == "api") {
        version = apiVersion(path);
        if (version >= rule.minimum) { matched = rule; break; }
      } else if (headers.get(rule.value).length > 0) {
        matched = rule;
        break;
      }
    }
    if (matched != null && matched.deny != 0) {
      const route = [new HeaderPair(String.UTF8.encode("x-route"), String.UTF8.encode(matched.name))];
      send_local_response(matched.deny, "route_rules_denied", String.UTF8.encode("denied by rule " + matched.name + "\n"), route, GrpcStatusValues.InvalidCode);
      return FilterHeadersStatusValues.StopIteration;
    }
    headers.replace("x-route", matched != null ? matched.name : this.config.defaultRoute);
    if (matched != null) {
      let detail: string;
      if (matched.kind == "prefix") detail = "prefix " + matched.value;
      else if (matched.kind == "api") detail = "api version " + (<u64>version).toString();
      else detail = "header " + matched.value;
      headers.replace("x-route-detail", detail);
    }
    const subject = bearerSubject(headers.get("authorization"));
    if (subject.length > 0) headers.replace("x-token-subject", subject);
    log(LogLevelValues.debug, path + " -> " + (matched != null ? matched.name : "default"));
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => { return new RouteRulesRoot(context_id); }, "route_rules");
