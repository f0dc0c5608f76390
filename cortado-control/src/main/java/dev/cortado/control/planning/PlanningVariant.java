package dev.cortado.control.planning;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.Profile;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A variant the planner may deploy: the task it serves, its accuracy, and one profile per instance
 * size it may run at (the latency curve by batch size, and the memory an instance holds).
 *
 * @param name the model name; every profile's {@code variant()} is this name
 * @param task the task it serves
 * @param accuracy its measured accuracy, in [0, 1]
 * @param profiles one per instance size, no size twice
 */
public record PlanningVariant(String name, String task, double accuracy, List<Profile> profiles) {
  public PlanningVariant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    if (!(accuracy >= 0 && accuracy <= 1)) {
      throw new IllegalArgumentException("accuracy of " + name + " = " + accuracy + ", must be in [0, 1]");
    }
    profiles = List.copyOf(profiles);
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("variant " + name + " has no profile: give one per instance size");
    }
    Set<InstanceSize> sizes = new HashSet<>();
    for (Profile p : profiles) {
      if (!p.variant().equals(name)) {
        throw new IllegalArgumentException("variant " + name + " carries the profile of " + p.variant());
      }
      if (!sizes.add(p.size())) {
        throw new IllegalArgumentException("variant " + name + " has two profiles for size " + p.size());
      }
    }
  }

  /** Its profile at {@code size}, if it may run at that size. */
  public Optional<Profile> profile(InstanceSize size) {
    return profiles.stream().filter(p -> p.size().equals(size)).findFirst();
  }

  /** Whether it may serve the class at all: the same task and at least the class's accuracy. */
  public boolean eligibleFor(RequestClass requestClass) {
    return task.equals(requestClass.task()) && accuracy >= requestClass.accuracyFloor();
  }
}
