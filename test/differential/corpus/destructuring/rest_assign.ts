// Rest properties in destructuring assignments: into locals, fields and nested patterns, from
// records (the source's order, absent optional properties left out) and class instances; the
// assignment's value is its right side; targets assigned left to right after it is evaluated.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Route {
  path: string;
  weight: number;
  host?: string;
  tag?: string;
}

interface Outer {
  id: number;
  inner: { x: number; y: number; z: number };
}

class Sample {
  constructor(
    readonly a: number,
    readonly b: string,
    readonly c: boolean,
  ) {}
}

class T implements HttpFilter {
  private kept: { host?: string; tag?: string } = {};

  onRequestHeaders(): RequestHeadersStatus {
    const routes: Route[] = [{ path: "/a", weight: 1 }, { host: "h", weight: 2, path: "/b" }, { tag: "t", path: "/c", weight: 3, host: undefined }];
    let path = "";
    let rest: { weight: number; host?: string; tag?: string } = { weight: -1 };
    for (const route of routes) {
      const value = ({ path, ...rest } = route);
      log.info(`${path} ${JSON.stringify(rest)} ${Object.keys(rest).join(",")} ${value === route} ${rest.weight * 10}`);
    }
    let weight = 0;
    ({ weight, path, ...this.kept } = { path: "/d", tag: "x", weight: 4, host: "y" });
    log.info(`${weight} ${path} ${JSON.stringify(this.kept)}`);

    let id = 0;
    let x = 0;
    let others: { y: number; z: number } = { y: 0, z: 0 };
    const outer: Outer = { inner: { z: 3, y: 2, x: 1 }, id: 9 };
    ({ id, inner: { x, ...others } } = outer);
    others.y = 20;
    log.info(`${id} ${x} ${JSON.stringify(others)} ${JSON.stringify(outer)}`);

    let a = 0;
    let fromClass: { b: string; c: boolean } = { b: "", c: false };
    ({ a, ...fromClass } = new Sample(5, "five", true));
    log.info(`${a} ${JSON.stringify(fromClass)}`);

    let everything: { path: string; weight: number; host?: string; tag?: string } = { path: "", weight: 0 };
    ({ ...everything } = routes[1]!);
    log.info(`${JSON.stringify(everything)} ${everything === routes[1]}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
