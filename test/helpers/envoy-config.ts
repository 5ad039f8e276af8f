/** Envoy bootstrap YAML for tests: one HTTP listener with one dynamic-module filter in front of an upstream. */

export interface FilterSpec {
  module: string;
  filterName: string;
  /** filter_config as a raw string (StringValue); omitted when undefined. */
  config?: string;
}

export function indent(text: string, spaces: number): string {
  return text
    .split("\n")
    .map((line) => (line ? " ".repeat(spaces) + line : line))
    .join("\n");
}

export function httpFilterYaml(filter: FilterSpec): string {
  const lines = [
    `- name: dynamic_modules/${filter.filterName}`,
    "  typed_config:",
    '    "@type": type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter',
    `    dynamic_module_config: { name: ${filter.module} }`,
    `    filter_name: ${filter.filterName}`,
  ];
  if (filter.config !== undefined) {
    lines.push("    filter_config:", '      "@type": type.googleapis.com/google.protobuf.StringValue', `      value: ${JSON.stringify(filter.config)}`);
  }
  return lines.join("\n");
}

/** The route's name (XdsRouteName) and the cluster it sends to; default no name, `upstream`. */
export interface RouteSpec {
  routeName?: string;
  cluster?: string;
}

/** A connection manager's route_config: every request to one cluster (YAML lines at the manager's level). */
export function routeConfigYaml(route: RouteSpec = {}): string[] {
  return [
    "route_config:",
    "  virtual_hosts:",
    "  - name: all",
    '    domains: ["*"]',
    "    routes:",
    ...(route.routeName ? [`    - name: ${route.routeName}`, '      match: { prefix: "/" }'] : ['    - match: { prefix: "/" }']),
    `      route: { cluster: ${route.cluster ?? "upstream"} }`,
  ];
}

export function listenerYaml(name: string, port: number, filters: FilterSpec[], route: RouteSpec = {}): string {
  return httpListenerYaml(name, port, routeConfigYaml(route), filters);
}

/**
 * A listener with an HTTP connection manager: `hcm` holds its other settings (route_config,
 * access_log, ...) as YAML lines at the connection manager's level; then the filters and the router.
 */
export function httpListenerYaml(name: string, port: number, hcm: string[], filters: FilterSpec[]): string {
  return [
    `name: ${name}`,
    `address: { socket_address: { address: 127.0.0.1, port_value: ${port} } }`,
    "filter_chains:",
    "- filters:",
    "  - name: envoy.filters.network.http_connection_manager",
    "    typed_config:",
    '      "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    `      stat_prefix: ${name}`,
    indent(hcm.join("\n"), 6),
    "      http_filters:",
    indent(filters.map(httpFilterYaml).join("\n"), 6),
    "      - name: envoy.filters.http.router",
    "        typed_config:",
    '          "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  ].join("\n");
}

export function upstreamClusterYaml(upstreamPort: number, name = "upstream"): string {
  return [
    `- name: ${name}`,
    "  connect_timeout: 5s",
    "  type: STATIC",
    "  load_assignment:",
    `    cluster_name: ${name}`,
    "    endpoints:",
    "    - lb_endpoints:",
    `      - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: ${upstreamPort} } } }`,
  ].join("\n");
}

export function adminYaml(adminPort: number): string {
  return `admin:\n  address: { socket_address: { address: 127.0.0.1, port_value: ${adminPort} } }`;
}

/** Static listeners only. */
export function staticBootstrap(adminPort: number, upstreamPort: number, listeners: string[]): string {
  return [
    adminYaml(adminPort),
    "static_resources:",
    "  listeners:",
    ...listeners.map((l) => indent(`- ${indent(l, 2).trimStart()}`, 2)),
    "  clusters:",
    indent(upstreamClusterYaml(upstreamPort), 2),
  ].join("\n");
}

/** Listeners from a watched file (LDS), so a bad update can be rejected while Envoy keeps running. */
export function ldsBootstrap(adminPort: number, upstreamPort: number, ldsDir: string): string {
  return [
    adminYaml(adminPort),
    "node: { id: tsc2envoy-test, cluster: tsc2envoy-test }",
    "dynamic_resources:",
    "  lds_config:",
    "    resource_api_version: V3",
    `    path_config_source: { path: ${ldsDir}/lds.yaml, watched_directory: { path: ${ldsDir} } }`,
    "static_resources:",
    "  clusters:",
    indent(upstreamClusterYaml(upstreamPort), 2),
  ].join("\n");
}

export function ldsResources(listeners: string[]): string {
  return [
    "resources:",
    ...listeners.map((l) => indent(`- "@type": type.googleapis.com/envoy.config.listener.v3.Listener\n${indent(l, 2)}`, 0)),
  ].join("\n");
}

/** The upstream cluster with HTTP/1.1 trailers passed on (enable_trailers), for tests of trailers. */
export function trailersClusterYaml(upstreamPort: number, name = "upstream"): string {
  return [
    upstreamClusterYaml(upstreamPort, name),
    "  typed_extension_protocol_options:",
    "    envoy.extensions.upstreams.http.v3.HttpProtocolOptions:",
    '      "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
    "      explicit_http_config: { http_protocol_options: { enable_trailers: true } }",
  ].join("\n");
}

/* ---- network and listener filters (issue 11) */

/** A dynamic module's network filter (`envoy.filters.network.dynamic_modules`); the config as a raw string. */
export function networkFilterYaml(filter: FilterSpec): string {
  const lines = [
    "- name: envoy.filters.network.dynamic_modules",
    "  typed_config:",
    '    "@type": type.googleapis.com/envoy.extensions.filters.network.dynamic_modules.v3.DynamicModuleNetworkFilter',
    `    dynamic_module_config: { name: ${filter.module} }`,
    `    filter_name: ${filter.filterName}`,
  ];
  if (filter.config !== undefined) lines.push("    filter_config:", '      "@type": type.googleapis.com/google.protobuf.StringValue', `      value: ${JSON.stringify(filter.config)}`);
  return lines.join("\n");
}

/** A dynamic module's listener filter (`envoy.filters.listener.dynamic_modules`). */
export function listenerFilterYaml(filter: FilterSpec): string {
  return networkFilterYaml(filter)
    .replace("envoy.filters.network.dynamic_modules", "envoy.filters.listener.dynamic_modules")
    .replace("filters.network.dynamic_modules.v3.DynamicModuleNetworkFilter", "filters.listener.dynamic_modules.v3.DynamicModuleListenerFilter");
}

/**
 * A TCP listener: its listener filters, then one filter chain of the network filters and, unless
 * `terminal` is false, a tcp_proxy to the `upstream` cluster (a chain must end in a terminal filter).
 */
export function tcpListenerYaml(name: string, port: number, networkFilters: FilterSpec[], options: { listenerFilters?: FilterSpec[]; terminal?: boolean } = {}): string {
  const proxy = [
    "- name: envoy.filters.network.tcp_proxy",
    "  typed_config:",
    '    "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
    `    stat_prefix: ${name}`,
    "    cluster: upstream",
  ];
  return [
    `name: ${name}`,
    `address: { socket_address: { address: 127.0.0.1, port_value: ${port} } }`,
    ...(options.listenerFilters?.length ? ["listener_filters:", options.listenerFilters.map(listenerFilterYaml).join("\n")] : []),
    "filter_chains:",
    "- filters:",
    indent([...networkFilters.map(networkFilterYaml), ...(options.terminal === false ? [] : proxy)].join("\n"), 2),
  ].join("\n");
}

/* ---- UDP listener filters and access loggers (issue 11) */

/** A dynamic module's UDP listener filter (`envoy.filters.udp_listener.dynamic_modules`); `configYaml`: filter_config as flow YAML. */
export function udpListenerFilterYaml(module: string, filterName: string, configYaml?: string): string {
  return [
    "- name: envoy.filters.udp_listener.dynamic_modules",
    "  typed_config:",
    '    "@type": type.googleapis.com/envoy.extensions.filters.udp.dynamic_modules.v3.DynamicModuleUdpListenerFilter',
    `    dynamic_module_config: { name: ${module} }`,
    `    filter_name: ${filterName}`,
    ...(configYaml === undefined ? [] : [`    filter_config: ${configYaml}`]),
  ].join("\n");
}

/** A UDP listener on 127.0.0.1: its listener filters (YAML list items), no filter chains. */
export function udpListenerYaml(name: string, port: number, listenerFilters: string[]): string {
  return [
    `name: ${name}`,
    `address: { socket_address: { address: 127.0.0.1, port_value: ${port}, protocol: UDP } }`,
    "udp_listener_config: {}",
    "listener_filters:",
    ...listenerFilters,
  ].join("\n");
}

/** A connection manager's `access_log` list with a dynamic module's access logger, its config a raw string. */
export function dynamicAccessLogYaml(module: string, loggerName: string, config: string): string[] {
  return [
    "access_log:",
    "- name: envoy.access_loggers.dynamic_modules",
    "  typed_config:",
    '    "@type": type.googleapis.com/envoy.extensions.access_loggers.dynamic_modules.v3.DynamicModuleAccessLog',
    `    dynamic_module_config: { name: ${module} }`,
    `    logger_name: ${loggerName}`,
    `    logger_config: { "@type": type.googleapis.com/google.protobuf.StringValue, value: ${JSON.stringify(config)} }`,
  ];
}
