package dev.hardening.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * One variant's bursts under JFR ({@code settings=default method-profiling=max}: Java stacks
 * sampled every millisecond or so), and whose work the samples were: each goes to the first
 * hardening class on its stack, counted from the top, unless the filter chain, the
 * {@code DispatcherServlet} or Tomcat's {@code OutputBuffer} comes first (work a filter only passed
 * on). Starting a recording makes the JIT start over on much of the code, so bursts run first
 * until, as in the warm-up, the JIT is done and two agree again; only the samples of the last burst
 * count.
 */
final class LoadProfile {

	private static final String NOT_OURS = "(not hardening's: the container, Spring MVC, the controllers)";

	private static final String OUTSIDE = "(outside the filter chain: the connector, background threads)";

	private static final List<String> NOT_OURS_FROM_HERE = List.of("org.apache.catalina.core.ApplicationFilterChain",
			"org.springframework.web.servlet.DispatcherServlet", "org.apache.catalina.connector.OutputBuffer");

	private LoadProfile() {
	}

	static void record(LoadSettings settings, LoadAppProcess app, List<LoadAppProcess> apps, String path,
			List<LoadClient.Request> requests, double cpuMicrosPerRequest) throws Exception {
		Path recording = settings.workDir().resolve(app.variant.name().replace(':', '-') + ".jfr");
		Files.deleteIfExists(recording);
		LoadRun.print("%nProfile: %s on %s under JFR (settings=default method-profiling=max), %s", app.variant.name(),
				path, recording);
		LoadBurst.printHeader();
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		String pid = Long.toString(app.pid());
		LoadRun.run(jcmd, pid, "JFR.start", "name=loadrun", "settings=default", "method-profiling=max",
				"filename=" + recording);
		List<LoadBurst> settling = new ArrayList<>();
		for (int round = 1; round <= settings.warmupMax() && (round <= 2 || !LoadRun.settled(settling, settings));
				round++) {
			settling.add(LoadBurst.run(settings, "settle", round, app, apps, path, requests, settings.burstSeconds()));
		}
		Instant from = Instant.now();
		LoadBurst profiled = LoadBurst.run(settings, "profile", 1, app, apps, path, requests, settings.profileSeconds());
		LoadRun.run(jcmd, pid, "JFR.stop", "name=loadrun");

		List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
		Map<String, Integer> owners = new HashMap<>();
		Map<String, Map<String, Integer>> callees = new HashMap<>();
		int samples = 0;
		for (RecordedEvent event : events) {
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
		LoadRun.print("%n%,d execution samples. Whose work each is, and about how many µs per request"
				+ " that is of the %.1f µs measured without JFR:", samples, cpuMicrosPerRequest);
		List<String> ranked = ranked(owners);
		for (String owner : ranked.subList(0, Math.min(25, ranked.size()))) {
			double share = (double) owners.get(owner) / samples;
			LoadRun.print("  %6d %5.1f%% %6.1f µs  %s", owners.get(owner), share * 100, share * cpuMicrosPerRequest,
					owner);
		}
		for (String owner : ranked.stream().filter((o) -> o.startsWith("dev.")).limit(3).toList()) {
			LoadRun.print("%nWhat %s calls, by share of its own samples:", owner);
			Map<String, Integer> calls = callees.getOrDefault(owner, Map.of());
			int total = owners.get(owner);
			for (String callee : ranked(calls).subList(0, Math.min(6, calls.size()))) {
				LoadRun.print("  %6d %5.1f%%  %s", calls.get(callee), 100.0 * calls.get(callee) / total, callee);
			}
		}
		allocations(events, from, profiled.bytesPerRequest());
	}

	/**
	 * Whose allocations the sampled ones were ({@code jdk.ObjectAllocationSample}, by weight: the
	 * bytes each sample stands for), owned as the CPU samples are, and at which frame outside the
	 * JDK each owner's allocations happened.
	 */
	private static void allocations(List<RecordedEvent> events, Instant from, double bytesPerRequest) {
		Map<String, Integer> owners = new HashMap<>();
		Map<String, Map<String, Integer>> sites = new HashMap<>();
		long total = 0;
		for (RecordedEvent event : events) {
			if (event.getEventType().getName().equals("jdk.ObjectAllocationSample") && event.getStartTime().isAfter(from)
					&& event.getStackTrace() != null && !event.getStackTrace().getFrames().isEmpty()) {
				List<RecordedFrame> frames = event.getStackTrace().getFrames();
				int at = owner(frames);
				String owner = (at < 0) ? OUTSIDE : (at == frames.size()) ? NOT_OURS : className(frames.get(at));
				// kilobytes, so that the counts fit an int
				int weight = (int) Math.max(1, event.getLong("weight") / 1024);
				total += weight;
				owners.merge(owner, weight, Integer::sum);
				frames.stream()
					.map((frame) -> frame.getMethod().getType().getName())
					.filter((type) -> !type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun."))
					.findFirst()
					.ifPresent((site) -> sites.computeIfAbsent(owner, (o) -> new HashMap<>()).merge(site, weight,
							Integer::sum));
			}
		}
		LoadRun.print("%nAllocation samples, by weight. Whose allocations, and about how many bytes per request that is"
				+ " of the %,.0f B measured under JFR, at the first frame outside the JDK:", bytesPerRequest);
		for (String owner : ranked(owners).subList(0, Math.min(15, owners.size()))) {
			double share = (double) owners.get(owner) / total;
			Map<String, Integer> at = sites.getOrDefault(owner, Map.of());
			LoadRun.print("  %5.1f%% %,8.0f B  %s  (at %s)", share * 100, share * bytesPerRequest, owner,
					ranked(at).isEmpty() ? "?" : ranked(at).get(0));
		}
	}

	/**
	 * Whose work a sample is: walking from the top frame down, the first frame of a
	 * {@code dev.hardening} class (the load application's own do not count), whose index is
	 * returned; unless a frame of the servlet filter chain, of the {@code DispatcherServlet} or of
	 * Tomcat's response {@code OutputBuffer} comes first: then it is work that a filter passed on,
	 * and the answer is {@code frames.size()}. -1 when neither is on the stack.
	 */
	private static int owner(List<RecordedFrame> frames) {
		for (int i = 0; i < frames.size(); i++) {
			String type = frames.get(i).getMethod().getType().getName();
			if (type.startsWith("dev.hardening.") && !type.startsWith("dev.hardening.benchmarks.")) {
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

}
