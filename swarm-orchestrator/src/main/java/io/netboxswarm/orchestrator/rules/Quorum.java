package io.netboxswarm.orchestrator.rules;

import io.netboxswarm.orchestrator.state.Member;
import io.netboxswarm.orchestrator.state.SwarmProgress;

/** The quorum rules of {@link Rule}: which manager may join or leave now, and which one stays to act. */
public final class Quorum {

  private Quorum() {
  }

  /** {@link Rule#MANAGERS_ONE_AT_A_TIME}: the next manager to join, in NetBox's order, or null. */
  public static Long nextManagerToJoin(Membership m, SwarmProgress progress) {
    return m.managers().stream().filter(host -> !progress.members.containsKey(host)).findFirst().orElse(null);
  }

  /** {@link Rule#MANAGERS_ONE_AT_A_TIME}: the manager to demote or dissolve with now, the lowest host id, or null. */
  public static Member nextManagerToLeave(Membership m, SwarmProgress progress) {
    return progress.members.values().stream().filter(member -> member.manager() && leaves(m, member))
        .findFirst().orElse(null);
  }

  /**
   * A member the swarm no longer wants, unless a violation froze it. A departure once begun is finished even if
   * NetBox wants the host back meanwhile: it then joins anew, as in a fresh swarm (a drained or left node wanted
   * again has no step of its own that would end well).
   */
  public static boolean leaves(Membership m, Member member) {
    return (!m.wants(member.hostId()) || member.departure() != null) && !m.frozen().contains(member.hostId());
  }

  /** {@link Rule#EVEN_MANAGERS}. */
  public static boolean evenManagers(Membership m) {
    return m.managers().size() > 1 && m.managers().size() % 2 == 0;
  }

  /** A manager that stays: the one that initialized the swarm if it still can, else the lowest host id. */
  public static Long pickManager(SwarmProgress progress, Long excluding) {
    Member init = progress.initHost == null ? null : progress.members.get(progress.initHost);
    if (init != null && staysManager(init, excluding)) {
      return init.hostId();
    }
    return progress.members.values().stream().filter(member -> staysManager(member, excluding))
        .map(Member::hostId).findFirst().orElse(null);
  }

  private static boolean staysManager(Member member, Long excluding) {
    return member.manager() && member.departure() == null && !Long.valueOf(member.hostId()).equals(excluding);
  }
}
