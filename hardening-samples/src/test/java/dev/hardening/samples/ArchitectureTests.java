package dev.hardening.samples;

import org.junit.jupiter.api.Test;

import dev.hardening.test.ArchitectureRules;

class ArchitectureTests {

	@Test
	void usesOnlyPublicApi() {
		ArchitectureRules.NO_INTERNAL_PACKAGES_USED.check(ArchitectureRules.mainClassesOfThisModule());
	}

}
