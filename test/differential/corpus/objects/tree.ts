// A binary search tree of classes: insertion, traversals, height, min/max, JSON of the structure.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class TreeNode {
  left: TreeNode | null = null;
  right: TreeNode | null = null;
  count = 1;
  constructor(readonly key: string) {}
}

class Bst {
  root: TreeNode | null = null;

  insert(key: string): void {
    if (this.root === null) {
      this.root = new TreeNode(key);
      return;
    }
    let cur = this.root;
    for (;;) {
      if (key === cur.key) {
        cur.count++;
        return;
      }
      const goLeft = key < cur.key;
      const next = goLeft ? cur.left : cur.right;
      if (next === null) {
        if (goLeft) cur.left = new TreeNode(key);
        else cur.right = new TreeNode(key);
        return;
      }
      cur = next;
    }
  }
}

function inorder(n: TreeNode | null, out: string[]): string[] {
  if (n) {
    inorder(n.left, out);
    out.push(n.count > 1 ? `${n.key}*${n.count}` : n.key);
    inorder(n.right, out);
  }
  return out;
}

function preorder(n: TreeNode | null): string {
  return n === null ? "." : `(${n.key} ${preorder(n.left)} ${preorder(n.right)})`;
}

function height(n: TreeNode | null): number {
  if (n === null) return 0;
  const l = height(n.left);
  const r = height(n.right);
  return 1 + (l > r ? l : r);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const t = new Bst();
    for (const w of ["m", "c", "x", "a", "e", "z", "m", "b", "é", "Z", "a"]) t.insert(w);
    log.info(inorder(t.root, []).join(" "));
    log.info(preorder(t.root));
    log.info(`height=${height(t.root)}`);
    let lo = t.root;
    while (lo?.left) lo = lo.left;
    let hi = t.root;
    while (hi?.right) hi = hi.right;
    log.info(`min=${lo?.key} max=${hi?.key}`);
    const small = new Bst();
    small.insert("b");
    small.insert("a");
    log.info(JSON.stringify(small.root));
    log.info(JSON.stringify(small));
    const chain = new Bst();
    for (let i = 0; i < 30; i++) chain.insert(String(i + 10));
    log.info(`chain height=${height(chain.root)} first=${inorder(chain.root, []).slice(0, 3).join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
