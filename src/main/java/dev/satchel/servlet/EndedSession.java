package dev.satchel.servlet;

import dev.satchel.session.SessionData;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The {@link HttpSession} a {@code sessionDestroyed} listener sees: the session as it was when it ended.
 * Everything can be read; every change is refused with {@link IllegalStateException}, as the session is
 * gone from the store.
 */
final class EndedSession implements HttpSession {
  private final SessionData data;
  private final ServletContext context;

  EndedSession(SessionData data, ServletContext context) {
    this.data = data;
    this.context = context;
  }

  @Override
  public long getCreationTime() {
    return data.createdAt();
  }

  @Override
  public String getId() {
    return data.id();
  }

  @Override
  public long getLastAccessedTime() {
    return data.lastAccessedAt();
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  @Override
  public void setMaxInactiveInterval(int interval) {
    throw ended("setMaxInactiveInterval");
  }

  @Override
  public int getMaxInactiveInterval() {
    return data.maxInactiveSeconds();
  }

  @Override
  public Object getAttribute(String name) {
    return data.attributes().get(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    return Collections.enumeration(data.attributes().keySet());
  }

  @Override
  public void setAttribute(String name, Object value) {
    throw ended("setAttribute");
  }

  @Override
  public void removeAttribute(String name) {
    throw ended("removeAttribute");
  }

  @Override
  public void invalidate() {
    throw ended("invalidate");
  }

  @Override
  public boolean isNew() {
    return false;
  }

  private static IllegalStateException ended(String method) {
    return new IllegalStateException(method + ": the session has ended");
  }

  @Override
  public String toString() {
    // Never the id: it is a bearer credential and toString ends up in logs.
    return "SatchelSession[ended]";
  }
}
