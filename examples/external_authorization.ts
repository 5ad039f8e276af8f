/**
 * External authorization: each request is checked by a callout to an auth service, a cluster of
 * Envoy's config, before it goes upstream. The auth service gets the request's method, path and
 * `authorization` header; a 200 lets the request through (with the `x-auth-user` the service
 * answers, if any), a 401 or 403 is answered with a 403 local reply, and any other answer, an auth
 * service that cannot be reached or one that times out fails closed with a 503.
 *
 *   filter_name: external_authorization
 *   filter_config: {"cluster": "auth", "timeoutMs": 1000}
 *
 * The hook is async and awaits envoy.httpCallout: Envoy holds the request meanwhile (docs/async.md).
 */
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type Header, type HttpFilter } from "tsc2envoy";

interface Config {
  cluster: string;
  timeoutMs?: number;
}

class ExternalAuthorization implements HttpFilter {
  constructor(private readonly config: Config) {}

  async onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): Promise<RequestHeadersStatus> {
    const headers: Header[] = [["x-original-method", envoy.getRequestHeaderValue(":method") ?? ""]];
    const authorization = envoy.getRequestHeaderValue("authorization");
    if (authorization !== undefined) headers.push(["authorization", authorization]);
    try {
      const check = await envoy.httpCallout(this.config.cluster, {
        method: "GET",
        path: `/check${envoy.getRequestHeaderValue(":path") ?? "/"}`,
        headers,
        timeoutMs: this.config.timeoutMs ?? 1000,
      });
      if (check.status === 401 || check.status === 403) {
        envoy.sendResponse(403, [["content-type", "text/plain"]], `denied by the auth service (${check.status})\n`, "ext_authz_denied");
        return RequestHeadersStatus.StopIteration;
      }
      if (check.status !== 200) throw new Error(`the auth service answered ${check.status}`);
      for (const [name, value] of check.headers) if (name === "x-auth-user") envoy.setRequestHeader("x-auth-user", value);
      return RequestHeadersStatus.Continue;
    } catch (e) {
      log.warn(`auth service unavailable: ${(e as Error).name}: ${(e as Error).message}`);
      envoy.sendResponse(503, [["content-type", "text/plain"]], "auth service unavailable\n", "ext_authz_error");
      return RequestHeadersStatus.StopIteration;
    }
  }
}

registerHttpFilter("external_authorization", (config: Config) => new ExternalAuthorization(config));
