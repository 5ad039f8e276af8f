/*
 * Listener filters (registerListenerFilter, issue 11): the envoy_dynamic_module_on_listener_filter_*
 * hooks Envoy 1.40 calls. Linked only into modules that register a listener filter (compiler/cc.ts).
 */
#include "envoy_abi.h"
#include "tse_internal.h"
