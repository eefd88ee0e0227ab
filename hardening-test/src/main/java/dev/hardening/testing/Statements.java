package dev.hardening.testing;

import java.util.Map;
import java.util.stream.Collectors;

import dev.hardening.autoconfigure.jdbc.QueryScope;

/**
 * Pins the number of statements a piece of code runs, so an endpoint that slips into an N+1
 * fails its test. Counts what the starter's statement counting sees on the calling thread: call
 * the endpoint with {@code MockMvc}, or the service directly.
 *
 * <pre>{@code
 * Statements.count(() -> mockMvc.perform(get("/projects"))).assertAtMost(2);
 * }</pre>
 */
public final class Statements {

	private Statements() {
	}

	/**
	 * Runs the work and counts its statements.
	 * @param work the work
	 * @return what it ran
	 * @throws Exception what the work throws
	 */
	public static Count count(Work work) throws Exception {
		try (QueryScope scope = QueryScope.open()) {
			work.run();
			return new Count(scope.statements(), scope.shapes());
		}
	}

	/**
	 * Code under test.
	 */
	@FunctionalInterface
	public interface Work {

		/**
		 * Runs.
		 * @throws Exception any failure
		 */
		void run() throws Exception;

	}

	/**
	 * The statements some work ran.
	 *
	 * @param statements how many
	 * @param shapes how often each shape ran (SQL with its values left out)
	 */
	public record Count(int statements, Map<String, Integer> shapes) {

		/**
		 * Fails unless at most {@code max} statements ran.
		 * @param max the most allowed
		 * @return this count
		 * @throws AssertionError listing the shapes otherwise
		 */
		public Count assertAtMost(int max) {
			if (this.statements > max) {
				throw new AssertionError("Expected at most " + max + " statements but " + this.statements + " ran:"
						+ describe());
			}
			return this;
		}

		/**
		 * Fails if one shape ran more than {@code times} times: the mark of an N+1.
		 * @param times the most repeats allowed
		 * @return this count
		 * @throws AssertionError naming the shape otherwise
		 */
		public Count assertNoShapeRepeatedMoreThan(int times) {
			this.shapes.forEach((shape, count) -> {
				if (count > times) {
					throw new AssertionError("Expected no statement more than " + times + " times but this one ran "
							+ count + " times: " + shape);
				}
			});
			return this;
		}

		private String describe() {
			return this.shapes.entrySet()
				.stream()
				.map((entry) -> "\n  " + entry.getValue() + " x " + entry.getKey())
				.collect(Collectors.joining());
		}

	}

}
