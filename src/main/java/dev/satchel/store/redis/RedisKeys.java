package dev.satchel.store.redis;

/**
 * Names the keys. A session's key wraps its id in a hash tag ({@code satchel:{id}:session}), so anything
 * later kept beside it lands on the same Redis Cluster slot; the user index has its own tag, and no
 * command ever touches a session key and an index key at once, so neither needs the other's slot.
 */
record RedisKeys(String prefix) {

  String session(String id) {
    return prefix + "{" + id + "}:session";
  }

  /** A sorted set of the user's session ids, each scored with the moment that session expires. */
  String user(String user) {
    return prefix + "user:{" + user + "}";
  }
}
