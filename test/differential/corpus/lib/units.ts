// Helpers for corpus programs that print exactly what a value is.

/** The UTF-16 code units of `s` in hex, dot-separated: lone surrogates and pairs stay visible. */
export function units(s: string): string {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i).toString(16));
  return out.join(".");
}

/** String(x), except that negative zero prints as -0 (told apart by 1 / x, not Object.is). */
export function signedZero(x: number): string {
  if (x === 0) return 1 / x < 0 ? "-0" : "0";
  return String(x);
}
