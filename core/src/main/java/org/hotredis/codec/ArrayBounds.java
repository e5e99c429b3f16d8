package org.hotredis.codec;

import java.io.ObjectInputFilter;
import org.jspecify.annotations.Nullable;

/**
 * Admits the arrays of one Java-serialized stream only as far as its size can justify them, before
 * they are allocated: an array of primitives must fit in the bytes left in the stream (a {@code
 * long[n]} needs 8n more bytes), and all the arrays of the stream together may take at most {@value
 * #ARRAY_BYTES_PER_STORED_BYTE} bytes per stored byte, counting a reference as {@value
 * #REFERENCE_BYTES} bytes. The filter sees every array the stream declares, and the tables JDK
 * collections size from a count they read (ArrayList, HashMap, HashSet, ArrayDeque, ... ask it
 * before allocating).
 *
 * <p>An honest stream stays within it: each element of an object array starts with at least one
 * byte of its own (a null, a handle, a new object), and a collection's table has at most 8 slots
 * per entry it reads ({@code tableSizeFor(4n)} for a HashMap or HashSet with the smallest load
 * factor, 0.25), whose keys take at least 4 bytes each. The one JDK type it refuses is a large
 * {@code Collections.nCopies}, which the JDK itself checks as the array it stands for.
 *
 * <p>One instance serves one stream: it adds up what it admitted.
 */
final class ArrayBounds implements ObjectInputFilter {
  /** How many bytes of arrays one stored byte may turn into. */
  static final int ARRAY_BYTES_PER_STORED_BYTE = 16;

  /** The size an array element is counted at when it is a reference. */
  static final int REFERENCE_BYTES = 8;

  private final long storedBytes;
  private long arrayBytes;
  private String rejection = "no array was refused";

  /**
   * Creates the bounds of a stream.
   *
   * @param storedBytes the size of the stream
   */
  ArrayBounds(long storedBytes) {
    this.storedBytes = storedBytes;
  }

  /** Says what the last rejection was about. */
  String rejection() {
    return rejection;
  }

  /** Admits whatever is not an array; an array only within the bounds. */
  @Override
  public Status checkInput(FilterInfo info) {
    long length = info.arrayLength();
    if (length < 0) {
      return Status.UNDECIDED;
    }
    Class<?> arrayClass = info.serialClass();
    Class<?> component = arrayClass == null ? null : arrayClass.getComponentType();
    long bytes;
    if (component != null && component.isPrimitive()) {
      bytes = length * primitiveBytes(component);
      long left = Math.max(0, storedBytes - info.streamBytes());
      if (bytes > left) {
        return reject(
            "the stream declares "
                + declaration(arrayClass, length)
                + " ("
                + bytes
                + " bytes) but holds only "
                + left
                + " more bytes");
      }
    } else {
      bytes = length * REFERENCE_BYTES;
    }
    arrayBytes += bytes;
    if (arrayBytes > ARRAY_BYTES_PER_STORED_BYTE * storedBytes) {
      return reject(
          "the stream declares arrays of "
              + arrayBytes
              + " bytes in all (the last "
              + declaration(arrayClass, length)
              + "), more than "
              + ARRAY_BYTES_PER_STORED_BYTE
              + " times its "
              + storedBytes
              + " bytes");
    }
    return Status.UNDECIDED;
  }

  private Status reject(String reason) {
    rejection = reason;
    return Status.REJECTED;
  }

  /** Spells an array as Java does: {@code long[5]}, {@code long[5][]}. */
  private static String declaration(@Nullable Class<?> arrayClass, long length) {
    if (arrayClass == null) {
      return "<class not found>[" + length + "]";
    }
    Class<?> element = arrayClass;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    String rest = arrayClass.getTypeName().substring(element.getTypeName().length() + 2);
    return element.getTypeName() + "[" + length + "]" + rest;
  }

  private static int primitiveBytes(Class<?> primitive) {
    if (primitive == long.class || primitive == double.class) {
      return 8;
    }
    if (primitive == int.class || primitive == float.class) {
      return 4;
    }
    if (primitive == char.class || primitive == short.class) {
      return 2;
    }
    return 1;
  }
}
