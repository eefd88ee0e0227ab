package dev.hardening.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hotspots of a JFR recording, such as one written by JMH's {@code -prof jfr}: the methods
 * most often on top of the stack in execution samples (self time), the methods most often anywhere
 * on it (total time), and the methods and classes that allocated the most, by the weight of the
 * allocation samples. Only samples with a frame whose class and method name contain the filter
 * count (by default JMH's generated benchmark code, which leaves out what JMH itself does between
 * iterations).
 *
 * <pre>
 * java -jar hardening-benchmarks/target/benchmarks.jar AccessLogBenchmark.accessLog -p format=ecs \
 *     -prof "jfr:dir=/tmp/jfr;stackDepth=96"
 * java -cp hardening-benchmarks/target/benchmarks.jar dev.hardening.benchmarks.JfrHotspots /tmp/jfr/.../profile.jfr
 * </pre>
 *
 * Arguments: the recording, then optionally how many rows (10) and the frame filter
 * ({@code jmh_generated}).
 */
public final class JfrHotspots {

	private JfrHotspots() {
	}

	public static void main(String[] args) throws IOException {
		Path recording = Path.of(args[0]);
		int rows = (args.length > 1) ? Integer.parseInt(args[1]) : 10;
		String filter = (args.length > 2) ? args[2] : "jmh_generated";
		Map<String, Long> self = new HashMap<>();
		Map<String, Long> total = new HashMap<>();
		Map<String, Long> allocatedBy = new HashMap<>();
		Map<String, Long> allocatedType = new HashMap<>();
		long samples = 0;
		long allocated = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
			String type = event.getEventType().getName();
			boolean execution = type.equals("jdk.ExecutionSample");
			boolean allocation = type.equals("jdk.ObjectAllocationSample");
			if ((!execution && !allocation) || event.getStackTrace() == null || !hasFrame(event, filter)) {
				continue;
			}
			List<RecordedFrame> frames = event.getStackTrace().getFrames();
			if (frames.isEmpty()) {
				continue;
			}
			if (execution) {
				samples++;
				self.merge(name(frames.get(0)), 1L, Long::sum);
				Set<String> seen = new HashSet<>();
				for (RecordedFrame frame : frames) {
					if (seen.add(name(frame))) {
						total.merge(name(frame), 1L, Long::sum);
					}
				}
			}
			else {
				long weight = event.getLong("weight");
				allocated += weight;
				allocatedBy.merge(name(frames.get(0)), weight, Long::sum);
				allocatedType.merge(event.getClass("objectClass").getName(), weight, Long::sum);
			}
		}
		print("%,d execution samples with a frame *%s*", samples, filter);
		top("self (on top of the stack)", self, samples, rows);
		top("total (anywhere on the stack)", total, samples, rows * 3);
		top("allocating method (share of sampled bytes)", allocatedBy, allocated, rows);
		top("allocated class (share of sampled bytes)", allocatedType, allocated, rows);
	}

	private static boolean hasFrame(RecordedEvent event, String filter) {
		for (RecordedFrame frame : event.getStackTrace().getFrames()) {
			if (name(frame).contains(filter)) {
				return true;
			}
		}
		return false;
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static void top(String title, Map<String, Long> counts, long all, int rows) {
		print("%nTop %d by %s:", rows, title);
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(rows)
			.forEach((entry) -> print("  %5.1f%%  %s", 100.0 * entry.getValue() / Math.max(1, all), entry.getKey()));
	}

	private static void print(String format, Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
	}

}
