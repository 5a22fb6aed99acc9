package io.netboxswarm.agent.docker;

import java.util.Map;
import java.util.Optional;

/**
 * What the agent wrote down, durably, about a command before it touched the engine for it, kept until the
 * command's result is published. After a crash the same command comes again with the facts an earlier attempt
 * noted, so that an action the engine carried out is recognised as this command's own, not someone else's.
 */
public interface Intent {

  /** A fact an attempt of this command noted (this one or one before a crash). */
  Optional<String> fact(String name);

  /** Notes facts durably (they are on disk when this returns), before the engine is touched. */
  void note(Map<String, String> facts);

  /** An intent kept in memory only: for a caller with no state directory (tests of one action). */
  static Intent inMemory() {
    Map<String, String> facts = new java.util.concurrent.ConcurrentHashMap<>();
    return new Intent() {
      @Override
      public Optional<String> fact(String name) {
        return Optional.ofNullable(facts.get(name));
      }

      @Override
      public void note(Map<String, String> noted) {
        facts.putAll(noted);
      }
    };
  }
}
