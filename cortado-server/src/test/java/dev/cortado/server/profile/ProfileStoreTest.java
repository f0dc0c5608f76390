package dev.cortado.server.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.model.Device;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {
  @TempDir Path dir;

  static Profile profile(String variant, InstanceSize size, double... p50s) {
    List<BatchLatency> batches = new java.util.ArrayList<>();
    int b = 1;
    for (double p50 : p50s) {
      batches.add(BatchLatency.of(b, List.of(p50 * 0.9, p50, p50 * 1.3, 0.123456789)));
      b *= 2;
    }
    int[] sizes = batches.stream().mapToInt(BatchLatency::batchSize).toArray();
    double[] medians = batches.stream().mapToDouble(BatchLatency::p50Ms).toArray();
    return new Profile(
        variant, "1", size, batches, LatencyModel.fit(sizes, medians), 12.5, 3_145_728,
        Instant.parse("2025-06-01T12:00:00.123456Z"), "2 cores, AMD EPYC, onnxruntime 1.28.0");
  }

  @Test
  void writes_and_reads_back_every_field() {
    ProfileStore store = new ProfileStore(dir.resolve("profiles"));
    Profile original = profile("fashion-mlp-small", InstanceSize.cpu(2), 0.1, 0.12, 0.2, 0.35);

    Path file = store.write(original);

    assertThat(file).isEqualTo(dir.resolve("profiles/fashion-mlp-small/1/threads-2.json"));
    assertThat(store.load("fashion-mlp-small", "1", InstanceSize.cpu(2))).contains(original);
    assertThat(store.load("fashion-mlp-small", "1", InstanceSize.cpu(1))).isEmpty();
    assertThat(store.loadAll()).containsExactly(original);
  }

  @Test
  void other_devices_have_their_own_file_and_rewrites_replace() {
    ProfileStore store = new ProfileStore(dir);
    Profile gpu = profile("m", new InstanceSize(1, Device.CUDA_IF_AVAILABLE), 1, 2);
    Profile cpu = profile("m", InstanceSize.cpu(1), 1, 2);
    Profile cpuAgain = profile("m", InstanceSize.cpu(1), 3, 4);

    assertThat(store.write(gpu).getFileName()).hasToString("threads-1-cuda-if-available.json");
    store.write(cpu);
    store.write(cpuAgain);

    assertThat(store.loadAll()).containsExactlyInAnyOrder(gpu, cpuAgain);
    assertThat(new ProfileStore(dir.resolve("absent")).loadAll()).isEmpty();
  }

  @Test
  void the_file_says_when_the_line_fits_poorly() throws Exception {
    ProfileStore store = new ProfileStore(dir);
    Profile curved = profile("curved", InstanceSize.cpu(1), 1, 1, 1, 1, 1, 8, 30);
    Profile straight = profile("straight", InstanceSize.cpu(1), 1, 2, 4, 8);

    String curvedJson = Files.readString(store.write(curved));
    String straightJson = Files.readString(store.write(straight));

    assertThat(ProfileStore.relativeRmse(curved)).isGreaterThan(ProfileStore.POOR_FIT_RATIO);
    assertThat(curvedJson).contains("\"note\" : \"the linear fit is poor");
    assertThat(straightJson).doesNotContain("\"note\"").contains("\"measuredAt\" : \"2025-06-01T12:00:00.123456Z\"");
    assertThat(store.load("curved", "1", InstanceSize.cpu(1))).contains(curved);
  }

  @Test
  void a_bad_file_is_an_error_that_names_it() throws Exception {
    ProfileStore store = new ProfileStore(dir);
    Path file = store.pathOf("m", "1", InstanceSize.cpu(1));
    Files.createDirectories(file.getParent());

    Files.writeString(file, "{ not json");
    assertThatThrownBy(() -> store.load("m", "1", InstanceSize.cpu(1)))
        .isInstanceOf(CortadoException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not valid JSON")
        .satisfies(e -> assertThat(((CortadoException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));

    String valid = new ProfileStore(dir).toJson(profile("m", InstanceSize.cpu(1), 1, 2));
    Files.writeString(file, valid.replace("\"coldStartMs\"", "\"coldStart\""));
    assertThatThrownBy(store::loadAll)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("missing 'coldStartMs'");

    Files.writeString(file, valid.replace("\"format\" : 1", "\"format\" : 9"));
    assertThatThrownBy(() -> store.load("m", "1", InstanceSize.cpu(1)))
        .hasMessageContaining("format = 9");
  }

  @Test
  void describes_the_machine_from_cpuinfo() throws Exception {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD  EPYC 7B13\n\nprocessor\t: 1\n");

    MachineDescription m = new MachineDescription(2, MachineDescription.cpuModel(cpuinfo), "onnxruntime 1.28.0");

    assertThat(m.text()).isEqualTo("2 cores, AMD EPYC 7B13, onnxruntime 1.28.0");
    assertThat(MachineDescription.cpuModel(dir.resolve("missing"))).isEqualTo("unknown CPU");
    assertThat(new MachineDescription(1, "x", "y").text()).isEqualTo("1 core, x, y");
  }
}
