package dev.hardening.pagination;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;

/**
 * The paging rules of an API: the default and largest page size, whether pages count from 1 or
 * 0, and whether out-of-range values are refused (the default) or clamped. Reads the raw values
 * of the page and size parameters into checked requests; anything out of range, malformed, empty
 * or repeated is a {@code 400} problem ({@code INVALID_PAGE}, {@code PAGE_SIZE_TOO_LARGE}).
 *
 * <pre>{@code
 * Paging paging = Paging.builder().maxSize(100).build();
 * OffsetPageRequest request = paging.offsetRequest(List.of("3"), List.of("50"));  // page 3 of 50
 * }</pre>
 */
public final class Paging {

	private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,10}");

	/** A whole number of 11 digits or more, past the {@code int} range on its side. */
	private static final Pattern BEYOND_INT = Pattern.compile("-?[1-9][0-9]{10,}");

	private static final Paging DEFAULTS = builder().build();

	private final int defaultSize;

	private final int maxSize;

	private final int firstPage;

	private final boolean clamp;

	private final String pageParameter;

	private final String sizeParameter;

	private Paging(Builder builder) {
		this.defaultSize = builder.defaultSize;
		this.maxSize = builder.maxSize;
		this.firstPage = builder.firstPage;
		this.clamp = builder.clamp;
		this.pageParameter = builder.pageParameter;
		this.sizeParameter = builder.sizeParameter;
	}

	/**
	 * Returns the defaults: pages of 20, at most 100, counted from 1, out-of-range values refused.
	 * @return the defaults
	 */
	public static Paging defaults() {
		return DEFAULTS;
	}

	/**
	 * Starts from the defaults.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Reads a page request.
	 * @param pageValues every value of the page parameter; empty when absent (the first page)
	 * @param sizeValues every value of the size parameter; empty when absent (the default size)
	 * @return the request
	 * @throws ApiException {@code 400} {@code INVALID_PAGE} or {@code PAGE_SIZE_TOO_LARGE}
	 */
	public OffsetPageRequest offsetRequest(List<String> pageValues, List<String> sizeValues) {
		int size = size(sizeValues);
		int page;
		if (pageValues.isEmpty()) {
			page = this.firstPage;
		}
		else {
			long number = number(this.pageParameter, pageValues);
			if (number > Integer.MAX_VALUE) {
				// no page is that far: there is no last page to clamp to
				throw invalid(this.pageParameter, "is too large");
			}
			page = (int) Math.max(number, Integer.MIN_VALUE);
			if (page < this.firstPage) {
				if (!this.clamp) {
					throw invalid(this.pageParameter, "must be " + this.firstPage + " or more");
				}
				page = this.firstPage;
			}
		}
		return new OffsetPageRequest(page, size, this.firstPage);
	}

	/**
	 * Reads a page size. A whole number above the largest size is too large however many digits
	 * it has (beyond the {@code int} range too), and one below 1 too small.
	 * @param sizeValues every value of the size parameter; empty when absent (the default size)
	 * @return the size
	 * @throws ApiException {@code 400} {@code INVALID_PAGE} or {@code PAGE_SIZE_TOO_LARGE}
	 */
	public int size(List<String> sizeValues) {
		if (sizeValues.isEmpty()) {
			return this.defaultSize;
		}
		long size = number(this.sizeParameter, sizeValues);
		if (size < 1) {
			if (!this.clamp) {
				throw invalid(this.sizeParameter, "must be 1 or more");
			}
			return 1;
		}
		if (size > this.maxSize) {
			if (!this.clamp) {
				throw new ApiException(ErrorCode.PAGE_SIZE_TOO_LARGE,
						"Parameter '" + this.sizeParameter + "' must be at most " + this.maxSize + ".",
						Map.of("maxSize", this.maxSize));
			}
			return this.maxSize;
		}
		return (int) size;
	}

	/**
	 * Returns the number of the first page.
	 * @return 1, or 0
	 */
	public int firstPage() {
		return this.firstPage;
	}

	/**
	 * Returns the largest page size.
	 * @return the largest size
	 */
	public int maxSize() {
		return this.maxSize;
	}

	/**
	 * Reads a whole number: up to 10 digits as that number (never cut to 32 bits: -4294967295 is
	 * not 1), and 11 digits or more, which no {@code int} holds, as {@code Long.MAX_VALUE} or
	 * {@code Long.MIN_VALUE}, so that it compares as the number it is.
	 */
	private static long number(String parameter, List<String> values) {
		if (values.size() > 1) {
			throw invalid(parameter, "is given more than once");
		}
		String value = values.get(0).strip();
		if (NUMBER.matcher(value).matches()) {
			return Long.parseLong(value);
		}
		if (BEYOND_INT.matcher(value).matches()) {
			return (value.charAt(0) == '-') ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		throw invalid(parameter, "must be a whole number");
	}

	private static ApiException invalid(String parameter, String problem) {
		// the value is never echoed: it is the client's input
		return new ApiException(ErrorCode.INVALID_PAGE, "Parameter '" + parameter + "' " + problem + ".",
				Map.of("parameter", parameter));
	}

	/**
	 * Builds {@link Paging} rules, checking each value as it is set.
	 */
	public static final class Builder {

		private int defaultSize = 20;

		private int maxSize = 100;

		private int firstPage = 1;

		private boolean clamp;

		private String pageParameter = "page";

		private String sizeParameter = "size";

		private Builder() {
		}

		/**
		 * Sets the size of a page when the client asks for none.
		 * @param defaultSize 1 to the largest size
		 * @return this builder
		 * @throws IllegalArgumentException if not positive
		 */
		public Builder defaultSize(int defaultSize) {
			if (defaultSize < 1) {
				throw new IllegalArgumentException("defaultSize must be at least 1, but was " + defaultSize);
			}
			this.defaultSize = defaultSize;
			return this;
		}

		/**
		 * Sets the largest page size a client may ask for.
		 * @param maxSize at least 1
		 * @return this builder
		 * @throws IllegalArgumentException if not positive
		 */
		public Builder maxSize(int maxSize) {
			if (maxSize < 1) {
				throw new IllegalArgumentException("maxSize must be at least 1, but was " + maxSize);
			}
			this.maxSize = maxSize;
			return this;
		}

		/**
		 * Sets whether pages count from 0 instead of 1.
		 * @param zeroBased {@code true} for 0
		 * @return this builder
		 */
		public Builder zeroBased(boolean zeroBased) {
			this.firstPage = zeroBased ? 0 : 1;
			return this;
		}

		/**
		 * Sets whether an out-of-range page or size is clamped into range instead of refused.
		 * Malformed values are refused either way.
		 * @param clamp {@code true} to clamp
		 * @return this builder
		 */
		public Builder clamp(boolean clamp) {
			this.clamp = clamp;
			return this;
		}

		/**
		 * Sets the names of the parameters, as problems name them.
		 * @param page the page parameter
		 * @param size the size parameter
		 * @return this builder
		 */
		public Builder parameterNames(String page, String size) {
			this.pageParameter = requireName(page, "page");
			this.sizeParameter = requireName(size, "size");
			return this;
		}

		/**
		 * Builds the rules.
		 * @return the rules
		 * @throws IllegalArgumentException if the default size exceeds the largest
		 */
		public Paging build() {
			if (this.defaultSize > this.maxSize) {
				throw new IllegalArgumentException(
						"defaultSize " + this.defaultSize + " must not exceed maxSize " + this.maxSize);
			}
			return new Paging(this);
		}

		private static String requireName(String name, String what) {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException(what + " parameter name must not be blank");
			}
			return name;
		}

	}

}
