package dev.hardening.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The keys one benchmark thread asks about: always the same one ({@code hot}), or a new one each
 * call from a range of 65,536 per thread ({@code distinct}). Made up front, so the benchmark
 * measures the limiter, not string building.
 */
@State(Scope.Thread)
public class Keys {

	private static final int DISTINCT = 1 << 16;

	private String[] keys;

	private int next;

	@Setup
	public void setUp(ThreadParams thread, KeyMode mode) {
		if (mode.hot()) {
			this.keys = new String[] { "hot" };
			return;
		}
		this.keys = new String[DISTINCT];
		for (int i = 0; i < DISTINCT; i++) {
			this.keys[i] = "t" + thread.getThreadIndex() + "-" + i;
		}
	}

	String next() {
		String key = this.keys[this.next];
		this.next = (this.next + 1 == this.keys.length) ? 0 : this.next + 1;
		return key;
	}

}
