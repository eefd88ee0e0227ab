package dev.hardening.benchmarks;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Whether every thread hits one hot key or spreads over distinct keys.
 */
@State(Scope.Benchmark)
public class KeyMode {

	@Param({ "hot", "distinct" })
	public String keys;

	boolean hot() {
		return "hot".equals(this.keys);
	}

}
