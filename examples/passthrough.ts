/**
 * The smallest filter: it lets every request and response through unchanged.
 * Same behaviour as the passthrough example of envoyproxy/dynamic-modules-examples.
 *
 *   tsc2envoy build examples/passthrough.ts -o out     # -> out/libpassthrough.so
 */
import { registerHttpFilter, type HttpFilter } from "tsc2envoy";

class Passthrough implements HttpFilter {}

registerHttpFilter("passthrough", () => new Passthrough());
