-- Lua counterpart of examples/passthrough.ts for the benchmarks (Envoy's Lua filter): both hooks run
-- and do nothing, so what it costs is Envoy running a Lua coroutine per direction.
function envoy_on_request(handle)
end

function envoy_on_response(handle)
end
