package dev.hardening.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.hardening.test.ArchitectureRules;

class ArchitectureTests {

	private final JavaClasses classes = ArchitectureRules.mainClassesOfThisModule();

	@Test
	void doesNotReachIntoCoreInternals() {
		ArchitectureRules.NO_INTERNAL_PACKAGES_USED.check(this.classes);
	}

	@Test
	void onlyRedisPackagesUseLettuce() {
		ArchitectureRules.LETTUCE_ONLY_IN_REDIS_PACKAGES.check(this.classes);
	}

	@Test
	void capabilitiesHaveNoCycles() {
		ArchitectureRules.noCyclesBetween("dev.hardening.autoconfigure.(*)..").check(this.classes);
	}

}
