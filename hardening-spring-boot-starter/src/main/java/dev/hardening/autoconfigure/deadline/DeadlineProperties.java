package dev.hardening.autoconfigure.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request deadline settings.
 */
@ConfigurationProperties("hardening.deadline")
public class DeadlineProperties {

	/**
	 * Whether requests get deadlines; with no timeout, route or @Deadline configured, none does.
	 */
	private boolean enabled = true;

	/**
	 * Time budget of every request, counted from its arrival. None: only routes and @Deadline
	 * handlers get one.
	 */
	private @Nullable Duration timeout;

	/**
	 * Budgets by path, the first matching route winning over the timeout above.
	 */
	private List<Route> routes = new ArrayList<>();

	/**
	 * The caller's request timeout header.
	 */
	private final Header header = new Header();

	/**
	 * Hosts that outbound calls send the time left to, in the request timeout header, such as
	 * internal services that read it too; "*.internal" matches every subdomain.
	 */
	private List<String> propagateToHosts = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public List<Route> getRoutes() {
		return this.routes;
	}

	public void setRoutes(List<Route> routes) {
		this.routes = routes;
	}

	public Header getHeader() {
		return this.header;
	}

	public List<String> getPropagateToHosts() {
		return this.propagateToHosts;
	}

	public void setPropagateToHosts(List<String> propagateToHosts) {
		this.propagateToHosts = propagateToHosts;
	}

	/**
	 * A budget for some paths.
	 */
	public static class Route {

		/**
		 * Path patterns the budget applies to, such as /reports/**.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * The budget of a request to these paths.
		 */
		private @Nullable Duration timeout;

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * The caller's request timeout header: a whole number of milliseconds that shortens a request's
	 * budget, never lengthens it.
	 */
	public static class Header {

		/**
		 * Name of the header, read on requests and sent to propagate-to-hosts.
		 */
		private String name = "Request-Timeout";

		/**
		 * Whose header is read: trusted-proxies (a peer in hardening.web.trusted-proxies, such as a
		 * gateway that sets it), any (every caller, for internal services), or none.
		 */
		private AcceptFrom acceptFrom = AcceptFrom.TRUSTED_PROXIES;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public AcceptFrom getAcceptFrom() {
			return this.acceptFrom;
		}

		public void setAcceptFrom(AcceptFrom acceptFrom) {
			this.acceptFrom = acceptFrom;
		}

	}

	/**
	 * Whose request timeout header is read.
	 */
	public enum AcceptFrom {

		/** A peer in {@code hardening.web.trusted-proxies}. */
		TRUSTED_PROXIES,

		/** Every caller. */
		ANY,

		/** Nobody: the header is ignored. */
		NONE

	}

}
