package dev.hardening.autoconfigure;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.GenericFilterBean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The starter's servlet filters: what Spring's {@link OncePerRequestFilter} gives its subclasses
 * (the same methods, {@link #doFilterInternal}, {@link #shouldNotFilter},
 * {@link #shouldNotFilterAsyncDispatch}, {@link #shouldNotFilterErrorDispatch}), without the
 * "already filtered" request attribute it sets and removes around every request, once per filter:
 * three request attribute operations per filter and request, which on Tomcat are a concurrent map's
 * put and remove, each announced to the application's attribute listeners, and a lookup through
 * Tomcat's own attributes: with Spring's own filters, 3.7% of the CPU time of a request with the
 * starter's defaults in a profile (docs/benchmarks.md).
 * <p>
 * The attribute is what keeps a {@code OncePerRequestFilter} from running again on a nested
 * dispatch (a forward or an include from within the request). The starter registers its filters
 * for the {@code REQUEST} dispatch and, as each needs, {@code ASYNC} and {@code ERROR}, never for
 * {@code FORWARD} or {@code INCLUDE}: the container dispatches an asynchronous request's
 * continuation and an error page after the first dispatch has returned, never inside it, so the
 * filter cannot be running already. A filter of this kind handed a {@code FORWARD} or
 * {@code INCLUDE} dispatch (registered so by an application) passes it on untouched: it has seen
 * the request on its way in. As with Spring's, an {@code ASYNC} dispatch is passed on unless
 * {@link #shouldNotFilterAsyncDispatch()} says otherwise, and an {@code ERROR} dispatch unless
 * {@link #shouldNotFilterErrorDispatch()} does.
 */
public abstract class HardeningFilter extends GenericFilterBean {

	@Override
	public final void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!(request instanceof HttpServletRequest httpRequest)
				|| !(response instanceof HttpServletResponse httpResponse)) {
			throw new ServletException("The starter's filters take HTTP requests only");
		}
		if (skips(httpRequest)) {
			chain.doFilter(request, response);
			return;
		}
		doFilterInternal(httpRequest, httpResponse, chain);
	}

	private boolean skips(HttpServletRequest request) throws ServletException {
		DispatcherType type = request.getDispatcherType();
		return switch (type) {
			case REQUEST -> shouldNotFilter(request);
			case ASYNC -> shouldNotFilterAsyncDispatch() || shouldNotFilter(request);
			case ERROR -> shouldNotFilterErrorDispatch() || shouldNotFilter(request);
			// a dispatch nested in a request the filter has seen on its way in
			case FORWARD, INCLUDE -> true;
		};
	}

	/**
	 * Does the filter's work for a request, as {@link OncePerRequestFilter#doFilterInternal} does.
	 * @param request the request
	 * @param response the response
	 * @param chain the rest of the chain
	 * @throws ServletException as the chain does
	 * @throws IOException as the chain does
	 */
	protected abstract void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException;

	/**
	 * Whether to pass a request on untouched; {@code false} unless a filter says otherwise.
	 * @param request the request
	 * @return {@code true} to pass it on
	 * @throws ServletException as a filter may
	 */
	protected boolean shouldNotFilter(HttpServletRequest request) throws ServletException {
		return false;
	}

	/**
	 * Whether to pass an asynchronous request's continuation ({@code ASYNC} dispatch) on untouched:
	 * {@code true} unless a filter says otherwise, as Spring's.
	 * @return {@code true} to pass it on
	 */
	protected boolean shouldNotFilterAsyncDispatch() {
		return true;
	}

	/**
	 * Whether to pass an error page's dispatch ({@code ERROR}) on untouched: {@code true} unless a
	 * filter says otherwise, as Spring's.
	 * @return {@code true} to pass it on
	 */
	protected boolean shouldNotFilterErrorDispatch() {
		return true;
	}

	/**
	 * Whether the request is an asynchronous request's continuation.
	 * @param request the request
	 * @return {@code true} for an {@code ASYNC} dispatch
	 */
	protected boolean isAsyncDispatch(HttpServletRequest request) {
		return request.getDispatcherType() == DispatcherType.ASYNC;
	}

}
