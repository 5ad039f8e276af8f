/**
 * Normalises the request path before routing: collapses repeated slashes and resolves "." and
 * ".." segments ("//private/./x/../y?q=1" -> "/private/y?q=1"), then asks Envoy to choose the
 * route again. Envoy picks the route before the first filter runs; without `clearRouteCache()` a
 * request for "//private/x" would keep the route it matched as written and skip the protection
 * the "/private" route has.
 *
 *   tsc2envoy build examples/path_normalizer.ts -o out   # -> out/libpath_normalizer.so
 *
 * No filter_config. The original path goes upstream in `x-original-path`.
 */
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

/** Empty and "." segments dropped, ".." removes the segment before it (never above the root). */
export function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailingSlash = segments.length > 0 && (path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..")) ? "/" : "";
  return `/${segments.join("/")}${trailingSlash}`;
}

class PathNormalizer implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const target = envoy.getRequestHeaderValue(":path");
    if (target === undefined || !target.startsWith("/")) return RequestHeadersStatus.Continue;
    const queryAt = target.indexOf("?");
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    const normal = normalizePath(path);
    if (normal === path) return RequestHeadersStatus.Continue;
    envoy.setRequestHeader(":path", normal + (queryAt < 0 ? "" : target.slice(queryAt)));
    envoy.setRequestHeader("x-original-path", path);
    envoy.clearRouteCache();
    log.debug(`path ${path} normalised to ${normal}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("path_normalizer", () => new PathNormalizer());
