package org.hotredis.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Counts complete top-level RESP messages in a byte stream fed in arbitrary pieces, and remembers
 * the first word of each (a command's name). A streaming parser of RESP2 and RESP3 framing that
 * keeps only a stack of pending element counts.
 */
final class RespCounter {
  private enum State {
    TYPE,
    LINE,
    BULK
  }

  private State state = State.TYPE;
  private char type;
  private final StringBuilder line = new StringBuilder();
  private long bulkRemaining;
  private final StringBuilder word = new StringBuilder();
  private boolean capturing;
  private final long[] pending = new long[64];
  private int depth;
  private long messages;
  private final Deque<String> names = new ArrayDeque<>();

  /** Returns the number of complete top-level messages seen so far. */
  long messages() {
    return messages;
  }

  /** Returns whether the stream ends between messages, not inside one. */
  boolean idle() {
    return depth == 0 && state == State.TYPE;
  }

  /** Returns the first words of the messages completed since the last call, in order. */
  Deque<String> drainNames() {
    Deque<String> drained = new ArrayDeque<>(names);
    names.clear();
    return drained;
  }

  void feed(byte[] buffer, int length) {
    for (int i = 0; i < length; i++) {
      byte b = buffer[i];
      switch (state) {
        case TYPE -> {
          type = (char) b;
          line.setLength(0);
          state = State.LINE;
        }
        case LINE -> {
          if (b == '\n') {
            endOfLine();
          } else if (b != '\r') {
            line.append((char) b);
          }
        }
        case BULK -> {
          if (capturing && bulkRemaining > 2 && word.length() < 16) {
            word.append((char) (b & 0xff));
          }
          if (--bulkRemaining == 0) {
            state = State.TYPE;
            capturing = false;
            elementDone();
          }
        }
      }
    }
  }

  private void endOfLine() {
    state = State.TYPE;
    switch (type) {
      case '$', '=', '!' -> {
        long length = Long.parseLong(line.toString());
        if (length < 0) {
          elementDone();
        } else {
          capturing = depth == 1 && word.length() == 0 && firstElement();
          bulkRemaining = length + 2;
          state = State.BULK;
        }
      }
      case '*', '~', '>' -> aggregate(Long.parseLong(line.toString()));
      case '%', '|' -> aggregate(2 * Long.parseLong(line.toString()));
      default -> {
        if (depth == 0) {
          word.append(line);
        }
        elementDone();
      }
    }
  }

  private boolean first;

  private boolean firstElement() {
    boolean result = first;
    first = false;
    return result;
  }

  private void aggregate(long elements) {
    if (elements <= 0) {
      elementDone();
    } else {
      if (depth == 0) {
        first = true;
        word.setLength(0);
      }
      pending[depth++] = elements;
    }
  }

  private void elementDone() {
    while (depth > 0) {
      if (--pending[depth - 1] > 0) {
        return;
      }
      depth--;
    }
    messages++;
    names.add(
        new String(word.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
            .toUpperCase(Locale.ROOT));
    word.setLength(0);
  }
}
