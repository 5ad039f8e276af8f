// Printing regular expression results the same way in every regex_* program.
function quoted(items: (string | undefined)[]): string {
  return `[${items.map((g) => (g === undefined ? "undefined" : JSON.stringify(g))).join(",")}]`;
}

function elements(m: RegExpMatchArray): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const g of m) out.push(g);
  return out;
}

/** An exec result, or the result of match without g: groups and index. */
export function showMatch(m: RegExpExecArray | RegExpMatchArray | null): string {
  return m === null ? "null" : `${quoted(elements(m))}@${m.index}`;
}

/** The result of match with g, which has no index. */
export function showAll(m: RegExpMatchArray | null): string {
  return m === null ? "null" : quoted(elements(m));
}

/** The result of split. */
export function showList(items: string[]): string {
  return `[${items.map((g) => JSON.stringify(g)).join(",")}]`;
}
