// Enums, literal unions and discriminated unions narrowed by their tag.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

enum Color {
  Red,
  Green = 5,
  Blue,
}

enum Mode {
  Fast = "fast",
  Safe = "safe",
}

type Direction = "up" | "down";

interface Circle {
  kind: "circle";
  radius: number;
}

interface Rect {
  kind: "rect";
  width: number;
  height: number;
}

type Shape = Circle | Rect;

function area(shape: Shape): number {
  switch (shape.kind) {
    case "circle":
      return Math.PI * shape.radius * shape.radius;
    case "rect":
      return shape.width * shape.height;
  }
}

function flip(d: Direction): Direction {
  return d === "up" ? "down" : "up";
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`${Color.Red} ${Color.Green} ${Color.Blue} ${Mode.Fast} ${Mode.Safe === "safe"}`);
    const shapes: Shape[] = [
      { kind: "circle", radius: 2 },
      { kind: "rect", width: 3, height: 4 },
    ];
    log.info(shapes.map((s) => `${s.kind}:${area(s)}`).join(" "));
    log.info(`${flip("up")} ${flip(flip("up"))}`);
    const colors: Color[] = [Color.Blue, Color.Red];
    log.info(colors.map((c) => (c === Color.Blue ? "blue" : "other")).join(","));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
