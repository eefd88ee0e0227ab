package dev.hardening.autoconfigure.logging;

/**
 * An event's key-value pairs that can be read without making a
 * {@link org.slf4j.event.KeyValuePair} for each, or boxing a number: implemented by a
 * {@code List<KeyValuePair>} handed to SLF4J as an event's pairs, and read so by
 * {@link EcsStructuredLogFormatter}. Every other reader sees the list. Both views must hold the
 * same pairs in the same order: a {@link Visitor#number number} is the list's {@code Integer} or
 * {@code Long} value.
 */
public interface KeyValues {

	/**
	 * Hands each pair to a visitor, in the list's order, until it answers {@code false}.
	 * @param visitor the visitor
	 * @return {@code false} if the visitor answered {@code false}
	 */
	boolean visit(Visitor visitor);

	/**
	 * What {@link #visit} hands the pairs to.
	 */
	interface Visitor {

		/**
		 * Takes a pair whose value is a string.
		 * @param key the key
		 * @param value the value
		 * @return {@code false} to stop
		 */
		boolean string(String key, String value);

		/**
		 * Takes a pair whose value is an integer ({@code Integer} or {@code Long} in the list).
		 * @param key the key
		 * @param value the value
		 * @return {@code false} to stop
		 */
		boolean number(String key, long value);

	}

}
