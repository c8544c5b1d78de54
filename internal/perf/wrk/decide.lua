-- wrk script: level-2 approvals, each task once. decisions.sh sets IDS (a
-- file of task ids, one per line) and TOKEN (a provincial reviewer's bearer
-- token); each wrk thread takes every n-th id.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  ids, i, token = {}, 0, os.getenv("TOKEN")
  local n, nthreads = 0, tonumber(os.getenv("THREADS") or "2")
  for line in io.lines(os.getenv("IDS")) do
    if n % nthreads == tid then table.insert(ids, line) end
    n = n + 1
  end
end
function request()
  i = i + 1
  return wrk.format("POST", "/api/v1/reviews/" .. (ids[i] or "0") .. "/decision",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"},
    '{"decision":"approve","comments":{"general":"材料齐全，同意通过"}}')
end
