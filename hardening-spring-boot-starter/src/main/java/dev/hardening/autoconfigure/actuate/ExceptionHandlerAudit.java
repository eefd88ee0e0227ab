package dev.hardening.autoconfigure.actuate;

import java.util.List;

import dev.hardening.autoconfigure.actuate.Finding.Severity;
import dev.hardening.autoconfigure.error.CatchAllHandlers;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The exception handling check of the hardening report ({@code HR-CATCH-ALL-HANDLER}): each
 * {@code @ExceptionHandler} of the application declared for {@code Exception},
 * {@code RuntimeException} or {@code Throwable} that answers with something other than a problem.
 * The starter answers its own rejections and Spring MVC's client errors before such a handler;
 * everything else it takes (a {@code ResponseStatusException} of the application, say) loses its
 * status and problem code.
 */
final class ExceptionHandlerAudit {

	private ExceptionHandlerAudit() {
	}

	static void catchAllHandlers(ListableBeanFactory beans, List<Finding> findings) {
		for (CatchAllHandlers.Handler handler : CatchAllHandlers.find(beans)) {
			findings.add(new Finding("HR-CATCH-ALL-HANDLER", Severity.LOW,
					handler.describe() + " answers every exception nothing closer takes its own way: what it "
							+ "takes, such as a ResponseStatusException, loses its status and problem code (the "
							+ "starter still answers its own rejections and Spring MVC's client errors first)",
					"Narrow it to the exceptions it means, or let it return a ProblemDetail (the starter completes "
							+ "it with code and requestId), or extend ResponseEntityExceptionHandler"));
		}
	}

}
