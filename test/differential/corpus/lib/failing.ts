// Failures in an imported file, for ../failure_sites.ts: failure lines name this file.
export function checkedCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) {
    throw new RangeError(`not a count: ${text}`);
  }
  return n;
}
