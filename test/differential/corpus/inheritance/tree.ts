// A base class whose fields hold a subclass (a tree: nodes point to their parent group), abstract
// methods dispatched over children, `this` returned for chaining.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
abstract class TreeNode {
  parent: Group | null = null;
  constructor(readonly name: string) {}
  abstract size(): number;
  path(): string { return this.parent ? `${this.parent.path()}/${this.name}` : this.name; }
}
class Group extends TreeNode {
  children: TreeNode[] = [];
  add(child: TreeNode): this { child.parent = this; this.children.push(child); return this; }
  size(): number { return this.children.reduce((sum, c) => sum + c.size(), 1); }
}
class Leaf extends TreeNode {
  size(): number { return 1; }
}
class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const leaf = new Leaf("x");
    const root = new Group("root").add(new Group("a").add(leaf)).add(new Leaf("b"));
    log.info(`${root.size()} ${leaf.path()} ${root.children.map((c) => c.path()).join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}
registerHttpFilter("test", () => new T());
