-- Sends each request with the cookie of one of the signed-in sessions, taking them in
-- turn, and prints a JSON summary when the run is done.

local threads = 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

local cookies = {}
local turn = 0

function init(args)
  for line in io.lines(os.getenv("SESSION_COOKIES")) do
    cookies[#cookies + 1] = line
  end
  turn = thread_number * 7
end

function request()
  turn = turn + 1
  return wrk.format(nil, nil, { ["Cookie"] = cookies[turn % #cookies + 1] })
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
