package io.netboxswarm.testkit.layout;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Checks that a component's feature packages ({@code root.x}, {@code root.y}...) depend on one another without a
 * cycle, so each can be read, tested and moved on its own.
 */
public final class PackageCycles {

  private PackageCycles() {
  }

  /** @throws AssertionError naming every cycle among the main classes under {@code root} */
  public static void assertNone(String root) {
    var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(root);
    slices().matching(root + ".(*)..").should().beFreeOfCycles().check(classes);
  }
}
