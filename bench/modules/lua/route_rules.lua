-- Lua counterpart of examples/route_rules.ts for the benchmarks (Envoy's Lua filter).
-- bench/envoy/bench.py puts `local CONFIG = <the route_rules config of bench/modules/configs.json>`
-- before this code. Lua patterns stand in for the regular expressions: /^\/api\/v(\d+)(?:\/|$)/ as two
-- patterns, and \s of the Bearer pattern as %s (ASCII white space only).
local rules = {}
for i, rule in ipairs(CONFIG.rules) do
  rules[i] = { name = rule.name, kind = rule.kind, value = rule.value, deny = rule.deny,
               minimum = rule.kind == "api" and (tonumber(rule.value) or 0 / 0) or nil }
end

-- The N of an /api/v<N>/ path; -1 for other paths.
local function api_version(path)
  local digits = path:match("^/api/v(%d+)/") or path:match("^/api/v(%d+)$")
  return digits and tonumber(digits) or -1
end

-- The subject of a "Bearer <subject>.<signature>" value, any case of "Bearer".
local function bearer_subject(value)
  if value:sub(1, 6):lower() ~= "bearer" then
    return nil
  end
  return value:sub(7):match("^%s+([%w_%-]+)%.[%w_%-]+$")
end

function envoy_on_request(handle)
  local headers = handle:headers()
  local path = headers:get(":path") or "/"
  local matched, version
  for _, rule in ipairs(rules) do
    if rule.kind == "prefix" then
      if path:sub(1, #rule.value) == rule.value then matched = rule break end
    elseif rule.kind == "api" then
      version = api_version(path)
      if version >= rule.minimum then matched = rule break end
    elseif headers:get(rule.value) ~= nil then
      matched = rule
      break
    end
  end
  if matched and matched.deny then
    handle:respond({ [":status"] = tostring(matched.deny), ["x-route"] = matched.name }, "denied by rule " .. matched.name .. "\n")
    return
  end
  headers:replace("x-route", matched and matched.name or CONFIG.default_route)
  if matched then
    local detail
    if matched.kind == "prefix" then
      detail = "prefix " .. matched.value
    elseif matched.kind == "api" then
      detail = "api version " .. tostring(version)
    else
      detail = "header " .. matched.value
    end
    headers:replace("x-route-detail", detail)
  end
  local subject = bearer_subject(headers:get("authorization") or "")
  if subject then
    headers:replace("x-token-subject", subject)
  end
  handle:logDebug(path .. " -> " .. (matched and matched.name or "default"))
end
