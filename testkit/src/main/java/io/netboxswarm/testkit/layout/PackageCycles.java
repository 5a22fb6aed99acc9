package io.netboxswarm.testkit.layout;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Checks that a component's feature packages ({@code root.x}, {@code root.y}...) depend on one another without a
 * cycle, so each can be read, tested and moved on its own.
 */
public final class PackageCycles {

  private PackageCycles() {
  }

  /**
   * @param application a main class of the component, in its root package: its class directory is what is read
   *     (scanning the whole class path for the package would take seconds)
   * @throws AssertionError naming every cycle
   */
  public static void assertNone(Class<?> application) {
    String root = application.getPackageName();
    Location classes;
    try {
      classes = Location.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    // Only the component's own classes matter here; resolving every referenced library class takes seconds.
    ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    var imported = new ClassFileImporter().importLocations(Set.of(classes));
    slices().matching(root + ".(*)..").should().beFreeOfCycles().check(imported);
  }
}
