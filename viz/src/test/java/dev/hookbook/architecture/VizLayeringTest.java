package dev.hookbook.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The viz module's two halves depend one way: the widgets are Jupyter's controls and know nothing
 * of Hookbook's charts or monitor (only how to turn an image into PNG bytes), while the charts,
 * the monitor and its explorers build on the widgets.
 */
class VizLayeringTest {
    private static final JavaClasses VIZ = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.hookbook.viz", "dev.hookbook.widgets");

    @Test
    void widgetsUseNoChartOrMonitorCode() {
        noClasses().that().resideInAPackage("dev.hookbook.widgets")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.hookbook.viz", "dev.hookbook.viz.chart", "dev.hookbook.viz.graph",
                        "dev.hookbook.viz.live", "dev.hookbook.viz.progress")
                .check(VIZ);
    }

    @Test
    void pngEncodingDependsOnNothingOfHookbook() {
        noClasses().that().resideInAPackage("dev.hookbook.viz.png")
                .should().dependOnClassesThat(resideInAPackage("dev.hookbook..")
                        .and(not(resideInAPackage("dev.hookbook.viz.png"))))
                .check(VIZ);
    }
}
