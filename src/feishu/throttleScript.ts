/**
 * The Lua behind RedisThrottleStore: MemoryThrottleStore's sliding-window log with future
 * reservations (throttle.ts), run inside Redis so that booking is atomic across replicas.
 *
 * KEYS: one sorted set per budget; score = a booked moment in ms on Redis's clock (`TIME`, the
 * one clock every replica shares), member = that moment plus the caller's nonce.
 * ARGV: maxWaitMs, nonce, then `limit, windowMs` per budget, in KEYS order.
 * Reply: `{1, waitMs}` (booked in every set) or `{0, waitMs it would have been}` (nothing booked);
 * waitMs as a string, since Redis turns Lua numbers into integers.
 *
 * Fitting, in O(1) per candidate moment instead of re-counting windows: the log was valid before
 * (no `limit + 1` entries within less than a window), so one more entry at `t` breaks it only if
 * some run of `limit` consecutive entries next to or around `t` spans less than a window with it.
 * Runs that already span less than a window are "full"; a prefix count of them answers "is any
 * run around `t` full". As in the memory store, a fitting moment is `now` or the moment an entry
 * ages out (`entry + window`), and budgets take turns moving the moment until all agree.
 */
export const THROTTLE_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local maxWait = tonumber(ARGV[1])
local nonce = ARGV[2]
local n = #KEYS
local logs, limits, windows, fulls = {}, {}, {}, {}

for i = 1, n do
  local limit = tonumber(ARGV[1 + 2 * i])
  local window = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', string.format('%.3f', now - window))
  local raw = redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES')
  local log = {}
  for j = 2, #raw, 2 do log[#log + 1] = tonumber(raw[j]) end
  local full, count = {}, 0
  for j = 1, #log - limit + 1 do
    if log[j + limit - 1] - log[j] < window then count = count + 1 end
    full[j] = count
  end
  logs[i], limits[i], windows[i], fulls[i] = log, limit, window, full
end

-- How many entries are <= x (the log is sorted).
local function upTo(log, x)
  local lo, hi = 1, #log + 1
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if log[mid] <= x then lo = mid + 1 else hi = mid end
  end
  return lo - 1
end

local function fits(i, t)
  local log, limit, window, full = logs[i], limits[i], windows[i], fulls[i]
  local len = #log
  local p = upTo(log, t)
  if p + limit <= len and log[p + limit] - t < window then return false end
  if p - limit + 1 >= 1 and t - log[p - limit + 1] < window then return false end
  local from, to = math.max(1, p - limit + 2), math.min(p, len - limit + 1)
  if from <= to and full[to] - (full[from - 1] or 0) > 0 then return false end
  return true
end

local function earliest(i, t)
  if fits(i, t) then return t end
  local log, window = logs[i], windows[i]
  for j = upTo(log, t - window) + 1, #log do
    local candidate = log[j] + window
    if candidate > t and fits(i, candidate) then return candidate end
  end
  return t
end

local at, moved = now, true
while moved do
  moved = false
  for i = 1, n do
    local t = earliest(i, at)
    if t > at then at, moved = t, true end
  end
end

local wait = at - now
if wait > maxWait then return {0, string.format('%.3f', wait)} end
local score = string.format('%.3f', at)
for i = 1, n do
  redis.call('ZADD', KEYS[i], score, score .. ':' .. nonce)
  local last = math.max(at, logs[i][#logs[i]] or at)
  -- The set lives until its last booking has aged out, so idle budgets leave nothing behind.
  redis.call('PEXPIRE', KEYS[i], math.ceil(last - now + windows[i]) + 1000)
end
return {1, string.format('%.3f', wait)}
`;
