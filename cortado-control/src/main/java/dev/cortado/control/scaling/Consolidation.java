package dev.cortado.control.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which request classes Cortado's autoscaler moves off their own variant onto one that runs anyway
 * ({@link CortadoScaling}): at low load a class whose cheapest variant runs for it alone pays a whole
 * instance for a trickle that another variant's instance could answer for less. Per-variant sizing
 * cannot see that; this does, and leaves the sizing itself to the per-variant rules, which follow
 * the traffic wherever it is routed.
 *
 * <p>Each class has a home: the variant that serves it alone at the least cost per request (what the
 * selector picks when everything is READY), and hosts: the other variants that serve its task at
 * or above its accuracy floor within its SLO. Every tick, from the total demand and burst split by
 * the classes' shares, an assignment of classes to variants is costed as the instances each variant
 * would need for the classes assigned to it, at its current size. From every class at home, a
 * class moves to the host that lowers that cost most, one move at a time, onto variants already
 * serving some class, until no move lowers it. When that same assignment costs at most
 * {@code gain} of the current one for {@code hold} without a break, it is adopted class by class,
 * each as soon as the variant taking the class has the READY instances the assignment needs there
 * (until then the variant is asked for them): a class never moves onto capacity that is still
 * starting. Once adopted, a cheaper assignment must hold afresh. The way back (load that has grown
 * until separate variants are cheaper) is the same rule.
 *
 * <p>Outputs: the routes of moved classes (the router sends them there while that variant is READY,
 * else to the selector), the instances a variant must have for a move about to happen, and the
 * home variants whose every class has moved away (to zero, once they hold no work). With no known
 * classes (a live server, which sees variants, not classes) nothing ever moves. State follows from
 * the calls; no clock is read.
 */
final class Consolidation {
  /**
   * A request class: its share of all arrivals, its home and where else it may go.
   *
   * @param share its share of the arrivals, the classes' shares summing to 1
   * @param home the variant that serves it at the least cost per request
   * @param hosts the other variants that may serve it
   */
  record Member(String name, double share, String home, List<String> hosts) {
    Member {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(home, "home");
      hosts = List.copyOf(hosts);
    }
  }

  /**
   * One variant as it stands this tick.
   *
   * @param option its size now (capacity and cost per second)
   * @param ready its READY instances
   * @param sloMs the SLO its bursts are answered within
   */
  record Load(SizeOption option, int ready, double sloMs) {}

  /**
   * What the autoscaler applies this tick.
   *
   * @param atLeast per variant, the instances it must have for a move about to happen
   * @param emptied home variants none of whose classes is served there now
   * @param moved per moved class, the variant serving it
   */
  record Outcome(Map<String, Integer> atLeast, Set<String> emptied, Map<String, String> moved) {
    static final Outcome NONE = new Outcome(Map.of(), Set.of(), Map.of());
  }

  private final List<Member> members;
  private final double utilisation;
  private final double gain;
  private final Duration hold;
  /** Per class, the variant serving it now, when not its home. */
  private final Map<String, String> moved = new LinkedHashMap<>();
  /** The cheaper assignment found on every tick since {@link #cheaperSince}; null: none now. */
  private Map<String, String> candidate;
  private Instant cheaperSince;
  private Map<String, Map<String, Double>> routes = Map.of();
  private long routesVersion;

  /**
   * @param members the classes; empty: nothing ever moves
   * @param utilisation the share of an instance's throughput a variant is sized to use
   * @param gain an assignment must cost at most this fraction of the current one to be adopted
   * @param hold and must have done so this long
   */
  Consolidation(List<Member> members, double utilisation, double gain, Duration hold) {
    this.members = List.copyOf(members);
    this.utilisation = utilisation;
    this.gain = gain;
    this.hold = Objects.requireNonNull(hold, "hold");
    double total = this.members.stream().mapToDouble(Member::share).sum();
    if (!this.members.isEmpty() && Math.abs(total - 1) > 1e-9) {
      throw new IllegalArgumentException("the classes' shares add up to " + total + ", not 1");
    }
  }

  /** Nothing ever moves. */
  static Consolidation none() {
    return new Consolidation(List.of(), 1, 1, Duration.ZERO);
  }

  /**
   * The classes of {@code mix} over {@code variants}. A variant may serve a class when it serves the
   * class's task at or above its accuracy floor with its p99 alone ({@code p99AloneMs}, at batch 1)
   * within the class's SLO; the class's home is the one of those that costs least per request served
   * alone ({@code costAlone}; ties: the more accurate, the faster, the name), as the selector ranks
   * READY variants, so that the autoscaler's idea of where a class is agrees with where the selector
   * sends it. A class no variant may serve is left out; with none that has a host, nothing moves.
   */
  static Consolidation of(ClassMix mix, List<ForecastedVariant> variants, Map<String, Double> p99AloneMs,
      Map<String, Double> costAlone, CortadoScaling.Settings settings) {
    if (!mix.isKnown()) {
      return none();
    }
    Comparator<String> cheapest = Comparator.<String>comparingDouble(v -> costAlone.getOrDefault(v, Double.POSITIVE_INFINITY))
        .thenComparing(v -> -mix.variants().get(v).accuracy())
        .thenComparing(v -> p99AloneMs.getOrDefault(v, Double.POSITIVE_INFINITY))
        .thenComparing(Comparator.naturalOrder());
    List<Member> members = new ArrayList<>();
    for (ClassMix.ClassShare c : mix.classes()) {
      List<String> fit = variants.stream().map(ForecastedVariant::variant).filter(v -> {
        ClassMix.VariantFacts facts = mix.variants().get(v);
        return facts != null && facts.task().equals(c.task()) && facts.accuracy() >= c.accuracyFloor()
            && p99AloneMs.getOrDefault(v, Double.POSITIVE_INFINITY) <= c.sloMs();
      }).sorted(cheapest).toList();
      if (!fit.isEmpty()) {
        members.add(new Member(c.name(), c.share(), fit.getFirst(), fit.subList(1, fit.size())));
      }
    }
    if (members.stream().allMatch(m -> m.hosts().isEmpty())) {
      return none();
    }
    double kept = members.stream().mapToDouble(Member::share).sum();
    List<Member> normalised = members.stream().map(m -> new Member(m.name(), m.share() / kept, m.home(), m.hosts())).toList();
    return new Consolidation(normalised, settings.targetUtilisation(), settings.resizeGain(), settings.resizeHold());
  }

  /**
   * Decides this tick's moves.
   *
   * @param demand the requests per second of all classes together, to be split by their shares
   * @param burst the most arrivals of all classes within {@link VariantObservation#BURST_WINDOW}
   * @param loads every variant that may serve (one missing serves nothing)
   */
  Outcome decide(Instant now, double demand, int burst, Map<String, Load> loads) {
    if (members.isEmpty()) {
      return Outcome.NONE;
    }
    Map<String, String> current = assignment(moved);
    Map<String, String> best = cheapest(demand, burst, loads);
    double currentCost = cost(current, demand, burst, loads);
    double bestCost = cost(best, demand, burst, loads);
    boolean cheaper = !best.equals(current) && bestCost <= gain * currentCost;
    if (!cheaper) {
      candidate = null;
    } else if (!best.equals(candidate)) {
      candidate = best;
      cheaperSince = now;
    }
    Map<String, Integer> atLeast = new LinkedHashMap<>();
    if (cheaper && !now.isBefore(cheaperSince.plus(hold))) {
      // Adopt it class by class: a class moves once where it goes has the instances it needs there.
      Map<String, Integer> needed = instances(best, demand, burst, loads);
      for (Member m : members) {
        String to = best.get(m.name());
        if (to.equals(current.get(m.name()))) {
          continue;
        }
        Load there = loads.get(to);
        int need = needed.getOrDefault(to, 0);
        if (there != null && there.ready() >= need) {
          if (to.equals(m.home())) {
            moved.remove(m.name());
          } else {
            moved.put(m.name(), to);
          }
        } else {
          atLeast.merge(to, need, Math::max);
        }
      }
      if (assignment(moved).equals(best)) {
        candidate = null; // adopted: what is cheaper than it must hold afresh
      }
    }
    Set<String> emptied = new LinkedHashSet<>();
    for (Member m : members) {
      emptied.add(m.home());
    }
    emptied.removeAll(assignment(moved).values());
    publish();
    return new Outcome(atLeast, emptied, Map.copyOf(moved));
  }

  /**
   * Arrivals as their classes' homes would have seen them: a variant serving moved classes passes
   * their shares of its arrivals back to their homes. Histories kept this way forecast each home's
   * classes wherever they are served, so a move neither empties a forecast nor counts a class twice.
   */
  Map<String, Double> arrivalsByHome(Map<String, Long> arrivals) {
    Map<String, Double> out = new LinkedHashMap<>();
    arrivals.forEach((v, a) -> out.put(v, a.doubleValue()));
    if (moved.isEmpty()) {
      return out;
    }
    Map<String, Double> servedShare = new LinkedHashMap<>();
    Map<String, String> a = assignment(moved);
    for (Member m : members) {
      servedShare.merge(a.get(m.name()), m.share(), Double::sum);
    }
    for (Member m : members) {
      String to = moved.get(m.name());
      Long there = to == null ? null : arrivals.get(to);
      if (there != null && there > 0) {
        double theirs = there * m.share() / servedShare.get(to);
        out.merge(to, -theirs, Double::sum);
        out.merge(m.home(), theirs, Double::sum);
      }
    }
    return out;
  }

  /**
   * Per variant serving moved classes, the part of their homes' forecasts that is theirs: a home's
   * forecast (of its arrivals by {@link #arrivalsByHome}) times the class's share of the classes
   * whose home it is.
   */
  Map<String, Double> forecastMovedIn(Map<String, Double> forecastByVariant) {
    if (moved.isEmpty()) {
      return Map.of();
    }
    Map<String, Double> homeShare = new LinkedHashMap<>();
    for (Member m : members) {
      homeShare.merge(m.home(), m.share(), Double::sum);
    }
    Map<String, Double> in = new LinkedHashMap<>();
    for (Member m : members) {
      String to = moved.get(m.name());
      if (to != null) {
        double home = forecastByVariant.getOrDefault(m.home(), 0.0);
        in.merge(to, home * m.share() / homeShare.get(m.home()), Double::sum);
      }
    }
    return in;
  }

  /** Per moved class, its variant with all of its traffic; classes at home are the selector's. */
  Map<String, Map<String, Double>> routes() {
    return routes;
  }

  long routesVersion() {
    return routesVersion;
  }

  private void publish() {
    Map<String, Map<String, Double>> next = new LinkedHashMap<>();
    moved.forEach((c, v) -> next.put(c, Map.of(v, 1.0)));
    if (!next.equals(routes)) {
      routes = Collections.unmodifiableMap(next);
      routesVersion++;
    }
  }

  /** Every class's variant, given the moved ones. */
  private Map<String, String> assignment(Map<String, String> movedClasses) {
    Map<String, String> a = new LinkedHashMap<>();
    for (Member m : members) {
      a.put(m.name(), movedClasses.getOrDefault(m.name(), m.home()));
    }
    return a;
  }

  /** From every class at home, the single move that lowers the cost most, onto a variant in use, until none does. */
  private Map<String, String> cheapest(double demand, int burst, Map<String, Load> loads) {
    Map<String, String> a = assignment(Map.of());
    double cost = cost(a, demand, burst, loads);
    for (int round = 0; round < members.size(); round++) {
      Map<String, String> bestMove = null;
      double bestCost = cost;
      for (Member m : members) {
        for (String host : m.hosts()) {
          if (host.equals(a.get(m.name())) || !a.containsValue(host) || !loads.containsKey(host)) {
            continue;
          }
          Map<String, String> b = new LinkedHashMap<>(a);
          b.put(m.name(), host);
          double c = cost(b, demand, burst, loads);
          if (c < bestCost - 1e-12) {
            bestCost = c;
            bestMove = b;
          }
        }
      }
      if (bestMove == null) {
        break;
      }
      a = bestMove;
      cost = bestCost;
    }
    return a;
  }

  /** What an assignment costs per second: every variant's instances for the classes it serves, at its size now. */
  private double cost(Map<String, String> a, double demand, int burst, Map<String, Load> loads) {
    double cost = 0;
    for (Map.Entry<String, Integer> e : instances(a, demand, burst, loads).entrySet()) {
      Load l = loads.get(e.getKey());
      cost += e.getValue() * (l == null ? 0 : l.option().costPerSecond());
    }
    return cost;
  }

  /** Per variant serving some class, the instances its classes' demand and burst need (at least one). */
  private Map<String, Integer> instances(Map<String, String> a, double demand, int burst, Map<String, Load> loads) {
    Map<String, Double> share = new LinkedHashMap<>();
    for (Member m : members) {
      share.merge(a.get(m.name()), m.share(), Double::sum);
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    share.forEach((v, s) -> {
      Load l = loads.get(v);
      if (l == null) {
        out.put(v, 0);
        return;
      }
      InstanceCapacity cap = l.option().capacity();
      int forRate = cap.instancesFor(demand * s, utilisation);
      int forBurst = cap.instancesForBurst((int) Math.ceil(burst * s - 1e-9), VariantObservation.BURST_WINDOW_MS, l.sloMs(),
          utilisation);
      out.put(v, Math.max(1, Math.max(forRate, forBurst)));
    });
    return out;
  }
}
