package dev.hardening.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import dev.hardening.test.fixture.alpha.Alpha;
import dev.hardening.test.fixture.alpha.internal.AlphaEngine;
import dev.hardening.test.fixture.beta.Beta;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-written rule can fail: it is checked against fixtures that break it.
 */
class ArchitectureRulesTests {

	@Test
	void aCapabilityMayUseItsOwnInternals() {
		JavaClasses classes = new ClassFileImporter().importClasses(Alpha.class, AlphaEngine.class);

		assertThatNoException()
			.isThrownBy(() -> ArchitectureRules.INTERNAL_PACKAGES_STAY_IN_THEIR_CAPABILITY.check(classes));
	}

	@Test
	void anotherCapabilityMayNotUseThem() {
		JavaClasses classes = new ClassFileImporter().importClasses(Beta.class, AlphaEngine.class);

		assertThatThrownBy(() -> ArchitectureRules.INTERNAL_PACKAGES_STAY_IN_THEIR_CAPABILITY.check(classes))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("Beta");
	}

	@Test
	void outsideCoreNoInternalsAtAll() {
		JavaClasses classes = new ClassFileImporter().importClasses(Alpha.class, AlphaEngine.class);

		assertThatThrownBy(() -> ArchitectureRules.NO_INTERNAL_PACKAGES_USED.check(classes))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("Alpha");
	}

}
