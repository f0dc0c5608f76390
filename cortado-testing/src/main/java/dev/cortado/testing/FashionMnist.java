package dev.cortado.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The Fashion-MNIST test set (10,000 28x28 images, 10 classes) read from its gzipped IDX files.
 *
 * @param pixels {@code count * 784} bytes, row-major per image
 * @param labels one class (0..9) per image
 */
public record FashionMnist(int count, byte[] pixels, byte[] labels) {
  public static final int SIDE = 28;
  public static final int PIXELS = SIDE * SIDE;

  /** The test set shipped in {@code datasets/fashion-mnist/}. */
  public static FashionMnist testSet() {
    return read(ProjectFiles.fashionMnist());
  }

  public static FashionMnist read(Path dir) {
    byte[] images = readIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), 0x00000803);
    byte[] labels = readIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), 0x00000801);
    if (images.length != labels.length * PIXELS) {
      throw new IllegalStateException(labels.length + " labels but " + images.length / PIXELS + " images in " + dir);
    }
    return new FashionMnist(labels.length, images, labels);
  }

  /** Image {@code i} as 784 floats, pixel / 255, the form the bundled models take. */
  public float[] image(int i) {
    float[] out = new float[PIXELS];
    for (int p = 0; p < PIXELS; p++) {
      out[p] = (pixels[i * PIXELS + p] & 0xff) / 255f;
    }
    return out;
  }

  public int label(int i) {
    return labels[i];
  }

  private static byte[] readIdx(Path file, int magic) {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
      int found = in.readInt();
      if (found != magic) {
        throw new IllegalStateException(file + ": magic " + Integer.toHexString(found) + ", expected " + Integer.toHexString(magic));
      }
      int dims = magic & 0xff;
      long size = 1;
      for (int d = 0; d < dims; d++) {
        size *= in.readInt();
      }
      return in.readNBytes(Math.toIntExact(size));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
