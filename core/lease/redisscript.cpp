#include "lease/redisscript.h"

#include <QCryptographicHash>

namespace gpupool::lease::redisscript {

namespace {

// ARGV: 1 op, 2 channel, 3 origin, 4 history kept, 5... the op's own (a
// resume flag, where an op has one, comes last: the client sets it when it
// tries again).
// Every answer of a change is JSON: {"ok": what, ...} or {"err": code, ...},
// so refusals carry the lease the client needs for its message; "version" is
// the change counter after a change, "seen" the counter when nothing changed.
// Numbers are milliseconds (< 2^53, exact in Lua's doubles and in cjson's
// 14 significant digits until the year 5138).
constexpr char Script[] = R"lua(
local K_ACTIVE, K_GPU, K_FENCE, K_ENDED, K_HISTORY, K_EXPIRY, K_VERSION, K_SETTINGS, K_QUEUE =
    KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local op, channel, origin, keep = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])

local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function version()
  return tonumber(redis.call('GET', K_VERSION) or '0')
end

local function changed()
  local v = redis.call('INCR', K_VERSION)
  redis.call('PUBLISH', channel, v .. ' ' .. origin)
  return v
end

-- The wait queue (lease/queueentry.h): entries by id in K_QUEUE; its
-- version and last id are counters among the settings. Every enqueue,
-- dequeue and serve moves the version; heartbeats do not.
local function qversion()
  return tonumber(redis.call('HGET', K_SETTINGS, 'queue.version') or '0')
end

local function qmoved()
  redis.call('HINCRBY', K_SETTINGS, 'queue.version', 1)
end

local function finish(rec, reason, by, at)
  redis.call('HDEL', K_ACTIVE, rec.id)
  if redis.call('HGET', K_GPU, rec.g) == rec.id then redis.call('HDEL', K_GPU, rec.g) end
  redis.call('ZREM', K_EXPIRY, rec.id)
  local e = { lease = rec, reason = reason, by = by, at = at }
  redis.call('HSET', K_ENDED, rec.id, cjson.encode(e))
  redis.call('LPUSH', K_HISTORY, rec.id)
  if redis.call('LLEN', K_HISTORY) > keep then
    for _, old in ipairs(redis.call('LRANGE', K_HISTORY, keep, -1)) do redis.call('HDEL', K_ENDED, old) end
    redis.call('LTRIM', K_HISTORY, 0, keep - 1)
  end
  return e
end

-- An id that is not active: ended before (with how) or unknown.
local function notActive(id)
  local ended = redis.call('HGET', K_ENDED, id)
  if ended then return { err = 'ended', ['end'] = cjson.decode(ended) } end
  return { err = 'unknown' }
end

local function active(id)
  local raw = redis.call('HGET', K_ACTIVE, id)
  if raw then return cjson.decode(raw) end
  return nil
end

if op == 'grant' then
  local specs, noticed, resume = cjson.decode(ARGV[5]), ARGV[6], ARGV[9] == '1'
  local setting, qcheck = nil, nil
  if ARGV[7] ~= '' then setting = cjson.decode(ARGV[7]) end
  if ARGV[8] ~= '' then qcheck = cjson.decode(ARGV[8]) end
  local t = now()
  if resume then
    -- The answer to an earlier try was lost: if that try went through, it is
    -- the answer now (lease ids are never reused, so this is that grant).
    local found, runOut = {}, nil
    for i, s in ipairs(specs) do
      local rec = active(s.id)
      if not rec or rec.owner ~= s.owner or rec.g ~= s.g then found = nil; break end
      found[i] = rec
      if rec.expires <= t and not runOut then runOut = i end
    end
    if found and not runOut then return cjson.encode({ ok = 'resumed', leases = found, seen = version() }) end
    if found then
      -- It went through but has run out since, and nothing expired it yet:
      -- handing it back would tell the client it holds a GPU the next grant
      -- gives away. End it as 'end' and 'renew' do, and since a batch is all
      -- or nothing, give back the rest of it too rather than leave it held
      -- by nobody; the client asks afresh.
      local ends = {}
      for _, rec in ipairs(found) do
        if rec.expires <= t then ends[#ends + 1] = finish(rec, 'expired', noticed, rec.expires)
        else ends[#ends + 1] = finish(rec, 'released', rec.owner, t) end
      end
      return cjson.encode({ err = 'ended', ['end'] = ends[runOut], ended = ends, version = changed(), now = t })
    end
  end
  -- The balancer's turn is written with the grant, only if nobody moved it
  -- since the client read it: any mix of programs rotates as one.
  if setting and (redis.call('HGET', K_SETTINGS, setting.name) or '') ~= setting.expected then
    return cjson.encode({ err = 'setting', name = setting.name })
  end
  -- Decided on the queue as it was: if anyone joined or left since, the
  -- client looks again, so no grant passes a waiter it did not see.
  if qcheck and qversion() ~= qcheck.expected then return cjson.encode({ err = 'queue' }) end
  local expired = {}
  for _, s in ipairs(specs) do
    if redis.call('HEXISTS', K_ACTIVE, s.id) == 1 or redis.call('HEXISTS', K_ENDED, s.id) == 1 then
      return cjson.encode({ err = 'reused', id = s.id })
    end
    local holder = redis.call('HGET', K_GPU, s.g)
    if holder then
      local rec = active(holder)
      if rec then
        if rec.expires > t then return cjson.encode({ err = 'taken', lease = rec, now = t }) end
        expired[#expired + 1] = rec
      else
        redis.call('HDEL', K_GPU, s.g) -- a dangling index entry holds nothing
      end
    end
  end
  local ends = {}
  for _, rec in ipairs(expired) do ends[#ends + 1] = finish(rec, 'expired', noticed, rec.expires) end
  local out = {}
  for _, s in ipairs(specs) do
    local rec = { id = s.id, ep = s.ep, n = s.n, g = s.g, owner = s.owner, note = s.note, kind = s.kind,
                  created = t, expires = t + s.dur, fence = redis.call('HINCRBY', K_FENCE, s.g, 1) }
    redis.call('HSET', K_ACTIVE, s.id, cjson.encode(rec))
    redis.call('HSET', K_GPU, s.g, s.id)
    redis.call('ZADD', K_EXPIRY, rec.expires, s.id)
    out[#out + 1] = rec
  end
  if setting then redis.call('HSET', K_SETTINGS, setting.name, setting.value) end
  if qcheck and qcheck.serves ~= 0 and redis.call('HDEL', K_QUEUE, tostring(qcheck.serves)) == 1 then qmoved() end
  return cjson.encode({ ok = 'granted', leases = out, ended = ends, version = changed(), now = t })

elseif op == 'end' then
  local id, by, reason, resume = ARGV[5], ARGV[6], ARGV[7], ARGV[8] == '1'
  local rec = active(id)
  if not rec then
    local r = notActive(id)
    if resume and r['end'] and r['end'].reason == reason and r['end'].by == by then
      return cjson.encode({ ok = 'resumed', ['end'] = r['end'], seen = version() })
    end
    return cjson.encode(r)
  end
  if reason == 'expired' or (reason == 'released' and by ~= rec.owner)
      or (reason == 'revoked' and string.match(by, '^%s*$')) then
    return cjson.encode({ err = 'refused', lease = rec })
  end
  local t = now()
  if rec.expires <= t then
    local e = finish(rec, 'expired', by, rec.expires)
    return cjson.encode({ err = 'ended', ['end'] = e, version = changed(), now = t })
  end
  return cjson.encode({ ok = 'ended', ['end'] = finish(rec, reason, by, t), version = changed(), now = t })

elseif op == 'renew' then
  local id, by, duration = ARGV[5], ARGV[6], tonumber(ARGV[7])
  local rec = active(id)
  if not rec then return cjson.encode(notActive(id)) end
  if by ~= rec.owner or not (duration > 0) then return cjson.encode({ err = 'refused', lease = rec }) end
  local t = now()
  if rec.expires <= t then
    local e = finish(rec, 'expired', by, rec.expires)
    return cjson.encode({ err = 'ended', ['end'] = e, version = changed(), now = t })
  end
  rec.expires = t + duration
  redis.call('HSET', K_ACTIVE, id, cjson.encode(rec))
  redis.call('ZADD', K_EXPIRY, rec.expires, id)
  return cjson.encode({ ok = 'renewed', lease = rec, version = changed(), now = t })

elseif op == 'expire' then
  local noticed = ARGV[5]
  local t = now()
  local ends = {}
  -- Same order as the other stores: by expiry, then id.
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', K_EXPIRY, '-inf', t)) do
    local rec = active(id)
    if rec then ends[#ends + 1] = finish(rec, 'expired', noticed, rec.expires)
    else redis.call('ZREM', K_EXPIRY, id) end
  end
  if #ends == 0 then return cjson.encode({ ok = 'expired', seen = version(), now = t }) end
  return cjson.encode({ ok = 'expired', ends = ends, version = changed(), now = t })

elseif op == 'setting' then
  -- A pool setting (the strategy): a change like any other, so every
  -- program on the store notices it through the counter and the channel.
  local name, value = ARGV[5], ARGV[6]
  if redis.call('HGET', K_SETTINGS, name) == value then return cjson.encode({ ok = 'set', seen = version() }) end
  redis.call('HSET', K_SETTINGS, name, value)
  return cjson.encode({ ok = 'set', version = changed() })

elseif op == 'enqueue' then
  local e, t = cjson.decode(ARGV[5]), now()
  e.id = redis.call('HINCRBY', K_SETTINGS, 'queue.last_id', 1)
  e.created, e.hb = t, t
  redis.call('HSET', K_QUEUE, tostring(e.id), cjson.encode(e))
  qmoved()
  return cjson.encode({ ok = 'queued', entry = e, version = changed(), now = t })

elseif op == 'queue' then
  -- Entries whose heartbeat went stale are programs that died waiting:
  -- removed here, so what they held is free again.
  local t, live, removed = now(), {}, false
  local flat = redis.call('HGETALL', K_QUEUE)
  for i = 1, #flat, 2 do
    local ok, e = pcall(cjson.decode, flat[i + 1])
    if ok and type(e) == 'table' and tonumber(e.hb) and tonumber(e.stale) and e.hb + e.stale < t then
      redis.call('HDEL', K_QUEUE, flat[i])
      removed = true
    else
      live[#live + 1] = flat[i + 1] -- a damaged one too: the client says so
    end
  end
  local v
  if removed then qmoved(); v = changed() else v = version() end
  local out = { tostring(v), tostring(t), tostring(qversion()), removed and '1' or '0' }
  for _, raw in ipairs(live) do out[#out + 1] = raw end
  return out

elseif op == 'heartbeat' then
  local t = now()
  for id in string.gmatch(ARGV[5], '%d+') do
    local raw = redis.call('HGET', K_QUEUE, id)
    local ok, e = pcall(cjson.decode, raw or '')
    if raw and ok and type(e) == 'table' then
      e.hb = t
      redis.call('HSET', K_QUEUE, id, cjson.encode(e))
    end
  end
  return cjson.encode({ ok = 'beat', seen = version(), now = t })

elseif op == 'dequeue' then
  local id, by = ARGV[5], ARGV[6]
  local raw = redis.call('HGET', K_QUEUE, id)
  if not raw then return cjson.encode({ ok = 'absent', seen = version() }) end
  local ok, e = pcall(cjson.decode, raw)
  if ok and type(e) == 'table' and e.owner ~= by then return cjson.encode({ err = 'notyours', entry = raw }) end
  redis.call('HDEL', K_QUEUE, id)
  qmoved()
  return cjson.encode({ ok = 'dequeued', version = changed() })

elseif op == 'snapshot' then
  local out = { tostring(version()), tostring(now()) }
  for _, raw in ipairs(redis.call('HVALS', K_ACTIVE)) do out[#out + 1] = raw end
  return out

elseif op == 'history' then
  local n = tonumber(ARGV[5])
  local out = {}
  if n <= 0 then return out end
  for _, id in ipairs(redis.call('LRANGE', K_HISTORY, 0, n - 1)) do
    local e = redis.call('HGET', K_ENDED, id)
    if e then out[#out + 1] = e end
  end
  return out
end
return redis.error_reply('gpupool: unknown operation ' .. tostring(op))
)lua";

} // namespace

QByteArray source()
{
    return QByteArray::fromRawData(Script, sizeof(Script) - 1);
}

QByteArray sha1()
{
    static const QByteArray hex = QCryptographicHash::hash(source(), QCryptographicHash::Sha1).toHex();
    return hex;
}

QList<QByteArray> keys(const QByteArray &prefix)
{
    QList<QByteArray> k;
    for (const char *name : { "active", "gpu", "fence", "ended", "history", "expiry", "version", "settings", "queue" })
        k.append(prefix + name);
    return k;
}

} // namespace gpupool::lease::redisscript
