package dev.cortado.control.batching;

import static dev.cortado.control.batching.Scenario.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RequestQueueTest {
  /** One request offered at {@code arrivalMs} with deadline {@code deadlineMs}. */
  record Req(String name, double arrivalMs, double deadlineMs, int priority) {}

  record Case(String name, List<Req> offered, List<String> serviceOrder) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> orders() {
    return Stream.of(
        new Case("same level: earliest deadline first", List.of(new Req("a", 0, 30, 0), new Req("b", 1, 10, 0), new Req("c", 2, 20, 0)),
            List.of("b", "c", "a")),
        new Case("equal deadlines: arrival order", List.of(new Req("a", 0, 10, 0), new Req("b", 0, 10, 0), new Req("c", 0, 10, 0)),
            List.of("a", "b", "c")),
        new Case("level first, then deadline", List.of(new Req("low-urgent", 0, 5, 2), new Req("high-late", 0, 50, 1),
            new Req("high-soon", 0, 40, 1)), List.of("high-soon", "high-late", "low-urgent")),
        new Case("priority 0 is the default (lowest) level, 3", List.of(new Req("default", 0, 5, 0), new Req("two", 0, 50, 2),
            new Req("three", 0, 6, 3)), List.of("two", "default", "three")));
  }

  @ParameterizedTest
  @MethodSource("orders")
  void servesByLevelThenDeadlineThenArrival(Case c) {
    RequestQueue<String> queue = new RequestQueue<>(16, 3);
    c.offered().forEach(r -> assertThat(queue.offer(r.name(), ms(r.arrivalMs()), ms(r.deadlineMs()), r.priority(), 1)).isPresent());

    assertThat(queue.view(1).inOrder()).extracting(Pending::sequence).hasSize(c.offered().size());
    assertThat(queue.take(queue.size())).containsExactlyElementsOf(c.serviceOrder());
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void defaultLevelIsConfigurable() {
    RequestQueue<String> queue = new RequestQueue<>(16, 1);
    queue.offer("explicit-2", ms(0), ms(1), 2, 1);
    queue.offer("default", ms(0), ms(9), 0, 1);

    assertThat(queue.priorityLevel(0)).isEqualTo(1);
    assertThat(queue.take(2)).containsExactly("default", "explicit-2");
  }

  @Test
  void refusesPastCapacity() {
    RequestQueue<String> queue = new RequestQueue<>(2, 3);
    assertThat(queue.offer("a", ms(0), ms(10), 0, 1)).isPresent();
    assertThat(queue.offer("b", ms(0), ms(10), 0, 1)).isPresent();

    assertThat(queue.offer("c", ms(0), ms(10), 0, 1)).isEmpty();
    Offer offer = queue.offer("c", ms(0), ms(10), 0, 1, p -> Optional.empty());
    assertThat(offer).isEqualTo(new Offer.Rejected("the queue is full: 2 requests waiting (capacity 2)"));
    assertThat(queue.size()).isEqualTo(2);

    queue.take(1);
    assertThat(queue.offer("c", ms(0), ms(10), 0, 1)).isPresent();
  }

  @Test
  void admissionRejectsWithoutTakingAPlaceOrASequence() {
    RequestQueue<String> queue = new RequestQueue<>(4, 3);
    Offer rejected = queue.offer("x", ms(0), ms(1), 0, 1, p -> Optional.of("too late"));
    Offer accepted = queue.offer("y", ms(0), ms(10), 2, 3, p -> Optional.empty());

    assertThat(rejected).isEqualTo(new Offer.Rejected("too late"));
    assertThat(((Offer.Rejected) rejected).toError().code()).isEqualTo(dev.cortado.core.error.ErrorCode.RESOURCE_EXHAUSTED);
    assertThat(accepted).isEqualTo(new Offer.Accepted(new Pending(0, ms(0), ms(10), 2, 3)));
    assertThat(queue.size()).isEqualTo(1);
  }

  @Test
  void uniformWhileEveryRequestHasTheFirstOnesItemsAndLevelSoDeadlineSheddingMayStopAtTheFirstKeeper() {
    RequestQueue<String> queue = new RequestQueue<>(8, 3);
    queue.offer("a", ms(0), ms(10), 0, 1);
    queue.offer("b", ms(1), ms(11), 0, 1);
    assertThat(queue.uniform()).isTrue();
    queue.offer("two items", ms(2), ms(12), 0, 2);
    assertThat(queue.uniform()).isFalse();
    queue.offer("level 1", ms(3), ms(13), 1, 1);
    assertThat(queue.uniform()).isFalse();
    assertThat(queue.take(1)).containsExactly("level 1"); // level 1 is served first
    assertThat(queue.uniform()).as("the two-item request is still queued").isFalse();
    assertThat(queue.removeIf(p -> p.items() == 2)).hasSize(1);
    assertThat(queue.uniform()).isTrue();
    // removeWhile from the head removes what removeIf would, on a uniform queue by deadline
    assertThat(queue.removeWhile(p -> p.deadline().isBefore(ms(11)))).extracting(q -> q.payload()).containsExactly("a");
    queue.take(1);
    assertThat(queue.isEmpty()).isTrue();
    queue.offer("big first", ms(4), ms(14), 0, 4);
    queue.offer("big too", ms(5), ms(15), 0, 4);
    assertThat(queue.uniform()).as("an emptied queue takes the next request's shape").isTrue();
  }

  @Test
  void takeRemovesAPrefixAndKeepsCounts() {
    RequestQueue<String> queue = new RequestQueue<>(8, 3);
    queue.offer("a", ms(0), ms(10), 0, 2);
    queue.offer("b", ms(1), ms(11), 0, 3);
    queue.offer("c", ms(2), ms(12), 0, 1);

    assertThat(queue.items()).isEqualTo(6);
    assertThat(queue.take(0)).isEmpty();
    assertThat(queue.takeQueued(1)).extracting(RequestQueue.Queued::pending).containsExactly(new Pending(0, ms(0), ms(10), 3, 2));
    assertThat(queue.items()).isEqualTo(4);
    assertThat(queue.take(5)).containsExactly("b", "c");
    assertThat(queue.items()).isZero();
    assertThatThrownBy(() -> queue.take(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void viewShowsServiceOrderAndTheOldestArrival() {
    RequestQueue<String> queue = new RequestQueue<>(8, 3);
    queue.offer("old-low", ms(0), ms(100), 3, 1);
    queue.offer("new-high", ms(5), ms(50), 1, 2);
    queue.offer("mid", ms(3), ms(40), 2, 3);
    QueueView view = queue.view(2);

    assertThat(view.size()).isEqualTo(3);
    assertThat(view.items()).isEqualTo(6);
    assertThat(view.idleInstances()).isEqualTo(2);
    assertThat(view.head()).map(Pending::arrival).contains(ms(5));
    assertThat(view.oldestArrival()).isEqualTo(ms(0));
    assertThat(view.first(2)).extracting(Pending::arrival).containsExactly(ms(5), ms(3));
    assertThat(view.inOrder()).extracting(Pending::arrival).containsExactly(ms(5), ms(3), ms(0));
    assertThat(view.requestsWithin(4)).as("2 items, then 3 would overflow 4").isEqualTo(1);
    assertThat(view.requestsWithin(5)).isEqualTo(2);
    assertThat(view.requestsWithin(1)).as("a request larger than the limit goes alone").isEqualTo(1);

    queue.take(1);
    assertThat(view.head()).as("the view is live").map(Pending::arrival).contains(ms(3));
    queue.take(2);
    assertThat(view.head()).isEmpty();
    assertThat(view.isEmpty()).isTrue();
  }

  @Test
  void removesExpiredAtTheirDeadline() {
    RequestQueue<String> queue = new RequestQueue<>(8, 3);
    queue.offer("a", ms(0), ms(10), 0, 1);
    queue.offer("b", ms(0), ms(11), 0, 1);
    queue.offer("c", ms(0), ms(9), 1, 1);

    assertThat(queue.removeExpired(ms(9.999))).containsExactly("c");
    assertThat(queue.removeExpired(ms(10))).containsExactly("a");
    assertThat(queue.removeIf(p -> p.items() == 1)).extracting(RequestQueue.Queued::payload).containsExactly("b");
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.items()).isZero();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new RequestQueue<String>(0, 1)).hasMessageContaining("capacity = 0");
    assertThatThrownBy(() -> new RequestQueue<String>(1, 0)).hasMessageContaining("defaultPriorityLevel = 0");
    RequestQueue<String> queue = new RequestQueue<>(1, 1);
    assertThatThrownBy(() -> queue.offer("a", ms(0), ms(1), -1, 1)).hasMessageContaining("priority = -1");
    assertThatThrownBy(() -> queue.offer("a", ms(0), ms(1), 0, 0)).hasMessageContaining("items = 0");
    assertThatThrownBy(() -> queue.view(-1)).hasMessageContaining("idleInstances = -1");
  }
}
