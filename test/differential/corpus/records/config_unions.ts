// Unions in decoded types (configs and JSON.parse targets): each value decoded as the member of its JSON kind (`aud?: string | string[]`, `number | string`, a record or a list), mismatches named by path.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Rule {
  path: string;
  limit?: number;
}

interface Config {
  aud?: string | string[];
  port: number | string;
  rules: (string | Rule)[];
  extra?: boolean | Record<string, number>;
}

function audiences(aud: string | string[] | undefined): string {
  if (aud === undefined) return "none";
  return typeof aud === "string" ? `one ${aud}` : `list ${aud.join("+")}`;
}

class T implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(): RequestHeadersStatus {
    const c = this.config;
    log.info(`config: ${JSON.stringify(c)}`);
    log.info(`aud: ${audiences(c.aud)} port: ${typeof c.port} ${c.port}`);
    log.info(`rules: ${c.rules.map((r) => (typeof r === "string" ? r : `${r.path}<=${r.limit ?? "-"}`)).join(" ")}`);
    log.info(`extra: ${c.extra === undefined ? "absent" : typeof c.extra === "boolean" ? String(c.extra) : Object.keys(c.extra).join(",")}`);
    for (const text of ['{"port":1,"rules":[]}', '{"aud":["x"],"port":"p","rules":["a",{"path":"/b"}]}', '{"aud":3,"port":1,"rules":[]}', '{"port":1,"rules":[{"limit":1}]}', '{"port":null,"rules":[]}', '{"rules":[]}', '{"aud":["x",2],"port":1,"rules":[]}']) {
      try {
        const parsed: Config = JSON.parse(text);
        log.info(`parsed: ${JSON.stringify(parsed)} ${audiences(parsed.aud)}`);
      } catch (e) {
        log.info(`parse: ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
      }
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new T(config));
// config: {"aud":"api","port":8080,"rules":["/a",{"path":"/b","limit":3}],"extra":true}
// config: {"aud":["a","b"],"port":"http","rules":[],"extra":{"z":1,"1":2}}
// config: {"port":1,"rules":[]}
// config: {"aud":{"x":1},"port":1,"rules":[]}
// config: {"port":1,"rules":[{"path":"/x","limit":"no"}]}
// config: {"port":true,"rules":[]}
// config: {"aud":[1],"port":1,"rules":[]}
