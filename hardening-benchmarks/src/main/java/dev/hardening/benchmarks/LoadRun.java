package dev.hardening.benchmarks;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * The request chain under load: the sample application twice, "hardened" (its own
 * {@code application.yml}, every capability on) and "bare" (the starter's per-request work off),
 * each JVM pinned to one CPU and driven in turn by this process, pinned to the other, with the
 * same keep-alive GET requests. It compares CPU time per request, the app JVM's utime + stime
 * from {@code /proc/<pid>/stat} over a burst divided by the requests it served (DESIGN.md §6):
 * warm-up bursts, alternating between the apps, until each app's last two agree, then bursts
 * alternating between the apps, and the medians. On one saturated CPU, requests per CPU second is
 * the throughput the app can keep, so {@code bare / hardened} CPU per request is the ratio the
 * 0.95 goal is about; requests/s and p99 of the bursts are reported beside it.
 *
 * <p>The two apps run the same classpath, JVM flags and requests. Hardened: the sample's
 * defaults, with the per-IP limit raised so that it never rejects (a list on the command line
 * replaces the whole list from {@code application.yml}, so the other two policies are given again
 * as they are there). Bare: {@code hardening.{errors,request-id,rate-limit,resilience,web,jdbc}
 * .enabled=false}. Caching, pagination and ETags stay enabled, as the sample's controllers need
 * the starter's {@code CacheManager} and its {@code OffsetPageRequest}, {@code CursorPageRequest}
 * and {@code ConditionalRequest} parameters; the ETag capability's two filters are made inert
 * instead (no shallow-ETag paths, no Cache-Control rules). So the difference is the filter chain:
 * request ID, access log, security headers, statement counting, Cache-Control, unhandled
 * exceptions, host check, CORS, request limits, rate limiting, shallow ETags.
 *
 * <p>The requests, round-robin on each connection, all with {@code Host: localhost} and
 * {@code Origin: http://localhost:3000} (the sample's front end, so CORS does its work):
 * {@code GET /projects/1}, {@code GET /projects?page=1&size=20}, {@code GET /events?size=20}, and
 * {@code GET /projects/1} with {@code If-None-Match} of its deep ETag (a 304 in both apps).
 * Latency is timed from writing a request to reading the end of its response. A burst during
 * which something else used more than {@code load.max-other-cpu} of either CPU is marked
 * disturbed and, while measuring, run again (at most twice). When the hardened app keeps less
 * than 0.95 of the bare one's requests per CPU second, one burst of the hardened app runs under
 * JFR, and its samples are shared out among hardening's classes (see {@link #owner}).
 *
 * <pre>
 * ./mvnw -o -q package dependency:build-classpath -pl hardening-samples,hardening-benchmarks -am -DskipTests \
 *     -DincludeScope=runtime -Dmdep.outputFile=target/runtime.classpath
 * java -cp hardening-benchmarks/target/benchmarks.jar dev.hardening.benchmarks.LoadRun
 * </pre>
 *
 * <p>Run from the project's root. Settings, as system properties, with their defaults:
 * {@code load.app-cpu=0}, {@code load.client-cpu=1}, {@code load.connections=8},
 * {@code load.burst-seconds=5}, {@code load.bursts=11} (per app), {@code load.warmup-min=20} and
 * {@code load.warmup-max=40} (rounds of one burst per app), {@code load.warmup-tolerance=0.03},
 * {@code load.max-other-cpu=0.10}, {@code load.profile=auto} ({@code always}, {@code never}),
 * {@code load.profile-seconds=30}, {@code load.work-dir=/tmp/loadrun} (the apps' output, where
 * the hardened app's access log takes about 1 GB a run, and the recording), and
 * {@code load.hardened-extra} (more arguments for the hardened app, separated by spaces, e.g.
 * {@code --hardening.web.access-log.enabled=false} to price the chain without the access log).
 */
public final class LoadRun {

	private static final String MAIN_CLASS = "dev.hardening.samples.SampleApplication";

	private static final double GOAL = 0.95;

	private static final int APP_CPU = Integer.getInteger("load.app-cpu", 0);

	private static final int CLIENT_CPU = Integer.getInteger("load.client-cpu", 1);

	private static final int CONNECTIONS = Integer.getInteger("load.connections", 8);

	private static final int BURST_SECONDS = Integer.getInteger("load.burst-seconds", 5);

	private static final int BURSTS = Integer.getInteger("load.bursts", 11);

	private static final int WARMUP_MIN = Integer.getInteger("load.warmup-min", 20);

	private static final int WARMUP_MAX = Integer.getInteger("load.warmup-max", 40);

	private static final double WARMUP_TOLERANCE = Double.parseDouble(System.getProperty("load.warmup-tolerance", "0.03"));

	private static final double MAX_OTHER_CPU = Double.parseDouble(System.getProperty("load.max-other-cpu", "0.10"));

	private static final String PROFILE = System.getProperty("load.profile", "auto");

	private static final int PROFILE_SECONDS = Integer.getInteger("load.profile-seconds", 30);

	private static final Path WORK_DIR = Path.of(System.getProperty("load.work-dir", "/tmp/loadrun")).toAbsolutePath();

	private static final long CLOCK_TICKS = clockTicks();

	private static final String NOT_OURS = "(not hardening's: the container, Spring MVC, the controllers)";

	private static final String OUTSIDE = "(outside the filter chain: the connector, background threads)";

	private static final List<String> NOT_OURS_FROM_HERE = List.of("org.apache.catalina.core.ApplicationFilterChain",
			"org.springframework.web.servlet.DispatcherServlet", "org.apache.catalina.connector.OutputBuffer");

	private LoadRun() {
	}

	public static void main(String[] args) throws Exception {
		String classpath = sampleClasspath(Path.of((args.length > 0) ? args[0] : "hardening-samples"));
		Files.createDirectories(WORK_DIR);
		run("taskset", "-a", "-cp", Integer.toString(CLIENT_CPU), Long.toString(ProcessHandle.current().pid()));
		App hardened = new App("hardened", 18081, hardenedArguments());
		App bare = new App("bare", 18082, bareArguments());
		List<App> apps = List.of(hardened, bare);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> apps.forEach(App::stop)));
		print("LoadRun %s: java %s, app CPU %d, client CPU %d, %d connections, bursts of %d s", Instant.now(),
				System.getProperty("java.version"), APP_CPU, CLIENT_CPU, CONNECTIONS, BURST_SECONDS);
		try {
			for (App app : apps) {
				app.start(classpath);
			}
			for (App app : apps) {
				app.awaitReady();
				print("%s: pid %d, port %d, %s", app.name, app.pid(), app.port, String.join(" ", app.arguments));
			}
			String etag = exchange(hardened.port, new Request("/projects/1", null)).etag;
			if (etag == null) {
				throw new IllegalStateException("GET /projects/1 on the hardened app has no ETag");
			}
			List<Request> mix = List.of(new Request("/projects/1", null), new Request("/projects?page=1&size=20", null),
					new Request("/events?size=20", null), new Request("/projects/1", etag));
			print("%n%-9s %-40s %6s %9s %11s", "app", "request", "status", "body (B)", "header (B)");
			for (App app : apps) {
				for (Request request : mix) {
					Response response = exchange(app.port, request);
					print("%-9s %-40s %6d %9d %11d", app.name, request, response.status, response.bodyBytes,
							response.headerBytes);
				}
			}

			print("%nWarm-up: until each app's last two bursts agree within %.0f%% in CPU per request (%d to %d rounds)",
					WARMUP_TOLERANCE * 100, WARMUP_MIN, WARMUP_MAX);
			Burst.printHeader();
			warmUp(apps, mix);
			print("%nMeasurement: %d bursts per app, alternating", BURSTS);
			Burst.printHeader();
			List<Burst> measured = measure(apps, mix);
			double[] h = medians(measured, hardened);
			double[] b = medians(measured, bare);
			summarize(h, b);
			if ("always".equals(PROFILE) || ("auto".equals(PROFILE) && b[0] / h[0] < GOAL)) {
				profile(hardened, apps, mix, h[0]);
			}
		}
		finally {
			apps.forEach(App::stop);
		}
	}

	private static List<String> hardenedArguments() {
		String p0 = "--hardening.rate-limit.policies[0].";
		String p1 = "--hardening.rate-limit.policies[1].";
		String p2 = "--hardening.rate-limit.policies[2].";
		List<String> arguments = new ArrayList<>(List.of(p0 + "name=per-ip", p0 + "paths=/**",
				p0 + "exclude-paths=/actuator/health/**,/upstream/**", p0 + "key=ip", p0 + "limits[0].capacity=1000000000", p0 + "limits[0].period=1h", p1 + "name=api-key",
				p1 + "paths=/projects/**", p1 + "key=header:X-API-Key", p1 + "on-missing-key=skip",
				p1 + "limits[0].capacity=20", p1 + "limits[0].period=1s", p1 + "limits[1].capacity=1000",
				p1 + "limits[1].period=1h", p2 + "name=registration", p2 + "key=ip", p2 + "limits[0].capacity=5",
				p2 + "limits[0].period=1m"));
		String extra = System.getProperty("load.hardened-extra", "").strip();
		if (!extra.isEmpty()) {
			arguments.addAll(List.of(extra.split("\\s+")));
		}
		return arguments;
	}

	private static List<String> bareArguments() {
		return List.of("--hardening.errors.enabled=false", "--hardening.request-id.enabled=false",
				"--hardening.rate-limit.enabled=false", "--hardening.resilience.enabled=false",
				"--hardening.web.enabled=false", "--hardening.jdbc.enabled=false", "--hardening.etag.paths=",
				"--hardening.etag.cache-control=", "--hardening.etag.error-cache-control=",
				"--hardening.etag.compression-defaults=false");
	}

	/** The sample's classes and its runtime dependencies, as the build command in the class comment writes them. */
	private static String sampleClasspath(Path module) throws IOException {
		Path classes = module.resolve("target/classes");
		Path dependencies = module.resolve("target/runtime.classpath");
		if (!Files.isDirectory(classes) || !Files.isRegularFile(dependencies)) {
			throw new IllegalStateException("No " + classes + " or " + dependencies
					+ ": build them first with the command in LoadRun's javadoc, from the project's root");
		}
		return classes.toAbsolutePath() + java.io.File.pathSeparator + Files.readString(dependencies).trim();
	}

	// ---------------------------------------------------------------- phases

	private static void warmUp(List<App> apps, List<Request> mix) throws Exception {
		Map<App, List<Double>> cpuPerRequest = new HashMap<>();
		for (int round = 1; round <= WARMUP_MAX; round++) {
			for (App app : alternate(apps, round)) {
				cpuPerRequest.computeIfAbsent(app, (a) -> new ArrayList<>())
					.add(burst("warm-up", round, app, apps, mix, BURST_SECONDS).cpuMicrosPerRequest());
			}
			if (round >= WARMUP_MIN && apps.stream().allMatch((app) -> converged(cpuPerRequest.get(app)))) {
				print("warm-up done after %d rounds", round);
				return;
			}
		}
		print("WARNING: warm-up did not converge in %d rounds; measuring anyway", WARMUP_MAX);
	}

	private static boolean converged(List<Double> cpuPerRequest) {
		if (cpuPerRequest.size() < 2) {
			return false;
		}
		double a = cpuPerRequest.get(cpuPerRequest.size() - 2);
		double b = cpuPerRequest.get(cpuPerRequest.size() - 1);
		return Math.abs(a - b) / Math.min(a, b) <= WARMUP_TOLERANCE;
	}

	private static List<Burst> measure(List<App> apps, List<Request> mix) throws Exception {
		List<Burst> measured = new ArrayList<>();
		int again = 0;
		for (int round = 1; round <= BURSTS; round++) {
			for (App app : alternate(apps, round)) {
				Burst burst = burst("measure", round, app, apps, mix, BURST_SECONDS);
				for (int tries = 0; burst.disturbed && tries < 2; tries++) {
					again++;
					burst = burst("again", round, app, apps, mix, BURST_SECONDS);
				}
				measured.add(burst);
			}
		}
		print("%d disturbed bursts run again; %d of the %d kept were disturbed too", again,
				measured.stream().filter((b) -> b.disturbed).count(), measured.size());
		return measured;
	}

	/** The apps in turn, the first one first in odd rounds: neither always runs right after the other. */
	private static List<App> alternate(List<App> apps, int round) {
		return (round % 2 == 1) ? apps : List.of(apps.get(1), apps.get(0));
	}

	/** Prints the medians and their ratios; the goal is about bare / hardened CPU per request. */
	private static void summarize(double[] h, double[] b) {
		double ratio = b[0] / h[0];
		print("%nMedians of %d bursts per app (%d s each, %d connections)", BURSTS, BURST_SECONDS, CONNECTIONS);
		print("| | hardened | bare | hardened / bare |");
		print("|---|---|---|---|");
		print("| CPU per request (µs) | %.1f | %.1f | %.3f |", h[0], b[0], h[0] / b[0]);
		print("| requests per CPU second | %.0f | %.0f | **%.3f** |", 1e6 / h[0], 1e6 / b[0], ratio);
		print("| throughput of the bursts (req/s) | %.0f | %.0f | %.3f |", h[1], b[1], h[1] / b[1]);
		print("| p99 latency (ms) | %.2f | %.2f | %.3f |", h[2] / 1000, b[2] / 1000, h[2] / b[2]);
		print("| app CPU use during a burst | %.0f%% | %.0f%% | |", h[3] * 100, b[3] * 100);
		print("goal: the hardened app keeps at least %.2fx the bare one's requests per CPU second: %.3f, %s", GOAL,
				ratio, (ratio >= GOAL) ? "MET" : "MISSED");
	}

	/** Medians of an app's bursts: CPU µs per request, requests/s, p99 µs, CPU use. */
	private static double[] medians(List<Burst> measured, App app) {
		List<Burst> bursts = measured.stream().filter((b) -> b.app == app).toList();
		return new double[] { median(bursts.stream().mapToDouble(Burst::cpuMicrosPerRequest).toArray()),
				median(bursts.stream().mapToDouble(Burst::throughput).toArray()),
				median(bursts.stream().mapToDouble((b) -> b.p99Micros).toArray()),
				median(bursts.stream().mapToDouble(Burst::appUtilisation).toArray()) };
	}

	/**
	 * One burst of an app under JFR (default settings, Java stacks sampled every millisecond), and
	 * whose work its samples were. Starting a recording makes the JIT start over on much of the
	 * code, so bursts run first until two agree again, as in the warm-up; only samples of the last
	 * burst count. {@code cpuMicrosPerRequest}, the app's median without JFR, turns shares into
	 * estimates of microseconds per request.
	 */
	private static void profile(App app, List<App> apps, List<Request> mix, double cpuMicrosPerRequest) throws Exception {
		Path recording = WORK_DIR.resolve(app.name + ".jfr");
		Files.deleteIfExists(recording);
		print("%nProfile: the %s app under JFR (settings=default method-profiling=max), %s", app.name, recording);
		Burst.printHeader();
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		String pid = Long.toString(app.pid());
		run(jcmd, pid, "JFR.start", "name=loadrun", "settings=default", "method-profiling=max", "filename=" + recording);
		List<Double> settling = new ArrayList<>();
		for (int round = 1; round <= WARMUP_MAX && (round <= 2 || !converged(settling)); round++) {
			settling.add(burst("settle", round, app, apps, mix, BURST_SECONDS).cpuMicrosPerRequest());
		}
		Instant from = Instant.now();
		burst("profile", 1, app, apps, mix, PROFILE_SECONDS);
		run(jcmd, pid, "JFR.stop", "name=loadrun");

		Map<String, Integer> owners = new HashMap<>();
		Map<String, Map<String, Integer>> callees = new HashMap<>();
		int samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
			if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStartTime().isAfter(from)
					&& event.getStackTrace() != null && !event.getStackTrace().getFrames().isEmpty()) {
				List<RecordedFrame> frames = event.getStackTrace().getFrames();
				int at = owner(frames);
				String owner = (at < 0) ? OUTSIDE : (at == frames.size()) ? NOT_OURS : className(frames.get(at));
				samples++;
				owners.merge(owner, 1, Integer::sum);
				if (at > 0 && at < frames.size()) {
					RecordedFrame callee = frames.get(at - 1);
					callees.computeIfAbsent(owner, (o) -> new HashMap<>())
						.merge(callee.getMethod().getType().getName() + "." + callee.getMethod().getName(), 1,
								Integer::sum);
				}
			}
		}
		print("%n%,d execution samples. Whose work each is (see LoadRun.owner), and about how many µs per request"
				+ " that is of the %.1f µs measured without JFR:", samples, cpuMicrosPerRequest);
		List<String> ranked = ranked(owners);
		for (String owner : ranked.subList(0, Math.min(25, ranked.size()))) {
			double share = (double) owners.get(owner) / samples;
			print("  %6d %5.1f%% %6.1f µs  %s", owners.get(owner), share * 100, share * cpuMicrosPerRequest, owner);
		}
		List<String> ours = ranked.stream().filter((o) -> o.startsWith("dev.")).limit(3).toList();
		for (String owner : ours) {
			print("%nWhat %s calls, by share of its own samples:", owner);
			Map<String, Integer> calls = callees.getOrDefault(owner, Map.of());
			int total = owners.get(owner);
			for (String callee : ranked(calls).subList(0, Math.min(6, calls.size()))) {
				print("  %6d %5.1f%%  %s", calls.get(callee), 100.0 * calls.get(callee) / total, callee);
			}
		}
	}

	/**
	 * Whose work a sample is: walking from the top frame down, the first frame of a
	 * {@code dev.hardening} class (the sample's own classes do not count), whose index is returned;
	 * unless a frame of the servlet filter chain, of the {@code DispatcherServlet} or of Tomcat's
	 * response {@code OutputBuffer} comes first: then it is work that a filter passed on, such as the
	 * controller's, or the container writing a body through a filter's response wrapper, and the
	 * answer is {@code frames.size()}. -1 when neither is on the stack.
	 */
	private static int owner(List<RecordedFrame> frames) {
		for (int i = 0; i < frames.size(); i++) {
			String type = frames.get(i).getMethod().getType().getName();
			if (type.startsWith("dev.hardening.") && !type.startsWith("dev.hardening.samples.")) {
				return i;
			}
			if (NOT_OURS_FROM_HERE.contains(type)) {
				return frames.size();
			}
		}
		return -1;
	}

	/** The frame's class, or for a nested class its outermost class. */
	private static String className(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		int nested = type.indexOf('$');
		return (nested < 0) ? type : type.substring(0, nested);
	}

	private static List<String> ranked(Map<String, Integer> counts) {
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.map(Map.Entry::getKey)
			.toList();
	}

	// ---------------------------------------------------------------- the apps and bursts

	static final class App {

		final String name;

		final int port;

		final List<String> arguments;

		private @Nullable Process process;

		App(String name, int port, List<String> arguments) {
			this.name = name;
			this.port = port;
			this.arguments = arguments;
		}

		void start(String classpath) throws IOException {
			List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(APP_CPU),
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms512m", "-Xmx512m",
					"-XX:+UseSerialGC", "-XX:FlightRecorderOptions:stackdepth=256", "-cp", classpath, MAIN_CLASS,
					"--server.port=" + this.port));
			command.addAll(this.arguments);
			// taskset execs the JVM, so the process's pid is the JVM's
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(WORK_DIR.resolve(this.name + ".out").toFile())
				.start();
		}

		void awaitReady() throws Exception {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (true) {
				if (!process().isAlive() || System.nanoTime() > deadline) {
					throw new IllegalStateException(this.name + " did not start: see " + WORK_DIR.resolve(this.name + ".out"));
				}
				try {
					if (exchange(this.port, new Request("/projects/1", null)).status == 200) {
						return;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				Thread.sleep(250);
			}
		}

		long pid() {
			return process().pid();
		}

		private Process process() {
			if (this.process == null) {
				throw new IllegalStateException(this.name + " is not started");
			}
			return this.process;
		}

		void stop() {
			if (this.process != null) {
				this.process.destroy();
				try {
					if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
						this.process.destroyForcibly();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

	/**
	 * Runs one burst against {@code app} and prints it. The apps' CPU ticks are read before and
	 * after; the ticks of both CPUs not spent by the apps or this process are what else ran.
	 */
	private static Burst burst(String phase, int round, App app, List<App> apps, List<Request> mix, int duration)
			throws Exception {
		Thread.sleep(300);
		long[] before = ticks(apps);
		long start = System.nanoTime();
		long deadline = start + TimeUnit.SECONDS.toNanos(duration);
		Worker[] workers = new Worker[CONNECTIONS];
		Thread[] threads = new Thread[CONNECTIONS];
		for (int i = 0; i < CONNECTIONS; i++) {
			workers[i] = new Worker(app.port, mix, i, deadline);
			threads[i] = new Thread(workers[i], "load-" + i);
			threads[i].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] after = ticks(apps);
		long[] delta = new long[before.length];
		Arrays.setAll(delta, (i) -> after[i] - before[i]);

		Burst burst = new Burst(phase, round, app, seconds);
		burst.appTicks = delta[apps.indexOf(app)];
		double wallTicks = seconds * CLOCK_TICKS;
		// delta: apps..., this process, app CPU, client CPU
		long appsTicks = Arrays.stream(delta, 0, apps.size()).sum();
		burst.otherOnAppCpu = Math.max(0, delta[apps.size() + 1] - appsTicks) / wallTicks;
		burst.otherOnClientCpu = Math.max(0, delta[apps.size() + 2] - delta[apps.size()]) / wallTicks;
		burst.disturbed = burst.otherOnAppCpu > MAX_OTHER_CPU || burst.otherOnClientCpu > MAX_OTHER_CPU;
		int[] latencies = new int[0];
		for (Worker worker : workers) {
			int at = latencies.length;
			latencies = Arrays.copyOf(latencies, at + worker.latencyCount);
			System.arraycopy(worker.latencies, 0, latencies, at, worker.latencyCount);
			burst.notModified += worker.notModified;
			burst.otherStatus += worker.otherStatus;
			burst.errors += worker.errors;
		}
		Arrays.sort(latencies);
		burst.requests = latencies.length;
		burst.p99Micros = (latencies.length == 0) ? 0
				: latencies[Math.max(0, (int) Math.ceil(0.99 * latencies.length) - 1)];
		burst.print();
		return burst;
	}

	/** utime + stime of each app and of this process, then user + nice + system of the app and client CPUs. */
	private static long[] ticks(List<App> apps) throws IOException {
		long[] ticks = new long[apps.size() + 3];
		for (int i = 0; i < apps.size(); i++) {
			ticks[i] = processTicks(apps.get(i).pid());
		}
		ticks[apps.size()] = processTicks(ProcessHandle.current().pid());
		for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
			String[] f = line.split("\\s+");
			long busy = (f.length > 3 && f[0].startsWith("cpu"))
					? Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) : 0;
			if (f[0].equals("cpu" + APP_CPU)) {
				ticks[apps.size() + 1] = busy;
			}
			else if (f[0].equals("cpu" + CLIENT_CPU)) {
				ticks[apps.size() + 2] = busy;
			}
		}
		return ticks;
	}

	/** Fields 14 and 15 of /proc/pid/stat, utime and stime, in clock ticks. */
	private static long processTicks(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	static final class Burst {

		final String phase;

		final int round;

		final App app;

		final double seconds;

		long requests;

		long notModified;

		long otherStatus;

		long errors;

		long appTicks;

		int p99Micros;

		double otherOnAppCpu;

		double otherOnClientCpu;

		boolean disturbed;

		Burst(String phase, int round, App app, double seconds) {
			this.phase = phase;
			this.round = round;
			this.app = app;
			this.seconds = seconds;
		}

		double cpuMicrosPerRequest() {
			return this.appTicks * 1e6 / CLOCK_TICKS / this.requests;
		}

		double throughput() {
			return this.requests / this.seconds;
		}

		double appUtilisation() {
			return this.appTicks / (this.seconds * CLOCK_TICKS);
		}

		static void printHeader() {
			LoadRun.print("%-8s %3s %-8s %8s %7s %7s %5s %7s %5s %5s %4s %5s %5s", "phase", "#", "app", "requests", "req/s",
					"us/req", "util", "p99 us", "304", "other", "err", "oth0", "oth1");
		}

		void print() {
			LoadRun.print("%-8s %3d %-8s %8d %7.0f %7.1f %4.0f%% %7d %5d %5d %4d %4.0f%% %4.0f%%%s", this.phase, this.round,
					this.app.name, this.requests, throughput(), cpuMicrosPerRequest(), appUtilisation() * 100,
					this.p99Micros, this.notModified, this.otherStatus, this.errors, this.otherOnAppCpu * 100,
					this.otherOnClientCpu * 100, this.disturbed ? "  disturbed" : "");
		}

	}

	// ---------------------------------------------------------------- the client

	/** One connection's requests, round-robin through the mix from {@code offset}, until the deadline. */
	static final class Worker implements Runnable {

		private final int port;

		private final List<Request> mix;

		private final int offset;

		private final long deadline;

		int[] latencies = new int[1 << 15];

		int latencyCount;

		long notModified;

		long otherStatus;

		long errors;

		Worker(int port, List<Request> mix, int offset, long deadline) {
			this.port = port;
			this.mix = mix;
			this.offset = offset;
			this.deadline = deadline;
		}

		@Override
		public void run() {
			Connection connection = null;
			for (int next = this.offset; System.nanoTime() < this.deadline; next++) {
				try {
					if (connection == null) {
						connection = new Connection(this.port);
					}
					long start = System.nanoTime();
					Response response = connection.exchange(this.mix.get(next % this.mix.size()));
					if (this.latencyCount == this.latencies.length) {
						this.latencies = Arrays.copyOf(this.latencies, this.latencyCount * 2);
					}
					this.latencies[this.latencyCount++] = (int) ((System.nanoTime() - start) / 1000);
					if (response.status == 304) {
						this.notModified++;
					}
					else if (response.status != 200) {
						this.otherStatus++;
					}
					if (response.close) {
						connection.close();
						connection = null;
					}
				}
				catch (IOException ex) {
					this.errors++;
					if (connection != null) {
						connection.close();
						connection = null;
					}
				}
			}
			if (connection != null) {
				connection.close();
			}
		}

	}

	record Request(String target, @Nullable String ifNoneMatch, byte[] bytes) {

		Request(String target, @Nullable String ifNoneMatch) {
			this(target, ifNoneMatch, ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
					+ "Origin: http://localhost:3000\r\nUser-Agent: hardening-loadrun/1\r\nAccept: application/json\r\n"
					+ ((ifNoneMatch != null) ? "If-None-Match: " + ifNoneMatch + "\r\n" : "") + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		}

		@Override
		public String toString() {
			return "GET " + this.target + ((this.ifNoneMatch != null) ? ", If-None-Match" : "");
		}

	}

	record Response(int status, int headerBytes, long bodyBytes, @Nullable String etag, boolean close) {
	}

	static Response exchange(int port, Request request) throws IOException {
		try (Connection connection = new Connection(port)) {
			return connection.exchange(request);
		}
	}

	/** HTTP/1.1 over one keep-alive socket: what the mix needs, no more. */
	static final class Connection implements Closeable {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		private final byte[] buffer = new byte[16384];

		private int position;

		private int limit;

		Connection(int port) throws IOException {
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			this.socket.setSoTimeout(30_000);
			this.in = this.socket.getInputStream();
			this.out = this.socket.getOutputStream();
		}

		Response exchange(Request request) throws IOException {
			this.out.write(request.bytes);
			String statusLine = readLine();
			if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
				throw new IOException("Not a status line: " + statusLine);
			}
			int status = Integer.parseInt(statusLine.substring(9, 12));
			int headerBytes = statusLine.length() + 2;
			long contentLength = -1;
			boolean chunked = false;
			boolean close = false;
			String etag = null;
			for (String line = readLine(); !line.isEmpty(); line = readLine()) {
				headerBytes += line.length() + 2;
				int colon = line.indexOf(':');
				String value = line.substring(colon + 1).trim();
				switch (line.substring(0, colon).toLowerCase(Locale.ROOT)) {
					case "content-length" -> contentLength = Long.parseLong(value);
					case "transfer-encoding" -> chunked = value.contains("chunked");
					case "connection" -> close = value.contains("close");
					case "etag" -> etag = value;
					default -> {
					}
				}
			}
			long body = 0;
			if (status == 304) {
				body = 0;
			}
			else if (chunked) {
				for (long chunk = chunkSize(); chunk > 0; chunk = chunkSize()) {
					skip(chunk + 2);
					body += chunk;
				}
				while (!readLine().isEmpty()) {
					// trailers
				}
			}
			else if (contentLength >= 0) {
				skip(contentLength);
				body = contentLength;
			}
			else {
				throw new IOException("A response without a length");
			}
			return new Response(status, headerBytes, body, etag, close);
		}

		private long chunkSize() throws IOException {
			String line = readLine();
			int extension = line.indexOf(';');
			return Long.parseLong((extension < 0) ? line : line.substring(0, extension), 16);
		}

		private String readLine() throws IOException {
			StringBuilder line = new StringBuilder(64);
			while (true) {
				if (this.position == this.limit) {
					fill();
				}
				char c = (char) (this.buffer[this.position++] & 0xff);
				if (c == '\n') {
					int length = line.length();
					return (length > 0 && line.charAt(length - 1) == '\r') ? line.substring(0, length - 1)
							: line.toString();
				}
				line.append(c);
			}
		}

		private void skip(long bytes) throws IOException {
			long left = bytes;
			while (left > 0) {
				if (this.position == this.limit) {
					fill();
				}
				int n = (int) Math.min(left, this.limit - this.position);
				this.position += n;
				left -= n;
			}
		}

		private void fill() throws IOException {
			int n = this.in.read(this.buffer);
			if (n < 0) {
				throw new EOFException();
			}
			this.position = 0;
			this.limit = n;
		}

		@Override
		public void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

	}

	// ---------------------------------------------------------------- small things

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
		}
	}

	private static long clockTicks() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
			return Long.parseLong(new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
		}
		catch (IOException | NumberFormatException ex) {
			throw new IllegalStateException("getconf CLK_TCK failed", ex);
		}
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	static void print(String format, Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
	}

}
