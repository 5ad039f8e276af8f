-- Lua counterpart of examples/header_mutation.ts for the benchmarks (Envoy's Lua filter).
-- bench/envoy/bench.py puts `local CONFIG = <the header_mutation config of bench/modules/configs.json>`
-- before this code. Envoy 1.40's Lua API has no upstream address, so X-Upstream-Address is not set
-- (the other variants set it); the response code is the :status header.
local function apply(headers, set, remove)
  for _, pair in ipairs(set) do
    headers:replace(pair[1], pair[2])
  end
  for _, name in ipairs(remove) do
    headers:remove(name)
  end
end

function envoy_on_request(handle)
  apply(handle:headers(), CONFIG.request_headers, CONFIG.remove_request_headers)
end

function envoy_on_response(handle)
  local headers = handle:headers()
  local downstream = handle:streamInfo():downstreamRemoteAddress()
  if downstream then
    headers:replace("X-Downstream-Address", downstream)
  end
  local status = headers:get(":status")
  if status then
    headers:replace("X-Response-Code", status)
  end
  apply(headers, CONFIG.response_headers, CONFIG.remove_response_headers)
end
