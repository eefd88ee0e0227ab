package dev.hardening.autoconfigure.logging;

import org.jspecify.annotations.Nullable;

/**
 * The layouts one {@link EcsLine} keeps: for each of the last few sets of context pair names it
 * wrote, how their pairs are written. A set of names is kept the second time it is not found
 * among those kept within the last few misses, so that events whose names change every time cost
 * no more than one hash of their names each.
 */
final class EcsLayouts {

	private static final int KEPT = 4;

	/** The layouts kept, the most recently used first. */
	private final Layout[] layouts = new Layout[KEPT];

	/** The hashes of the names of the last events whose layout was not found, to keep one that comes again. */
	private final int[] missed = new int[KEPT];

	private int nextMissed;

	/**
	 * The layout kept for these names, in this order.
	 * @param names the pairs' names, the first {@code count} of them
	 * @param count how many pairs there are
	 * @return the layout, or {@code null} if none is kept for them
	 */
	@Nullable Layout find(String[] names, int count) {
		Layout[] layouts = this.layouts;
		for (int l = 0; l < KEPT && layouts[l] != null; l++) {
			Layout layout = layouts[l];
			if (layout.fits(names, count)) {
				if (l > 0) {
					System.arraycopy(layouts, 0, layouts, 1, l);
					layouts[0] = layout;
				}
				return layout;
			}
		}
		return null;
	}

	/**
	 * Notes that these names were not found.
	 * @param names the pairs' names, the first {@code count} of them
	 * @param count how many pairs there are
	 * @return whether they were not found lately too: their layout is worth keeping
	 */
	boolean missed(String[] names, int count) {
		int hash = count;
		for (int i = 0; i < count; i++) {
			hash = 31 * hash + names[i].hashCode();
		}
		for (int seen : this.missed) {
			if (seen == hash) {
				return true;
			}
		}
		this.missed[this.nextMissed] = hash;
		this.nextMissed = (this.nextMissed + 1) % KEPT;
		return false;
	}

	/**
	 * Keeps a layout, in place of the one used least recently.
	 * @param layout the layout
	 */
	void keep(Layout layout) {
		System.arraycopy(this.layouts, 0, this.layouts, 1, KEPT - 1);
		this.layouts[0] = layout;
	}

	/**
	 * How the pairs of one set of names are written: the names, in the order the event gave them;
	 * the pair whose value comes at each place in the line; and the bytes before each value and
	 * after the last (commas, names, braces), as {@link EcsLine} grouped them.
	 */
	record Layout(String[] names, int[] order, byte[][] between) {

		boolean fits(String[] names, int count) {
			if (count != this.names.length) {
				return false;
			}
			for (int i = 0; i < count; i++) {
				if (!this.names[i].equals(names[i])) {
					return false;
				}
			}
			return true;
		}

	}

}
