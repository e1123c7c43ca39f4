package dev.arbiter.policy.compile;

import dev.arbiter.policy.data.Entity;
import dev.arbiter.policy.request.Request;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nodes that read the request and the bundle's data. An entity's attribute comes from the bundle's
 * data when the data has the entity and the attribute, from the request's properties otherwise.
 * A missing attribute is an error; its exception is made once per node, as it carries no stack.
 */
final class Access {
  private Access() {}

  /** Which request entity a node reads. */
  enum Role {
    SUBJECT,
    RESOURCE;

    Request.Entity of(Frame frame) {
      return this == SUBJECT ? frame.request.subject() : frame.request.resource();
    }

    Entity dataOf(Frame frame) {
      return this == SUBJECT ? frame.subjectEntity : frame.resourceEntity;
    }

    String keyword() {
      return this == SUBJECT ? "subject" : "resource";
    }
  }

  /** An attribute of the request's subject or resource, data first. */
  static Object attribute(Frame frame, Role role, String name) {
    Entity data = role.dataOf(frame);
    if (data != null) {
      Object value = data.attributes().get(name);
      if (value != null) {
        return value;
      }
    }
    return role.of(frame).properties().get(name);
  }

  /** An attribute of any entity value: the request's subject or resource, or an entity of the data. */
  static Object attribute(Frame frame, EntityUid uid, String name) {
    if (name.equals("id")) {
      return uid.id();
    }
    if (name.equals("type")) {
      return uid.type();
    }
    if (uid.equals(frame.request.subject().uid())) {
      return attribute(frame, Role.SUBJECT, name);
    }
    if (uid.equals(frame.request.resource().uid())) {
      return attribute(frame, Role.RESOURCE, name);
    }
    Entity entity = frame.entities.getOrNull(uid);
    return entity == null ? null : entity.attributes().get(name);
  }

  static final class Id extends Code {
    private final Role role;

    Id(Role role) {
      this.role = role;
    }

    @Override
    Object eval(Frame frame) {
      return role.of(frame).uid().id();
    }

    @Override
    String describe() {
      return role.keyword() + ".id";
    }
  }

  static final class TypeName extends Code {
    private final Role role;

    TypeName(Role role) {
      this.role = role;
    }

    @Override
    Object eval(Frame frame) {
      return role.of(frame).uid().type();
    }

    @Override
    String describe() {
      return role.keyword() + ".type";
    }
  }

  /** {@code subject} or {@code resource} as a value: its uid. */
  static final class EntityRef extends Code {
    private final Role role;

    EntityRef(Role role) {
      this.role = role;
    }

    @Override
    Object eval(Frame frame) {
      return role.of(frame).uid();
    }

    @Override
    String describe() {
      return role.keyword();
    }
  }

  static final class EntityAttribute extends Code {
    private final Role role;
    private final String name;
    private final EvaluationError missing;

    EntityAttribute(Role role, String name) {
      this.role = role;
      this.name = name;
      this.missing = new EvaluationError(role.keyword() + " has no attribute `" + name + "`");
    }

    @Override
    Object eval(Frame frame) {
      Object value = attribute(frame, role, name);
      if (value == null) {
        throw missing;
      }
      return value;
    }

    @Override
    String describe() {
      return role.keyword() + "." + name;
    }
  }

  static final class EntityHas extends Code {
    private final Role role;
    private final String name;

    EntityHas(Role role, String name) {
      this.role = role;
      this.name = name;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      return name.equals("id") || name.equals("type") || attribute(frame, role, name) != null;
    }

    @Override
    String describe() {
      return role.keyword() + " has " + name;
    }
  }

  static final class EntityIs extends Code {
    private final Role role;
    private final String type;

    EntityIs(Role role, String type) {
      this.role = role;
      this.type = type;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      return role.of(frame).uid().type().equals(type);
    }

    @Override
    String describe() {
      return role.keyword() + " is " + type;
    }
  }

  static final class ActionName extends Code {
    @Override
    Object eval(Frame frame) {
      return frame.request.action().name();
    }

    @Override
    String describe() {
      return "action.name";
    }
  }

  /** A property of the action or an attribute of the context. */
  static final class RequestRecordAttribute extends Code {
    private final boolean context;
    private final String name;
    private final EvaluationError missing;

    RequestRecordAttribute(boolean context, String name) {
      this.context = context;
      this.name = name;
      this.missing = new EvaluationError((context ? "context" : "action") + " has no attribute `" + name + "`");
    }

    private Map<String, Object> record(Frame frame) {
      return context ? frame.request.context() : frame.request.action().properties();
    }

    @Override
    Object eval(Frame frame) {
      Object value = record(frame).get(name);
      if (value == null) {
        throw missing;
      }
      return value;
    }

    @Override
    String describe() {
      return (context ? "context." : "action.") + name;
    }
  }

  /** {@code context} or {@code action} as a record value. */
  static final class RequestRecord extends Code {
    private final boolean context;

    RequestRecord(boolean context) {
      this.context = context;
    }

    @Override
    Object eval(Frame frame) {
      if (context) {
        return frame.request.context();
      }
      Map<String, Object> action = new LinkedHashMap<>(frame.request.action().properties());
      action.put("name", frame.request.action().name());
      return action;
    }

    @Override
    String describe() {
      return context ? "context" : "action";
    }
  }

  /** {@code base.name} on a value whose shape is known only at run time: a record or an entity. */
  static final class Member extends Code {
    private final Code base;
    private final String name;
    private final EvaluationError missing;

    Member(Code base, String name) {
      this.base = base;
      this.name = name;
      this.missing = new EvaluationError("`" + base.describe() + "` has no attribute `" + name + "`");
    }

    @Override
    Object eval(Frame frame) {
      Object value = switch (base.eval(frame)) {
        case Map<?, ?> record -> record.get(name);
        case EntityUid uid -> attribute(frame, uid, name);
        case Object other -> throw new EvaluationError("`" + base.describe() + "` is a " + Values.typeName(other)
            + ", which has no attribute `" + name + "`");
      };
      if (value == null) {
        throw missing;
      }
      return value;
    }

    @Override
    String describe() {
      return base.describe() + "." + name;
    }
  }

  /** {@code base has name} on a record or entity value. */
  static final class Has extends Code {
    private final Code base;
    private final String name;

    Has(Code base, String name) {
      this.base = base;
      this.name = name;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      return switch (base.eval(frame)) {
        case Map<?, ?> record -> record.containsKey(name);
        case EntityUid uid -> attribute(frame, uid, name) != null;
        case Object other -> throw new EvaluationError("`has` needs a record or an entity, found " + Values.typeName(other));
      };
    }

    @Override
    String describe() {
      return base.describe() + " has " + name;
    }
  }

  static final class Is extends Code {
    private final Code base;
    private final String type;

    Is(Code base, String type) {
      this.base = base;
      this.type = type;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      if (base.eval(frame) instanceof EntityUid uid) {
        return uid.type().equals(type);
      }
      throw new EvaluationError("`is` needs an entity");
    }

    @Override
    String describe() {
      return base.describe() + " is " + type;
    }
  }

  /** {@code base[index]}: a record's or map's value by key, a list's element by position. */
  static final class Index extends Code {
    private final Code base;
    private final Code index;

    Index(Code base, Code index) {
      this.base = base;
      this.index = index;
    }

    @Override
    Object eval(Frame frame) {
      Object container = base.eval(frame);
      Object key = index.eval(frame);
      Object value;
      if (container instanceof Map<?, ?> record && key instanceof String name) {
        value = record.get(name);
      } else if (container instanceof List<?> list && key instanceof Long position) {
        value = position >= 0 && position < list.size() ? list.get((int) (long) position) : null;
      } else if (container instanceof EntityUid uid && key instanceof String name) {
        value = attribute(frame, uid, name);
      } else {
        throw new EvaluationError("cannot index a " + Values.typeName(container) + " with a " + Values.typeName(key));
      }
      if (value == null) {
        throw new EvaluationError("`" + base.describe() + "` has no element " + Values.render(key));
      }
      return value;
    }

    @Override
    String describe() {
      return base.describe() + "[" + index.describe() + "]";
    }
  }

  /** A {@code let}: computed once per evaluation, at first use; a failure is remembered too. */
  static final class Let extends Code {
    private final int slot;
    private final String name;
    private final Code value;

    Let(int slot, String name, Code value) {
      this.slot = slot;
      this.name = name;
      this.value = value;
    }

    @Override
    Object eval(Frame frame) {
      Object known = frame.let(slot);
      if (known == null) {
        try {
          known = value.eval(frame);
        } catch (EvaluationError e) {
          known = e;
        }
        frame.setLet(slot, known);
      }
      if (known instanceof EvaluationError e) {
        throw e;
      }
      return known;
    }

    @Override
    String describe() {
      return name;
    }
  }
}
