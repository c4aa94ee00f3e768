/** The platform budget's Lua scripts (src/jobs/platformBudget.ts), run atomically in Redis. */

/**
 * How both scripts begin. KEYS: every message of the window, the deliveries among them, the replies waiting.
 * ARGV: now, window, limit, deliveries' share, the number n of "answered" marks that follow (n pairs of when and
 * member), then the members asking. The marks are written first (only where the member still is: XX, and only
 * later: GT), then what left the window is dropped; `first` is where the members asking begin.
 */
const ASKING = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local share = tonumber(ARGV[4])
local marks = tonumber(ARGV[5])
if marks > 0 then
  redis.call('ZADD', KEYS[1], 'XX', 'GT', unpack(ARGV, 6, 5 + 2 * marks))
  redis.call('ZADD', KEYS[2], 'XX', 'GT', unpack(ARGV, 6, 5 + 2 * marks))
end
local first = 6 + 2 * marks
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
`;

/**
 * Deliveries asking (after ASKING): the replies waiting count as if in the window (their places kept). Each
 * delivery in turn goes (counted) while there is room, as if they had asked one after the other. Returns how many
 * go (the first ones) and, when some cannot, the ms they wait.
 */
export const DELIVERY_SCRIPT = `${ASKING}redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local all = redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[3])
local deliveries = redis.call('ZCARD', KEYS[2])
local granted = 0
local entries = {}
for i = first, #ARGV do
  if all >= limit and deliveries >= share then break end
  entries[#entries + 1] = now
  entries[#entries + 1] = ARGV[i]
  granted = granted + 1
  all = all + 1
  deliveries = deliveries + 1
end
if granted > 0 then
  redis.call('ZADD', KEYS[1], unpack(entries))
  redis.call('ZADD', KEYS[2], unpack(entries))
  redis.call('PEXPIRE', KEYS[1], window * 2)
  redis.call('PEXPIRE', KEYS[2], window * 2)
end
if granted == #ARGV - first + 1 then return {granted, 0} end
local logged = redis.call('ZCARD', KEYS[1])
local leaving = redis.call('ZRANGE', KEYS[1], math.max(0, logged - limit), math.max(0, logged - limit), 'WITHSCORES')
if not leaving[2] then return {granted, 50} end
return {granted, math.max(1, math.floor(tonumber(leaving[2]) + window - now + 1))}
`;

/**
 * Replies asking (after ASKING): each goes (counted, no longer waiting) unless the window is full and deliveries
 * hold more than their share; those that cannot are kept waiting (deliveries leave them the next free places) and
 * told how long until the oldest message leaves.
 */
export const REPLY_SCRIPT = `${ASKING}local all = redis.call('ZCARD', KEYS[1])
local deliveries = redis.call('ZCARD', KEYS[2])
local granted = 0
local entries = {}
for i = first, #ARGV do
  if all >= limit and deliveries > share then break end
  entries[#entries + 1] = now
  entries[#entries + 1] = ARGV[i]
  granted = granted + 1
  all = all + 1
end
if granted > 0 then
  redis.call('ZADD', KEYS[1], unpack(entries))
  redis.call('PEXPIRE', KEYS[1], window * 2)
  redis.call('ZREM', KEYS[3], unpack(ARGV, first, first + granted - 1))
end
if granted == #ARGV - first + 1 then return {granted, 0} end
local waiting = {}
for i = first + granted, #ARGV do
  waiting[#waiting + 1] = now + window
  waiting[#waiting + 1] = ARGV[i]
end
redis.call('ZADD', KEYS[3], unpack(waiting))
redis.call('PEXPIRE', KEYS[3], window * 2)
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {granted, math.max(1, math.floor(tonumber(oldest[2]) + window - now + 1))}
`;
