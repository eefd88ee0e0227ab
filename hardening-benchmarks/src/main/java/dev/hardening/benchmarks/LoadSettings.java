package dev.hardening.benchmarks;

import java.nio.file.Path;

/**
 * {@link LoadRun}'s settings, from system properties ({@code -Dload.bursts=5}); the defaults keep
 * a run of every variant under ten minutes on a 2-CPU machine whose JIT settles in 3 or 4 warm-up
 * bursts (on a slower one the warm-up runs on until it settles, and the run takes longer).
 *
 * @param appCpu the CPU the applications are pinned to ({@code load.app-cpu}, 0)
 * @param clientCpu the CPU this process is pinned to ({@code load.client-cpu}, 1)
 * @param jitCpu the CPU the applications' JIT compiler threads are moved to once they have started
 * ({@code load.jit-cpu}, the client's CPU; {@code -1} leaves them on the application CPU): so that the
 * JIT does not take the application's CPU from it while it warms up, which on a slow machine makes
 * the warm-up several times longer. The CPU measured per request is the Java threads' only, so
 * this changes no figure of a settled application.
 * @param connections the keep-alive connections of a burst ({@code load.connections}, 8)
 * @param burstSeconds how long a burst lasts ({@code load.burst-seconds}, 2)
 * @param bursts the measured rounds: one burst per variant and path in each
 * ({@code load.bursts}, 3)
 * @param forks the JVMs started for each variant, each warmed up and measured in every round, the
 * medians taken over the bursts of all of them ({@code load.forks}, 1): a JVM keeps the code its
 * JIT happened to produce, which may leave one variant's process slower than its twin would be
 * @param warmupSeconds how long a warm-up burst lasts ({@code load.warmup-seconds}, 1): the warm-up
 * waits for the JIT, which needs the requests, not the seconds, of a measured burst
 * @param warmupJitShare the share of a warm-up burst the JIT may have compiled for and the burst
 * still count as quiet ({@code load.warmup-jit-share}, 0.05): once the JIT runs on a CPU of its own
 * (see {@code jitCpu}) it goes on recompiling a method now and then, tens of milliseconds, for
 * minutes
 * @param measureJitShare the share of a measured burst the JIT may have compiled for before the
 * burst is run again ({@code load.measure-jit-share}, 0.05). The JIT runs on the client's CPU (see
 * {@code jitCpu}) and the CPU measured is the application's Java threads', so its compiling takes
 * nothing from what is measured; what is left to guard against is code that changes during the
 * burst, which the few tens of milliseconds of a recompiled method now and then do not show
 * @param warmupMin the fewest warm-up bursts of each variant on each path ({@code load.warmup-min}, 3)
 * @param warmupMax the most warm-up bursts of each variant on each path ({@code load.warmup-max}, 30:
 * on a fast machine 3 or 4 are enough; on a slow one the JIT, which shares the application's CPU,
 * may need a dozen before it is done, and a variant measured before then reads slower than it is)
 * @param warmupTolerance how close, relatively, a variant's last two warm-up bursts on a path must
 * also be to end its warm-up ({@code load.warmup-tolerance}, not checked by default: {@code NaN}).
 * The warm-up ends when the JIT is done (see {@link LoadRun}); a machine that moves between two
 * speeds for tens of seconds at a time does not settle sooner for being measured longer, so
 * agreement is asked for only when this is set
 * @param jitNice the nice value the applications' JIT compiler threads get when they are moved
 * ({@code load.jit-nice}, -10), so that while an application warms up its JIT is not slowed by the
 * client it shares a CPU with; {@code 0} leaves it. Setting a negative value needs the right to
 * (root, or {@code CAP_SYS_NICE}); without it the threads keep theirs and the run says so
 * @param startups how many times {@code bare} and {@code defaults} are started again, one at a time,
 * after the measurement, for the startup goal ({@code load.startups}, 3)
 * @param maxOtherCpu the share of either CPU other processes may use before a burst is marked
 * disturbed and, while measuring, run again, at most twice ({@code load.max-other-cpu}, 0.10)
 * @param variants the variants, comma-separated names, {@code standard} (all but the optional
 * ones) or {@code all} ({@code load.variants}, {@code standard}); {@code bare} always runs
 * @param profile the variant to record under JFR after the measurement, or {@code never}
 * ({@code load.profile}, {@code never})
 * @param profileSeconds how long the recorded burst lasts ({@code load.profile-seconds}, 20)
 * @param heap each application's heap ({@code load.heap}, {@code 256m})
 * @param workDir where the applications' output and the recording go ({@code load.work-dir},
 * {@code /tmp/loadrun})
 */
record LoadSettings(int appCpu, int clientCpu, int jitCpu, int connections, int burstSeconds, int bursts, int forks, int warmupSeconds, double warmupJitShare, double measureJitShare, int warmupMin,
		int warmupMax, double warmupTolerance, int jitNice, int startups, double maxOtherCpu, String variants, String profile, int profileSeconds,
		String heap, Path workDir) {

	static LoadSettings fromSystemProperties() {
		int clientCpu = Integer.getInteger("load.client-cpu", 1);
		return new LoadSettings(Integer.getInteger("load.app-cpu", 0), clientCpu,
				Integer.getInteger("load.jit-cpu", clientCpu),
				Integer.getInteger("load.connections", 8), Integer.getInteger("load.burst-seconds", 2),
				Integer.getInteger("load.bursts", 3), Integer.getInteger("load.forks", 1),
				Integer.getInteger("load.warmup-seconds", 1),
				Double.parseDouble(System.getProperty("load.warmup-jit-share", "0.05")),
				Double.parseDouble(System.getProperty("load.measure-jit-share", "0.05")),
				Integer.getInteger("load.warmup-min", 3),
				Integer.getInteger("load.warmup-max", 30),
				Double.parseDouble(System.getProperty("load.warmup-tolerance", "NaN")),
				Integer.getInteger("load.jit-nice", -10),
				Integer.getInteger("load.startups", 3),
				Double.parseDouble(System.getProperty("load.max-other-cpu", "0.10")),
				System.getProperty("load.variants", "standard"), System.getProperty("load.profile", "never"),
				Integer.getInteger("load.profile-seconds", 20), System.getProperty("load.heap", "256m"),
				Path.of(System.getProperty("load.work-dir", "/tmp/loadrun")).toAbsolutePath());
	}

}
