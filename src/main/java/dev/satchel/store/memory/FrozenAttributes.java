package dev.satchel.store.memory;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * A stored session's attributes as the memory store keeps them: unmodifiable, in insertion order, and for
 * the few attributes a typical session holds, one array of names and values rather than a hash table.
 *
 * <p>Why: a full store's sessions are what the young collection copies (G1 keeps them in survivor space
 * until they are old enough, and on a flood of new sessions every stored session is young). A session with
 * one attribute held as an unmodifiable {@code LinkedHashMap} spent four objects and about 210 of its 390
 * bytes on the map (wrapper, map, bucket table, entry); this is two objects and 48 bytes, so each
 * collection copies about half as much (docs/benchmarks.md, session 10). Lookups scan the array, which for up to
 * {@link #MAX_SCANNED} names is no slower than hashing the name; larger maps stay hashed.
 */
final class FrozenAttributes extends AbstractMap<String, Object> {
  /** Above this many attributes the map stays a hash table, so a lookup never scans a long array. */
  static final int MAX_SCANNED = 8;

  private static final FrozenAttributes EMPTY = new FrozenAttributes(new Object[0]);

  /** Names at even indexes, each followed by its value. */
  private final Object[] namesAndValues;

  private FrozenAttributes(Object[] namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  /**
   * An unmodifiable map with {@code attributes}' entries in their iteration order. The caller gives up
   * {@code attributes}: a large map is wrapped, not copied, so nothing may change it afterwards.
   */
  static Map<String, Object> of(Map<String, Object> attributes) {
    int size = attributes.size();
    if (size == 0) {
      return EMPTY;
    }
    if (size > MAX_SCANNED) {
      return Collections.unmodifiableMap(attributes);
    }
    Object[] namesAndValues = new Object[size * 2];
    int i = 0;
    for (Map.Entry<String, Object> entry : attributes.entrySet()) {
      namesAndValues[i++] = entry.getKey();
      namesAndValues[i++] = entry.getValue();
    }
    return new FrozenAttributes(namesAndValues);
  }

  private int indexOf(Object name) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      // Null-safe both ways, as the hash map it replaces: a null name is a stored name like any other.
      if (Objects.equals(namesAndValues[i], name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : namesAndValues[i + 1];
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public int size() {
    return namesAndValues.length / 2;
  }

  @Override
  public boolean isEmpty() {
    return namesAndValues.length == 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      action.accept((String) namesAndValues[i], namesAndValues[i + 1]);
    }
  }

  /**
   * The same names with every value passed through {@code copier}, as a new frozen map: how the store hands
   * out a session holding lists or maps without building a hash map per load.
   */
  FrozenAttributes withValuesCopied(UnaryOperator<Object> copier) {
    Object[] copied = namesAndValues.clone();
    for (int i = 1; i < copied.length; i += 2) {
      copied[i] = copier.apply(copied[i]);
    }
    return new FrozenAttributes(copied);
  }

  // Every view walks the array itself: AbstractMap's key and value views would make an entry per element.
  @Override
  public Set<String> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<String> iterator() {
        return new Walk<>(0);
      }

      @Override
      public int size() {
        return FrozenAttributes.this.size();
      }
    };
  }

  @Override
  public Collection<Object> values() {
    return new AbstractCollection<>() {
      @Override
      public Iterator<Object> iterator() {
        return new Walk<>(1);
      }

      @Override
      public int size() {
        return FrozenAttributes.this.size();
      }
    };
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Walk<>(0) {
          @Override
          Map.Entry<String, Object> element(int name) {
            return new SimpleImmutableEntry<>((String) namesAndValues[name], namesAndValues[name + 1]);
          }
        };
      }

      @Override
      public int size() {
        return FrozenAttributes.this.size();
      }
    };
  }

  /**
   * One element per attribute, in order: the array's element {@code offset} after each name (0 the name, 1
   * its value), or what {@link #element} makes of the name's index. No lambda: the views are on every load.
   */
  private class Walk<T> implements Iterator<T> {
    private final int offset;
    private int next;

    Walk(int offset) {
      this.offset = offset;
    }

    @SuppressWarnings("unchecked")
    T element(int name) {
      return (T) namesAndValues[name + offset];
    }

    @Override
    public boolean hasNext() {
      return next < namesAndValues.length;
    }

    @Override
    public T next() {
      if (next >= namesAndValues.length) {
        throw new NoSuchElementException();
      }
      T element = element(next);
      next += 2;
      return element;
    }
  }
}
