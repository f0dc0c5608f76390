package dev.cortado.sim.trace;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads the arrival-trace files of {@code shared/data/traces}, telling the format from the first
 * line:
 *
 * <ul>
 *   <li>{@code period,count}: requests per minute, the period a {@code yyyy-MM-dd HH:mm:ss} minute;
 *   <li>{@code minute_index,requests_in_minute}: requests per minute, by minute number;
 *   <li>no header, one integer per line: requests per second;
 *   <li>{@code TIMESTAMP,...}: one request per row, timestamped {@code yyyy-MM-dd HH:mm:ss[.fffffff]}
 *       (read as UTC; only differences matter).
 * </ul>
 *
 * <p>Per-minute rows must move forward in whole minutes; minutes missing from the file (capture gaps)
 * are zero buckets. Lines are streamed into primitive arrays; blank lines are skipped. Any bad line
 * fails the read with the file's name, the line number and the offending text.
 */
public final class TraceReader {
  private static final String WORLDCUP_HEADER = "period,count";
  private static final String MINUTE_INDEX_HEADER = "minute_index,requests_in_minute";
  private static final String TIMESTAMP_COLUMN = "TIMESTAMP";
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private TraceReader() {}

  /** Reads {@code file}, detecting its format; see the class comment. */
  public static ArrivalTrace read(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new Parse(file, in).trace();
    } catch (NoSuchFileException e) {
      throw CortadoException.notFound("trace file %s does not exist", file);
    } catch (IOException e) {
      throw new CortadoException(
          ErrorCode.UNAVAILABLE, "cannot read trace file " + file + ": " + e.getMessage(), e);
    }
  }

  /** One read of one file: the line counter lives here so every error can name its line. */
  private static final class Parse {
    private final Path file;
    private final BufferedReader in;
    private int lineNumber;

    Parse(Path file, BufferedReader in) {
      this.file = file;
      this.in = in;
    }

    ArrivalTrace trace() throws IOException {
      String first = nextLine();
      if (first == null) {
        throw CortadoException.invalidArgument("trace file %s is empty", file);
      }
      String header = first.replace(" ", "");
      if (header.equalsIgnoreCase(WORLDCUP_HEADER)) {
        return minutes(true);
      }
      if (header.equalsIgnoreCase(MINUTE_INDEX_HEADER)) {
        return minutes(false);
      }
      if (header.toUpperCase(Locale.ROOT).startsWith(TIMESTAMP_COLUMN + ",")) {
        return timestamps();
      }
      if (first.strip().chars().allMatch(Character::isDigit)) {
        return seconds(first);
      }
      throw fail(
          first,
          "unrecognised trace header; expected '" + WORLDCUP_HEADER + "', '" + MINUTE_INDEX_HEADER
              + "', 'TIMESTAMP,...' or one integer count per line");
    }

    private CountTrace minutes(boolean periodIsTimestamp) throws IOException {
      int[] counts = new int[1024];
      int size = 0;
      long firstMinute = 0;
      long previous = Long.MIN_VALUE;
      for (String line = nextLine(); line != null; line = nextLine()) {
        String[] cells = cells(line, 2);
        long minute = periodIsTimestamp ? minuteOf(line, cells[0]) : integer(line, cells[0], "minute index");
        int count = count(line, cells[1]);
        if (size == 0) {
          firstMinute = minute;
        } else if (minute <= previous) {
          throw fail(line, "minute " + cells[0] + " does not come after the previous row's");
        }
        previous = minute;
        long index = minute - firstMinute;
        if (index >= Integer.MAX_VALUE - 8) {
          throw fail(line, "minute " + cells[0] + " is too far after the first row's");
        }
        if (index >= counts.length) {
          counts = Arrays.copyOf(counts, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(index + 1, 2L * counts.length)));
        }
        counts[(int) index] = count;
        size = (int) index + 1;
      }
      return new CountTrace(file, Duration.ofMinutes(1), Arrays.copyOf(counts, requireRows(size)));
    }

    private CountTrace seconds(String firstLine) throws IOException {
      int[] counts = new int[1024];
      int size = 0;
      for (String line = firstLine; line != null; line = nextLine()) {
        if (size == counts.length) {
          counts = Arrays.copyOf(counts, 2 * size);
        }
        counts[size++] = count(line, line);
      }
      return new CountTrace(file, Duration.ofSeconds(1), Arrays.copyOf(counts, size));
    }

    private TimestampTrace timestamps() throws IOException {
      long[] nanos = new long[1024];
      int size = 0;
      for (String line = nextLine(); line != null; line = nextLine()) {
        String stamp = line.indexOf(',') < 0 ? line : line.substring(0, line.indexOf(','));
        LocalDateTime time = dateTime(line, stamp);
        if (size == nanos.length) {
          nanos = Arrays.copyOf(nanos, 2 * size);
        }
        nanos[size++] = Math.addExact(Math.multiplyExact(time.toEpochSecond(ZoneOffset.UTC), 1_000_000_000L), time.getNano());
      }
      return new TimestampTrace(file, Arrays.copyOf(nanos, requireRows(size)));
    }

    private int requireRows(int size) {
      if (size == 0) {
        throw CortadoException.invalidArgument("trace file %s has a header but no rows", file);
      }
      return size;
    }

    private String[] cells(String line, int expected) {
      String[] cells = line.split(",", -1);
      if (cells.length != expected) {
        throw fail(line, "expected " + expected + " comma-separated values, found " + cells.length);
      }
      return cells;
    }

    private long minuteOf(String line, String cell) {
      LocalDateTime time = dateTime(line, cell);
      if (time.getSecond() != 0 || time.getNano() != 0) {
        throw fail(line, "period '" + cell.strip() + "' does not start on a whole minute");
      }
      return time.toEpochSecond(ZoneOffset.UTC) / 60;
    }

    private LocalDateTime dateTime(String line, String cell) {
      try {
        return LocalDateTime.parse(cell.strip(), TIMESTAMP);
      } catch (DateTimeParseException e) {
        throw fail(line, "'" + cell.strip() + "' is not a timestamp like 2023-11-16 18:15:46.6805900");
      }
    }

    private int count(String line, String cell) {
      long count = integer(line, cell, "count");
      if (count > Integer.MAX_VALUE) {
        throw fail(line, "count " + count + " is more than " + Integer.MAX_VALUE);
      }
      return (int) count;
    }

    private long integer(String line, String cell, String what) {
      String text = cell.strip();
      try {
        long value = Long.parseLong(text);
        if (value >= 0) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below with the line
      }
      throw fail(line, what + " '" + text + "' is not a non-negative integer");
    }

    /** The next non-blank line, counting every line read. */
    private String nextLine() throws IOException {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if (!line.isBlank()) {
          return line;
        }
      }
      return null;
    }

    private CortadoException fail(String line, String why) {
      String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
      return new CortadoException(
          ErrorCode.INVALID_ARGUMENT, file + " line " + lineNumber + ": " + why + " (line: '" + shown + "')");
    }
  }
}
