-- examples/external_authorization.ts in Envoy's Lua filter: the same callout to the auth cluster
-- (request_handle:httpCall, which yields the request's coroutine until the answer), the same 403 for
-- a 401 or 403, 503 for anything else, x-auth-user passed on. CONFIG (cluster, timeoutMs) is
-- prepended by bench/envoy/bench.py.
function envoy_on_request(request_handle)
  local headers = request_handle:headers()
  local callout = {
    [":method"] = "GET",
    [":path"] = "/check" .. (headers:get(":path") or "/"),
    [":authority"] = CONFIG.cluster,
    ["x-original-method"] = headers:get(":method") or "",
  }
  local authorization = headers:get("authorization")
  if authorization ~= nil then
    callout["authorization"] = authorization
  end
  local response_headers, _ = request_handle:httpCall(CONFIG.cluster, callout, "", CONFIG.timeoutMs or 1000)
  local status = response_headers[":status"]
  if status == "401" or status == "403" then
    request_handle:respond({[":status"] = "403", ["content-type"] = "text/plain"}, "denied by the auth service (" .. status .. ")\n")
    return
  end
  if status ~= "200" then
    request_handle:logWarn("auth service unavailable: the auth service answered " .. tostring(status))
    request_handle:respond({[":status"] = "503", ["content-type"] = "text/plain"}, "auth service unavailable\n")
    return
  end
  local user = response_headers["x-auth-user"]
  if user ~= nil then
    request_handle:headers():replace("x-auth-user", user) -- a handle taken before the yield is not valid after it
  end
end
