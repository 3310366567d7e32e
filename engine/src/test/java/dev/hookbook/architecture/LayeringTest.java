package dev.hookbook.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's packages depend only downward, in the order of ARCHITECTURE.md, with its two
 * named exceptions: {@code Tensor}'s methods call {@code ops} and {@code autograd} (whose results
 * are Tensors), and {@code nn.HookHandle}, a class that depends on nothing, belongs with the hook
 * machinery though users import it from {@code nn}.
 */
class LayeringTest {
    /** Bottom first: a layer may use the layers listed before it, never those after. */
    private static final List<String[]> LAYERS = List.of(
            new String[]{"display", "dev.hookbook.display"},
            new String[]{"hooks", "dev.hookbook.hooks"},
            new String[]{"tensor", "dev.hookbook.tensor"},
            new String[]{"trace events", "dev.hookbook.trace.events"},
            new String[]{"autograd", "dev.hookbook.autograd"},
            new String[]{"ops", "dev.hookbook.ops"},
            new String[]{"backends", "dev.hookbook.backend.."},
            new String[]{"nn", "dev.hookbook.nn"},
            new String[]{"nn utils", "dev.hookbook.nn.utils"},
            new String[]{"optim, io, data", "dev.hookbook.optim", "dev.hookbook.io", "dev.hookbook.data"},
            new String[]{"trace tools", "dev.hookbook.trace"},
            new String[]{"interp", "dev.hookbook.interp"},
            new String[]{"models", "dev.hookbook.models"},
            new String[]{"Hookbook", "dev.hookbook"});

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.hookbook");

    private static final DescribedPredicate<JavaClass> HOOK_HANDLE = equivalentTo(HookHandle.class);
    private static final DescribedPredicate<JavaClass> TENSOR = belongToAnyOf(Tensor.class); // with its nested classes
    private static final DescribedPredicate<JavaClass> ABOVE_TENSOR_THAT_TENSOR_CALLS =
            resideInAnyPackage("dev.hookbook.ops", "dev.hookbook.autograd");

    @Test
    void everyPackageUsesOnlyThoseBelowIt() {
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] layer : LAYERS) {
            DescribedPredicate<JavaClass> members = resideInAnyPackage(packagesOf(layer));
            if (layer[0].equals("hooks")) members = members.or(HOOK_HANDLE);
            if (layer[0].equals("nn")) members = members.and(DescribedPredicate.not(HOOK_HANDLE));
            arch = arch.layer(layer[0]).definedBy(members);
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            String[] below = LAYERS.subList(0, i).stream().map(l -> l[0]).toArray(String[]::new);
            String name = LAYERS.get(i)[0];
            arch = below.length == 0 ? arch.whereLayer(name).mayNotAccessAnyLayer() : arch.whereLayer(name).mayOnlyAccessLayers(below);
        }
        arch.ignoreDependency(TENSOR, ABOVE_TENSOR_THAT_TENSOR_CALLS).check(ENGINE);
    }

    @Test
    void thereAreNoCyclesBeyondTheTwoNamedTies() {
        slices().matching("dev.hookbook.(**)").should().beFreeOfCycles()
                .ignoreDependency(TENSOR, ABOVE_TENSOR_THAT_TENSOR_CALLS)
                .ignoreDependency(DescribedPredicate.alwaysTrue(), HOOK_HANDLE)
                .check(ENGINE);
    }

    @Test
    void backendsKnowOnlyTheKernelContractAndEachOtherNot() {
        noClasses().that().resideInAPackage("dev.hookbook.backend.cpu")
                .should().dependOnClassesThat(resideInAPackage("dev.hookbook.backend.opencl")).check(ENGINE);
        noClasses().that().resideInAPackage("dev.hookbook.backend.opencl")
                .should().dependOnClassesThat(resideInAPackage("dev.hookbook.backend.cpu")).check(ENGINE);
        noClasses().that().resideOutsideOfPackage("dev.hookbook.backend..")
                .should().dependOnClassesThat(resideInAPackage("dev.hookbook.backend..")).check(ENGINE);
    }

    private static String[] packagesOf(String[] layer) {
        return java.util.Arrays.copyOfRange(layer, 1, layer.length);
    }
}
