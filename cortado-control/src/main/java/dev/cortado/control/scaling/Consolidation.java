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
 * home variants whose every class has moved away (to zero, once they hold no work). The classes are
 * a scenario's, given once, or those a live server learns from the queries it routes, given anew
 * every tick ({@link #reclass}); requests bound to one variant (a direct share) are a class that
 * never moves, so their variant is never emptied. With no known classes nothing moves. State
 * follows from the calls; no clock is read.
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

  /** The variants classes may be served by, in order; empty: nothing ever moves. */
  private final List<String> variants;
  private final Map<String, Double> p99AloneMs;
  private final Map<String, Double> costAlone;
  private final double utilisation;
  private final double gain;
  private final Duration hold;
  private ClassMix mix = ClassMix.unknown();
  private List<Member> members = List.of();
  /** Per class, the variant serving it now, when not its home. */
  private final Map<String, String> moved = new LinkedHashMap<>();
  /** The cheaper assignment found on every tick since {@link #cheaperSince}; null: none now. */
  private Map<String, String> candidate;
  private Instant cheaperSince;
  private Map<String, Map<String, Double>> routes = Map.of();
  private long routesVersion;

  /**
   * @param variants the variants classes may be served by; empty: nothing ever moves
   * @param p99AloneMs per variant, its p99 at batch 1
   * @param costAlone per variant, its cost per request served alone
   * @param utilisation the share of an instance's throughput a variant is sized to use
   * @param gain an assignment must cost at most this fraction of the current one to be adopted
   * @param hold and must have done so this long
   */
  private Consolidation(List<String> variants, Map<String, Double> p99AloneMs, Map<String, Double> costAlone,
      double utilisation, double gain, Duration hold) {
    this.variants = List.copyOf(variants);
    this.p99AloneMs = Map.copyOf(p99AloneMs);
    this.costAlone = Map.copyOf(costAlone);
    this.utilisation = utilisation;
    this.gain = gain;
    this.hold = Objects.requireNonNull(hold, "hold");
  }

  /** Nothing ever moves, whatever classes it is told of. */
  static Consolidation none() {
    return new Consolidation(List.of(), Map.of(), Map.of(), 1, 1, Duration.ZERO);
  }

  /**
   * Consolidation over {@code variants}, of the classes of {@code mix} until {@link #reclass} tells
   * it others. A variant may serve a class when it serves the class's task at or above its accuracy
   * floor with its p99 alone ({@code p99AloneMs}, at batch 1) within the class's SLO; the class's
   * home is the one of those that costs least per request served alone ({@code costAlone}; ties:
   * the more accurate, the faster, the name), as the selector ranks READY variants, so that the
   * autoscaler's idea of where a class is agrees with where the selector sends it. A class no
   * variant may serve is left out; the direct share of a variant is a class that never moves.
   */
  static Consolidation of(ClassMix mix, List<ForecastedVariant> variants, Map<String, Double> p99AloneMs,
      Map<String, Double> costAlone, CortadoScaling.Settings settings) {
    Consolidation c = new Consolidation(variants.stream().map(ForecastedVariant::variant).toList(), p99AloneMs, costAlone,
        settings.targetUtilisation(), settings.resizeGain(), settings.resizeHold());
    c.reclass(mix);
    return c;
  }

  /**
   * Takes the classes (and their shares) of {@code next} from now on. A class still known keeps
   * where it is served while that variant may still serve it; when the classes themselves changed,
   * not only their shares, a cheaper assignment must hold afresh.
   */
  void reclass(ClassMix next) {
    if (variants.isEmpty() || next.equals(mix)) {
      return;
    }
    mix = next;
    List<Member> was = members;
    members = members(next);
    if (!sameClasses(was, members)) {
      Map<String, Member> byName = new LinkedHashMap<>();
      members.forEach(m -> byName.put(m.name(), m));
      moved.entrySet().removeIf(e -> byName.get(e.getKey()) == null || !byName.get(e.getKey()).hosts().contains(e.getValue()));
      candidate = null;
    }
  }

  private static boolean sameClasses(List<Member> a, List<Member> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Member x = a.get(i);
      Member y = b.get(i);
      if (!x.name().equals(y.name()) || !x.home().equals(y.home()) || !x.hosts().equals(y.hosts())) {
        return false;
      }
    }
    return true;
  }

  /** The members of {@code m}, their shares normalised to add up to 1; none when no class has a host. */
  private List<Member> members(ClassMix m) {
    if (!m.isKnown()) {
      return List.of();
    }
    Comparator<String> cheapest = Comparator.<String>comparingDouble(v -> costAlone.getOrDefault(v, Double.POSITIVE_INFINITY))
        .thenComparing(v -> -m.variants().get(v).accuracy())
        .thenComparing(v -> p99AloneMs.getOrDefault(v, Double.POSITIVE_INFINITY))
        .thenComparing(Comparator.naturalOrder());
    List<Member> found = new ArrayList<>();
    for (ClassMix.ClassShare c : m.classes()) {
      List<String> fit = variants.stream().filter(v -> {
        ClassMix.VariantFacts facts = m.variants().get(v);
        return facts != null && facts.task().equals(c.task()) && facts.accuracy() >= c.accuracyFloor()
            && p99AloneMs.getOrDefault(v, Double.POSITIVE_INFINITY) <= c.sloMs();
      }).sorted(cheapest).toList();
      if (!fit.isEmpty()) {
        found.add(new Member(c.name(), c.share(), fit.getFirst(), fit.subList(1, fit.size())));
      }
    }
    if (found.stream().allMatch(x -> x.hosts().isEmpty())) {
      return List.of();
    }
    m.direct().forEach((v, share) -> {
      if (variants.contains(v) && share > 0) {
        found.add(new Member(DIRECT + v, share, v, List.of()));
      }
    });
    double kept = found.stream().mapToDouble(Member::share).sum();
    if (!(kept > 0)) {
      return List.of();
    }
    return found.stream().map(x -> new Member(x.name(), x.share() / kept, x.home(), x.hosts())).toList();
  }

  /** The name of the class of requests that must be served by one variant (prefixed to it). */
  static final String DIRECT = "direct to ";

  /**
   * Decides this tick's moves.
   *
   * @param demand the requests per second of all classes together, to be split by their shares
   * @param burst the most arrivals of all classes within {@link VariantObservation#BURST_WINDOW}
   * @param loads every variant that may serve (one missing serves nothing)
   */
  Outcome decide(Instant now, double demand, int burst, Map<String, Load> loads) {
    if (members.isEmpty()) {
      publish();
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
