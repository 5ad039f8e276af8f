/**
 * Character classes for the matcher's tables (dfa.ts, onepass.ts): items (chars or intervals of
 * chars) whose columns, what every state does on them, are equal share a class.
 */
export function classesOf(count: number, column: (item: number) => string): { itemClass: number[]; representative: number[] } {
  const classOfColumn = new Map<string, number>();
  const itemClass: number[] = [];
  const representative: number[] = [];
  for (let item = 0; item < count; item++) {
    const key = column(item);
    let cls = classOfColumn.get(key);
    if (cls === undefined) {
      cls = representative.length;
      classOfColumn.set(key, cls);
      representative.push(item);
    }
    itemClass.push(cls);
  }
  return { itemClass, representative };
}
