package dev.cortado.control.batching;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * Distinct elements kept sorted in one array, for {@link RequestQueue}: in place of a tree, because
 * a queue mostly grows at its tail (requests arrive in order) and shrinks at its head (batches take
 * the first), which here cost O(1) and no allocation. An element that goes elsewhere is found by
 * binary search and the shorter side of the array moves by one slot.
 *
 * <p>The elements are {@code slots[head .. head + size)}. Not thread-safe.
 */
final class SortedArray<E> {
  private final Comparator<? super E> order;
  private Object[] slots = new Object[16];
  private int head;
  private int size;

  SortedArray(Comparator<? super E> order) {
    this.order = order;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The element at {@code index} in order, 0 first. */
  @SuppressWarnings("unchecked")
  E get(int index) {
    return (E) slots[head + index];
  }

  /** Adds an element that none present equals in order. */
  void add(E e) {
    int at = size == 0 || order.compare(get(size - 1), e) < 0 ? size : indexOf(e);
    if (at < 0) {
      at = -at - 1;
    }
    if (at < size / 2 && head > 0) { // room before: move the elements before it one slot down
      System.arraycopy(slots, head, slots, head - 1, at);
      head--;
    } else {
      if (head + size == slots.length) {
        makeRoomAtTail();
      }
      System.arraycopy(slots, head + at, slots, head + at + 1, size - at);
    }
    slots[head + at] = e;
    size++;
  }

  /** Removes and returns the first element. */
  E removeFirst() {
    E first = get(0);
    slots[head] = null;
    size--;
    head = size == 0 ? 0 : head + 1;
    return first;
  }

  /** Removes the element equal in order to {@code e}; false when there is none. */
  boolean remove(E e) {
    int at = indexOf(e);
    if (at < 0) {
      return false;
    }
    if (at < size / 2) { // move the elements before it one slot up
      System.arraycopy(slots, head, slots, head + 1, at);
      slots[head] = null;
      head++;
    } else {
      System.arraycopy(slots, head + at + 1, slots, head + at, size - at - 1);
      slots[head + size - 1] = null;
    }
    size--;
    if (size == 0) {
      head = 0;
    }
    return true;
  }

  /**
   * Removes every element that matches, testing them in order; the rest keep their order. Should
   * the test throw, the elements it matched before are removed and the rest kept.
   */
  void removeIf(Predicate<? super E> condition) {
    int kept = head;
    int i = head;
    int end = head + size;
    try {
      for (; i < end; i++) {
        @SuppressWarnings("unchecked")
        E e = (E) slots[i];
        if (!condition.test(e)) {
          slots[kept++] = e;
        }
      }
    } finally {
      System.arraycopy(slots, i, slots, kept, end - i); // the untested rest, when the test threw
      int newEnd = kept + (end - i);
      Arrays.fill(slots, newEnd, end, null);
      size = newEnd - head;
      if (size == 0) {
        head = 0;
      }
    }
  }

  /** The index of {@code e}, else {@code -(insertion point) - 1}. */
  private int indexOf(E e) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = order.compare(get(mid), e);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /**
   * Moves the elements to the front, into an array twice as long when they fill half of this one:
   * a move then frees at least half the array, so moves cost O(1) per element added.
   */
  private void makeRoomAtTail() {
    Object[] to = size >= slots.length / 2 ? new Object[slots.length * 2] : slots;
    System.arraycopy(slots, head, to, 0, size);
    if (to == slots) {
      Arrays.fill(slots, size, head + size, null);
    }
    slots = to;
    head = 0;
  }
}
