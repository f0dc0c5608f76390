package dev.cortado.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsWorldCupPeriodsAsMinutesFillingGapsWithZero() throws IOException {
    Path file = write("wc.csv", "period,count\n1998-04-30 21:30:00,2\n1998-04-30 21:31:00,11\n1998-04-30 21:34:00,5\n");

    CountTrace trace = (CountTrace) TraceReader.read(file);

    assertThat(trace.bucketLength()).isEqualTo(Duration.ofMinutes(1));
    assertThat(trace.buckets()).isEqualTo(5);
    assertThat(new int[] {trace.count(0), trace.count(1), trace.count(2), trace.count(3), trace.count(4)})
        .containsExactly(2, 11, 0, 0, 5);
    assertThat(trace.total()).isEqualTo(18);
    assertThat(trace.duration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(trace.source()).isEqualTo(file);
  }

  @Test
  void readsTwitterMinuteIndexes() throws IOException {
    CountTrace trace = (CountTrace) TraceReader.read(
        write("tw.csv", "minute_index,requests_in_minute\n0,2786\n1,2711\n\n3,0\n"));

    assertThat(trace.bucketLength()).isEqualTo(Duration.ofMinutes(1));
    assertThat(trace.buckets()).isEqualTo(4);
    assertThat(trace.count(0)).isEqualTo(2786);
    assertThat(trace.count(2)).isZero();
    assertThat(trace.total()).isEqualTo(2786 + 2711);
  }

  @Test
  void readsOneCountPerSecond() throws IOException {
    CountTrace trace = (CountTrace) TraceReader.read(write("s.txt", "47\n28\n40\n"));

    assertThat(trace.bucketLength()).isEqualTo(Duration.ofSeconds(1));
    assertThat(trace.buckets()).isEqualTo(3);
    assertThat(trace.count(2)).isEqualTo(40);
  }

  @Test
  void readsAzureTimestampsKeepingSubSecondPrecision() throws IOException {
    TimestampTrace trace = (TimestampTrace) TraceReader.read(write("az.csv", """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:15:46.6805900,374,44
        2023-11-16 18:15:50.9951690,396,109
        2023-11-16 18:15:50.9951691,396,109
        2023-11-16 18:16:00,1,1
        """));

    assertThat(trace.size()).isEqualTo(4);
    assertThat(trace.offsetNanos(0)).isZero();
    assertThat(trace.offsetNanos(1)).isEqualTo(4_314_579_000L);
    assertThat(trace.offsetNanos(2)).isEqualTo(4_314_579_100L);
    assertThat(trace.offsetNanos(3)).isEqualTo(13_319_410_000L);
    assertThat(trace.duration()).isEqualTo(Duration.ofNanos(13_319_410_001L));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          period,count\\n1998-04-30 21:30:00,x              | line 2: count 'x' is not a non-negative integer
          period,count\\n1998-04-30 21:30:00,1\\n1998-04-30 21:30:00,2 | line 3: minute 1998-04-30 21:30:00 does not come after
          period,count\\n1998-04-30 21:30:30,1              | line 2: period '1998-04-30 21:30:30' does not start on a whole minute
          period,count\\n30/04/1998,1                       | line 2: '30/04/1998' is not a timestamp
          period,count\\n1998-04-30 21:30:00                | line 2: expected 2 comma-separated values, found 1
          minute_index,requests_in_minute\\n0,1\\n1,-4       | line 3: count '-4' is not a non-negative integer
          minute_index,requests_in_minute\\n0,99999999999   | line 2: count 99999999999 is more than
          47\\n\\n2.5                                       | line 3: count '2.5' is not a non-negative integer
          TIMESTAMP,ContextTokens\\n2023-11-16T18:15:46,3    | line 2: '2023-11-16T18:15:46' is not a timestamp
          time,requests\\n1,2                               | line 1: unrecognised trace header
          """)
  void badInputNamesTheFileAndTheLine(String text, String expected) throws IOException {
    Path file = write("bad.csv", text.replace("\\n", "\n"));

    assertThatThrownBy(() -> TraceReader.read(file))
        .isInstanceOfSatisfying(
            CortadoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageStartingWith(file + " " + expected.substring(0, expected.indexOf(':')))
        .hasMessageContaining(expected);
  }

  @Test
  void emptyAndHeaderOnlyFilesAreRejected() throws IOException {
    Path empty = write("empty.csv", "\n");
    Path headerOnly = write("header.csv", "period,count\n");

    assertThatThrownBy(() -> TraceReader.read(empty)).hasMessageContaining(empty + " is empty");
    assertThatThrownBy(() -> TraceReader.read(headerOnly)).hasMessageContaining("has a header but no rows");
  }

  @Test
  void aMissingFileIsNotFound() {
    Path missing = dir.resolve("nope.csv");

    assertThatThrownBy(() -> TraceReader.read(missing))
        .isInstanceOfSatisfying(CortadoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining(missing.toString());
  }

  @Test
  void readsTheSharedTraces() {
    Path traces = ProjectFiles.root().resolveSibling("shared").resolve("data/traces");
    assumeTrue(Files.isDirectory(traces), "no shared traces at " + traces);

    CountTrace worldCup = (CountTrace) TraceReader.read(traces.resolve("worldcup98-per-minute.csv"));
    CountTrace twitter = (CountTrace) TraceReader.read(traces.resolve("twitter-2021-08-per-minute.csv"));
    CountTrace day15 = (CountTrace) TraceReader.read(traces.resolve("twitter-2021-08-day15-per-second.txt"));
    TimestampTrace conv = (TimestampTrace) TraceReader.read(traces.resolve("azure-llm-conv-2023.csv"));
    TimestampTrace code = (TimestampTrace) TraceReader.read(traces.resolve("azure-llm-code-2023.csv"));

    // 125,300 rows from 1998-04-30 21:30 to 1998-07-26 21:59, with a few missing minutes
    assertThat(worldCup.buckets()).isEqualTo((int) Duration.ofDays(87).plusMinutes(30).toMinutes());
    assertThat(twitter.buckets()).isEqualTo(31_652);
    assertThat(day15.buckets()).isEqualTo(86_400);
    assertThat(conv.size()).isEqualTo(19_366);
    assertThat(code.size()).isEqualTo(8_819);
    assertThat(conv.duration()).isBetween(Duration.ofMinutes(50), Duration.ofMinutes(70));
  }
}
