package dev.cortado.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The direction of dependencies in ARCHITECTURE.md, enforced on the main code of every module. */
class ArchitectureTest {
  static JavaClasses main;

  @BeforeAll
  static void importClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cortado");
  }

  @Test
  void core_depends_on_the_jdk_alone() {
    classes().that().resideInAPackage("dev.cortado.core..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.cortado.core..")
        .check(main);
  }

  @Test
  void control_depends_on_core_alone_and_planning_on_or_tools() {
    classes().that().resideInAPackage("dev.cortado.control..").and().resideOutsideOfPackage("dev.cortado.control.planning..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.cortado.core..", "dev.cortado.control..")
        .allowEmptyShould(true)
        .check(main);
    classes().that().resideInAPackage("dev.cortado.control.planning..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.cortado.core..", "dev.cortado.control..", "com.google.ortools..", "com.google.protobuf..")
        .allowEmptyShould(true)
        .check(main);
  }

  @Test
  void only_the_onnx_runtime_module_imports_onnx_runtime() {
    noClasses().that().resideOutsideOfPackage("dev.cortado.runtime.onnx..")
        .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
        .check(main);
  }

  @Test
  void nothing_depends_on_the_server_simulator_or_cli() {
    noClasses().that().resideOutsideOfPackages("dev.cortado.server..", "dev.cortado.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.cortado.server..")
        .check(main);
    noClasses().that().resideOutsideOfPackage("dev.cortado.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.cortado.cli..")
        .check(main);
    noClasses().that().resideOutsideOfPackages("dev.cortado.sim..", "dev.cortado.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.cortado.sim..")
        .allowEmptyShould(true)
        .check(main);
  }

  @Test
  void decision_code_reads_no_clock() {
    noClasses().that().resideInAnyPackage("dev.cortado.core..", "dev.cortado.control..")
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(java.time.Instant.class, "now")
        .check(main);
  }
}
