package dev.hardening.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One burst of load on one application and path: its connections kept busy for a while, and what
 * it cost the application, divided by the requests it answered. Two CPU times: its Java threads'
 * (from the application itself: the connector and the request threads, without the JIT compiler's
 * and the garbage collector's threads, whose work comes in bursts a 2-second window cuts at random),
 * the measure the ratios are taken on, and the whole JVM's utime + stime from
 * {@code /proc/<pid>/stat}, printed beside it. Allocation is the bytes its threads allocated, from
 * the application itself; the JIT's compile time during the burst shows whether it was still
 * warming up. The ticks of
 * both CPUs not spent by the applications or this process are what else ran: above a threshold the
 * burst is marked disturbed.
 */
final class LoadBurst {

	static final long CLOCK_TICKS = clockTicks();

	final String phase;

	final int round;

	final LoadAppProcess app;

	final String path;

	double seconds;

	long requests;

	long otherStatus;

	long errors;

	long appTicks;

	long threadCpuNanos;

	long jitMillis;

	long allocated;

	int p99Micros;

	double otherOnAppCpu;

	double otherOnClientCpu;

	boolean disturbed;

	private LoadBurst(String phase, int round, LoadAppProcess app, String path) {
		this.phase = phase;
		this.round = round;
		this.app = app;
		this.path = path;
	}

	/**
	 * Runs a burst and prints it.
	 * @param settings the run's settings
	 * @param phase the phase, for the report
	 * @param round the round, for the report
	 * @param app the application
	 * @param apps all applications, whose CPU time is not another process's
	 * @param path the path's name
	 * @param requests the requests, round-robin on each connection
	 * @param seconds how long
	 * @return the burst
	 */
	static LoadBurst run(LoadSettings settings, String phase, int round, LoadAppProcess app, List<LoadAppProcess> apps,
			String path, List<LoadClient.Request> requests, int seconds) throws Exception {
		Thread.sleep(200);
		long[] statsBefore = app.stats();
		long[] before = ticks(settings, apps);
		long start = System.nanoTime();
		long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
		LoadClient.Worker[] workers = new LoadClient.Worker[settings.connections()];
		Thread[] threads = new Thread[workers.length];
		for (int i = 0; i < workers.length; i++) {
			List<LoadClient.Request> rotated = new java.util.ArrayList<>(requests);
			java.util.Collections.rotate(rotated, i);
			workers[i] = new LoadClient.Worker(app.port, rotated, deadline);
			threads[i] = new Thread(workers[i], "load-" + i);
			threads[i].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		LoadBurst burst = new LoadBurst(phase, round, app, path);
		burst.seconds = (System.nanoTime() - start) / 1e9;
		long[] after = ticks(settings, apps);
		long[] statsAfter = app.stats();
		burst.allocated = statsAfter[0] - statsBefore[0];
		burst.threadCpuNanos = statsAfter[1] - statsBefore[1];
		burst.jitMillis = statsAfter[2] - statsBefore[2];
		long[] delta = new long[before.length];
		Arrays.setAll(delta, (i) -> after[i] - before[i]);
		burst.appTicks = delta[apps.indexOf(app)];
		double wallTicks = burst.seconds * CLOCK_TICKS;
		// delta: apps..., this process, app CPU, client CPU
		long appsTicks = Arrays.stream(delta, 0, apps.size()).sum();
		burst.otherOnAppCpu = Math.max(0, delta[apps.size() + 1] - appsTicks) / wallTicks;
		burst.otherOnClientCpu = Math.max(0, delta[apps.size() + 2] - delta[apps.size()]) / wallTicks;
		burst.disturbed = burst.otherOnAppCpu > settings.maxOtherCpu() || burst.otherOnClientCpu > settings.maxOtherCpu();
		int[] latencies = new int[0];
		for (LoadClient.Worker worker : workers) {
			int at = latencies.length;
			latencies = Arrays.copyOf(latencies, at + worker.latencyCount);
			System.arraycopy(worker.latencies, 0, latencies, at, worker.latencyCount);
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

	/**
	 * Whether the JIT compiled for more than this share of the burst: the application was still
	 * warming up, or recompiling, and its CPU time per request may not be (or not now) its steady one.
	 */
	boolean compiling(double share) {
		return this.jitMillis > this.seconds * 1000 * share;
	}

	/** The Java threads' CPU time per request: the measure the ratios are taken on. */
	double cpuMicrosPerRequest() {
		return this.threadCpuNanos / 1e3 / this.requests;
	}

	/** The whole JVM's CPU time per request, its JIT compiler and garbage collector included. */
	double processMicrosPerRequest() {
		return this.appTicks * 1e6 / CLOCK_TICKS / this.requests;
	}

	double bytesPerRequest() {
		return (double) this.allocated / this.requests;
	}

	double throughput() {
		return this.requests / this.seconds;
	}

	double appUtilisation() {
		return this.appTicks / (this.seconds * CLOCK_TICKS);
	}

	static void printHeader() {
		LoadRun.print("%-8s %3s %-26s %-6s %8s %7s %7s %7s %6s %9s %5s %7s %5s %4s %5s %5s", "phase", "#", "variant",
				"path", "requests", "req/s", "us/req", "jvm us", "jit ms", "B/req", "util", "p99 us", "other", "err", "oth0",
				"oth1");
	}

	void print() {
		LoadRun.print("%-8s %3d %-26s %-6s %8d %7.0f %7.1f %7.1f %6d %9.0f %4.0f%% %7d %5d %4d %4.0f%% %4.0f%%%s",
				this.phase, this.round, this.app.label(), this.path, this.requests, throughput(),
				cpuMicrosPerRequest(), processMicrosPerRequest(), this.jitMillis, bytesPerRequest(), appUtilisation() * 100, this.p99Micros, this.otherStatus, this.errors,
				this.otherOnAppCpu * 100, this.otherOnClientCpu * 100, this.disturbed ? "  disturbed" : "");
	}

	/** utime + stime of each app and of this process, then user + nice + system of the app and client CPUs. */
	private static long[] ticks(LoadSettings settings, List<LoadAppProcess> apps) throws IOException {
		long[] ticks = new long[apps.size() + 3];
		for (int i = 0; i < apps.size(); i++) {
			ticks[i] = processTicks(apps.get(i).pid());
		}
		ticks[apps.size()] = processTicks(ProcessHandle.current().pid());
		for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
			String[] f = line.split("\\s+");
			long busy = (f.length > 3 && f[0].startsWith("cpu"))
					? Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) : 0;
			if (f[0].equals("cpu" + settings.appCpu())) {
				ticks[apps.size() + 1] = busy;
			}
			else if (f[0].equals("cpu" + settings.clientCpu())) {
				ticks[apps.size() + 2] = busy;
			}
		}
		return ticks;
	}

	/** Fields 14 and 15 of /proc/pid/stat, utime and stime, in clock ticks. */
	static long processTicks(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static long clockTicks() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
			return Long.parseLong(new String(getconf.getInputStream().readAllBytes(),
					java.nio.charset.StandardCharsets.US_ASCII).trim());
		}
		catch (IOException | NumberFormatException ex) {
			throw new IllegalStateException("getconf CLK_TCK failed", ex);
		}
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s %s %.1f us", this.app.label(), this.path, cpuMicrosPerRequest());
	}

}
