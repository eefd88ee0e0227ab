package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import dev.hardening.autoconfigure.ChangedDefaults;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * The Tomcat limits {@link TomcatHardening} sets in place of Spring Boot's, or of the
 * application's own {@code server.*} values: each one whose value differs, for
 * {@link ChangedDefaults}.
 */
final class TomcatLimitChanges {

	private TomcatLimitChanges() {
	}

	static List<ChangedDefaults.Change> of(Environment environment, long headerSize, int parameters, long formSize) {
		Binder binder = Binder.get(environment);
		List<ChangedDefaults.Change> changes = new ArrayList<>();
		DataSize header = binder.bind("server.max-http-request-header-size", DataSize.class)
			.orElse(DataSize.ofKilobytes(8));
		if (header.toBytes() != headerSize) {
			changes.add(new ChangedDefaults.Change("server.max-http-request-header-size", size(header.toBytes()),
					size(headerSize), "hardening.web.limits.max-header-size=" + size(header.toBytes())));
		}
		int count = binder.bind("server.tomcat.max-parameter-count", Integer.class).orElse(1000);
		if (count != parameters) {
			changes.add(new ChangedDefaults.Change("server.tomcat.max-parameter-count", Integer.toString(count),
					Integer.toString(parameters), "hardening.web.limits.max-parameters=" + count));
		}
		DataSize form = binder.bind("server.tomcat.max-http-form-post-size", DataSize.class)
			.orElse(DataSize.ofMegabytes(2));
		if (form.toBytes() != formSize) {
			changes.add(new ChangedDefaults.Change("server.tomcat.max-http-form-post-size", size(form.toBytes()),
					size(formSize), "hardening.web.limits.max-body-size=" + size(form.toBytes())));
		}
		return changes;
	}

	/** A size as a property would say it: 2MB, 8KB, or bytes. */
	static String size(long bytes) {
		if (bytes > 0 && bytes % (1024 * 1024) == 0) {
			return bytes / (1024 * 1024) + "MB";
		}
		if (bytes > 0 && bytes % 1024 == 0) {
			return bytes / 1024 + "KB";
		}
		return bytes + "B";
	}

}
