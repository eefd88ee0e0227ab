package dev.hardening.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.hardening.benchmarks.load.LoadApp;
import org.jspecify.annotations.Nullable;

/**
 * One variant's {@link LoadApp} in a JVM of its own, pinned to the application CPU: started,
 * awaited, asked how many bytes its threads have allocated, stopped. Its output goes to
 * {@code <work dir>/<variant>.out}.
 */
final class LoadAppProcess {

	final LoadVariant variant;

	final int port;

	private final Path output;

	private @Nullable Process process;

	private long startedAt;

	long startupMillis;

	LoadAppProcess(LoadVariant variant, int port, Path workDir) {
		this.variant = variant;
		this.port = port;
		this.output = workDir.resolve(variant.name().replace(':', '-') + "-" + port + ".out");
	}

	/** The variant's name and this JVM's port, which tells apart the JVMs of one variant. */
	String label() {
		return this.variant.name() + "@" + this.port;
	}

	/**
	 * The benchmarks module's runtime classpath, as the command in {@link LoadRun}'s javadoc writes
	 * it: its classes and its dependencies, without slf4j-simple (the application logs through
	 * Boot's Logback) and, for a variant without the starter, without hardening's jars.
	 */
	static String classpath(Path module, boolean starter) throws IOException {
		Path classes = module.resolve("target/classes");
		Path dependencies = module.resolve("target/runtime.classpath");
		if (!Files.isDirectory(classes) || !Files.isRegularFile(dependencies)) {
			throw new IllegalStateException("No " + classes + " or " + dependencies
					+ ": build them first with the command in LoadRun's javadoc, from the project's root");
		}
		List<String> entries = new ArrayList<>();
		entries.add(classes.toAbsolutePath().toString());
		for (String entry : Files.readString(dependencies).trim().split(File.pathSeparator)) {
			String name = Path.of(entry).getFileName().toString();
			boolean hardening = name.startsWith("hardening-core") || name.startsWith("hardening-spring-boot-starter");
			if (!name.startsWith("slf4j-simple") && (starter || !hardening)) {
				entries.add(entry);
			}
		}
		if (starter && entries.stream().noneMatch((entry) -> entry.contains("hardening-spring-boot-starter"))) {
			throw new IllegalStateException("The starter is not in " + dependencies);
		}
		return entries.stream().collect(Collectors.joining(File.pathSeparator));
	}

	void start(String classpath, int cpu, String heap) throws IOException {
		start(classpath, cpu, heap, List.of());
	}

	void start(String classpath, int cpu, String heap, List<String> more) throws IOException {
		start(classpath, cpu, heap, List.of(), more);
	}

	void start(String classpath, int cpu, String heap, List<String> jvmOptions, List<String> more) throws IOException {
		List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu),
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms" + heap, "-Xmx" + heap,
				"-XX:+UseSerialGC", "-XX:FlightRecorderOptions:stackdepth=256"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classpath, LoadApp.class.getName(), "--server.port=" + this.port,
				"--load.work-dir=" + this.output.toAbsolutePath().getParent()));
		command.addAll(this.variant.arguments());
		command.addAll(more);
		this.startedAt = System.nanoTime();
		// taskset execs the JVM, so the process's pid is the JVM's
		this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(this.output.toFile()).start();
	}

	/**
	 * Moves the JVM's JIT compiler threads to another CPU (their names start with {@code C1} or
	 * {@code C2 CompilerThread}); for a JVM started with {@code -XX:-UseDynamicNumberOfCompilerThreads},
	 * so that all of them exist from the start; and gives them a nice value, so that on that CPU
	 * they come before what else runs there (the client).
	 * @param cpu the CPU
	 * @param nice their nice value, {@code 0} to leave theirs
	 * @return how many threads were moved
	 */
	int moveCompilerThreads(int cpu, int nice) throws IOException, InterruptedException {
		int moved = 0;
		try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
			for (Path task : tasks.toList()) {
				String name = Files.readString(task.resolve("comm")).trim();
				if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
					Process taskset = new ProcessBuilder("taskset", "-p", "-c", Integer.toString(cpu),
							task.getFileName().toString())
						.redirectErrorStream(true)
						.redirectOutput(ProcessBuilder.Redirect.DISCARD)
						.start();
					if (taskset.waitFor() != 0) {
						throw new IOException("taskset could not move " + name + " of " + label());
					}
					if (nice != 0) {
						renice(task.getFileName().toString(), nice, name);
					}
					moved++;
				}
			}
		}
		return moved;
	}

	private void renice(String thread, int nice, String name) throws IOException, InterruptedException {
		Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", thread)
			.redirectErrorStream(true)
			.start();
		String out = new String(renice.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		if (renice.waitFor() != 0 && !reniceRefused) {
			reniceRefused = true;
			LoadRun.print("renice -n %d refused for %s of %s (the JIT keeps its priority): %s", nice, name, label(),
					out.trim());
		}
	}

	/** Whether a renice was refused already, said once a run. */
	private static volatile boolean reniceRefused;

	void awaitReady() throws Exception {
		awaitReady(List.of(this));
	}

	/**
	 * Waits for applications started together, asking each in turn, so that each one's startup
	 * time ends when it answers, whichever answers first.
	 */
	static void awaitReady(List<LoadAppProcess> apps) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		List<LoadAppProcess> waiting = new ArrayList<>(apps);
		while (!waiting.isEmpty()) {
			for (LoadAppProcess app : List.copyOf(waiting)) {
				if (!app.process().isAlive() || System.nanoTime() > deadline) {
					throw new IllegalStateException(app.variant.name() + " did not start: see " + app.output);
				}
				if (app.answers()) {
					app.startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - app.startedAt);
					waiting.remove(app);
				}
			}
			if (!waiting.isEmpty()) {
				Thread.sleep(200);
			}
		}
	}

	private boolean answers() {
		try {
			return LoadClient.exchange(this.port, new LoadClient.Request("/small/1")).status() == 200;
		}
		catch (IOException ex) {
			return false; // not listening yet
		}
	}

	/** Moves every thread of the JVM to a CPU: one started on another CPU, to the application CPU. */
	void moveTo(int cpu) throws IOException, InterruptedException {
		Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(cpu), Long.toString(pid()))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (taskset.waitFor() != 0) {
			throw new IOException("taskset could not move " + label() + " to CPU " + cpu);
		}
	}

	/**
	 * What the application's Java threads have used so far.
	 * @return the bytes they allocated, the CPU nanoseconds they used (the JIT's and the garbage
	 * collector's threads are not Java threads: not counted) and the JIT's compile milliseconds
	 */
	long[] stats() throws IOException {
		LoadClient.Response response = LoadClient.exchange(this.port, new LoadClient.Request("/load/stats"));
		if (response.status() != 200) {
			throw new IOException(this.variant.name() + ": /load/stats answered " + response.status());
		}
		return java.util.Arrays.stream(response.body().trim().split(" ")).mapToLong(Long::parseLong).toArray();
	}

	long pid() {
		return process().pid();
	}

	Path output() {
		return this.output;
	}

	private Process process() {
		if (this.process == null) {
			throw new IllegalStateException(this.variant.name() + " is not started");
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
