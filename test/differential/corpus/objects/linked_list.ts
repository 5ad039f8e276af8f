// A singly linked list: push, prepend, in-place reversal, removal, recursion over nodes, cycles avoided.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface ListNode {
  value: number;
  next: ListNode | null;
}

class LinkedList {
  head: ListNode | null = null;
  size = 0;

  push(value: number): void {
    const node: ListNode = { value, next: null };
    if (this.head === null) {
      this.head = node;
    } else {
      let cur = this.head;
      while (cur.next !== null) cur = cur.next;
      cur.next = node;
    }
    this.size++;
  }

  prepend(value: number): void {
    this.head = { value, next: this.head };
    this.size++;
  }

  reverse(): void {
    let prev: ListNode | null = null;
    let cur = this.head;
    while (cur !== null) {
      const next: ListNode | null = cur.next;
      cur.next = prev;
      prev = cur;
      cur = next;
    }
    this.head = prev;
  }

  remove(value: number): boolean {
    if (this.head === null) return false;
    if (this.head.value === value) {
      this.head = this.head.next;
      this.size--;
      return true;
    }
    for (let cur = this.head; cur.next !== null; cur = cur.next) {
      if (cur.next.value === value) {
        cur.next = cur.next.next;
        this.size--;
        return true;
      }
    }
    return false;
  }

  toArray(): number[] {
    const out: number[] = [];
    for (let n = this.head; n; n = n.next) out.push(n.value);
    return out;
  }
}

function sumRec(n: ListNode | null): number {
  return n === null ? 0 : n.value + sumRec(n.next);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const list = new LinkedList();
    for (const v of [3, 1, 4, 1, 5]) list.push(v);
    list.prepend(9);
    log.info(`${list.toArray().join("->")} size=${list.size} sum=${sumRec(list.head)}`);
    list.reverse();
    log.info(`reversed ${list.toArray().join("->")}`);
    log.info(`${list.remove(1)} ${list.remove(9)} ${list.remove(42)} ${list.toArray().join("->")} size=${list.size}`);
    log.info(JSON.stringify(list.head));
    const empty = new LinkedList();
    empty.reverse();
    log.info(`${empty.remove(1)} ${JSON.stringify(empty)} ${sumRec(empty.head)}`);
    const big = new LinkedList();
    for (let i = 0; i < 200; i++) big.prepend(i);
    big.reverse();
    log.info(`${big.size} ${sumRec(big.head)} ${big.head?.value} ${big.head?.next?.next?.value}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
