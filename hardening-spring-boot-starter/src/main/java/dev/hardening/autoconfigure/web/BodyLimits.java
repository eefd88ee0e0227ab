package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.web.HardeningWebProperties.BodySizeOverride;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The body limit of each request, from {@code hardening.web.limits.max-body-size} and its path
 * overrides, checked once at startup.
 */
final class BodyLimits {

	private final long defaultLimit;

	private final List<PathLimit> overrides;

	private BodyLimits(long defaultLimit, List<PathLimit> overrides) {
		this.defaultLimit = defaultLimit;
		this.overrides = overrides;
	}

	private record PathLimit(PathPatterns paths, long limit) {
	}

	/**
	 * Checks the properties and builds the limits.
	 * @param properties the limit properties
	 * @return the limits
	 * @throws InvalidConfigurationPropertyValueException naming a limit that is not positive or a
	 * path pattern that does not parse
	 */
	static BodyLimits of(HardeningWebProperties.Limits properties) {
		long limit = properties.getMaxBodySize().toBytes();
		if (limit < 1) {
			throw new InvalidConfigurationPropertyValueException("hardening.web.limits.max-body-size",
					properties.getMaxBodySize(), "It must be positive.");
		}
		List<PathLimit> overrides = new ArrayList<>();
		List<BodySizeOverride> configured = properties.getBodySizeOverrides();
		for (int i = 0; i < configured.size(); i++) {
			String property = "hardening.web.limits.body-size-overrides[" + i + "]";
			BodySizeOverride override = configured.get(i);
			if (override.getMaxSize() == null || override.getMaxSize().toBytes() < 1) {
				throw new InvalidConfigurationPropertyValueException(property + ".max-size", override.getMaxSize(),
						"It must be positive.");
			}
			overrides.add(new PathLimit(PathPatterns.of(override.getPaths(), property + ".paths", List.of(), ""),
					override.getMaxSize().toBytes()));
		}
		return new BodyLimits(limit, List.copyOf(overrides));
	}

	/**
	 * Returns the limit of a request: the first override whose paths match, else the default.
	 * @param request the request
	 * @return the limit in bytes
	 */
	long limitFor(HttpServletRequest request) {
		for (PathLimit override : this.overrides) {
			if (override.paths().matches(request)) {
				return override.limit();
			}
		}
		return this.defaultLimit;
	}

	/**
	 * Returns the largest limit of any path, for the container's own backstop.
	 * @return the limit in bytes
	 */
	long largest() {
		long largest = this.defaultLimit;
		for (PathLimit override : this.overrides) {
			largest = Math.max(largest, override.limit());
		}
		return largest;
	}

	/**
	 * Tells whether a request may have a body at all: a Content-Length above zero, chunked
	 * framing, or HTTP/2, whose bodies need neither.
	 * @param request the request
	 * @return {@code false} if it certainly has none
	 */
	static boolean mayHaveBody(HttpServletRequest request) {
		long length = request.getContentLengthLong();
		return length > 0 || (length < 0
				&& (request.getHeader("Transfer-Encoding") != null || !"HTTP/1.1".equals(request.getProtocol())
						&& !"HTTP/1.0".equals(request.getProtocol())));
	}

}
