package dev.hardening.autoconfigure.pagination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Pagination and field selection settings.
 */
@ConfigurationProperties("hardening.pagination")
public class PaginationProperties {

	/**
	 * Whether to resolve page request parameters, add Link headers to page responses, and apply
	 * field selection where configured.
	 */
	private boolean enabled = true;

	/**
	 * Page size when the client asks for none.
	 */
	private int defaultSize = 20;

	/**
	 * Largest page size a client may ask for; above it the request is a 400 problem
	 * PAGE_SIZE_TOO_LARGE, unless clamp is set.
	 */
	private int maxSize = 100;

	/**
	 * Whether pages count from 0 instead of 1.
	 */
	private boolean zeroBased;

	/**
	 * Whether an out-of-range page or size is brought into range instead of refused. Malformed
	 * values are refused either way.
	 */
	private boolean clamp;

	/**
	 * Name of the page number parameter.
	 */
	private String pageParameter = "page";

	/**
	 * Name of the page size parameter.
	 */
	private String sizeParameter = "size";

	/**
	 * Name of the cursor parameter.
	 */
	private String cursorParameter = "cursor";

	/**
	 * Name of the sort parameter of cursor listings.
	 */
	private String sortParameter = "sort";

	/**
	 * Key cursors are signed with, at least 32 characters; every instance of the service must
	 * have the same. Unset: a random key per process, so cursors break on restart and between
	 * instances (a warning says so at startup).
	 */
	private @Nullable String cursorSecret;

	/**
	 * How long after it was issued a cursor stays valid, whatever TTL was set when it was
	 * issued. Unset: cursors do not expire.
	 */
	private @Nullable Duration cursorTtl;

	/**
	 * Whether counted offset pages also get an X-Total-Count header.
	 */
	private boolean totalCountHeader;

	/**
	 * Largest Link header of a page response. Every link repeats the request's query, so links
	 * that do not fit are left out (next is kept longest), and the header too when none fits.
	 */
	private DataSize maxLinkHeaderSize = DataSize.ofKilobytes(4);

	/**
	 * Field selection.
	 */
	private final Fields fields = new Fields();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getDefaultSize() {
		return this.defaultSize;
	}

	public void setDefaultSize(int defaultSize) {
		this.defaultSize = defaultSize;
	}

	public int getMaxSize() {
		return this.maxSize;
	}

	public void setMaxSize(int maxSize) {
		this.maxSize = maxSize;
	}

	public boolean isZeroBased() {
		return this.zeroBased;
	}

	public void setZeroBased(boolean zeroBased) {
		this.zeroBased = zeroBased;
	}

	public boolean isClamp() {
		return this.clamp;
	}

	public void setClamp(boolean clamp) {
		this.clamp = clamp;
	}

	public String getPageParameter() {
		return this.pageParameter;
	}

	public void setPageParameter(String pageParameter) {
		this.pageParameter = pageParameter;
	}

	public String getSizeParameter() {
		return this.sizeParameter;
	}

	public void setSizeParameter(String sizeParameter) {
		this.sizeParameter = sizeParameter;
	}

	public String getCursorParameter() {
		return this.cursorParameter;
	}

	public void setCursorParameter(String cursorParameter) {
		this.cursorParameter = cursorParameter;
	}

	public String getSortParameter() {
		return this.sortParameter;
	}

	public void setSortParameter(String sortParameter) {
		this.sortParameter = sortParameter;
	}

	public @Nullable String getCursorSecret() {
		return this.cursorSecret;
	}

	public void setCursorSecret(@Nullable String cursorSecret) {
		this.cursorSecret = cursorSecret;
	}

	public @Nullable Duration getCursorTtl() {
		return this.cursorTtl;
	}

	public void setCursorTtl(@Nullable Duration cursorTtl) {
		this.cursorTtl = cursorTtl;
	}

	public DataSize getMaxLinkHeaderSize() {
		return this.maxLinkHeaderSize;
	}

	public void setMaxLinkHeaderSize(DataSize maxLinkHeaderSize) {
		this.maxLinkHeaderSize = maxLinkHeaderSize;
	}

	public boolean isTotalCountHeader() {
		return this.totalCountHeader;
	}

	public void setTotalCountHeader(boolean totalCountHeader) {
		this.totalCountHeader = totalCountHeader;
	}

	public Fields getFields() {
		return this.fields;
	}

	/**
	 * Field selection: ?fields=id,name,owner.name trims JSON responses.
	 */
	public static class Fields {

		/**
		 * Path patterns whose JSON responses honour the fields parameter. Empty: field selection
		 * is off.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Path patterns that never do.
		 */
		private List<String> excludePaths = new ArrayList<>(List.of("/actuator/**"));

		/**
		 * Name of the field selection parameter.
		 */
		private String parameter = "fields";

		/**
		 * What to do with a field the response does not have: reject (a 400 problem
		 * UNKNOWN_FIELD) or ignore.
		 */
		private UnknownFields unknown = UnknownFields.REJECT;

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getExcludePaths() {
			return this.excludePaths;
		}

		public void setExcludePaths(List<String> excludePaths) {
			this.excludePaths = excludePaths;
		}

		public String getParameter() {
			return this.parameter;
		}

		public void setParameter(String parameter) {
			this.parameter = parameter;
		}

		public UnknownFields getUnknown() {
			return this.unknown;
		}

		public void setUnknown(UnknownFields unknown) {
			this.unknown = unknown;
		}

	}

	/**
	 * What to do with a selected field the response does not have.
	 */
	public enum UnknownFields {

		/** Answer with a 400 problem UNKNOWN_FIELD. */
		REJECT,

		/** Leave it out silently. */
		IGNORE

	}

}
