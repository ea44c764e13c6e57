package dev.satchel.store.redis;

import dev.satchel.session.SessionStore;

/**
 * The Lua scripts: each runs atomically on the server and touches one key, so each works on Redis
 * Cluster. A TTL argument of {@code 0} means the session never expires by time.
 */
final class Scripts {
  private static final String USER_FIELD = "'" + SessionHash.field(SessionStore.USER_ATTRIBUTE) + "'";

  private Scripts() {}

  /** A whole session in one step, so no half-written session is ever visible. ARGV: ttl, then field/value pairs. */
  static final LuaScript CREATE = LuaScript.of("""
      redis.call('DEL', KEYS[1])
      for i = 2, #ARGV, 2 do
        redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
      end
      if ARGV[1] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return 1
      """);

  /**
   * Moves a session to a new id in one step: KEYS[1] the new key, written whole as by CREATE; KEYS[2] the
   * old key, deleted. No moment finds both ids or neither. Returns the old key's user field. The two keys
   * hash to different slots, so on Redis Cluster this script would be refused (see docs/stores.md).
   */
  static final LuaScript ROTATE = LuaScript.of("""
      local before = redis.call('HGET', KEYS[2], USER_FIELD)
      redis.call('DEL', KEYS[1])
      for i = 2, #ARGV, 2 do
        redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
      end
      if ARGV[1] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      redis.call('DEL', KEYS[2])
      return before
      """.replace("USER_FIELD", USER_FIELD));

  /**
   * Sets and removes only the named fields of a session that still exists; a deleted session stays
   * deleted. ARGV: ttl, count of fields to set, those field/value pairs, then the fields to remove.
   * Returns {0} when the session is gone, else {1, user field before, user field after}.
   */
  static final LuaScript UPDATE = LuaScript.of("""
      if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
      local before = redis.call('HGET', KEYS[1], USER_FIELD)
      local i = 3
      for _ = 1, tonumber(ARGV[2]) do
        redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
        i = i + 2
      end
      for j = i, #ARGV do redis.call('HDEL', KEYS[1], ARGV[j]) end
      if ARGV[1] == '0' then redis.call('PERSIST', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return {1, before, redis.call('HGET', KEYS[1], USER_FIELD)}
      """.replace("USER_FIELD", USER_FIELD));

  /**
   * Compare-and-set of one attribute: writes only when the field and the timeouts are still what the
   * caller read. ARGV: field, expected value, '1' when a value was expected (else absent), new value,
   * '1' to set it (else remove), expected idle, expected deadline, access time, ttl.
   * Returns 0 when the session is gone, -1 when it changed meanwhile (read again), 1 when written.
   */
  static final LuaScript COMPARE_AND_SET = LuaScript.of("""
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      local current = redis.call('HGET', KEYS[1], ARGV[1])
      if (ARGV[3] == '1' and current ~= ARGV[2]) or (ARGV[3] == '0' and current) then return -1 end
      if redis.call('HGET', KEYS[1], 'm:idle') ~= ARGV[6]
          or redis.call('HGET', KEYS[1], 'm:deadline') ~= ARGV[7] then return -1 end
      if ARGV[5] == '1' then
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
      else
        redis.call('HDEL', KEYS[1], ARGV[1])
      end
      redis.call('HSET', KEYS[1], 'm:access', ARGV[8])
      if ARGV[9] == '0' then redis.call('PERSIST', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[9]) end
      return 1
      """);

  /** Deletes a session and returns its user field (nil without one), so the index can drop it. */
  static final LuaScript DELETE = LuaScript.of("""
      local user = redis.call('HGET', KEYS[1], USER_FIELD)
      redis.call('DEL', KEYS[1])
      return user
      """.replace("USER_FIELD", USER_FIELD));

  /** Deletes a session only while its user field is still ARGV[1]; 1 when deleted. */
  static final LuaScript DELETE_IF_USER = LuaScript.of("""
      if redis.call('HGET', KEYS[1], USER_FIELD) == ARGV[1] then
        redis.call('DEL', KEYS[1])
        return 1
      end
      return 0
      """.replace("USER_FIELD", USER_FIELD));

  /**
   * Keeps a user's index honest and returns its members: prunes members whose score (their session's
   * expiry) has passed, adds or removes one member, and sets the set's own TTL to its latest expiry, so
   * an index nobody touches again still disappears. ARGV: now, member ('' for none), score ('' removes).
   */
  static final LuaScript USER_INDEX = LuaScript.of("""
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
      if ARGV[2] ~= '' then
        if ARGV[3] == '' then
          redis.call('ZREM', KEYS[1], ARGV[2])
        else
          redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
        end
      end
      local top = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
      if #top == 0 then return {} end
      if top[2] == 'inf' then
        redis.call('PERSIST', KEYS[1])
      else
        redis.call('PEXPIRE', KEYS[1], string.format('%.0f', tonumber(top[2]) - tonumber(ARGV[1])))
      end
      return redis.call('ZRANGE', KEYS[1], 0, -1)
      """);
}
