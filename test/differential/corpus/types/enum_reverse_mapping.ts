// Enums: numeric reverse mapping (Level[Level.High], Level[n] for unknown n), member access by string
// key, string enums as discriminants and Map keys, enums in records and JSON, const enums, switch.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

enum Level {
  Off,
  Low = 3,
  High,
  Both = Low | High,
}

enum Color {
  Red = "red",
  Green = "green",
}

const enum Flag {
  A = 1,
  B = 2,
  C = A | B,
}

interface Paint {
  color: Color;
  level: Level;
}

function label(l: Level): string {
  return Level[l] ?? `Level(${l})`;
}

function next(c: Color): Color {
  switch (c) {
    case Color.Red:
      return Color.Green;
    case Color.Green:
      return Color.Red;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`${Level[Level.High]} ${Level[0]} ${Level[7]} ${label(Level.Low)} ${label(9 as Level)} ${Level["High"]}`);
    const names: string[] = [];
    for (let i = 0; i <= 8; i++) {
      // TypeScript types Level[i] as string; declared as what it is (undefined for gaps).
      const name: string | undefined = Level[i];
      if (name !== undefined) names.push(`${i}=${name}`);
    }
    log.info(names.join(" "));
    const p: Paint = { color: Color.Green, level: Level.Both };
    log.info(`${JSON.stringify(p)} ${next(p.color)} ${next(next(p.color))} ${p.level === Level.Both}`);
    const byColor = new Map<Color, number>([[Color.Red, 1]]);
    byColor.set(Color.Green, (byColor.get(Color.Green) ?? 0) + 2);
    log.info(`${[...byColor.keys()].join(",")} ${byColor.get(Color.Red)} ${Color.Red < Color.Green}`);
    const flags: number = Flag.A | Flag.B;
    log.info(`${flags === Flag.C} ${Flag.C & Flag.B} ${(Flag.A as number) + 10}`);
    const levels: Level[] = [Level.High, Level.Off, Level.Both, Level.Low];
    levels.sort((a, b) => a - b);
    log.info(levels.map((l) => `${l}:${Level[l]}`).join(" "));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
