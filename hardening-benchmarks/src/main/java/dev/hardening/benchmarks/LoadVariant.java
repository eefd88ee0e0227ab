package dev.hardening.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One way to run {@link dev.hardening.benchmarks.load.LoadApp}: with or without the starter on
 * its classpath, and the arguments that switch its capabilities on and off.
 *
 * @param name the name, as {@code load.variants} lists it
 * @param starter whether the starter (and hardening-core) is on the classpath
 * @param arguments the application's arguments
 * @param what what it measures, for the report
 * @param optional whether it runs only when named (or with {@code all})
 */
record LoadVariant(String name, boolean starter, List<String> arguments, String what, boolean optional) {

	/** Boot's log lines as text, but for the access log's: it is what is measured. */
	private static final List<String> QUIET = List.of("--spring.application.name=load-app",
			"--spring.main.banner-mode=off", "--logging.level.root=warn",
			"--logging.level.hardening.access=info");

	/**
	 * The documented production setup of the access log: ECS lines on the console, which the
	 * starter has its own formatter write.
	 */
	static final String ECS_FORMATTER = "--logging.structured.format.console=ecs";

	/**
	 * What a production service configures so that every capability has work to do: its host, its
	 * front end's origin, a per-IP limit that never rejects here. The load's requests carry
	 * {@code Host: localhost} and {@code Origin: http://localhost:3000}.
	 */
	private static final List<String> CONFIGURED = List.of("--hardening.web.allowed-hosts=localhost",
			"--hardening.web.cors.mappings[0].paths=/**",
			"--hardening.web.cors.mappings[0].allowed-origins=http://localhost:3000",
			"--hardening.rate-limit.policies[0].name=per-ip", "--hardening.rate-limit.policies[0].paths=/**",
			"--hardening.rate-limit.policies[0].key=ip",
			"--hardening.rate-limit.policies[0].limits[0].capacity=1000000000",
			"--hardening.rate-limit.policies[0].limits[0].period=1h");

	/** Every capability with per-request work switched off, the container hardening included. */
	private static final List<String> NOTHING = List.of("--hardening.errors.enabled=false",
			"--hardening.request-id.enabled=false", "--hardening.rate-limit.enabled=false",
			"--hardening.resilience.enabled=false", "--hardening.jdbc.enabled=false", "--hardening.etag.enabled=false",
			"--hardening.web.enabled=false");

	/** The web capability's filters switched off, for a web filter alone. */
	private static final List<String> NO_WEB_FILTER = List.of("--hardening.web.enabled=true",
			"--hardening.web.headers.enabled=false", "--hardening.web.host-check.enabled=false",
			"--hardening.web.cors.enabled=false", "--hardening.web.limits.enabled=false",
			"--hardening.web.access-log.enabled=false");

	/**
	 * All the variants: the bare application, the starter's whole chain with and without the access
	 * log, and each filter alone on top of the starter with everything else off.
	 * @return the variants, in the order they are reported
	 */
	static List<LoadVariant> all() {
		List<LoadVariant> variants = new ArrayList<>();
		variants.add(new LoadVariant("bare", false, QUIET, "Spring MVC alone: the starter is not on the classpath",
				false));
		variants.add(new LoadVariant("bare+headers", false, concat(QUIET, List.of("--load.extra-headers=true")),
				"Spring MVC alone, with a plain filter adding the headers the starter's defaults add: what Tomcat "
						+ "charges for writing them",
				false));
		variants.add(new LoadVariant("bare+filters", false, concat(QUIET, List.of("--load.noop-filters=12")),
				"Spring MVC alone, with twelve servlet filters that only pass the request on (as many as the "
						+ "starter's defaults register): what Tomcat charges for the filters themselves",
				true));
		variants.add(new LoadVariant("bare+headers+filters", false,
				concat(QUIET, List.of("--load.extra-headers=true", "--load.noop-filters=12")),
				"Spring MVC alone, with the defaults' headers and as many filters that only pass the request on: "
						+ "what Tomcat charges for the shape of the defaults' answer, no hardening work done",
				true));
		variants.add(starter("defaults", "every capability on, configured; access log off", CONFIGURED,
				List.of("--hardening.web.access-log.enabled=false")));
		variants.add(starter("access-log", "every capability on, configured; access log on, ECS through the "
				+ "starter's formatter (the documented production setup)", CONFIGURED, List.of(ECS_FORMATTER)));
		LoadVariant file = starter("access-log-file", "as access-log, with the access log in a file of its own, "
				+ "buffered (immediateFlush off): the cheap production setup of docs/access-log.md", CONFIGURED,
				List.of("--logging.config=classpath:load-access-file.xml"));
		variants.add(new LoadVariant(file.name, true, file.arguments, file.what, true));
		LoadVariant bootEcs = starter("access-log-boot-ecs", "as access-log, with Boot's own ECS formatter",
				CONFIGURED, List.of("--logging.structured.format.console=ecs", "--hardening.logging.ecs-formatter=false"));
		variants.add(new LoadVariant(bootEcs.name, true, bootEcs.arguments, bootEcs.what, true));
		variants.add(alone("nothing", "the starter on the classpath, every per-request capability off", List.of()));
		variants.add(alone("request-id", "request ID filter alone", List.of("--hardening.request-id.enabled=true")));
		variants.add(alone("web-container", "web hardening's container part alone (valves, no filter)",
				NO_WEB_FILTER));
		variants.add(alone("access-log", "access log alone, ECS through the starter's formatter",
				with(NO_WEB_FILTER, "--hardening.web.access-log.enabled=true", ECS_FORMATTER)));
		variants.add(alone("security-headers", "security headers alone",
				with(NO_WEB_FILTER, "--hardening.web.headers.enabled=true")));
		variants.add(alone("host-check", "allowed hosts alone",
				with(NO_WEB_FILTER, "--hardening.web.host-check.enabled=true", CONFIGURED.get(0))));
		variants.add(alone("cors", "CORS alone",
				with(NO_WEB_FILTER, "--hardening.web.cors.enabled=true", CONFIGURED.get(1), CONFIGURED.get(2))));
		variants.add(alone("request-limits", "request limits alone",
				with(NO_WEB_FILTER, "--hardening.web.limits.enabled=true")));
		variants.add(alone("rate-limit", "local rate limiting alone",
				with(List.of("--hardening.rate-limit.enabled=true"), CONFIGURED.subList(3, 8).toArray(String[]::new))));
		variants.add(alone("errors", "problem answers alone (the unhandled-exception filter)",
				List.of("--hardening.errors.enabled=true")));
		variants.add(alone("etag", "shallow ETags and Cache-Control alone", List.of("--hardening.etag.enabled=true")));
		return variants;
	}

	/**
	 * The variants named in a comma-separated list, in the order of {@link #all()}.
	 * @param names the names, {@code standard} (all but the optional ones) or {@code all}
	 * @return the variants; {@code bare} always, as every ratio is to it
	 */
	static List<LoadVariant> named(String names) {
		List<String> wanted = Arrays.stream(names.split(",")).map(String::strip).toList();
		List<LoadVariant> variants = all().stream()
			.filter((variant) -> wanted.contains("all") || (wanted.contains("standard") && !variant.optional)
					|| variant.name.equals("bare") || wanted.contains(variant.name))
			.toList();
		List<String> unknown = wanted.stream()
			.filter((name) -> !name.equals("all") && !name.equals("standard")
					&& all().stream().noneMatch((variant) -> variant.name.equals(name)))
			.toList();
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown variants " + unknown + "; known: "
					+ all().stream().map(LoadVariant::name).toList());
		}
		return variants;
	}

	private static LoadVariant starter(String name, String what, List<String> configured, List<String> more) {
		return new LoadVariant(name, true, concat(QUIET, configured, more), what, false);
	}

	private static LoadVariant alone(String name, String what, List<String> enabled) {
		return new LoadVariant("alone:" + name, true, concat(QUIET, NOTHING, enabled), what, false);
	}

	private static List<String> with(List<String> arguments, String... more) {
		return concat(arguments, List.of(more));
	}

	/**
	 * The arguments of the lists, a later {@code --name=value} replacing an earlier one of the
	 * same name: Spring would join the two values with a comma.
	 */
	@SafeVarargs
	private static List<String> concat(List<String>... lists) {
		Map<String, String> byName = new LinkedHashMap<>();
		Stream.of(lists).flatMap(List::stream).forEach((argument) -> {
			int equals = argument.indexOf('=');
			byName.remove((equals < 0) ? argument : argument.substring(0, equals));
			byName.put((equals < 0) ? argument : argument.substring(0, equals), argument);
		});
		return List.copyOf(byName.values());
	}

}
