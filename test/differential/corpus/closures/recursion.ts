// Recursion through closures: arrow functions referring to their own const, mutual recursion, memoized recursion.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    log.info(`${fact(0)} ${fact(5)} ${fact(20)} ${fact(25)} ${fact(171)}`);
    const isEven = (n: number): boolean => (n === 0 ? true : isOdd(n - 1));
    const isOdd = (n: number): boolean => (n === 0 ? false : isEven(n - 1));
    log.info(`${isEven(10)} ${isOdd(7)} ${isEven(7)}`);
    const memo = new Map<number, number>();
    let calls = 0;
    const fib = (n: number): number => {
      calls++;
      if (n < 2) return n;
      const hit = memo.get(n);
      if (hit !== undefined) return hit;
      const v = fib(n - 1) + fib(n - 2);
      memo.set(n, v);
      return v;
    };
    log.info(`${fib(50)} ${fib(78)} ${fib(90)} calls=${calls}`);
    const perms = (items: string[]): string[] => {
      if (items.length <= 1) return [items.join("")];
      const out: string[] = [];
      items.forEach((it, i) => {
        const rest = items.filter((_, j) => j !== i);
        for (const p of perms(rest)) out.push(it + p);
      });
      return out;
    };
    log.info(perms(["a", "b", "c"]).join(" "));
    const hanoi = (n: number, from: string, to: string, via: string, moves: string[]): string[] => {
      if (n > 0) {
        hanoi(n - 1, from, via, to, moves);
        moves.push(`${from}${to}`);
        hanoi(n - 1, via, to, from, moves);
      }
      return moves;
    };
    const moves = hanoi(4, "A", "C", "B", []);
    log.info(`${moves.length} ${moves.slice(0, 7).join(",")}`);
    let depth = 0;
    const walk = (d: number): number => {
      if (d > depth) depth = d;
      return d >= 300 ? d : walk(d + 1);
    };
    log.info(`walk=${walk(0)} depth=${depth}`);
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    log.info(`${gcd(1071, 462)} ${gcd(17, 5)} ${gcd(0, 9)} ${gcd(2 ** 40, 2 ** 20 * 3)}`);
    const ackermann = (m: number, n: number): number => (m === 0 ? n + 1 : n === 0 ? ackermann(m - 1, 1) : ackermann(m - 1, ackermann(m, n - 1)));
    log.info(`ack(2,3)=${ackermann(2, 3)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
