-- wrk script for bench/http.sh: gives each wrk thread one session cookie and prints one RESULT line.
--
-- BENCH_COOKIES names a file with one "name=value" cookie per line; thread i sends line (i mod n)+1 on
-- every request of its connection. Run wrk with as many threads as connections (-t16 -c16) and 16 lines,
-- and each connection keeps to its own session; with one line, every connection shares that session.
-- Without BENCH_COOKIES no cookie is sent (a new session per request).

local cookies = {}
local next_thread = 0

function setup(thread)
  if next_thread == 0 then
    local path = os.getenv("BENCH_COOKIES")
    if path and path ~= "" then
      for line in io.lines(path) do
        if line ~= "" then
          table.insert(cookies, line)
        end
      end
    end
  end
  if #cookies > 0 then
    thread:set("cookie", cookies[(next_thread % #cookies) + 1])
  end
  next_thread = next_thread + 1
end

function init(args)
  -- Set before wrk builds the thread's request, so the static fast path stays in use.
  if cookie then
    wrk.headers["Cookie"] = cookie
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout, e.status))
end
