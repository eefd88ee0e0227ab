package dev.hardening;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.hardening.test.ArchitectureRules;

class ArchitectureTests {

	private final JavaClasses classes = ArchitectureRules.mainClassesOfThisModule();

	@Test
	void coreDoesNotUseSpring() {
		ArchitectureRules.CORE_DOES_NOT_USE_SPRING.check(this.classes);
	}

	@Test
	void internalPackagesStayInTheirCapability() {
		ArchitectureRules.INTERNAL_PACKAGES_STAY_IN_THEIR_CAPABILITY.check(this.classes);
	}

	@Test
	void onlyRedisPackagesUseLettuce() {
		ArchitectureRules.LETTUCE_ONLY_IN_REDIS_PACKAGES.check(this.classes);
	}

	@Test
	void capabilitiesHaveNoCycles() {
		ArchitectureRules.noCyclesBetween("dev.hardening.(*)..").check(this.classes);
	}

}
