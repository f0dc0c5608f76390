package dev.cortado.server.inference;

import java.util.List;

/** What the protocol's server metadata endpoint reports. */
public record ServerMetadata(String name, String version, List<String> extensions) {
  public ServerMetadata {
    extensions = List.copyOf(extensions);
  }
}
