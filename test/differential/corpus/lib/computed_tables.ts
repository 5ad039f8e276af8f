// Module-level tables computed by calls, in an imported file (evaluated before its importer).
export const PRIMES: number[] = sieve(50);

function sieve(limit: number): number[] {
  const out: number[] = [];
  for (let n = 2; n <= limit; n++) if (out.every((p) => n % p !== 0)) out.push(n);
  return out;
}

export const PRIME_SET = new Set(PRIMES);
