-- Decides one call against every limit of a policy, atomically: one round trip, no retries.
--
-- KEYS[1]  the hash holding the key's buckets
-- ARGV[1]  tokens the call costs
-- ARGV[2]  now in microseconds, or '' to read Redis's own clock (TIME), so instances agree
-- ARGV[3]  'g' for greedy refill (GCRA), 'i' for interval refill (fixed window)
-- ARGV[4..] capacity and period in microseconds, for each limit
--
-- Returns {allowed (1 or 0), remaining tokens of the tightest limit, retry after (us), reset after (us)}.
-- Always 0 <= remaining <= capacity and 0 <= reset after, retry after <= period, whatever is stored.
--
-- Greedy refill is GCRA: one "theoretical arrival time" per limit, emission interval
-- t = ceil(period / capacity), burst = capacity * t. All arithmetic stays on integers below 2^53,
-- so Lua's doubles are exact. Interval refill keeps a window start and the tokens used in it.
--
-- Stored values are untrusted: a clock that stepped back (a failover to a replica whose clock is
-- behind, or ARGV[2] from an instance behind the others) leaves a time in the future, and a
-- policy changed between deployments leaves counts beyond the new capacity. They are clamped to
-- the state of an empty bucket, never read as "more than empty".

local cost = tonumber(ARGV[1])
local now
if ARGV[2] == '' then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000000 + tonumber(time[2])
else
  now = tonumber(ARGV[2])
end
local refill = ARGV[3]
local count = (#ARGV - 3) / 2

local fields = {}
for i = 1, count do
  fields[2 * i - 1] = refill .. 'v' .. i
  fields[2 * i] = refill .. 's' .. i
end
local stored = redis.call('HMGET', KEYS[1], unpack(fields))

local allowed = true
local updates = {}
local before_remaining, after_remaining = math.huge, math.huge
local before_reset, after_reset, retry, longest = 0, 0, 0, 0

for i = 1, count do
  local capacity = tonumber(ARGV[2 + 2 * i])
  local period = tonumber(ARGV[3 + 2 * i])
  local value = tonumber(stored[2 * i - 1])
  local remaining_now, remaining_next, reset_now, reset_next, wait
  if refill == 'g' then
    local emission = math.ceil(period / capacity)
    local burst = emission * capacity
    local tat = value
    if tat == nil or tat < now then
      tat = now
    elseif tat > now + burst then
      -- further ahead than an empty bucket can be: the clock stepped back; count it as empty
      tat = now + burst
    end
    local next_tat = tat + cost * emission
    wait = next_tat - burst - now
    remaining_now = math.floor((burst - (tat - now)) / emission)
    remaining_next = math.floor((burst - (next_tat - now)) / emission)
    reset_now, reset_next = tat - now, next_tat - now
    updates[#updates + 1] = fields[2 * i - 1]
    updates[#updates + 1] = next_tat
  else
    local start = tonumber(stored[2 * i])
    local used = math.min(math.max(value or 0, 0), capacity)
    if start == nil then
      start, used = now, 0
    elseif start > now then
      -- a window that starts in the future: the clock stepped back; let it start now, still used
      start = now
    elseif now >= start + period then
      start, used = start + math.floor((now - start) / period) * period, 0
      if start > now or start + period <= now then
        -- a start so far back that the doubles lost the window: begin a new one
        start = now
      end
    end
    local ends = start + period - now
    wait = (used + cost <= capacity) and 0 or ends
    remaining_now, remaining_next = capacity - used, capacity - used - cost
    reset_now = (used > 0) and ends or 0
    reset_next = ends
    updates[#updates + 1] = fields[2 * i - 1]
    updates[#updates + 1] = used + cost
    updates[#updates + 1] = fields[2 * i]
    updates[#updates + 1] = start
  end
  if wait > 0 then
    allowed = false
    if wait > retry then
      retry = wait
    end
  end
  before_remaining = math.min(before_remaining, remaining_now)
  after_remaining = math.min(after_remaining, remaining_next)
  before_reset = math.max(before_reset, reset_now)
  after_reset = math.max(after_reset, reset_next)
  longest = math.max(longest, period)
end

-- GCRA rounds the emission interval up to a whole microsecond, so an empty bucket can take a
-- little longer than its period to fill: the key lives that long, the fields say at most the period
if not allowed then
  return {0, math.max(before_remaining, 0), math.min(retry, longest), math.min(before_reset, longest)}
end
redis.call('HSET', KEYS[1], unpack(updates))
redis.call('PEXPIRE', KEYS[1], math.ceil(after_reset / 1000) + 1)
return {1, math.max(after_remaining, 0), 0, math.min(after_reset, longest)}
