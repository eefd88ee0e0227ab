package dev.hardening.autoconfigure.web;

import java.util.List;

import dev.hardening.autoconfigure.ChangedDefaults;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Sets Tomcat's header, parameter and form-body limits from {@code hardening.web.limits.*}, so
 * the container and the filters never disagree, bounds every body where Tomcat reads it with
 * {@link BodyLimitValve}, and puts {@link ProblemErrorReportValve} in
 * place of Tomcat's HTML error page for what Tomcat refuses itself. Runs after Spring Boot's own
 * customizer, which it overrides; the limits that differ from Boot's (or the application's
 * {@code server.*}) are reported to {@link ChangedDefaults}.
 */
final class TomcatHardening implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered,
		ChangedDefaults.Source, EnvironmentAware {

	private final HardeningWebProperties properties;

	private final ObjectProvider<ProblemResponseWriter> problems;

	private final WebRejections rejections;

	private @Nullable Environment environment;

	private List<ChangedDefaults.Change> changes = List.of();

	TomcatHardening(HardeningWebProperties properties, ObjectProvider<ProblemResponseWriter> problems,
			WebRejections rejections) {
		this.properties = properties;
		this.problems = problems;
		this.rejections = rejections;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		HardeningWebProperties.Limits limits = this.properties.getLimits();
		if (limits.isEnabled()) {
			int headerSize = (int) Math.min(Integer.MAX_VALUE, limits.getMaxHeaderSize().toBytes());
			BodyLimits bodies = BodyLimits.of(limits);
			// Tomcat's own form-size check is per connector: at the largest limit it never cuts a
			// path short of its override, and the valve applies each path's own
			int bodySize = (int) Math.min(Integer.MAX_VALUE, bodies.largest());
			if (this.environment != null) {
				this.changes = TomcatLimitChanges.of(this.environment, headerSize, limits.getMaxParameters(), bodySize);
			}
			factory.addContextCustomizers((context) -> context.getPipeline().addValve(new BodyLimitValve(bodies)));
			factory.addConnectorCustomizers((connector) -> {
				connector.setMaxParameterCount(limits.getMaxParameters());
				connector.setMaxPostSize(bodySize);
				if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
					http.setMaxHttpRequestHeaderSize(headerSize);
				}
			});
		}
		ProblemResponseWriter writer = this.problems.getIfAvailable();
		if (this.properties.getContainerErrors().isEnabled() && writer != null) {
			factory.addContextCustomizers((context) -> {
				Container host = context.getParent();
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				if (host instanceof StandardHost standardHost) {
					standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
				host.getPipeline().addValve(new ProblemErrorReportValve(writer, this.rejections));
			});
		}
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public List<ChangedDefaults.Change> changes() {
		return this.changes;
	}

	@Override
	public int getOrder() {
		return 10;
	}

}
