package dev.hardening.benchmarks.load;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.core.metrics.StartupStep;

/**
 * Starts an application with Spring's {@link BufferingApplicationStartup} and prints, once it is
 * ready, how long {@code SpringApplication.run} took and each startup step's own time (its time
 * less its sub-steps'), one line each, for {@code StartupSteps} to read: {@code step <nanos> <name>},
 * a bean's instantiation named {@code bean <bean name>}.
 */
final class StartupStepsPrinter {

	/** The argument that asks {@link LoadApp} for this. */
	static final String ARGUMENT = "--load.startup-steps=true";

	private StartupStepsPrinter() {
	}

	static void run(Class<?> application, String[] args) {
		SpringApplication spring = new SpringApplication(application);
		BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
		spring.setApplicationStartup(startup);
		long start = System.nanoTime();
		spring.run(args);
		long total = System.nanoTime() - start;
		List<TimelineEvent> events = startup.getBufferedTimeline().getEvents();
		Map<Long, Long> children = new HashMap<>();
		for (TimelineEvent event : events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				children.merge(parent, event.getDuration().toNanos(), Long::sum);
			}
		}
		StringBuilder lines = new StringBuilder("step " + total + " run\n");
		for (TimelineEvent event : events) {
			StartupStep step = event.getStartupStep();
			long own = event.getDuration().toNanos() - children.getOrDefault(step.getId(), 0L);
			lines.append("step ").append(own).append(' ').append(name(step)).append('\n');
		}
		System.out.print(lines);
		System.out.flush();
	}

	private static String name(StartupStep step) {
		if (step.getName().equals("spring.beans.instantiate")) {
			for (StartupStep.Tag tag : step.getTags()) {
				if (tag.getKey().equals("beanName")) {
					return "bean " + tag.getValue();
				}
			}
		}
		return step.getName();
	}

}
