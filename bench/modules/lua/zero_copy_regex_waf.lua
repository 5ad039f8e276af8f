-- Envoy's Lua filter doing what examples/zero_copy_regex_waf.ts does with its benchmark config
-- ("^.*(curl|wget).*"): request_handle:body() waits for the whole body, holding the headers
-- (Envoy buffers it, up to its buffer limit), getBytes copies it into one Lua string, and string.find with plain = true
-- looks for "curl", then "wget". That is a substring search, not a regex: Lua patterns have no
-- alternation, and `^.*`, which in JavaScript keeps the match on the body's first line, is left
-- out (the benchmark's bodies have no newline). A match answers 403 "Access forbidden".
function envoy_on_request(request_handle)
  local body = request_handle:body()
  if body == nil then
    return
  end
  local text = body:getBytes(0, body:length())
  if string.find(text, "curl", 1, true) or string.find(text, "wget", 1, true) then
    request_handle:respond({ [":status"] = "403" }, "Access forbidden")
  end
end
