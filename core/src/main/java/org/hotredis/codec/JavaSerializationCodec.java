package org.hotredis.codec;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Java serialization behind an {@link ObjectInputFilter} allow-list: every class in the stream must
 * be the codec's type, match a pattern the caller gave, or belong to a fixed set of JDK value
 * classes; everything else is rejected before it is instantiated. What a decode allocates is
 * bounded by the size of the stored value.
 */
final class JavaSerializationCodec<T> implements Codec<T> {
  /*
   * Bounds. A stream states an array's length before the array is allocated, and the filter sees
   * that length first; ArrayBounds admits it only as far as the stream's size can justify it, so a
   * value of 27 bytes cannot declare a long[99999999]. Depth and references keep the JDK filter's
   * limits. What remains unbounded by this filter is fixed in size: before failing on a truncated
   * stream, the JDK's reading of one proxy descriptor, class descriptor, object or string allocates
   * at most a few hundred KiB, whatever the stream declares. A class of yours whose readObject sizes
   * something from a count it reads must check that count itself.
   */
  private static final String LIMITS = "maxdepth=32;maxrefs=1000000;maxarray=100000000";

  private static final List<String> JDK_VALUES =
      List.of("java.lang.*", "java.math.BigInteger", "java.math.BigDecimal", "java.time.*");

  /** A class name, or a package name followed by {@code .*} or {@code .**}; nothing wider. */
  private static final Pattern PATTERN =
      Pattern.compile(
          "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
              + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*(\\.\\*|\\.\\*\\*)?");

  private final Class<T> type;
  private final ObjectInputFilter limits;
  private final ObjectInputFilter classes;
  private final String description;

  JavaSerializationCodec(Class<T> type, String... allowedPatterns) {
    this.type = requireNonNull(type, "type");
    requireNonNull(allowedPatterns, "allowedPatterns");
    List<String> patterns = new ArrayList<>(JDK_VALUES);
    patterns.add(type.isArray() ? componentOf(type).getName() : type.getName());
    for (String pattern : allowedPatterns) {
      patterns.add(validate(requireNonNull(pattern, "allowedPatterns contains null")));
    }
    this.limits = ObjectInputFilter.Config.createFilter(LIMITS);
    this.classes = ObjectInputFilter.Config.createFilter(String.join(";", patterns) + ";!*");
    this.description =
        "Codecs.javaSerialization(" + type.getSimpleName() + ".class, " + patterns + ")";
  }

  private static Class<?> componentOf(Class<?> type) {
    Class<?> component = type;
    while (component.isArray()) {
      component = requireNonNull(component.getComponentType());
    }
    return component;
  }

  private static String validate(String pattern) {
    String p = pattern.trim();
    if (!PATTERN.matcher(p).matches()) {
      throw new IllegalArgumentException(
          "allow-list pattern '"
              + pattern
              + "' is not allowed: give a class (com.acme.Order), a package (com.acme.*) or a"
              + " package tree (com.acme.**)");
    }
    return p;
  }

  /**
   * The filter of one decode: the limits, then the allow-list, then the arrays' bounds; it records
   * what a rejection was about.
   */
  private final class Reading implements ObjectInputFilter {
    private final ArrayBounds arrays;
    private String rejection = "the stream";

    Reading(long storedBytes) {
      this.arrays = new ArrayBounds(storedBytes);
    }

    @Override
    public Status checkInput(FilterInfo info) {
      if (limits.checkInput(info) == Status.REJECTED) {
        return reject(
            "the object graph exceeds the limits ("
                + LIMITS.replace(';', ',')
                + "): depth "
                + info.depth()
                + ", references "
                + info.references()
                + ", array length "
                + info.arrayLength());
      }
      Class<?> serialClass = info.serialClass();
      if (serialClass != null && classes.checkInput(info) == Status.REJECTED) {
        return reject(
            "the stream contains " + serialClass.getName() + ", a class outside the allow-list");
      }
      if (arrays.checkInput(info) == Status.REJECTED) {
        return reject(arrays.rejection());
      }
      return Status.ALLOWED;
    }

    private Status reject(String reason) {
      rejection = reason;
      return Status.REJECTED;
    }
  }

  @Override
  public byte[] encode(T value) {
    if (!(value instanceof Serializable)) {
      throw new CodecException(
          "cannot encode " + value.getClass().getName() + ": it is not Serializable", null);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Writing out = new Writing(bytes)) {
      out.writeObject(value);
      String refused = out.refused;
      if (refused != null) {
        throw new CodecException(
            "cannot store a "
                + value.getClass().getName()
                + ": it holds a "
                + refused
                + ", a class outside the allow-list of "
                + description
                + ", so it could not be read back; allow it (its class, package or package tree)"
                + " where this codec's allow-list is configured",
            null);
      }
    } catch (IOException e) {
      throw new CodecException(
          "cannot encode " + value.getClass().getName() + " with Java serialization: " + e, e);
    }
    return bytes.toByteArray();
  }

  /**
   * Writes a value, noting the first class the allow-list would refuse when reading it back, so
   * that a value that could not be read is never stored. (Throwing from the hooks would make the
   * stream write the exception into itself and lose what failed.)
   */
  private final class Writing extends ObjectOutputStream {
    private @Nullable String refused;

    Writing(ByteArrayOutputStream bytes) throws IOException {
      super(bytes);
    }

    @Override
    protected void annotateClass(Class<?> written) {
      check(written);
    }

    @Override
    protected void annotateProxyClass(Class<?> written) {
      for (Class<?> implemented : written.getInterfaces()) {
        check(implemented);
      }
    }

    private void check(Class<?> written) {
      if (refused == null
          && classes.checkInput(new Written(written)) == ObjectInputFilter.Status.REJECTED) {
        refused = componentOf(written).getName();
      }
    }
  }

  /** What the allow-list is asked about a class being written: only the class. */
  private record Written(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
    @Override
    public long arrayLength() {
      return -1;
    }

    @Override
    public long depth() {
      return 0;
    }

    @Override
    public long references() {
      return 0;
    }

    @Override
    public long streamBytes() {
      return 0;
    }
  }

  @Override
  public T decode(byte[] bytes) {
    Reading reading = new Reading(bytes.length);
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(reading);
      Object value = in.readObject();
      if (!type.isInstance(value)) {
        throw new CodecException(
            "cannot decode as "
                + type.getName()
                + ": the stream holds a "
                + (value == null ? "null" : value.getClass().getName()),
            null);
      }
      return type.cast(value);
    } catch (InvalidClassException e) {
      throw new CodecException(
          "refused to deserialize as " + type.getName() + ": " + reading.rejection, e);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      if (e instanceof CodecException codecFailure) {
        throw codecFailure;
      }
      throw new CodecException("cannot deserialize as " + type.getName() + ": " + e, e);
    } catch (StackOverflowError e) {
      // a readObject of an allowed class that recurses on its own; the stream is discarded
      throw Codecs.decodeFailure(type, bytes.length, e);
    }
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public String toString() {
    return description;
  }
}
