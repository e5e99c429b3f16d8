package org.hotredis.toolkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A set of byte strings compared by content, held in two flat arrays so that it costs no object per
 * element: the strings one after another in an arena (each behind its 4-byte length), and an
 * open-addressing table of their positions with their hashes. The hash is seeded per set, so
 * crafted strings cannot aim at one instance's collisions; equal hashes are told apart by comparing
 * the bytes, so membership is exact.
 *
 * <p>{@link #allocation} says how many bytes the arrays would take after some additions, so a
 * caller can keep them under a budget. Not thread-safe.
 */
final class ByteSet {
  private static final int MIN_TABLE = 16;
  private static final int MIN_ARENA = 1024;

  private final long seed = ThreadLocalRandom.current().nextLong();
  private byte[] arena = new byte[0];
  private int arenaUsed;
  private int[] positions = new int[MIN_TABLE]; // arena offset + 1; 0 marks an empty slot
  private int[] hashes = new int[MIN_TABLE];
  private int size;

  /** Returns the number of strings held. */
  int size() {
    return size;
  }

  /**
   * Adds a string.
   *
   * @return whether it was new
   */
  boolean add(byte[] value) {
    int hash = hash(value);
    int slot = find(value, hash);
    if (positions[slot] != 0) {
      return false;
    }
    if (2 * (size + 1) > positions.length) {
      rehash(positions.length * 2);
      slot = find(value, hash);
    }
    ensureArena((long) arenaUsed + Integer.BYTES + value.length);
    int offset = arenaUsed;
    arena[offset] = (byte) (value.length >>> 24);
    arena[offset + 1] = (byte) (value.length >>> 16);
    arena[offset + 2] = (byte) (value.length >>> 8);
    arena[offset + 3] = (byte) value.length;
    System.arraycopy(value, 0, arena, offset + Integer.BYTES, value.length);
    arenaUsed += Integer.BYTES + value.length;
    positions[slot] = offset + 1;
    hashes[slot] = hash;
    size++;
    return true;
  }

  /** Returns whether a string is held. */
  boolean contains(byte[] value) {
    return positions[find(value, hash(value))] != 0;
  }

  /**
   * Returns the bytes the arrays would take once up to {@code count} more strings totalling {@code
   * bytes} bytes were added to those held, or {@link Long#MAX_VALUE} if the arena could not hold
   * them.
   */
  long allocation(int count, long bytes) {
    long table = positions.length;
    while (2 * ((long) size + count) > table) {
      table *= 2;
    }
    long needed = (long) arenaUsed + (long) Integer.BYTES * count + bytes;
    if (needed > Integer.MAX_VALUE - 16) {
      return Long.MAX_VALUE;
    }
    long arenaLength = Math.max(arena.length, MIN_ARENA);
    while (arenaLength < needed) {
      arenaLength *= 2;
    }
    return Math.min(arenaLength, Integer.MAX_VALUE - 16) + table * 2 * Integer.BYTES;
  }

  /** Returns copies of the strings, in the order they were added. */
  List<byte[]> toList() {
    List<byte[]> values = new ArrayList<>(size);
    int offset = 0;
    while (offset < arenaUsed) {
      int length = lengthAt(offset);
      values.add(
          Arrays.copyOfRange(arena, offset + Integer.BYTES, offset + Integer.BYTES + length));
      offset += Integer.BYTES + length;
    }
    return values;
  }

  /** Returns the slot that holds the value, or the empty slot where it would go. */
  private int find(byte[] value, int hash) {
    int mask = positions.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int position = positions[slot];
      if (position == 0 || (hashes[slot] == hash && holds(position - 1, value))) {
        return slot;
      }
    }
  }

  private boolean holds(int offset, byte[] value) {
    int start = offset + Integer.BYTES;
    return lengthAt(offset) == value.length
        && Arrays.equals(arena, start, start + value.length, value, 0, value.length);
  }

  private int lengthAt(int offset) {
    return (arena[offset] & 0xff) << 24
        | (arena[offset + 1] & 0xff) << 16
        | (arena[offset + 2] & 0xff) << 8
        | (arena[offset + 3] & 0xff);
  }

  private void rehash(int capacity) {
    int[] oldPositions = positions;
    int[] oldHashes = hashes;
    positions = new int[capacity];
    hashes = new int[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < oldPositions.length; i++) {
      if (oldPositions[i] != 0) {
        int slot = oldHashes[i] & mask;
        while (positions[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        positions[slot] = oldPositions[i];
        hashes[slot] = oldHashes[i];
      }
    }
  }

  private void ensureArena(long needed) {
    if (needed > arena.length) {
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a ByteSet holds at most 2 GB");
      }
      long length = Math.max(arena.length, MIN_ARENA);
      while (length < needed) {
        length *= 2;
      }
      arena = Arrays.copyOf(arena, (int) Math.min(length, Integer.MAX_VALUE - 16));
    }
  }

  /** A seeded FNV-1a over the bytes, then a 64-bit finalizer (MurmurHash3's). */
  private int hash(byte[] value) {
    long h = seed ^ (value.length * 0x9E3779B97F4A7C15L);
    for (byte b : value) {
      h = (h ^ (b & 0xff)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
