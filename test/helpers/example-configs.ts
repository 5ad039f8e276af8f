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
