/**
 * Rewrites and denies requests by regular expressions from its config. The patterns are known
 * only when Envoy loads the config, so the config stage compiles them with `new RegExp`, once per
 * config; every stream on every worker thread then shares the compiled patterns. A bad pattern
 * rejects the config, naming where it is, and Envoy refuses the config.
 *
 *   {
 *     "rules": [
 *       { "name": "bots", "header": "user-agent", "pattern": "bot|crawler", "flags": "i", "deny": 403 },
 *       { "name": "users", "pattern": "^/u/(?<id>\\d+)(/.*)?$", "rewrite": "/api/users/$<id>$2" }
 *     ]
 *   }
 *
 *   tsc2envoy build examples/config_regex.ts -o out   # -> out/libconfig_regex.so
 */
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface RuleConfig {
  name: string;
  /** A JavaScript regular expression, and its flags (no `g` or `y`: the compiled pattern is shared). */
  pattern: string;
  flags?: string;
  /** Match this request header instead of the path. */
  header?: string;
  /** Answer with this status. */
  deny?: number;
  /** Replace the matched part of the path (`$1`, `$<name>`, `$&` as in String.prototype.replace). */
  rewrite?: string;
}

interface RegexConfig {
  rules: RuleConfig[];
}

interface Rule {
  readonly name: string;
  readonly re: RegExp;
  readonly header?: string;
  readonly deny?: number;
  readonly rewrite?: string;
}

class ConfigRegex implements HttpFilter {
  constructor(private readonly rules: Rule[]) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    for (const rule of this.rules) {
      const subject = rule.header === undefined ? path : envoy.getRequestHeaderValue(rule.header);
      if (subject === undefined || !rule.re.test(subject)) continue;
      if (rule.deny !== undefined) {
        envoy.sendResponse(rule.deny, [["x-regex-rule", rule.name]], `denied by rule ${rule.name}\n`, "config_regex_denied");
        return RequestHeadersStatus.StopIteration;
      }
      envoy.setRequestHeader("x-regex-rule", rule.name);
      if (rule.rewrite !== undefined && rule.header === undefined) {
        envoy.setRequestHeader(":path", path.replace(rule.re, rule.rewrite));
        envoy.setRequestHeader("x-original-path", path);
      }
      return RequestHeadersStatus.Continue;
    }
    return RequestHeadersStatus.Continue;
  }
}

/** Compiles one rule's pattern; a bad one rejects the config with where it is. */
function compile(rule: RuleConfig, index: number): Rule {
  let re: RegExp;
  try {
    re = new RegExp(rule.pattern, rule.flags ?? "");
  } catch (e) {
    throw new Error(`config.rules[${index}].pattern: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (re.global || re.sticky) throw new Error(`config.rules[${index}].flags: g and y keep lastIndex, which a shared pattern cannot`);
  return { name: rule.name, re, header: rule.header, deny: rule.deny, rewrite: rule.rewrite };
}

registerHttpFilter("config_regex", (config: RegexConfig, _envoy: EnvoyFilterConfig) => {
  const rules = config.rules.map(compile);
  log.info(`config_regex: ${rules.map((r) => `${r.name} ${String(r.re)}`).join(", ")}`);
  return () => new ConfigRegex(rules);
});
