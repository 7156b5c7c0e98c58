package dev.mosaic.gateway.saga;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a saga's log, written before the action it makes safe to repeat or undo: a step is
 * logged as sent before its request leaves, and as done, with the answer its compensation reads,
 * before anything that follows it starts; a compensation is logged as sent before it is sent and as
 * ended before the next one starts. Replaying the lines says exactly what a saga did and may have
 * done.
 *
 * @param step the step's name
 * @param answer a done step's answer (what its compensation and later steps read), else null
 * @param status the service's status when there was one, else 0
 * @param detail why a step or compensation failed, else null
 * @param attempts how many times a compensation was sent, else 0
 */
public record SagaEvent(
    Type type, String step, Object answer, int status, String detail, int attempts) {

  /** What happened. Labels are what the log stores: never rename one. */
  public enum Type {
    STEP_SENT("step-sent"),
    STEP_DONE("step-done"),
    STEP_FAILED("step-failed"),
    UNDO_SENT("undo-sent"),
    UNDONE("undone"),
    UNDO_FAILED("undo-failed");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    static Type of(String label) {
      for (Type type : values()) {
        if (type.label.equals(label)) {
          return type;
        }
      }
      throw new IllegalArgumentException("not a saga event: " + label);
    }
  }

  public static SagaEvent sent(String step) {
    return new SagaEvent(Type.STEP_SENT, step, null, 0, null, 0);
  }

  public static SagaEvent done(String step, Object answer, int status) {
    return new SagaEvent(Type.STEP_DONE, step, answer, status, null, 0);
  }

  public static SagaEvent failed(String step, String reason, int status, String detail) {
    return new SagaEvent(Type.STEP_FAILED, step, reason, status, detail, 0);
  }

  public static SagaEvent undoSent(String step) {
    return new SagaEvent(Type.UNDO_SENT, step, null, 0, null, 0);
  }

  public static SagaEvent undoEnded(CompensationRecord record) {
    return new SagaEvent(
        record.done() ? Type.UNDONE : Type.UNDO_FAILED,
        record.step(),
        null,
        record.status(),
        record.detail(),
        record.attempts());
  }

  /** A failed step's reason label, kept in {@link #answer} (a failed step has no answer). */
  public String reason() {
    return type == Type.STEP_FAILED && answer != null ? answer.toString() : null;
  }

  /** The line as the log stores it: plain maps and lists, as the gateway reads JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", type.label());
    line.put("step", step);
    if (answer != null) {
      line.put("answer", answer);
    }
    if (status != 0) {
      line.put("status", status);
    }
    if (detail != null) {
      line.put("detail", detail);
    }
    if (attempts != 0) {
      line.put("attempts", attempts);
    }
    return line;
  }

  /**
   * @throws IllegalArgumentException when the line is not a saga event
   */
  public static SagaEvent fromMap(Map<?, ?> line) {
    if (!(line.get("type") instanceof String type) || !(line.get("step") instanceof String step)) {
      throw new IllegalArgumentException("not a saga event: " + line);
    }
    return new SagaEvent(
        Type.of(type),
        step,
        line.get("answer"),
        line.get("status") instanceof Number n ? n.intValue() : 0,
        line.get("detail") instanceof String d ? d : null,
        line.get("attempts") instanceof Number n ? n.intValue() : 0);
  }
}
