// Literal types in filter_config: string and number literal unions, string, numeric and const enums, single literals, true/false, in arrays, tuples, optional properties, nested and recursive types; a value outside them rejects the config with its path.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

enum Mode {
  Allow = "allow",
  Deny = "deny",
}

enum Priority {
  Low = 1,
  High = 10,
  Top,
}

const enum Unit {
  Seconds = "s",
  Minutes = "m",
}

type Kind = "prefix" | "api" | "header";

interface RuleConfig {
  name: string;
  kind: Kind;
  deny?: number;
}

/** A condition tree: leaves match, `all`/`any` combine. */
interface Condition {
  op: "all" | "any" | "leaf";
  negate?: true;
  children?: Condition[];
}

interface Window {
  size: number;
  unit: Unit;
}

interface Config {
  rules: RuleConfig[];
  mode: Mode;
  level: 1 | 2 | 3;
  priority?: Priority;
  version: "v1";
  strict: false;
  methods?: ("GET" | "POST")[];
  pair?: ["on" | "off", number];
  negative?: -1 | 0 | 1.5;
  window?: Window;
  when?: Condition;
  matrix?: (0 | 1)[][];
  label?: string;
  exact?: "a\u00e9\"b" | "😀";
  // Same structure, one layout each pair: the literal types still apply only where written.
  loose?: { tag: string };
  tight?: { tag: "x" | "y" };
  strictPair?: ["k", 0 | 1];
  loosePair?: [string, number];
}

function describeRule(rule: RuleConfig): string {
  switch (rule.kind) {
    case "prefix":
      return `prefix:${rule.name}`;
    case "api":
      return `api:${rule.name}`;
    case "header":
      return `header:${rule.name}${rule.deny === undefined ? "" : ` deny ${rule.deny}`}`;
  }
}

function levelName(level: 1 | 2 | 3): string {
  switch (level) {
    case 1:
      return "one";
    case 2:
      return "two";
    case 3:
      return "three";
  }
}

function conditionText(c: Condition): string {
  const inner = c.op === "leaf" ? "leaf" : `${c.op}(${(c.children ?? []).map(conditionText).join(",")})`;
  return c.negate === true ? `!${inner}` : inner;
}

class T implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const c = this.config;
    log.info(`rules: ${c.rules.map(describeRule).join(", ")}`);
    log.info(`mode=${c.mode === Mode.Allow ? "allowing" : "denying"} level=${levelName(c.level)} priority=${c.priority ?? "-"} version=${c.version} strict=${c.strict}`);
    log.info(`methods=${c.methods?.join("/") ?? "-"} pair=${c.pair ? `${c.pair[0]}:${c.pair[1]}` : "-"} negative=${c.negative ?? "-"}`);
    log.info(`window=${c.window ? `${c.window.size}${c.window.unit === Unit.Seconds ? "sec" : "min"}` : "-"} when=${c.when ? conditionText(c.when) : "-"}`);
    log.info(`matrix=${JSON.stringify(c.matrix ?? null)} label=${c.label ?? "-"} exact=${c.exact ?? "-"}`);
    log.info(`loose=${c.loose?.tag ?? "-"} tight=${c.tight?.tag ?? "-"} strictPair=${JSON.stringify(c.strictPair ?? null)} loosePair=${JSON.stringify(c.loosePair ?? null)}`);
    envoy.setRequestHeader("x-mode", c.mode);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new T(config));
// config: {"rules":[{"name":"a","kind":"prefix"},{"name":"b","kind":"api"},{"name":"c","kind":"header","deny":403}],"mode":"allow","level":1,"version":"v1","strict":false}
// config: {"rules":[],"mode":"deny","level":3,"priority":11,"version":"v1","strict":false,"methods":["POST","GET"],"pair":["off",2],"negative":-1,"window":{"size":5,"unit":"m"},"when":{"op":"any","children":[{"op":"leaf","negate":true},{"op":"all","children":[]}]},"matrix":[[0,1],[]],"label":"free text","exact":"a\u00e9\"b"}
// config: {"rules":[],"mode":"allow","level":2,"priority":1,"version":"v1","strict":false,"negative":1.5,"level":2,"pair":["on",-0],"exact":"\ud83d\ude00","negative":-0,"negative":0}
// config: {"rules":[{"name":"x","kind":"regex"}],"mode":"allow","level":1,"version":"v1","strict":false}
// config: {"rules":[{"name":"a","kind":"prefix"},{"name":"x","kind":5}],"mode":"allow","level":1,"version":"v1","strict":false}
// config: {"rules":[{"name":"x"}],"mode":"allow","level":1,"version":"v1","strict":false}
// config: {"rules":[{"name":"x","kind":null}],"mode":"allow","level":1,"version":"v1","strict":false}
// config: {"rules":[{"name":"x","kind":["prefix"]}],"mode":"allow","level":1,"version":"v1","strict":false}
// config: {"rules":[{"name":"x","kind":"Prefix"}],"mode":"allow","level":1,"version":"v1","strict":false}
// config: {"rules":[],"mode":"Allow","level":1,"version":"v1","strict":false}
// config: {"rules":[],"mode":"allow","level":4,"version":"v1","strict":false}
// config: {"rules":[],"mode":"allow","level":"1","version":"v1","strict":false}
// config: {"rules":[],"mode":"allow","level":1.0000000000000002,"version":"v1","strict":false}
// config: {"rules":[],"mode":"allow","level":1,"priority":2,"version":"v1","strict":false}
// config: {"rules":[],"mode":"allow","level":1,"version":"v2","strict":false}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":true}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":"false"}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1"}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"methods":["GET","PUT"]}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"methods":"GET"}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"pair":["maybe",1]}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"pair":["on"]}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"pair":{}}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"negative":1}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"window":{"size":1,"unit":"h"}}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"when":{"op":"all","children":[{"op":"leaf"},{"op":"any","children":[{"op":"none"}]}]}}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"when":{"op":"leaf","negate":false}}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"matrix":[[0,1],[1,2]]}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"exact":"a\u00e9\"c"}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"exact":"\ud83d"}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"exact":"a very long value that goes on and on well past the sixty-four code units shown in messages"}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"exact":"0123456789012345678901234567890123456789012345678901234567890\ud83d\ude00xyz"}
// config: {"rules":[{"name":"x","kind":"regex"}],"mode":"other","level":9,"version":"v1","strict":false}
// config: {"rules":[],"mode":"allow","level":1e400,"version":"v1","strict":false}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"loose":{"tag":"anything"},"tight":{"tag":"y"},"strictPair":["k",1],"loosePair":["any",7]}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"loose":{"tag":"anything"},"tight":{"tag":"anything"}}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"loosePair":["any",7],"strictPair":["any",7]}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"strictPair":["k",7]}
// config: {"rules":[],"mode":"allow","level":1,"version":"v1","strict":false,"strictPair":[]}
