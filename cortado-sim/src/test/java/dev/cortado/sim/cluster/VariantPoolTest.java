package dev.cortado.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.control.batching.FixedBatching;
import dev.cortado.control.batching.NoBatching;
import dev.cortado.control.cost.CostModel;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.ScalingAction;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.sim.engine.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantPoolTest {
  private static final long MS = 1_000_000L;
  private static final ClassTag TAG = new ClassTag(0, 1_000);

  private final EventLoop loop = new EventLoop();
  private final Recorder recorder = new Recorder();

  /** Every batch takes 10 ms on one thread (5 ms on two); a cold start takes 100 ms. */
  private VariantPool pool(Machine machine) {
    return new VariantPool(loop, TestVariants.setup("v", "t", 0.9, 10, 100), new NoBatching(), 100, machine,
        new CostModel(1.0, 0.0), recorder, 1, 0);
  }

  @Test
  void a_request_arriving_at_zero_instances_waits_for_the_cold_start() {
    VariantPool pool = pool(new Machine(4));
    pool.start(InstanceSize.cpu(1));
    pool.arrive(TAG);
    loop.run(99 * MS);
    assertThat(recorder.latencies).isEmpty();
    assertThat(pool.count(InstanceState.STARTING)).isEqualTo(1);
    loop.run(200 * MS);
    assertThat(recorder.latencies).containsExactly(110 * MS);
    assertThat(pool.coldStarts()).isEqualTo(1);
  }

  @Test
  void stopping_a_busy_instance_finishes_its_batch_first() {
    VariantPool pool = pool(new Machine(4));
    String id = pool.startWarm(InstanceSize.cpu(1));
    pool.arrive(TAG);
    loop.run(3 * MS);
    assertThat(pool.stop(id)).isTrue();
    assertThat(pool.count(InstanceState.STOPPING)).isEqualTo(1);
    loop.run(50 * MS);
    assertThat(recorder.latencies).containsExactly(10 * MS);
    assertThat(pool.count(InstanceState.STOPPING)).isZero();
    assertThat(pool.instanceSeconds()).isEqualTo(0.010);
  }

  @Test
  void a_resize_serves_on_the_old_instance_until_the_new_one_is_ready() {
    VariantPool pool = pool(new Machine(4));
    String id = pool.startWarm(InstanceSize.cpu(1));
    assertThat(pool.resize(id, InstanceSize.cpu(2))).isTrue();
    assertThat(pool.count(InstanceState.STOPPING)).as("the old one is reported on its way out").isEqualTo(1);
    pool.arrive(TAG); // the old instance still takes it: 10 ms
    loop.run(100 * MS); // the new one is ready now; the old one goes
    pool.arrive(TAG); // on two threads: 5 ms
    loop.run(200 * MS);
    assertThat(recorder.latencies).containsExactly(10 * MS, 5 * MS);
    assertThat(pool.count(InstanceState.READY)).isEqualTo(1);
    assertThat(pool.currentSize()).isEqualTo(InstanceSize.cpu(2));
    assertThat(recorder.shed + recorder.refused).isZero();
    // 100 ms of the old instance on one core; 200 ms of the new one, its cold start included, on two
    assertThat(pool.coreSeconds()).isCloseTo(0.1 + 0.4, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void busy_instances_wanting_more_cores_than_the_machine_has_share_them() {
    VariantPool pool = pool(new Machine(1));
    pool.startWarm(InstanceSize.cpu(1));
    pool.startWarm(InstanceSize.cpu(1));
    pool.arrive(TAG); // alone on the core: 10 ms
    pool.arrive(TAG); // two busy threads on one core: 20 ms
    loop.run(100 * MS);
    assertThat(recorder.latencies).containsExactly(10 * MS, 20 * MS);
  }

  @Test
  void a_batching_policy_batches_on_the_instances() {
    VariantPool pool = new VariantPool(loop, TestVariants.setup("v", "t", 0.9, 10, 100), new FixedBatching(4, Duration.ofMillis(5)),
        100, new Machine(4), new CostModel(1.0, 0.0), recorder, 1, 0);
    pool.startWarm(InstanceSize.cpu(1));
    for (int i = 0; i < 3; i++) {
      pool.arrive(TAG);
    }
    loop.run(100 * MS);
    assertThat(recorder.batches).containsExactly(3);
    assertThat(recorder.latencies).containsExactly(15 * MS, 15 * MS, 15 * MS);
  }

  @Test
  void the_cluster_refuses_a_start_past_its_core_budget_and_an_unknown_instance() {
    VariantPool pool = pool(new Machine(4));
    SimulatedCluster cluster = new SimulatedCluster(List.of(pool), 2);
    cluster.apply(List.of(new ScalingAction.Start("v", InstanceSize.cpu(2), "test")));
    assertThat(cluster.status().instances()).hasSize(1);
    assertThat(cluster.status().instances().getFirst().state()).isEqualTo(InstanceState.STARTING);
    assertThatThrownBy(() -> cluster.apply(List.of(new ScalingAction.Start("v", InstanceSize.cpu(1), "test"))))
        .isInstanceOf(CortadoException.class).hasMessageContaining("core budget");
    assertThatThrownBy(() -> cluster.apply(List.of(new ScalingAction.Stop("w-3", "test"))))
        .isInstanceOf(CortadoException.class).hasMessageContaining("w-3");
    loop.run(100 * MS);
    assertThat(cluster.status().instances().getFirst().state()).isEqualTo(InstanceState.READY);
  }

  private static final class Recorder implements PoolListener {
    final List<Long> latencies = new ArrayList<>();
    final List<Integer> batches = new ArrayList<>();
    int refused;
    int shed;

    @Override
    public void refused(String variant, ClassTag tag) {
      refused++;
    }

    @Override
    public void shed(String variant, ClassTag tag) {
      shed++;
    }

    @Override
    public void answered(String variant, ClassTag tag, long latencyNanos) {
      latencies.add(latencyNanos);
    }

    @Override
    public void batchDone(String variant, int items, long serviceNanos) {
      batches.add(items);
    }
  }
}
