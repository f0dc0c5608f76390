package dev.cortado.control.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The queue against a plain model (a list sorted on every step) under random offers, takes and
 * removals: in order and out of order, one level and several, long and short queues. The queue
 * keeps its requests in sorted arrays that move only part of themselves; the model shows what it
 * must hold.
 */
class RequestQueueModelTest {
  private static final Comparator<Pending> SERVICE = Comparator.comparingInt(Pending::priorityLevel)
      .thenComparing(Pending::deadline)
      .thenComparingLong(Pending::sequence);
  private static final Comparator<Pending> ARRIVAL = Comparator.comparing(Pending::arrival).thenComparingLong(Pending::sequence);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void holdsWhatASortedListHolds(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    boolean inOrder = seed % 2 == 0; // one level and one SLO: requests arrive in service order
    int capacity = seed <= 4 ? 40 : 2_000;
    RequestQueue<Long> queue = new RequestQueue<>(capacity, 1);
    List<Pending> model = new ArrayList<>();
    long clock = 0;
    for (int step = 0; step < 6_000; step++) {
      int op = random.nextInt(100);
      if (op < 55) {
        clock += random.nextInt(3);
        long arrival = inOrder || random.nextInt(4) > 0 ? clock : Math.max(0, clock - random.nextInt(20));
        int slo = inOrder ? 100 : 1 + random.nextInt(200);
        int priority = inOrder ? 0 : random.nextInt(3);
        int items = 1 + random.nextInt(inOrder ? 1 : 3);
        var offered = queue.offer((long) step, ms(arrival), ms(arrival + slo), priority, items);
        assertThat(offered.isPresent()).isEqualTo(model.size() < capacity);
        offered.ifPresent(model::add);
      } else if (op < 80) {
        int n = random.nextInt(capacity > 100 ? 2 : 6); // long queues build up when takes are small
        List<RequestQueue.Queued<Long>> taken = queue.takeQueued(n);
        model.sort(SERVICE);
        List<Pending> expected = new ArrayList<>(model.subList(0, Math.min(n, model.size())));
        model.removeAll(expected);
        assertThat(taken).extracting(RequestQueue.Queued::pending).containsExactlyElementsOf(expected);
      } else if (op < 90) {
        long before = clock - 50 + random.nextInt(60);
        var removed = queue.removeIf(p -> p.deadline().isBefore(ms(before)) || p.sequence() % 7 == 3);
        model.sort(SERVICE);
        List<Pending> expected = model.stream().filter(p -> p.deadline().isBefore(ms(before)) || p.sequence() % 7 == 3).toList();
        model.removeAll(expected);
        assertThat(removed).extracting(RequestQueue.Queued::pending).containsExactlyElementsOf(expected);
      } else {
        long before = clock - 50 + random.nextInt(60);
        var removed = queue.removeWhile(p -> p.deadline().isBefore(ms(before)));
        model.sort(SERVICE);
        List<Pending> expected = new ArrayList<>();
        for (Pending p : model) {
          if (!p.deadline().isBefore(ms(before))) {
            break;
          }
          expected.add(p);
        }
        model.removeAll(expected);
        assertThat(removed).extracting(RequestQueue.Queued::pending).containsExactlyElementsOf(expected);
      }
      model.sort(SERVICE);
      QueueView view = queue.view(1);
      assertThat(view.inOrder()).containsExactlyElementsOf(model);
      assertThat(view.first(3)).containsExactlyElementsOf(model.subList(0, Math.min(3, model.size())));
      assertThat(queue.items()).isEqualTo(model.stream().mapToInt(Pending::items).sum());
      if (!model.isEmpty()) {
        assertThat(view.oldestArrival()).isEqualTo(model.stream().min(ARRIVAL).orElseThrow().arrival());
      }
    }
  }

  @Test
  void aThrowingConditionRemovesWhatItMatchedBeforeAndKeepsTheRest() {
    RequestQueue<String> queue = new RequestQueue<>(10, 1);
    for (int i = 0; i < 5; i++) {
      queue.offer("r" + i, ms(i), ms(100 + i), 0, 1);
    }
    try {
      queue.removeIf(p -> {
        if (p.sequence() == 3) {
          throw new IllegalStateException("boom");
        }
        return p.sequence() % 2 == 0;
      });
    } catch (IllegalStateException expected) {
      // as the condition said
    }
    assertThat(queue.view(1).inOrder()).extracting(Pending::sequence).containsExactly(1L, 3L, 4L);
    assertThat(queue.view(1).oldestArrival()).isEqualTo(ms(1));
    assertThat(queue.items()).isEqualTo(3);
  }

  private static Instant ms(long ms) {
    return Instant.EPOCH.plusMillis(ms);
  }
}
