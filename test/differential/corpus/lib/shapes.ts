// Shapes for ../c2_multi_file.ts: types, an enum, a generic class and functions in one module,
// using another module (./geometry) in turn.
import { log } from "tsc2envoy";
import { distance, type Point } from "./geometry";

export { label as describePoint } from "./geometry";

export enum Kind {
  Dot = "dot",
  Segment = "segment",
}

export interface Dot {
  kind: Kind.Dot;
  at: Point;
}

export interface Segment {
  kind: Kind.Segment;
  from: Point;
  to: Point;
}

export type Shape = Dot | Segment;

export function length(shape: Shape): number {
  return shape.kind === Kind.Dot ? 0 : distance(shape.from, shape.to);
}

export class Registry<T extends { kind: Kind }> {
  private readonly items: T[] = [];

  add(item: T): number {
    const size = this.items.push(item);
    if (size > 2) log.info(`registry holds ${size}`);
    return size;
  }

  count(kind: Kind): number {
    return this.items.filter((i) => i.kind === kind).length;
  }

  all(): T[] {
    return [...this.items];
  }
}
