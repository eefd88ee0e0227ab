package dev.hardening.test;

import java.nio.file.Files;
import java.nio.file.Path;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.jspecify.annotations.Nullable;

import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules every module's {@code ArchitectureTests} check: core is framework-free (as
 * the README's "Modules" says), internal packages stay in their capability, only the Redis
 * packages use Lettuce, and capabilities have no cycles.
 */
public final class ArchitectureRules {

	private static @Nullable JavaClasses mainClasses;

	/** Core is framework-free: it never sees Spring. */
	public static final ArchRule CORE_DOES_NOT_USE_SPRING = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework..")
		.because("hardening-core is framework-free; Spring glue belongs in the starter");

	/** Outside core, nothing reaches into an {@code internal} package. */
	public static final ArchRule NO_INTERNAL_PACKAGES_USED = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("dev.hardening..internal..")
		.because("internal packages are not API; use the capability's public types");

	/** Inside core, a capability's {@code internal} package serves that capability only. */
	public static final ArchRule INTERNAL_PACKAGES_STAY_IN_THEIR_CAPABILITY = classes().should(
			onlyHaveDependenciesWhere(DescribedPredicate.describe("internal targets belong to the origin's capability",
					ArchitectureRules::respectsInternalBoundary)))
		.because("a capability's internal package is not API, not even for the other capabilities");

	/** Only the Redis packages talk to Lettuce, so the driver sits behind one seam. */
	public static final ArchRule LETTUCE_ONLY_IN_REDIS_PACKAGES = noClasses().that()
		.resideOutsideOfPackages("dev.hardening..redis..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.lettuce..")
		.allowEmptyShould(true)
		.because("only the redis packages import io.lettuce");

	private ArchitectureRules() {
	}

	/**
	 * Returns a rule that the capability packages matched by the pattern have no cycles, for
	 * example {@code dev.hardening.(*)..}.
	 * @param slicePattern an ArchUnit slice pattern with one capture group
	 * @return the rule
	 */
	public static ArchRule noCyclesBetween(String slicePattern) {
		return slices().matching(slicePattern).should().beFreeOfCycles();
	}

	/**
	 * Imports the main classes of the module under test, from {@code target/classes}, so each
	 * module checks its own code and not its dependencies'. Imported once per JVM (ArchUnit
	 * resolves what they use from the class path, which takes seconds); each rule reads them.
	 * @return the module's classes
	 */
	public static synchronized JavaClasses mainClassesOfThisModule() {
		if (mainClasses == null) {
			Path classes = Path.of("target", "classes");
			if (!Files.isDirectory(classes)) {
				throw new IllegalStateException("No compiled classes at " + classes.toAbsolutePath());
			}
			mainClasses = new ClassFileImporter().importPath(classes);
		}
		return mainClasses;
	}

	private static boolean respectsInternalBoundary(Dependency dependency) {
		String target = dependency.getTargetClass().getPackageName();
		int internal = target.indexOf(".internal");
		if (!target.startsWith("dev.hardening.") || internal < 0) {
			return true;
		}
		String capability = target.substring(0, internal);
		String origin = dependency.getOriginClass().getPackageName();
		return origin.equals(capability) || origin.startsWith(capability + ".");
	}

}
