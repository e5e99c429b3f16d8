package org.hotredis.concurrent.spi;

import static java.util.Objects.requireNonNull;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.hotredis.concurrent.queues.HotLifoQueue;
import org.hotredis.concurrent.queues.HotLifoSetQueue;
import org.hotredis.concurrent.queues.HotSetQueue;
import org.jspecify.annotations.Nullable;

/**
 * The in-process counterpart of {@link HotLifoQueue}, {@link HotSetQueue} and {@link
 * HotLifoSetQueue}, for which the JDK has no class: a {@link BlockingQueue} over an {@link
 * ArrayDeque} guarded by one {@link ReentrantLock}, last in first out or first in first out, with
 * or without unique elements, bounded or not. It behaves as the HOT Redis queues do: a set-queue
 * refuses an element it holds ({@code offer} and {@code add} return false, {@code put} returns at
 * once), and {@code addAll} adds all or nothing.
 *
 * @param <E> the element type
 */
final class LocalQueue<E> extends AbstractQueue<E> implements BlockingQueue<E> {
  private final boolean lifo;
  private final int capacity;
  private final ArrayDeque<E> items = new ArrayDeque<>(); // guarded by lock
  private final @Nullable Set<E> members; // guarded by lock; null unless unique
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();

  LocalQueue(boolean lifo, boolean unique, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.lifo = lifo;
    this.capacity = capacity;
    this.members = unique ? new HashSet<>() : null;
  }

  // ---- adding ----

  @Override
  public boolean offer(E e) {
    requireNonNull(e, "e");
    lock.lock();
    try {
      return !held(e) && items.size() < capacity && insert(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean add(E e) {
    requireNonNull(e, "e");
    lock.lock();
    try {
      if (held(e)) {
        return false;
      }
      if (items.size() >= capacity) {
        throw new IllegalStateException("Queue full");
      }
      return insert(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void put(E e) throws InterruptedException {
    requireNonNull(e, "e");
    lock.lockInterruptibly();
    try {
      while (!held(e) && items.size() >= capacity) {
        notFull.await();
      }
      if (!held(e)) {
        insert(e);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
    requireNonNull(e, "e");
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (!held(e) && items.size() >= capacity) {
        if (nanos <= 0) {
          return false;
        }
        nanos = notFull.awaitNanos(nanos);
      }
      return !held(e) && insert(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean addAll(Collection<? extends E> c) {
    requireNonNull(c, "c");
    if (c == this) {
      throw new IllegalArgumentException("a queue cannot add itself");
    }
    List<E> values = new ArrayList<>(members == null ? c : new LinkedHashSet<>(c));
    values.forEach(v -> requireNonNull(v, "c contains null"));
    lock.lock();
    try {
      values.removeIf(this::held);
      if (values.isEmpty()) {
        return false;
      }
      if (items.size() + values.size() > capacity) {
        throw new IllegalStateException("Queue full");
      }
      values.forEach(this::insert);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private boolean held(E e) {
    return members != null && members.contains(e);
  }

  private boolean insert(E e) {
    if (lifo) {
      items.addFirst(e);
    } else {
      items.addLast(e);
    }
    if (members != null) {
      members.add(e);
    }
    notEmpty.signal();
    return true;
  }

  // ---- removing ----

  @Override
  public @Nullable E poll() {
    lock.lock();
    try {
      return items.isEmpty() ? null : extract();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public E take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (items.isEmpty()) {
        notEmpty.await();
      }
      return extract();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (items.isEmpty()) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      return extract();
    } finally {
      lock.unlock();
    }
  }

  private E extract() {
    E e = items.removeFirst();
    if (members != null) {
      members.remove(e);
    }
    notFull.signal();
    return e;
  }

  @Override
  public boolean remove(@Nullable Object o) {
    if (o == null) {
      return false;
    }
    lock.lock();
    try {
      if (!items.removeFirstOccurrence(o)) {
        return false;
      }
      if (members != null) {
        members.remove(o);
      }
      notFull.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void clear() {
    lock.lock();
    try {
      items.clear();
      if (members != null) {
        members.clear();
      }
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int drainTo(Collection<? super E> c) {
    return drainTo(c, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super E> c, int maxElements) {
    requireNonNull(c, "c");
    if (c == this) {
      throw new IllegalArgumentException("a queue cannot drain into itself");
    }
    lock.lock();
    try {
      int drained = 0;
      while (drained < maxElements && !items.isEmpty()) {
        c.add(extract());
        drained++;
      }
      return drained;
    } finally {
      lock.unlock();
    }
  }

  // ---- reading ----

  @Override
  public @Nullable E peek() {
    lock.lock();
    try {
      return items.peekFirst();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int size() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int remainingCapacity() {
    lock.lock();
    try {
      return capacity - items.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean contains(@Nullable Object o) {
    if (o == null) {
      return false;
    }
    lock.lock();
    try {
      return members != null ? members.contains(o) : items.contains(o);
    } finally {
      lock.unlock();
    }
  }

  /** Returns a weakly consistent iterator over a snapshot; its {@code remove} removes from here. */
  @Override
  public Iterator<E> iterator() {
    List<E> snapshot;
    lock.lock();
    try {
      snapshot = new ArrayList<>(items);
    } finally {
      lock.unlock();
    }
    Iterator<E> it = snapshot.iterator();
    return new Iterator<>() {
      private @Nullable E last;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public E next() {
        E next = it.next();
        last = next;
        return next;
      }

      @Override
      public void remove() {
        E current = last;
        if (current == null) {
          throw new IllegalStateException("next() was not called");
        }
        last = null;
        LocalQueue.this.remove(current);
      }
    };
  }

  @Override
  public E element() {
    E head = peek();
    if (head == null) {
      throw new NoSuchElementException();
    }
    return head;
  }
}
