package dev.hardening.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hardening.benchmarks.load.LoadApp;

/**
 * Where the starter's startup time goes: {@link LoadApp} started without the starter ({@code bare})
 * and with it ({@code defaults}, as {@link LoadRun} configures it), one after the other on the
 * application CPU, {@code load.startups} times each (3), with Spring's
 * {@code BufferingApplicationStartup} recording each startup step. Prints, for each variant, the
 * median time of {@code SpringApplication.run}, and the steps whose own time (less their
 * sub-steps') grew the most, averaged over the starts: configuration classes parsed, the
 * environment prepared, a bean's instantiation ({@code bean <name>}), and so on. A bean's own time
 * includes loading the classes it is the first to use, so a bean that is first to touch Jackson,
 * say, carries Jackson's loading, which the bare application pays in another bean.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -o -q package dependency:build-classpath -pl hardening-benchmarks -am -DskipTests \
 *     -DincludeScope=runtime -Dmdep.outputFile=target/runtime.classpath
 * java -cp hardening-benchmarks/target/benchmarks.jar dev.hardening.benchmarks.StartupSteps
 * </pre>
 *
 * Settings as {@link LoadRun}'s ({@code load.startups}, {@code load.app-cpu}, {@code load.heap},
 * {@code load.work-dir}); {@code load.rows} rows of steps (30); {@code load.variant}, the variant
 * compared with {@code bare} ({@code defaults}), any of {@link LoadRun}'s, such as
 * {@code alone:nothing} (the starter on the classpath, every per-request capability off).
 */
public final class StartupSteps {

	private StartupSteps() {
	}

	public static void main(String[] args) throws Exception {
		LoadSettings settings = LoadSettings.fromSystemProperties();
		int rows = Integer.getInteger("load.rows", 30);
		Path module = Path.of((args.length > 0) ? args[0] : "hardening-benchmarks");
		Files.createDirectories(settings.workDir());
		String compared = System.getProperty("load.variant", "defaults");
		List<LoadVariant> variants = LoadVariant.named(compared);
		Map<String, List<Long>> runs = new LinkedHashMap<>();
		Map<String, Map<String, Long>> steps = new LinkedHashMap<>();
		int starts = Math.max(1, settings.startups());
		for (int start = 0; start < starts; start++) {
			for (LoadVariant variant : variants) {
				LoadAppProcess app = new LoadAppProcess(variant, 18190, settings.workDir());
				try {
					app.start(LoadAppProcess.classpath(module, variant.starter()), settings.appCpu(), settings.heap(),
							List.of("--load.startup-steps=true"));
					app.awaitReady();
				}
				finally {
					app.stop();
				}
				Map<String, Long> own = steps.computeIfAbsent(variant.name(), (key) -> new HashMap<>());
				for (String line : Files.readAllLines(app.output())) {
					if (!line.startsWith("step ")) {
						continue;
					}
					int space = line.indexOf(' ', 5);
					long nanos = Long.parseLong(line.substring(5, space));
					String name = line.substring(space + 1);
					if (name.equals("run")) {
						runs.computeIfAbsent(variant.name(), (key) -> new ArrayList<>()).add(nanos / 1_000_000);
					}
					else {
						own.merge(name, nanos, Long::sum);
					}
				}
			}
		}
		LoadRun.print("SpringApplication.run, %d starts each, median: %s", starts,
				runs.entrySet().stream().map((run) -> run.getKey() + " " + Math.round(LoadRun.medianOf(run.getValue())) + " ms "
						+ run.getValue())
					.toList());
		Map<String, Long> bare = steps.getOrDefault("bare", Map.of());
		Map<String, Long> measured = steps.getOrDefault(compared, Map.of());
		List<String> names = new ArrayList<>(measured.keySet());
		bare.keySet().stream().filter((name) -> !measured.containsKey(name)).forEach(names::add);
		names.sort((a, b) -> Long.compare(grown(measured, bare, b), grown(measured, bare, a)));
		LoadRun.print("%nSteps by how much their own time grew, ms a start (bare, %s, difference):", compared);
		for (String name : names.subList(0, Math.min(rows, names.size()))) {
			LoadRun.print("%8.1f %8.1f %+8.1f  %s", millis(bare, name, starts), millis(measured, name, starts),
					millis(measured, name, starts) - millis(bare, name, starts), name);
		}
		double onlyDefaults = measured.entrySet()
			.stream()
			.filter((step) -> step.getKey().startsWith("bean ") && !bare.containsKey(step.getKey()))
			.mapToLong(Map.Entry::getValue)
			.sum() / 1e6 / starts;
		long count = measured.keySet().stream().filter((name) -> name.startsWith("bean ") && !bare.containsKey(name)).count();
		LoadRun.print("%nBeans only the starter's application has: %d, %.1f ms a start of their own time", count,
				onlyDefaults);
		double total = names.stream().mapToDouble((name) -> millis(measured, name, starts) - millis(bare, name, starts)).sum();
		LoadRun.print("All steps: %+.1f ms a start", total);
	}

	private static long grown(Map<String, Long> defaults, Map<String, Long> bare, String name) {
		return defaults.getOrDefault(name, 0L) - bare.getOrDefault(name, 0L);
	}

	private static double millis(Map<String, Long> steps, String name, int starts) {
		return steps.getOrDefault(name, 0L) / 1e6 / starts;
	}

}
