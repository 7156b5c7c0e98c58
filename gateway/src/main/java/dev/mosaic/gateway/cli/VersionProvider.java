package dev.mosaic.gateway.cli;

import dev.mosaic.gateway.metrics.BuildInfo;
import picocli.CommandLine;

/** {@code mosaic --version}: Mosaic's version and git revision, Vert.x's, and the JVM's. */
final class VersionProvider implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    return BuildInfo.current().describe();
  }
}
