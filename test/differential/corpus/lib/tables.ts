// Module-level const tables exported to other files (tables/imported.ts).
export interface Status {
  code: number;
  reason: string;
  retry: boolean;
}

export const STATUSES: Status[] = [
  { code: 429, reason: "Too Many Requests", retry: true },
  { code: 503, reason: "Service Unavailable", retry: true },
  { code: 403, reason: "Forbidden", retry: false },
];

export const DEFAULTS = { prefix: "/", tiers: { free: 1, paid: 5 } } as const;

export function reasonOf(code: number): string {
  return STATUSES.find((s) => s.code === code)?.reason ?? "unknown";
}
