package dev.hardening.autoconfigure.web;

import java.io.IOException;

import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests Tomcat refuses itself, before any filter runs (a header section over the
 * limit, too many parameters, a malformed request line), with the same problem+json as every
 * other error instead of Tomcat's HTML page, and {@code Cache-Control: no-store}. Nothing is logged
 * with a stack trace: these are the client's mistakes.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

	private static final Logger logger = LoggerFactory.getLogger(ProblemErrorReportValve.class);

	private final ProblemResponseWriter problems;

	private final WebRejections rejections;

	ProblemErrorReportValve(ProblemResponseWriter problems, WebRejections rejections) {
		this.problems = problems;
		this.rejections = rejections;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ErrorCode code = codeFor(status, throwable, request);
		this.rejections.reject(WebRejections.Reason.CONTAINER);
		try {
			response.setSuspended(false);
			response.resetBuffer();
			if (code.status() != status) {
				response.setStatus(code.status());
			}
			// answered before the filters that mark errors: never to be kept by a cache (a 501 is
			// cacheable by default, RFC 9110 §15.6.2)
			response.setHeader("Cache-Control", "no-store");
			// never the HTML error page: the container reports this error after any page could answer
			this.problems.writeProblem(request.getRequest(), response.getResponse(), code, detail(code));
		}
		catch (IOException ex) {
			// the client is gone: nothing more to say
		}
		catch (RuntimeException ex) {
			logger.warn("Could not answer a request the container refused with a problem", ex);
		}
	}

	static ErrorCode codeFor(int status, Throwable throwable, Request request) {
		String reason = (throwable != null && throwable.getMessage() != null) ? throwable.getMessage() : "";
		if (status == 400 && (reason.contains("header") && reason.contains("large"))) {
			return ErrorCode.HEADERS_TOO_LARGE;
		}
		if (status == 400 && reason.contains("parameter") && (reason.contains("count") || reason.contains("maximum"))) {
			return ErrorCode.TOO_MANY_PARAMETERS;
		}
		return ErrorCode.forStatus(status);
	}

	private static String detail(ErrorCode code) {
		if (code == ErrorCode.HEADERS_TOO_LARGE) {
			return "The request line or headers are larger than the server accepts.";
		}
		if (code == ErrorCode.TOO_MANY_PARAMETERS) {
			return "The request has more parameters than the server accepts.";
		}
		return "The server could not read this request.";
	}

}
