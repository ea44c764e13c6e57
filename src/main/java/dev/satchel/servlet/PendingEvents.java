package dev.satchel.servlet;

import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;

/**
 * The session events of one request, held until the store write that makes them true has succeeded: a
 * listener never hears of an attribute that was not kept or of a session that was never stored.
 */
final class PendingEvents {
  private record Change(String name, Object oldValue, Object newValue) {}

  private final SessionEvents events;
  private final List<Change> changes = new ArrayList<>();
  private boolean created;
  private String oldId;

  PendingEvents(SessionEvents events) {
    this.events = events;
  }

  boolean active() {
    return events.active();
  }

  SessionEvents events() {
    return events;
  }

  void attributeChanged(String name, Object oldValue, Object newValue) {
    if (events.active()) {
      changes.add(new Change(name, oldValue, newValue));
    }
  }

  /** The session was stored for the first time. */
  void created() {
    created = true;
  }

  /** The session was stored under a new id; {@code previous} stopped working. */
  void idChanged(String previous) {
    if (oldId == null) {
      oldId = previous;
    }
  }

  /** Forgets the attribute changes: the session they belong to was never stored or has ended. */
  void dropChanges() {
    changes.clear();
    created = false;
    oldId = null;
  }

  /** Fires what the last save made true, in the order it happened, and forgets it. */
  void fire(HttpSession session) {
    if (!events.active()) {
      return;
    }
    if (created) {
      events.created(session);
    }
    if (oldId != null) {
      events.idChanged(session, oldId);
    }
    for (Change change : changes) {
      events.attributeChanged(session, change.name(), change.oldValue(), change.newValue());
    }
    dropChanges();
  }
}
