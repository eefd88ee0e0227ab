package dev.hardening.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The request chain under load, variant by variant, in one run: {@link dev.hardening.benchmarks.load.LoadApp},
 * a plain Spring MVC service, without the starter on its classpath ({@code bare}), with the
 * starter's whole chain without and with the access log, and with each filter alone on top of the
 * starter with everything else off ({@link LoadVariant}). Each variant is a JVM of its own, all
 * pinned to one CPU and driven in turn by this process, pinned to the other, on two paths: a small
 * map from the application's cache ({@code small}) and a 40 KB JSON list ({@code list}).
 *
 * <p>The measures are the CPU time of the application's Java threads per request (from its
 * {@code ThreadMXBean} over a burst, divided by the requests it answered; on one saturated CPU,
 * requests per CPU second is the throughput it can keep; the whole JVM's {@code /proc/<pid>/stat}
 * utime + stime is printed beside it) and the bytes its threads allocated per request. Each
 * variant is warmed up on its own, in short bursts on both paths in turn, until its JIT (moved to
 * the client's CPU) is quiet; then measured rounds, in an order that rotates, and the medians, with
 * each variant against {@code bare}. A measured burst during which another process used more than
 * {@code load.max-other-cpu} of either CPU (disturbed), or the application's JIT compiled for more
 * than {@code load.measure-jit-share} of it (compiling, 5%), is run again, at most twice.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -o -q package dependency:build-classpath -pl hardening-benchmarks -am -DskipTests \
 *     -DincludeScope=runtime -Dmdep.outputFile=target/runtime.classpath
 * java -cp hardening-benchmarks/target/benchmarks.jar dev.hardening.benchmarks.LoadRun
 * </pre>
 *
 * <p>Run from the project's root. Settings are system properties, listed in {@link LoadSettings};
 * {@code -Dload.variants=defaults,access-log} runs only those (and {@code bare}).
 */
public final class LoadRun {

	/** The two paths, each a list of requests round-robin on every connection. */
	static final Map<String, List<LoadClient.Request>> PATHS = paths();

	private LoadRun() {
	}

	public static void main(String[] args) throws Exception {
		LoadSettings settings = LoadSettings.fromSystemProperties();
		Path module = Path.of((args.length > 0) ? args[0] : "hardening-benchmarks");
		String withStarter = LoadAppProcess.classpath(module, true);
		String bare = LoadAppProcess.classpath(module, false);
		Files.createDirectories(settings.workDir());
		run("taskset", "-a", "-cp", Integer.toString(settings.clientCpu()), Long.toString(ProcessHandle.current().pid()));
		List<LoadVariant> variants = LoadVariant.named(settings.variants());
		int forks = Math.max(1, settings.forks());
		List<LoadAppProcess> apps = IntStream.range(0, variants.size() * forks)
			.mapToObj((i) -> new LoadAppProcess(variants.get(i / forks), 18100 + i, settings.workDir()))
			.toList();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> apps.forEach(LoadAppProcess::stop)));
		Instant began = Instant.now();
		print("LoadRun %s: java %s, app CPU %d, client CPU %d, %d connections, bursts of %d s, %d variants in %d JVM%s "
				+ "each: %s", began, System.getProperty("java.version"), settings.appCpu(), settings.clientCpu(),
				settings.connections(), settings.burstSeconds(), variants.size(), forks, (forks == 1) ? "" : "s",
				variants.stream().map(LoadVariant::name).toList());
		try {
			print("%n%-26s %6s %10s  %s", "variant", "port", "start (ms)", "what");
			int moved = startAll(apps, settings, withStarter, bare);
			if (settings.jitCpu() >= 0) {
				print("%nJIT compiler threads moved to CPU %d once each application answered (%d threads, nice %d); the "
						+ "CPU per request counts the applications' Java threads only", settings.jitCpu(), moved,
						settings.jitNice());
			}
			print("%n%-26s %-6s %6s %9s %11s", "variant", "path", "status", "body (B)", "header (B)");
			for (LoadAppProcess app : apps) {
				for (Map.Entry<String, List<LoadClient.Request>> path : PATHS.entrySet()) {
					LoadClient.Response response = LoadClient.exchange(app.port, path.getValue().get(0));
					print("%-26s %-6s %6d %9d %11d", app.variant.name(), path.getKey(), response.status(),
							response.bodyBytes(), response.headerBytes());
				}
			}
			print("%nWarm-up, each variant alone, bursts of %d s: until on each path the JIT compiled for at most %.0f%%"
					+ " of each of the last two bursts%s (%d to %d bursts a path)", settings.warmupSeconds(),
					settings.warmupJitShare() * 100,
					Double.isNaN(settings.warmupTolerance()) ? ""
							: String.format(Locale.ROOT, " and they agree within %.0f%%", settings.warmupTolerance() * 100),
					settings.warmupMin(), settings.warmupMax());
			LoadBurst.printHeader();
			warmUp(settings, apps);
			print("%nMeasurement: %d rounds", settings.bursts());
			LoadBurst.printHeader();
			List<LoadBurst> measured = measure(settings, apps);
			summarize(settings, apps, measured);
			startups(settings, apps, withStarter, bare);
			if (!"never".equals(settings.profile())) {
				LoadAppProcess profiled = apps.stream()
					.filter((app) -> app.variant.name().equals(settings.profile()))
					.findFirst()
					.orElseThrow(() -> new IllegalArgumentException("No variant " + settings.profile() + " to profile"));
				String path = PATHS.keySet().iterator().next();
				LoadProfile.record(settings, profiled, apps, path, PATHS.get(path),
						median(measured, profiled, path, LoadBurst::cpuMicrosPerRequest));
			}
			print("%nThe run took %s.", Duration.between(began, Instant.now()).withNanos(0));
		}
		finally {
			apps.forEach(LoadAppProcess::stop);
		}
	}

	/**
	 * Starts the applications two at a time, one pinned to the application CPU and one to the
	 * client's, which is idle until the warm-up: each starts on a CPU of its own, as it would alone,
	 * in half the time for all. Once both answer (each one's startup time ends with its first
	 * answer), the one on the client's CPU is moved to the application CPU, and the JIT compiler
	 * threads of both to {@code load.jit-cpu}, if set.
	 * @return how many compiler threads were moved
	 */
	private static int startAll(List<LoadAppProcess> apps, LoadSettings settings, String withStarter, String bare)
			throws Exception {
		int[] cpus = { settings.appCpu(), settings.clientCpu() };
		int moved = 0;
		for (int i = 0; i < apps.size(); i += cpus.length) {
			List<LoadAppProcess> together = apps.subList(i, Math.min(i + cpus.length, apps.size()));
			for (int k = 0; k < together.size(); k++) {
				launch(together.get(k), settings, cpus[k], withStarter, bare);
			}
			LoadAppProcess.awaitReady(together);
			for (int k = 0; k < together.size(); k++) {
				LoadAppProcess app = together.get(k);
				if (cpus[k] != settings.appCpu()) {
					app.moveTo(settings.appCpu());
				}
				moved += moveCompilerThreads(app, settings);
				print("%-26s %6d %10d  %s", app.variant.name(), app.port, app.startupMillis, app.variant.what());
			}
		}
		return moved;
	}

	/**
	 * Starts an application pinned to the application CPU and waits for its first answer, which
	 * ends its startup time; then moves its JIT compiler threads to {@code load.jit-cpu}, if set.
	 * @return how many compiler threads were moved
	 */
	private static int start(LoadAppProcess app, LoadSettings settings, String withStarter, String bare)
			throws Exception {
		launch(app, settings, settings.appCpu(), withStarter, bare);
		app.awaitReady();
		return moveCompilerThreads(app, settings);
	}

	/** Launches an application pinned to a CPU, with all its JIT compiler threads from the start if they are to move. */
	private static void launch(LoadAppProcess app, LoadSettings settings, int cpu, String withStarter, String bare)
			throws Exception {
		app.start(app.variant.starter() ? withStarter : bare, cpu, settings.heap(),
				(settings.jitCpu() >= 0) ? List.of("-XX:-UseDynamicNumberOfCompilerThreads") : List.of(), List.of());
	}

	/** Moves an application's JIT compiler threads to {@code load.jit-cpu}, if set: how many moved. */
	private static int moveCompilerThreads(LoadAppProcess app, LoadSettings settings) throws Exception {
		return (settings.jitCpu() >= 0) ? app.moveCompilerThreads(settings.jitCpu(), settings.jitNice()) : 0;
	}

	private static Map<String, List<LoadClient.Request>> paths() {
		Map<String, List<LoadClient.Request>> paths = new LinkedHashMap<>();
		paths.put("small", IntStream.rangeClosed(1, 8).mapToObj((id) -> new LoadClient.Request("/small/" + id)).toList());
		paths.put("list", List.of(new LoadClient.Request("/list")));
		return paths;
	}

	// ---------------------------------------------------------------- phases

	/**
	 * Warms each application up on its own, both paths in turn, until each path is
	 * {@linkplain #settled settled}; at least {@code warmupMin} and at most {@code warmupMax} bursts
	 * a path.
	 */
	private static void warmUp(LoadSettings settings, List<LoadAppProcess> apps) throws Exception {
		for (LoadAppProcess app : apps) {
			Map<String, List<LoadBurst>> bursts = new LinkedHashMap<>();
			int round = 1;
			for (; round <= settings.warmupMax(); round++) {
				for (Map.Entry<String, List<LoadClient.Request>> path : PATHS.entrySet()) {
					bursts.computeIfAbsent(path.getKey(), (key) -> new ArrayList<>())
						.add(LoadBurst.run(settings, "warm-up", round, app, apps, path.getKey(), path.getValue(),
								settings.warmupSeconds()));
				}
				if (round >= settings.warmupMin() && bursts.values().stream().allMatch((b) -> settled(b, settings))) {
					break;
				}
			}
			if (round > settings.warmupMax()) {
				print("%s: warm-up did not settle in %d rounds; measuring anyway", app.label(),
						settings.warmupMax());
			}
		}
	}

	/**
	 * Whether a path's warm-up is done: the JIT compiled for at most {@code load.warmup-jit-share}
	 * of each of its last two bursts (one quiet burst may be a pause between two compilations) and,
	 * when {@code load.warmup-tolerance} is set, they agree within it.
	 */
	static boolean settled(List<LoadBurst> bursts, LoadSettings settings) {
		int n = bursts.size();
		double share = settings.warmupJitShare();
		if (n < 2 || bursts.get(n - 1).compiling(share) || bursts.get(n - 2).compiling(share)) {
			return false;
		}
		return Double.isNaN(settings.warmupTolerance()) || converged(
				bursts.stream().map(LoadBurst::cpuMicrosPerRequest).toList(), settings.warmupTolerance());
	}

	static boolean converged(List<Double> values, double tolerance) {
		if (values.size() < 2) {
			return false;
		}
		double a = values.get(values.size() - 2);
		double b = values.get(values.size() - 1);
		return Math.abs(a - b) / Math.min(a, b) <= tolerance;
	}

	private static List<LoadBurst> measure(LoadSettings settings, List<LoadAppProcess> apps) throws Exception {
		List<LoadBurst> measured = new ArrayList<>();
		int again = 0;
		for (int round = 1; round <= settings.bursts(); round++) {
			for (Map.Entry<String, List<LoadClient.Request>> path : PATHS.entrySet()) {
				for (LoadAppProcess app : rotated(apps, round)) {
					LoadBurst burst = LoadBurst.run(settings, "measure", round, app, apps, path.getKey(), path.getValue(),
							settings.burstSeconds());
					for (int tries = 0; (burst.disturbed || burst.compiling(settings.measureJitShare())) && tries < 2; tries++) {
						again++;
						burst = LoadBurst.run(settings, "again", round, app, apps, path.getKey(), path.getValue(),
								settings.burstSeconds());
					}
					measured.add(burst);
				}
			}
		}
		print("%d disturbed or compiling bursts run again; of the %d kept, %d were disturbed and %d compiling too",
				again, measured.size(), measured.stream().filter((b) -> b.disturbed).count(),
				measured.stream().filter((b) -> b.compiling(settings.measureJitShare())).count());
		return measured;
	}

	/** The applications in an order that moves by one each round: none always follows the same one. */
	private static List<LoadAppProcess> rotated(List<LoadAppProcess> apps, int round) {
		List<LoadAppProcess> rotated = new ArrayList<>(apps);
		java.util.Collections.rotate(rotated, round);
		return rotated;
	}

	/**
	 * Prints, per path, each variant's medians against {@code bare}, then the goals of the cost
	 * issue: the whole chain at 0.95x of bare without the access log and 0.85x with it, and the
	 * access log at most 5 µs and 1 KB a request.
	 */
	private static void summarize(LoadSettings settings, List<LoadAppProcess> apps, List<LoadBurst> measured) {
		LoadAppProcess bare = apps.get(0);
		for (String path : PATHS.keySet()) {
			double bareCpu = median(measured, bare, path, LoadBurst::cpuMicrosPerRequest);
			double bareBytes = median(measured, bare, path, LoadBurst::bytesPerRequest);
			print("%n%s: medians of %d bursts of %d s", path, settings.bursts(), settings.burstSeconds());
			print("| variant | CPU µs/request (min–max) | requests per CPU second, x bare | + µs over bare "
					+ "| JVM µs/request, x bare | B/request | + B over bare | requests/s | p99 ms |");
			print("|---|---|---|---|---|---|---|---|---|");
			double bareJvm = median(measured, bare, path, LoadBurst::processMicrosPerRequest);
			for (LoadAppProcess app : firstOfEachVariant(apps)) {
				double cpu = median(measured, app, path, LoadBurst::cpuMicrosPerRequest);
				double jvm = median(measured, app, path, LoadBurst::processMicrosPerRequest);
				double bytes = median(measured, app, path, LoadBurst::bytesPerRequest);
				print("| %s | %.1f (%.1f–%.1f) | %.3f | %+.1f | %.1f, %.3f | %,.0f | %+,.0f | %,.0f | %.2f |",
						app.variant.name(), cpu, extreme(measured, app, path, false),
						extreme(measured, app, path, true), bareCpu / cpu, cpu - bareCpu, jvm, bareJvm / jvm, bytes,
						bytes - bareBytes, median(measured, app, path, LoadBurst::throughput),
						median(measured, app, path, (b) -> b.p99Micros) / 1000);
			}
			if (settings.forks() > 1) {
				for (LoadAppProcess app : firstOfEachVariant(apps)) {
					print("%s on %s, each JVM's median CPU µs/request: %s", app.variant.name(), path,
							apps.stream()
								.filter((fork) -> fork.variant.equals(app.variant))
								.map((fork) -> String.format("%.1f", medianOfFork(measured, fork, path)))
								.toList());
				}
			}
			find(apps, "alone:nothing").ifPresent((nothing) -> {
				double floor = median(measured, bare, path, LoadBurst::cpuMicrosPerRequest)
						/ median(measured, nothing, path, LoadBurst::cpuMicrosPerRequest);
				print("noise check: alone:nothing (the starter present, every capability off) at %.3fx of bare on %s%s",
						floor, path, (Math.abs(floor - 1) > 0.05)
								? ": more than 5% off, differences of that size in this run are noise" : "");
			});
			goal(measured, apps, path, "defaults", bare, 0.95);
			goal(measured, apps, path, "access-log", bare, 0.85);
			increment(measured, apps, path, "access-log", "defaults");
			goal(measured, apps, path, "access-log-file", bare, 0.85);
			increment(measured, apps, path, "access-log-file", "defaults");
			increment(measured, apps, path, "alone:access-log", "alone:nothing");
		}
	}

	private static double extreme(List<LoadBurst> measured, LoadAppProcess app, String path, boolean max) {
		var values = measured.stream()
			.filter((b) -> b.app.variant.equals(app.variant) && b.path.equals(path))
			.mapToDouble(LoadBurst::cpuMicrosPerRequest);
		return (max ? values.max() : values.min()).orElse(Double.NaN);
	}

	/**
	 * The startup goal: {@code defaults} starts in at most 1.15x the time of {@code bare}, each
	 * started {@code load.startups} times after the measurement, one after the other on the
	 * application CPU (the run's own starts, two at a time, do not count); time from launching the
	 * JVM to the first answer of {@code /small/1}, median.
	 */
	private static void startups(LoadSettings settings, List<LoadAppProcess> apps, String withStarter, String bare)
			throws Exception {
		java.util.Optional<LoadAppProcess> defaults = find(apps, "defaults");
		if (defaults.isEmpty() || settings.startups() < 1) {
			return;
		}
		List<LoadAppProcess> pair = List.of(apps.get(0), defaults.get());
		Map<LoadAppProcess, List<Long>> millis = new LinkedHashMap<>();
		pair.forEach((app) -> millis.put(app, new ArrayList<>()));
		for (int i = 0; i < settings.startups(); i++) {
			for (LoadAppProcess app : pair) {
				app.stop();
				start(app, settings, withStarter, bare);
				millis.get(app).add(app.startupMillis);
			}
		}
		print("%nStartup, launch to first answer, %d starts each: bare %s ms, defaults %s ms", settings.startups(),
				millis.get(pair.get(0)), millis.get(pair.get(1)));
		double ratio = medianOf(millis.get(pair.get(1))) / medianOf(millis.get(pair.get(0)));
		print("goal: defaults starts in at most 1.15x of bare's time: %.3f, %s", ratio, (ratio <= 1.15) ? "MET" : "MISSED");
	}

	static double medianOf(List<Long> values) {
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
	}

	private static void goal(List<LoadBurst> measured, List<LoadAppProcess> apps, String path, String name,
			LoadAppProcess bare, double goal) {
		find(apps, name).ifPresent((app) -> {
			double ratio = median(measured, bare, path, LoadBurst::cpuMicrosPerRequest)
					/ median(measured, app, path, LoadBurst::cpuMicrosPerRequest);
			print("goal: %s keeps at least %.2fx of bare's requests per CPU second on %s: %.3f, %s", name, goal, path,
					ratio, (ratio >= goal) ? "MET" : "MISSED");
		});
	}

	/** The access log's own cost: one variant less the other, against 5 µs and 1 KB. */
	private static void increment(List<LoadBurst> measured, List<LoadAppProcess> apps, String path, String with,
			String without) {
		find(apps, with).ifPresent((a) -> find(apps, without).ifPresent((b) -> {
			double cpu = median(measured, a, path, LoadBurst::cpuMicrosPerRequest)
					- median(measured, b, path, LoadBurst::cpuMicrosPerRequest);
			double bytes = median(measured, a, path, LoadBurst::bytesPerRequest)
					- median(measured, b, path, LoadBurst::bytesPerRequest);
			print("goal: the access log (%s less %s) costs at most 5 µs and 1 KB a request on %s: %.1f µs, %,.0f B, %s",
					with, without, path, cpu, bytes, (cpu <= 5 && bytes <= 1024) ? "MET" : "MISSED");
		}));
	}

	/** One application per variant, the first of its JVMs, in the variants' order. */
	private static List<LoadAppProcess> firstOfEachVariant(List<LoadAppProcess> apps) {
		List<LoadAppProcess> first = new ArrayList<>();
		for (LoadAppProcess app : apps) {
			if (first.stream().noneMatch((other) -> other.variant.equals(app.variant))) {
				first.add(app);
			}
		}
		return first;
	}

	/** The median CPU time per request of one JVM's bursts. */
	private static double medianOfFork(List<LoadBurst> measured, LoadAppProcess fork, String path) {
		double[] values = measured.stream()
			.filter((b) -> b.app == fork && b.path.equals(path))
			.mapToDouble(LoadBurst::cpuMicrosPerRequest)
			.sorted()
			.toArray();
		int n = values.length;
		return (n == 0) ? Double.NaN : (n % 2 == 1) ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
	}

	private static java.util.Optional<LoadAppProcess> find(List<LoadAppProcess> apps, String name) {
		return apps.stream().filter((app) -> app.variant.name().equals(name)).findFirst();
	}

	/** The median over the bursts of every JVM of the application's variant. */
	static double median(List<LoadBurst> measured, LoadAppProcess app, String path, ToDoubleFunction<LoadBurst> value) {
		double[] values = measured.stream()
			.filter((b) -> b.app.variant.equals(app.variant) && b.path.equals(path))
			.mapToDouble(value)
			.sorted()
			.toArray();
		int n = values.length;
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
	}

	// ---------------------------------------------------------------- small things

	static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
		}
	}

	static void print(String format, Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
	}

}
