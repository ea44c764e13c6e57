package dev.satchel.store.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * The sessions of each user, as a sorted set per user scored by each session's expiry. Every touch prunes
 * the members that have expired and sets the set's own TTL to its latest expiry, so the index can never
 * outgrow the sessions it lists, and a user who never returns leaves nothing behind.
 *
 * <p>The index is a hint, never the truth: a member is added before the session names the user and
 * removed after, so a search never misses a session, and the store checks each listed session's user
 * field before trusting it.
 */
final class UserIndex {
  private final RedisKeys keys;

  UserIndex(RedisKeys keys) {
    this.keys = keys;
  }

  /** Lists {@code id} under {@code user} until {@code expiresAt} (milliseconds; Long.MAX_VALUE: never). */
  void add(RedisCommands<String, String> redis, String user, String id, long expiresAt, long now) {
    String score = expiresAt == Long.MAX_VALUE ? "+inf" : Long.toString(expiresAt);
    run(redis, user, now, id, score);
  }

  void remove(RedisCommands<String, String> redis, String user, String id, long now) {
    run(redis, user, now, id, "");
  }

  /** The ids listed under {@code user} that have not expired by {@code now}. */
  List<String> members(RedisCommands<String, String> redis, String user, long now) {
    return run(redis, user, now, "", "");
  }

  /** Drops members in one command: sessions found gone or belonging to someone else. */
  void forget(RedisCommands<String, String> redis, String user, List<String> ids) {
    if (!ids.isEmpty()) {
      redis.zrem(keys.user(user), ids.toArray(String[]::new));
    }
  }

  private List<String> run(RedisCommands<String, String> redis, String user, long now, String id, String score) {
    List<Object> members = RedisLink.eval(redis, Scripts.USER_INDEX, ScriptOutputType.MULTI,
        new String[] {keys.user(user)}, Long.toString(now), id, score);
    List<String> ids = new ArrayList<>(members.size());
    members.forEach(member -> ids.add(String.valueOf(member)));
    return ids;
  }
}
