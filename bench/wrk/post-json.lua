-- wrk script: POST the JSON file named after wrk's "--" (a path relative to wrk's working directory)
-- to the URL under test. The harness passes the same file to every server so they get byte-identical requests.
-- No response() callback: it would make wrk parse every body and turn the load generator into the bottleneck.

function init(args)
   local path = args[1]
   if path == nil then
      error("usage: wrk ... -s post-json.lua URL -- BODY.json")
   end
   local file = assert(io.open(path, "rb"))
   wrk.body = file:read("*a")
   file:close()
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
end
