package io.netboxswarm.orchestrator.state;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.BiPredicate;

/**
 * The rows of one {@link Table}, sorted per bucket by the instant each is due, so that the tick visits the due rows
 * only and not the table's whole history. It follows the table lazily: a row put, touched or removed is re-read at
 * the next look, because the rows are mutable and change after they are touched.
 *
 * @param <V> the row type
 * @param <B> what a row is due for, e.g. a command's status
 */
final class TimeIndex<V, B> {

  /** Where a row sits: its bucket and the epoch millisecond it is due at; null for a row that is never due. */
  record Slot<B>(B bucket, long at) {
  }

  private record Entry(long at, String id) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int byTime = Long.compare(at, o.at);
      return byTime != 0 ? byTime : id.compareTo(o.id);
    }
  }

  private record Placed<B>(B bucket, Entry entry) {
  }

  private final Table<V> table;
  private final Function<V, Slot<B>> slotOf;
  private final Map<B, NavigableSet<Entry>> buckets = new HashMap<>();
  private final Map<String, Placed<B>> placed = new HashMap<>();
  private final Set<String> stale = new LinkedHashSet<>();

  TimeIndex(Table<V> table, Function<V, Slot<B>> slotOf) {
    this.table = table;
    this.slotOf = slotOf;
    table.listen(stale::add);
  }

  /**
   * Visits the rows (id, row) of the bucket due at or before {@code upTo}, earliest first, until the visitor returns
   * false.
   * The visitor may change the table (what it changes is re-read at the next look) but must not look again.
   */
  void forEachDue(B bucket, long upTo, BiPredicate<String, V> visitor) {
    refresh();
    NavigableSet<Entry> due = buckets.get(bucket);
    if (due == null) {
      return;
    }
    for (Entry entry : due.headSet(new Entry(upTo, "\uffff"), true)) {
      V row = table.get(entry.id());
      if (row != null && !visitor.test(entry.id(), row)) {
        return;
      }
    }
  }

  int size(B bucket) {
    refresh();
    NavigableSet<Entry> rows = buckets.get(bucket);
    return rows == null ? 0 : rows.size();
  }

  private void refresh() {
    for (String id : stale) {
      Placed<B> old = placed.remove(id);
      if (old != null) {
        buckets.get(old.bucket()).remove(old.entry());
      }
      V row = table.get(id);
      Slot<B> slot = row == null ? null : slotOf.apply(row);
      if (slot != null) {
        Entry entry = new Entry(slot.at(), id);
        buckets.computeIfAbsent(slot.bucket(), b -> new TreeSet<>()).add(entry);
        placed.put(id, new Placed<>(slot.bucket(), entry));
      }
    }
    stale.clear();
  }
}
