package dev.cortado.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.control.batching.NoBatching;
import dev.cortado.control.cost.CostModel;
import dev.cortado.control.selection.Candidate;
import dev.cortado.control.selection.Query;
import dev.cortado.control.selection.SelectionContext;
import dev.cortado.control.selection.Selectors;
import dev.cortado.control.selection.VariantLoad;
import dev.cortado.control.selection.VariantSelector;
import dev.cortado.core.cluster.ScalingAction;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.sim.cluster.ClassTag;
import dev.cortado.sim.cluster.Machine;
import dev.cortado.sim.cluster.PoolListener;
import dev.cortado.sim.cluster.SimulatedCluster;
import dev.cortado.sim.cluster.TestVariants;
import dev.cortado.sim.cluster.VariantPool;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.engine.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two facts the router's reuse of a selection rests on: the shipped selectors answer the same
 * context the same way at any time, and the context built from the cluster's status is a function
 * of the cluster's selection key.
 */
class RouterTest {
  private static final long MS = 1_000_000L;
  private static final CostModel COST = CostModel.cloudRunDefaults();
  private static final VariantSetup CHEAP = TestVariants.setup("cheap", "t", 0.90, 10, 100);
  private static final VariantSetup GOOD = TestVariants.setup("good", "t", 0.95, 40, 300);
  private static final List<Candidate> CANDIDATES = List.of(candidate(CHEAP), candidate(GOOD));

  @Test
  void shippedSelectorsDoNotReadTheTime() {
    List<Query> queries = List.of(Query.forTask("t").withLatencySloMs(60).withMinAccuracy(0.9),
        Query.forTask("t").withLatencySloMs(500).withMinAccuracy(0.94), Query.forTask("t").withLatencySloMs(5));
    for (String name : Selectors.NAMES) {
      VariantSelector selector = Selectors.byName(name);
      for (Query q : queries) {
        for (int ready = 0; ready <= 2; ready++) {
          for (int starting = 0; starting <= 1; starting++) {
            for (int outstanding : new int[] {0, 3, 40}) {
              for (int free : new int[] {0, 8}) {
                Map<String, VariantLoad> loads = ready + starting == 0 ? Map.of()
                    : Map.of("cheap", new VariantLoad("cheap", ready, starting, outstanding));
                SelectionContext context = new SelectionContext(CANDIDATES, loads, COST, free);
                assertThat(selector.select(q, context, Instant.EPOCH))
                    .as("%s, %s, %s", name, q, context)
                    .isEqualTo(selector.select(q, context, Instant.parse("2030-06-01T12:34:56.789Z")));
              }
            }
          }
        }
      }
    }
  }

  @Test
  void equalSelectionKeysMeanEqualSelectionContexts() {
    EventLoop loop = new EventLoop();
    PoolListener quiet = new PoolListener() {
      @Override public void refused(String variant, ClassTag tag) { }
      @Override public void shed(String variant, ClassTag tag) { }
      @Override public void answered(String variant, ClassTag tag, long latencyNanos) { }
      @Override public void batchDone(String variant, int items, long serviceNanos) { }
    };
    Machine machine = new Machine(8);
    VariantPool cheap = new VariantPool(loop, CHEAP, new NoBatching(), 100, machine, COST, quiet, 1, 0);
    VariantPool good = new VariantPool(loop, GOOD, new NoBatching(), 100, machine, COST, quiet, 2, 0);
    SimulatedCluster cluster = new SimulatedCluster(List.of(cheap, good), 6);
    ClassTag tag = new ClassTag(0, 1_000);
    Map<List<Integer>, SelectionContext> seen = new HashMap<>();
    List<Runnable> steps = List.of(
        () -> { },
        () -> cheap.arrive(tag),
        () -> cluster.apply(List.of(new ScalingAction.Start("cheap", InstanceSize.cpu(1), "test"))),
        () -> loop.run(loop.now() + 50 * MS),
        () -> cheap.arrive(tag),
        () -> loop.run(loop.now() + 100 * MS),
        () -> cheap.arrive(tag),
        () -> cheap.arrive(tag),
        () -> cluster.apply(List.of(new ScalingAction.Start("good", InstanceSize.cpu(2), "test"))),
        () -> good.arrive(tag),
        () -> loop.run(loop.now() + 5 * MS),
        () -> cluster.apply(List.of(new ScalingAction.Resize(cluster.status().instances().getFirst().id(), InstanceSize.cpu(2),
            "test"))),
        () -> cheap.arrive(tag),
        () -> loop.run(loop.now() + 400 * MS),
        () -> good.arrive(tag),
        () -> cluster.apply(List.of(new ScalingAction.Stop(cluster.status().instances().getLast().id(), "test"))),
        () -> loop.run(loop.now() + Duration.ofSeconds(2).toNanos()));
    int[] key = new int[cluster.selectionKeyLength()];
    List<String> variants = List.of("cheap", "good");
    List<SelectionContext> reached = new ArrayList<>();
    for (Runnable step : steps) {
      step.run();
      cluster.selectionKey(key);
      // The context, rebuilt from the key alone, is the one the status gives.
      Map<String, VariantLoad> loads = new HashMap<>();
      for (int v = 0; v < variants.size(); v++) {
        if (key[3 * v] + key[3 * v + 1] > 0) {
          loads.put(variants.get(v), new VariantLoad(variants.get(v), key[3 * v], key[3 * v + 1], key[3 * v + 2]));
        }
      }
      SelectionContext context = SelectionContext.of(CANDIDATES, cluster.status(), COST);
      assertThat(new SelectionContext(CANDIDATES, loads, COST, key[key.length - 1])).isEqualTo(context);
      if (!reached.contains(context)) {
        reached.add(context);
      }
    }
    assertThat(reached).as("the steps reach different contexts").hasSizeGreaterThan(8);
  }

  @Test
  void aPlansSplitIsFollowedRequestByRequestWithinOneOfEachShare() {
    Router.Split split = new Router.Split(List.of(Map.entry("a", 0.6), Map.entry("b", 0.3), Map.entry("c", 0.1)));
    Map<String, Integer> counts = new HashMap<>(Map.of("a", 0, "b", 0, "c", 0));
    Map<String, Double> shares = Map.of("a", 0.6, "b", 0.3, "c", 0.1);
    for (int n = 1; n <= 1000; n++) {
      counts.merge(split.next(), 1, Integer::sum);
      for (String v : shares.keySet()) {
        assertThat(Math.abs(counts.get(v) - shares.get(v) * n)).as("%s after %d requests", v, n).isLessThanOrEqualTo(1.0 + 1e-9);
      }
    }
    assertThat(counts).isEqualTo(Map.of("a", 600, "b", 300, "c", 100));
  }

  private static Candidate candidate(VariantSetup s) {
    return new Candidate(s.variant(), s.task(), s.accuracy(), s.maxBatch(), s.defaultProfile());
  }
}
