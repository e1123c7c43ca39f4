package dev.arbiter.policy.compile;

import com.google.re2j.Pattern;
import dev.arbiter.policy.stdlib.Builtin;
import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.Values;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;

/** Calls of built-in functions: the general case, and the hot ones specialized so they allocate nothing. */
final class Calls {
  private static final long SECONDS_PER_DAY = 86_400;

  private Calls() {}

  /** Any built-in: arguments go into an array the frame keeps for this call site. */
  static final class Generic extends Code {
    private final Builtin builtin;
    private final Code[] arguments;
    private final int slot;

    Generic(Builtin builtin, Code[] arguments, int slot) {
      this.builtin = builtin;
      this.arguments = arguments;
      this.slot = slot;
    }

    @Override
    Object eval(Frame frame) {
      Object[] values = frame.arguments[slot];
      if (values == null) {
        values = new Object[arguments.length];
        frame.arguments[slot] = values;
      }
      try {
        for (int i = 0; i < arguments.length; i++) {
          values[i] = arguments[i].eval(frame);
        }
        return builtin.implementation().apply(values);
      } catch (EvaluationError e) {
        throw e;
      } catch (RuntimeException e) {
        // a built-in must fail with an EvaluationError; anything else still only fails this call
        throw new EvaluationError("`" + builtin.name() + "` could not be computed for these arguments");
      } finally {
        Arrays.fill(values, null);
      }
    }

    @Override
    String describe() {
      return builtin.name() + "(" + Operators.join(arguments, ", ") + ")";
    }
  }

  /** {@code containsAll(a, b)}: every element of b is in a. */
  static final class ContainsAll extends Code {
    private final Code collection;
    private final Code elements;

    ContainsAll(Code collection, Code elements) {
      this.collection = collection;
      this.elements = elements;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      Collection<?> all = collection(collection.eval(frame), "containsAll");
      for (Object element : collection(elements.eval(frame), "containsAll")) {
        if (!Values.contains(all, element)) {
          return false;
        }
      }
      return true;
    }

    @Override
    String describe() {
      return collection.describe() + ".containsAll(" + elements.describe() + ")";
    }
  }

  /** {@code containsAny(a, b)}: some element of b is in a. */
  static final class ContainsAny extends Code {
    private final Code collection;
    private final Code elements;

    ContainsAny(Code collection, Code elements) {
      this.collection = collection;
      this.elements = elements;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      Collection<?> all = collection(collection.eval(frame), "containsAny");
      for (Object element : collection(elements.eval(frame), "containsAny")) {
        if (Values.contains(all, element)) {
          return true;
        }
      }
      return false;
    }

    @Override
    String describe() {
      return collection.describe() + ".containsAny(" + elements.describe() + ")";
    }
  }

  /** {@code hour(t)} and {@code weekday(t)}, with the zone resolved once; UTC needs no calendar. */
  static final class TimeField extends Code {
    private final Code time;
    private final ZoneId zone;
    private final boolean weekday;

    TimeField(Code time, ZoneId zone, boolean weekday) {
      this.time = time;
      this.zone = zone;
      this.weekday = weekday;
    }

    @Override
    Object eval(Frame frame) {
      if (!(time.eval(frame) instanceof Instant instant)) {
        throw new EvaluationError((weekday ? "weekday" : "hour") + " needs a datetime");
      }
      long seconds = instant.getEpochSecond();
      if (zone != ZoneOffset.UTC) {
        seconds += zone.getRules().getOffset(instant).getTotalSeconds();
      }
      if (weekday) {
        // 1970-01-01 was a Thursday: ISO day 4
        return Math.floorMod(Math.floorDiv(seconds, SECONDS_PER_DAY) + 3, 7L) + 1;
      }
      return Math.floorMod(seconds, SECONDS_PER_DAY) / 3600;
    }

    @Override
    String describe() {
      return (weekday ? "weekday(" : "hour(") + time.describe() + (zone == ZoneOffset.UTC ? "" : ", \"" + zone + "\"") + ")";
    }
  }

  /** {@code matches(text, "regex")} with the pattern compiled once. */
  static final class Matches extends Code {
    private final Code text;
    private final Pattern pattern;

    Matches(Code text, Pattern pattern) {
      this.text = text;
      this.pattern = pattern;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      if (text.eval(frame) instanceof String s) {
        return pattern.matcher(s).find();
      }
      throw new EvaluationError("matches needs a string");
    }

    @Override
    String describe() {
      return "matches(" + text.describe() + ", " + Values.quote(pattern.pattern()) + ")";
    }
  }

  private static Collection<?> collection(Object value, String function) {
    if (value instanceof Collection<?> c) {
      return c;
    }
    throw new EvaluationError(function + " needs a set or a list, found " + Values.typeName(value));
  }
}
