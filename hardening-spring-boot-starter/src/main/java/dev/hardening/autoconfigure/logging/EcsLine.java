package dev.hardening.autoconfigure.logging;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

import org.springframework.boot.json.WritableJson;

/**
 * One thread's writer of ECS lines, as Spring Boot's ECS formatter writes them, into a buffer it
 * keeps: the members in Boot's order, strings escaped as Boot's {@code JsonValueWriter} escapes
 * them, UTF-8 as Boot's encoder writes it (an unpaired surrogate as {@code ?}), the context pairs
 * (the MDC, then the event's key-value pairs) nested at their dots in the order each name first
 * appears. When an event holds something it would have to second-guess, it writes nothing and
 * answers {@code null}. Pairs that are {@link KeyValues} are read as such, without a
 * {@code KeyValuePair} or a boxed number for each.
 *
 * <p>How the pairs nest depends on their names alone, and a service logs the same few sets of
 * names over and over (the access log's, the MDC's): the writer keeps the layouts of the last few
 * it wrote ({@link EcsLayouts}), each the bytes between the values as written, and an event whose
 * names are those of a kept layout, in the same order, is written as those bytes with its values
 * between them, without grouping its names again.
 */
final class EcsLine {

	private static final byte[] TIMESTAMP = bytes("{\"@timestamp\":\"");

	private static final byte[] LEVEL = bytes("\",\"log\":{\"level\":");

	private static final byte[] LOGGER = bytes(",\"logger\":");

	private static final byte[] THREAD = bytes("\"thread\":{\"name\":");

	private static final byte[] MESSAGE = bytes(",\"message\":");

	private static final byte[] END = bytes(",\"ecs\":{\"version\":\"8.11\"}}\n");

	private static final byte[] HEX = bytes("0123456789ABCDEF");

	/** The value of a pair whose value is in {@link #numbers}. */
	private static final Object NUMBER = new Object();

	/** A buffer grown past this for one long line is not kept for the next. */
	private static final int KEPT = 16 * 1024;

	private byte[] buffer = new byte[1024];

	private int length;

	private String[] names = new String[16];

	private Object[] values = new Object[16];

	private long[] numbers = new long[16];

	/** Where each pair's name part at the depth being written starts. */
	private int[] starts = new int[16];

	/** Where it ends. */
	private int[] ends = new int[16];

	/** The depth at which each pair has been grouped: it belongs to a group below that depth. */
	private int[] grouped = new int[16];

	private int pairs;

	/** Pair indexes of the groups being written, a stack of lists, and its first free place. */
	private int[] members = new int[64];

	private int membersTop;

	/** Of each value written by {@link #group}, in order: its pair, where it starts and where it ends. */
	private int[] written = new int[16];

	private int[] writtenStarts = new int[16];

	private int[] writtenEnds = new int[16];

	private int writtenCount;

	private final EcsLayouts layouts = new EcsLayouts();

	/** Whether the last line's pairs were written in a kept layout (for tests). */
	boolean laidOut;

	private long second = Long.MIN_VALUE;

	private final byte[] dateTime = new byte[19];

	/** Whether the MDC's pairs taken so far can be written: {@link #mdcEntry} adds no more once one cannot. */
	private boolean collected;

	private final BiConsumer<String, String> mdcEntry = (name, value) -> {
		if (this.collected) {
			this.collected = add(name, value);
		}
	};

	private final KeyValues.Visitor visitor = new KeyValues.Visitor() {

		@Override
		public boolean string(String key, String value) {
			return add(key, value);
		}

		@Override
		public boolean number(String key, long value) {
			return addNumber(key, value);
		}

	};

	/**
	 * Writes an event's line.
	 * @param event the event
	 * @param process the process member's start, with the pid if there is one
	 * @param service the service member
	 * @return the line, or {@code null} to leave the event to Boot's formatter
	 */
	byte @Nullable [] write(ILoggingEvent event, byte[] process, byte[] service) {
		try {
			return line(event, process, service);
		}
		finally {
			Arrays.fill(this.values, 0, this.pairs, null);
			this.pairs = 0;
		}
	}

	private byte @Nullable [] line(ILoggingEvent event, byte[] process, byte[] service) {
		this.length = 0;
		this.membersTop = 0;
		this.laidOut = false;
		Instant instant = event.getInstant();
		if (instant == null || event.getThrowableProxy() != null || hasMarkers(event.getMarkerList())
				|| !collect(event)) {
			return null;
		}
		raw(TIMESTAMP);
		if (!timestamp(instant)) {
			return null;
		}
		raw(LEVEL);
		string(event.getLevel().toString());
		raw(LOGGER);
		string(event.getLoggerName());
		raw((byte) '}');
		raw(process);
		raw(THREAD);
		string(event.getThreadName());
		raw((byte) '}');
		raw((byte) '}');
		raw(service);
		raw(MESSAGE);
		string(event.getFormattedMessage());
		if (!members()) {
			return null;
		}
		raw(END);
		byte[] line = Arrays.copyOf(this.buffer, this.length);
		if (this.buffer.length > KEPT) {
			this.buffer = new byte[1024];
		}
		return line;
	}

	/**
	 * Writes the context pairs after the message: in a kept layout if there is one for their
	 * names, else grouped, and their layout kept if these names were not found lately either.
	 * @return {@code false} if they cannot be written (see {@link #group})
	 */
	private boolean members() {
		EcsLayouts.Layout layout = this.layouts.find(this.names, this.pairs);
		this.laidOut = layout != null;
		if (layout != null) {
			write(layout);
			return true;
		}
		int from = this.length;
		this.writtenCount = 0;
		if (!group(0, this.pairs, 0)) {
			return false;
		}
		if (this.layouts.missed(this.names, this.pairs)) {
			this.layouts.keep(layout(from));
		}
		return true;
	}

	private void write(EcsLayouts.Layout layout) {
		byte[][] between = layout.between();
		int[] order = layout.order();
		for (int k = 0; k < order.length; k++) {
			raw(between[k]);
			int i = order[k];
			if (this.values[i] == NUMBER) {
				number(this.numbers[i]);
			}
			else {
				value(this.values[i]);
			}
		}
		raw(between[order.length]);
	}

	/** The layout of the pairs just written by {@link #group}, from {@code from} in the buffer. */
	private EcsLayouts.Layout layout(int from) {
		int count = this.writtenCount;
		byte[][] between = new byte[count + 1][];
		int at = from;
		for (int k = 0; k < count; k++) {
			between[k] = Arrays.copyOfRange(this.buffer, at, this.writtenStarts[k]);
			at = this.writtenEnds[k];
		}
		between[count] = Arrays.copyOfRange(this.buffer, at, this.length);
		return new EcsLayouts.Layout(Arrays.copyOf(this.names, this.pairs), Arrays.copyOf(this.written, count),
				between);
	}

	private static boolean hasMarkers(@Nullable List<Marker> markers) {
		return markers != null && !markers.isEmpty();
	}

	/** The MDC's pairs, then the event's, as Boot takes them: names that are empty left out. */
	private boolean collect(ILoggingEvent event) {
		this.pairs = 0;
		Map<String, String> mdc = event.getMDCPropertyMap();
		if (mdc != null) {
			// no iterator and no entry for each pair, as entrySet() of an unmodifiable map makes
			this.collected = true;
			mdc.forEach(this.mdcEntry);
			if (!this.collected) {
				return false;
			}
		}
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs instanceof KeyValues values) {
			return values.visit(this.visitor);
		}
		if (pairs != null) {
			for (KeyValuePair pair : pairs) {
				if (!add(pair.key, pair.value)) {
					return false;
				}
			}
		}
		return true;
	}

	private boolean add(@Nullable String name, @Nullable Object value) {
		if (name == null || name.isEmpty()) {
			return true;
		}
		if (!(value instanceof String) && (value == null || value instanceof Map || value instanceof Iterable
				|| value instanceof WritableJson || value.getClass().isArray())) {
			return false;
		}
		return pair(name, value, 0);
	}

	private boolean addNumber(String name, long value) {
		return name.isEmpty() || pair(name, NUMBER, value);
	}

	private boolean pair(String name, Object value, long number) {
		if (name.charAt(0) == '.' || name.charAt(name.length() - 1) == '.') {
			return false;
		}
		if (this.pairs == this.names.length) {
			int size = this.pairs * 2;
			this.names = Arrays.copyOf(this.names, size);
			this.values = Arrays.copyOf(this.values, size);
			this.numbers = Arrays.copyOf(this.numbers, size);
			this.starts = Arrays.copyOf(this.starts, size);
			this.ends = Arrays.copyOf(this.ends, size);
			this.grouped = Arrays.copyOf(this.grouped, size);
			this.written = Arrays.copyOf(this.written, size);
			this.writtenStarts = Arrays.copyOf(this.writtenStarts, size);
			this.writtenEnds = Arrays.copyOf(this.writtenEnds, size);
		}
		this.names[this.pairs] = name;
		this.values[this.pairs] = value;
		this.numbers[this.pairs] = number;
		this.starts[this.pairs] = 0;
		this.grouped[this.pairs] = 0;
		this.pairs++;
		return true;
	}

	/**
	 * Writes the members of one object: the pairs {@code members[from, to)} (at depth 0, all
	 * pairs, by index), grouped by their name part at {@code depth} in the order each part first
	 * appears; at depth 0 each member follows a comma, as they follow the message.
	 * @return {@code false} if two pairs clash (one's name is the other's, or a part of it), on
	 * which Boot's formatter fails
	 */
	private boolean group(int from, int to, int depth) {
		for (int a = from; a < to; a++) {
			int i = member(a, depth);
			String name = this.names[i];
			int dot = name.indexOf('.', this.starts[i]);
			this.ends[i] = (dot >= 0) ? dot : name.length();
			if (this.ends[i] == this.starts[i]) {
				// an empty part, as in a..b: Boot's formatter nests it under an empty name
				return false;
			}
		}
		boolean first = true;
		for (int a = from; a < to; a++) {
			int i = member(a, depth);
			if (this.grouped[i] > depth) {
				continue;
			}
			int start = this.starts[i];
			int end = this.ends[i];
			int top = this.membersTop;
			ensureMembers(top + (to - a));
			int count = 0;
			boolean leaf = false;
			for (int b = a; b < to; b++) {
				int j = member(b, depth);
				if (this.grouped[j] > depth || !samePart(i, start, end, j)) {
					continue;
				}
				int partEnd = this.ends[j];
				leaf |= partEnd == this.names[j].length();
				this.grouped[j] = depth + 1;
				this.starts[j] = partEnd + 1;
				this.members[top + count++] = j;
			}
			if (depth == 0 || !first) {
				raw((byte) ',');
			}
			first = false;
			string(this.names[i], start, end);
			raw((byte) ':');
			if (leaf) {
				if (count > 1) {
					return false;
				}
				int w = this.writtenCount++;
				this.written[w] = i;
				this.writtenStarts[w] = this.length;
				if (this.values[i] == NUMBER) {
					number(this.numbers[i]);
				}
				else {
					value(this.values[i]);
				}
				this.writtenEnds[w] = this.length;
				continue;
			}
			this.membersTop = top + count;
			raw((byte) '{');
			boolean written = group(top, top + count, depth + 1);
			this.membersTop = top;
			if (!written) {
				return false;
			}
			raw((byte) '}');
		}
		return true;
	}

	private int member(int at, int depth) {
		return (depth == 0) ? at : this.members[at];
	}

	private void ensureMembers(int size) {
		if (size > this.members.length) {
			this.members = Arrays.copyOf(this.members, Math.max(size, this.members.length * 2));
		}
	}

	private boolean samePart(int i, int start, int end, int j) {
		int jStart = this.starts[j];
		int length = end - start;
		return this.ends[j] - jStart == length && (i == j || this.names[i].regionMatches(start, this.names[j], jStart, length));
	}

	private void value(Object value) {
		if (value instanceof String string) {
			string(string);
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			number(((Number) value).longValue());
		}
		else if (value instanceof Number || value instanceof Boolean) {
			ascii(value.toString());
		}
		else {
			string(value.toString());
		}
	}

	/** As {@code Instant.toString()}: seconds, then the fraction in groups of three digits, if any. */
	private boolean timestamp(Instant instant) {
		long epochSecond = instant.getEpochSecond();
		if (epochSecond != this.second) {
			LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
			int year = time.getYear();
			if (year < 0 || year > 9999) {
				return false;
			}
			digits(this.dateTime, 0, year, 4);
			this.dateTime[4] = '-';
			digits(this.dateTime, 5, time.getMonthValue(), 2);
			this.dateTime[7] = '-';
			digits(this.dateTime, 8, time.getDayOfMonth(), 2);
			this.dateTime[10] = 'T';
			digits(this.dateTime, 11, time.getHour(), 2);
			this.dateTime[13] = ':';
			digits(this.dateTime, 14, time.getMinute(), 2);
			this.dateTime[16] = ':';
			digits(this.dateTime, 17, time.getSecond(), 2);
			this.second = epochSecond;
		}
		raw(this.dateTime);
		int nano = instant.getNano();
		if (nano > 0) {
			ensure(11);
			this.buffer[this.length++] = '.';
			int divisor = 100_000_000;
			for (int i = 0; nano > 0 || i % 3 != 0; i++) {
				int digit = nano / divisor;
				this.buffer[this.length++] = (byte) ('0' + digit);
				nano -= digit * divisor;
				divisor /= 10;
			}
		}
		raw((byte) 'Z');
		return true;
	}

	private static void digits(byte[] into, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			into[i] = (byte) ('0' + value % 10);
			value /= 10;
		}
	}

	private void number(long value) {
		if (value == Long.MIN_VALUE) {
			ascii(Long.toString(value));
			return;
		}
		ensure(20);
		if (value < 0) {
			this.buffer[this.length++] = '-';
			value = -value;
		}
		int digits = 1;
		for (long rest = value / 10; rest > 0; rest /= 10) {
			digits++;
		}
		for (int i = this.length + digits - 1; i >= this.length; i--) {
			this.buffer[i] = (byte) ('0' + value % 10);
			value /= 10;
		}
		this.length += digits;
	}

	private void ascii(String text) {
		ensure(text.length());
		for (int i = 0; i < text.length(); i++) {
			this.buffer[this.length++] = (byte) text.charAt(i);
		}
	}

	private void string(@Nullable String text) {
		if (text == null) {
			ascii("null");
			return;
		}
		string(text, 0, text.length());
	}

	/** A JSON string of {@code text[from, to)}, escaped as Boot's JsonValueWriter escapes, in UTF-8. */
	private void string(String text, int from, int to) {
		ensure(2 + (to - from) * 6);
		byte[] out = this.buffer;
		int at = this.length;
		out[at++] = '"';
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f) {
				if (c == '"' || c == '\\') {
					out[at++] = '\\';
				}
				out[at++] = (byte) c;
			}
			else if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
				out[at++] = '\\';
				out[at++] = (byte) switch (c) {
					case '\b' -> 'b';
					case '\f' -> 'f';
					case '\n' -> 'n';
					case '\r' -> 'r';
					default -> 't';
				};
			}
			else if (Character.isISOControl(c)) {
				out[at++] = '\\';
				out[at++] = 'u';
				out[at++] = HEX[(c >> 12) & 0xF];
				out[at++] = HEX[(c >> 8) & 0xF];
				out[at++] = HEX[(c >> 4) & 0xF];
				out[at++] = HEX[c & 0xF];
			}
			else if (c < 0x800) {
				out[at++] = (byte) (0xC0 | (c >> 6));
				out[at++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
				int code = Character.toCodePoint(c, text.charAt(++i));
				out[at++] = (byte) (0xF0 | (code >> 18));
				out[at++] = (byte) (0x80 | ((code >> 12) & 0x3F));
				out[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
				out[at++] = (byte) (0x80 | (code & 0x3F));
			}
			else if (Character.isSurrogate(c)) {
				out[at++] = '?';
			}
			else {
				out[at++] = (byte) (0xE0 | (c >> 12));
				out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				out[at++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		out[at++] = '"';
		this.length = at;
	}

	private void raw(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
		this.length += bytes.length;
	}

	private void raw(byte b) {
		ensure(1);
		this.buffer[this.length++] = b;
	}

	private void ensure(int more) {
		if (this.length + more > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.length + more, this.buffer.length * 2));
		}
	}

	private static byte[] bytes(String ascii) {
		return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
	}

}
