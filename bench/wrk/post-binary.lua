-- wrk script: POST a body in the binary tensor extension's framing (a JSON header, then the tensors' raw bytes)
-- to the URL under test. After wrk's "--": the body file (a path relative to wrk's working directory) and the
-- length of its JSON header in bytes, sent as Inference-Header-Content-Length.
-- No response() callback: it would make wrk parse every body and turn the load generator into the bottleneck.

function init(args)
   local path, header_length = args[1], args[2]
   if path == nil or header_length == nil or not header_length:match("^%d+$") then
      error("usage: wrk ... -s post-binary.lua URL -- BODY.bin JSON_HEADER_LENGTH")
   end
   local file = assert(io.open(path, "rb"))
   wrk.body = file:read("*a")
   file:close()
   if tonumber(header_length) > #wrk.body then
      error("the JSON header length " .. header_length .. " is longer than the body (" .. #wrk.body .. " bytes)")
   end
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/octet-stream"
   wrk.headers["Inference-Header-Content-Length"] = header_length
end
