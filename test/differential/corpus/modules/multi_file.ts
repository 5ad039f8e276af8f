// A filter over several files: relative imports of types, enums, constants, functions and a
// generic class (lib/shapes.ts), which imports lib/geometry.ts; import renaming and type-only imports.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { distance as dist, label, ORIGIN_LABEL, UNIT, type Point } from "../lib/geometry";
import { describePoint, Kind, length, Registry, type Shape } from "../lib/shapes";
import { shout } from "../lib/text";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const o: Point = { x: 0, y: 0 };
    const p: Point = { x: 3 * UNIT, y: 4 };
    log.info(`${label(o)} ${label(p)} ${dist(o, p)} ${ORIGIN_LABEL.length}`);
    const registry = new Registry<Shape>();
    registry.add({ kind: Kind.Dot, at: o });
    registry.add({ kind: Kind.Segment, from: o, to: p });
    const n = registry.add({ kind: Kind.Segment, from: p, to: { x: 6, y: 8 } });
    const total = registry.all().reduce((sum, s) => sum + length(s), 0);
    log.info(`${n} dots=${registry.count(Kind.Dot)} segments=${registry.count(Kind.Segment)} total=${total}`);
    log.info(shout(registry.all().map((s) => s.kind).join("/")));
    log.info(JSON.stringify(registry.all()[1]));
    log.info(describePoint({ x: -1, y: 2 }));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
