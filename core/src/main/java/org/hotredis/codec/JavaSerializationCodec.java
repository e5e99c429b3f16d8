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

/**
 * Java serialization behind an {@link ObjectInputFilter} allow-list: every class in the stream must
 * be the codec's type, match a pattern the caller gave, or belong to a fixed set of JDK value
 * classes; everything else is rejected before it is instantiated.
 */
final class JavaSerializationCodec<T> implements Codec<T> {
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

  /** Applies the limits, then the allow-list, and records what a rejection was about. */
  private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info, String[] rejection) {
    if (limits.checkInput(info) == ObjectInputFilter.Status.REJECTED) {
      rejection[0] =
          "the object graph exceeds the limits ("
              + LIMITS.replace(';', ',')
              + "): depth "
              + info.depth()
              + ", references "
              + info.references()
              + ", array length "
              + info.arrayLength();
      return ObjectInputFilter.Status.REJECTED;
    }
    Class<?> serialClass = info.serialClass();
    if (serialClass != null && classes.checkInput(info) == ObjectInputFilter.Status.REJECTED) {
      rejection[0] =
          "the stream contains " + serialClass.getName() + ", a class outside the allow-list";
      return ObjectInputFilter.Status.REJECTED;
    }
    return ObjectInputFilter.Status.ALLOWED;
  }

  @Override
  public byte[] encode(T value) {
    if (!(value instanceof Serializable)) {
      throw new CodecException(
          "cannot encode " + value.getClass().getName() + ": it is not Serializable", null);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new CodecException(
          "cannot encode " + value.getClass().getName() + " with Java serialization: " + e, e);
    }
    return bytes.toByteArray();
  }

  @Override
  public T decode(byte[] bytes) {
    String[] rejection = {"the stream"};
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(info -> check(info, rejection));
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
          "refused to deserialize as " + type.getName() + ": " + rejection[0], e);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      if (e instanceof CodecException codecFailure) {
        throw codecFailure;
      }
      throw new CodecException("cannot deserialize as " + type.getName() + ": " + e, e);
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
