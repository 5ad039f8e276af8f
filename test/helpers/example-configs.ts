/** filter_config values for the examples, shared by the tests that run them in Envoy. */

/** examples/route_rules.ts: one rule of each kind, a deny among them. */
export const routeRulesConfig = JSON.stringify({
  rules: [
    { name: "admin", kind: "prefix", value: "/admin", deny: 403 },
    { name: "api-v2", kind: "api", value: "2" },
    { name: "canary", kind: "header", value: "x-canary" },
  ],
  default_route: "web",
});

/** examples/header_mutation.ts: the config of upstream's Rust example and integration test. */
export const headerMutationConfig = JSON.stringify({
  request_headers: [
    ["X-Envoy-Header", "envoy-header"],
    ["X-Envoy-Header2", "envoy-header2"],
  ],
  remove_request_headers: ["apple"],
  response_headers: [
    ["Foo", "bar"],
    ["Foo2", "bar2"],
  ],
  remove_response_headers: ["Access-Control-Allow-Credentials"],
});
