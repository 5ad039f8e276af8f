// Helpers imported by ../helper_module.ts.
export const SEPARATOR = " | ";

export function shout(text: string): string {
  return `${text}!!`;
}

export class Tally {
  private counts = new Map<string, number>();

  add(word: string): void {
    this.counts.set(word, (this.counts.get(word) ?? 0) + 1);
  }

  report(): string {
    return [...this.counts.entries()].map(([w, n]) => `${w}=${n}`).join(",");
  }
}
