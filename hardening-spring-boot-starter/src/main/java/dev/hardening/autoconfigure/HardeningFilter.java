package dev.hardening.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The starter's servlet filters: Spring's {@link OncePerRequestFilter}, with the name of its
 * "already filtered" request attribute worked out once rather than concatenated on every request
 * (it showed in the allocation profile of a request, once per filter). The name is the same as
 * Spring's: the filter's name, or its class name, and {@code .FILTERED}; it is fixed once the
 * filter is initialised, before any request.
 */
public abstract class HardeningFilter extends OncePerRequestFilter {

	private volatile @Nullable String alreadyFilteredAttributeName;

	@Override
	protected String getAlreadyFilteredAttributeName() {
		String name = this.alreadyFilteredAttributeName;
		if (name == null) {
			name = super.getAlreadyFilteredAttributeName();
			this.alreadyFilteredAttributeName = name;
		}
		return name;
	}

}
