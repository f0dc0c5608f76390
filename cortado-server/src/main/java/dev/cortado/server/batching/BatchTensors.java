package dev.cortado.server.batching;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins requests' tensors along dimension 0 into one batch, and splits a batch's outputs back.
 * {@link #join} and {@link #split} are public only so that {@code cortado-bench}'s {@code
 * RequestPathBenchmark} can measure them; the batcher is their one user.
 */
public final class BatchTensors {
  private BatchTensors() {}

  /** Whether two requests' inputs can share a batch: same names, datatypes and dimensions past the first. */
  static boolean compatible(List<Tensor> a, List<Tensor> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Tensor x = a.get(i);
      Tensor y = b.get(i);
      if (!x.name().equals(y.name()) || x.datatype() != y.datatype() || !x.shape().withFirst(0).equals(y.shape().withFirst(0))) {
        return false;
      }
    }
    return true;
  }

  /** The inputs of several compatible requests joined along dimension 0 (the first request's input order). */
  public static List<Tensor> join(List<List<Tensor>> requests) {
    if (requests.size() == 1) {
      return requests.getFirst();
    }
    List<Tensor> first = requests.getFirst();
    List<Tensor> out = new ArrayList<>(first.size());
    for (int i = 0; i < first.size(); i++) {
      long rows = 0;
      int bytes = 0;
      for (List<Tensor> r : requests) {
        rows += r.get(i).shape().dim(0);
        bytes += r.get(i).byteSize();
      }
      ByteBuffer joined = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (List<Tensor> r : requests) {
        joined.put(r.get(i).data());
      }
      Tensor t = first.get(i);
      out.add(Tensor.of(t.name(), t.datatype(), t.shape().withFirst(rows), joined.flip()));
    }
    return out;
  }

  /** A batch's outputs cut back into each request's rows ({@code rows.get(k)} rows for request k). */
  public static List<List<Tensor>> split(List<Tensor> outputs, List<Long> rows) {
    List<List<Tensor>> perRequest = new ArrayList<>(rows.size());
    for (int k = 0; k < rows.size(); k++) {
      perRequest.add(new ArrayList<>(outputs.size()));
    }
    if (rows.size() == 1) {
      perRequest.getFirst().addAll(outputs);
      return perRequest;
    }
    long total = rows.stream().mapToLong(Long::longValue).sum();
    for (Tensor t : outputs) {
      if (t.shape().rank() == 0 || t.shape().dim(0) != total) {
        throw CortadoException.internal("output '" + t.name() + "' has shape " + t.shape() + "; a batch of " + total
            + " rows needs dimension 0 = " + total, null);
      }
      if (t.datatype() == Datatype.BYTES) {
        splitBytes(t, rows, total, perRequest);
        continue;
      }
      int rowBytes = (int) (t.byteSize() / total);
      ByteBuffer data = t.data();
      int offset = 0;
      for (int k = 0; k < rows.size(); k++) {
        int length = (int) (rows.get(k) * rowBytes);
        ByteBuffer slice = data.slice(offset, length).order(ByteOrder.LITTLE_ENDIAN);
        perRequest.get(k).add(Tensor.of(t.name(), t.datatype(), t.shape().withFirst(rows.get(k)), slice));
        offset += length;
      }
    }
    return perRequest;
  }

  private static void splitBytes(Tensor t, List<Long> rows, long total, List<List<Tensor>> perRequest) {
    List<byte[]> elements = t.bytesElements();
    int perRow = (int) (elements.size() / total);
    int next = 0;
    for (int k = 0; k < rows.size(); k++) {
      int count = (int) (rows.get(k) * perRow);
      Shape shape = t.shape().withFirst(rows.get(k));
      perRequest.get(k).add(Tensor.ofBytes(t.name(), shape, elements.subList(next, next + count)));
      next += count;
    }
  }
}
