// The in operator on plain objects: own properties (optional ones once set, even to undefined), Object.prototype's names, numeric keys, and narrowing a union.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Circle {
  radius: number;
}

interface Rect {
  width: number;
  height: number;
}

type Shape = Circle | Rect;

interface Options {
  timeout?: number;
  retries?: number;
  label: string;
  describe?(): string;
}

function area(shape: Shape): number {
  return "radius" in shape ? Math.round(Math.PI * shape.radius ** 2) : shape.width * shape.height;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const shapes: Shape[] = [{ radius: 2 }, { width: 3, height: 4 }];
    log.info(`areas: ${shapes.map(area).join(",")}`);
    const options: Options = { label: "x" };
    const names = ["timeout", "retries", "label", "describe", "toString", "constructor", "hasOwnProperty", "__proto__", "valueOf", "missing", ""];
    log.info(`before: ${names.map((n) => (n in options ? 1 : 0)).join("")}`);
    options.timeout = undefined;
    options.describe = () => "d";
    log.info(`after:  ${names.map((n) => (n in options ? 1 : 0)).join("")}`);
    const codes = { 200: "ok", 404: "missing" };
    log.info(`numeric: ${200 in codes} ${"404" in codes} ${500 in codes} ${1.5 in codes}`);
    const parsed: Rect = JSON.parse('{"height":3,"width":2}');
    log.info(`parsed: ${"radius" in parsed} ${"width" in parsed} ${area(parsed)}`);
    const mixed: Shape[] = [parsed, { radius: 1 }];
    log.info(`mixed: ${mixed.filter((s) => "radius" in s).length}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
