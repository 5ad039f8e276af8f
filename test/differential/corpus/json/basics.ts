// JSON.stringify of every kind of value, and JSON.parse into declared types (validated).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Settings {
  name: string;
  limits: number[];
  pairs: [string, number][];
  nested?: { enabled: boolean; tags: string[] };
}

class Thing {
  visible = "yes";
  count = 2;
  missing?: string;
  fn = (x: number) => x;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(JSON.stringify({ b: 1, a: "x", c: [true, null, undefined, NaN, -0, 1e21], d: { e: "é\n\"\\\u0001\ud800" } }));
    log.info(JSON.stringify([1, "two", [3, [4]]], undefined, 2));
    log.info(JSON.stringify({ k: [1, { z: 2 }] }, undefined, "--"));
    log.info(`${JSON.stringify("text")} ${JSON.stringify(42)} ${JSON.stringify(null)} ${JSON.stringify(new Thing())}`);
    log.info(JSON.stringify(new Map<string, number>([["a", 1]])) + JSON.stringify(new Error("x")) + JSON.stringify([undefined, () => 1]));
    const settings: Settings = JSON.parse('{"name":"n","limits":[1,2.5],"pairs":[["a",1]],"extra":true,"nested":{"enabled":true,"tags":["t"]}}');
    log.info(`${settings.name} ${settings.limits.join("+")} ${settings.pairs[0]?.[1]} ${settings.nested?.tags.join()} ${JSON.stringify(settings)}`);
    const bad = ['{"name":1}', '{"name":"n","limits":["x"],"pairs":[]}', '{"name":"n","limits":[],"pairs":[["a"]]}', "{", "", "[1,2]", '{"name":"n","limits":[],"pairs":[],"nested":{"enabled":"no"}}'];
    for (const text of bad) {
      try {
        const parsed: Settings = JSON.parse(text);
        log.info(`parsed ${parsed.name}`);
      } catch (e) {
        if (e instanceof Error) log.info(`${e.name}: ${e.message}`);
      }
    }
    const list: number[] = JSON.parse(" [1, 2, 3e2, -0.5] ");
    log.info(`${list.length} ${list.join()}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
