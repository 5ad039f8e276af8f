// Geometry for lib/shapes.ts and ../c2_multi_file.ts.
export interface Point {
  x: number;
  y: number;
}

export const ORIGIN_LABEL = "origin";
export const UNIT = 1;

export function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

export function label(p: Point): string {
  return p.x === 0 && p.y === 0 ? ORIGIN_LABEL : `(${p.x},${p.y})`;
}
