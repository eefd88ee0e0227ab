package dev.hardening.autoconfigure.jdbc;

import java.util.List;

import dev.hardening.autoconfigure.jdbc.StatementShapes.Strings;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No literal reaches a statement's shape, in any of the notations PostgreSQL and MySQL read, and
 * the same statement with other values has the same shape.
 */
class StatementShapesTests {

	/** Statements with slots for literals, {@code {}}, as applications and ORMs write them. */
	private static final List<String> TEMPLATES = List.of("SELECT name FROM owners WHERE id = {} AND note = {}",
			"insert into pets (owner_id, name, born, tag) values ({}, {}, {}, {})",
			"UPDATE owners SET name={} WHERE id IN ({}, {}) -- by id\n AND version = {}",
			"SELECT o.id, {}::text AS label FROM owners o WHERE o.name LIKE {} /* a comment */ LIMIT {}",
			"SELECT count(*) FROM visits WHERE (pet_id, day) = ({}, {}) OR note = {}",
			"select * from t where a={} and b<>{}");

	@Test
	void shapesLeaveOutEveryValue() {
		assertThat(StatementShapes.of("select *  from t\n where a = 'x''y' and b=42 and c in (1, 2,3) and d = ?"))
			.isEqualTo("select * from t where a = ? and b=? and c in (?) and d = ?");
		assertThat(StatementShapes.of("select col2, t1.x from t1")).isEqualTo("select col2, t1.x from t1");
		assertThat(StatementShapes.of("select 'a" + "b".repeat(1000))).isEqualTo("select ?");
		assertThat(StatementShapes.of("select " + "x, ".repeat(200) + "y")).endsWith(" …").hasSizeLessThan(310);
	}

	@Test
	void leavesOutTheLiteralsThatPassedThroughBefore() {
		Strings postgres = Strings.STANDARD;
		assertThat(StatementShapes.of("SELECT E'it\\'s s3cr3t' FROM t", postgres)).isEqualTo("SELECT ? FROM t");
		assertThat(StatementShapes.of("SELECT e'a\\\\' || 's3cr3t'", postgres)).isEqualTo("SELECT ? || ?");
		assertThat(StatementShapes.of("DO $$ BEGIN PERFORM 's3cr3t'; END $$", postgres)).isEqualTo("DO ?");
		assertThat(StatementShapes.of("SELECT $fn$ it's $$ s3cr3t $fn$ AS body", postgres))
			.isEqualTo("SELECT ? AS body");
		assertThat(StatementShapes.of("SELECT * FROM t WHERE k = 0xDEADBEEF OR k = X'DEADBEEF'", postgres))
			.isEqualTo("SELECT * FROM t WHERE k = ? OR k = ?");
		assertThat(StatementShapes.of("SELECT U&'d\\0061t\\+000061', B'1010', N's3cr3t', 1.5e-3, .5", postgres))
			.isEqualTo("SELECT ?, ?, ?, ?, ?");
		assertThat(StatementShapes.of("SELECT 'C:\\' AS path, 's3cr3t' AS name", postgres))
			.isEqualTo("SELECT ? AS path, ? AS name");
		Strings mysql = Strings.BACKSLASH_ESCAPES;
		assertThat(StatementShapes.of("SELECT * FROM t WHERE name = 'it\\'s s3cr3t' AND b = \"s3\\\"cr3t\"", mysql))
			.isEqualTo("SELECT * FROM t WHERE name = ? AND b = ?");
		assertThat(StatementShapes.of("SELECT _utf8mb4's3cr3t' # s3cr3t\n FROM t", mysql)).isEqualTo("SELECT ? FROM t");
	}

	@Test
	void aDatabaseNotKnownKeepsOnlyWhatBothReadingsAgreeOn() {
		// PostgreSQL reads 'C:\' then bare text; MySQL reads one string up to the next quote
		String shape = StatementShapes.of("SELECT 'C:\\' AS path, 's3cr3t' AS name FROM t");

		assertThat(shape).isEqualTo("SELECT ? …").doesNotContain("s3cr3t");
		assertThat(StatementShapes.of("SELECT 'x' FROM \"Owners\" WHERE a = 1")).isEqualTo("SELECT ? FROM …");
		assertThat(StatementShapes.of("SELECT 'x' FROM owners WHERE a = 1")).isEqualTo("SELECT ? FROM owners WHERE a = ?");
	}

	@Test
	void keepsNamesAndCollapsesRows() {
		assertThat(StatementShapes.of("SELECT \"Name\", `id`, a$b FROM \"Owners\"", Strings.STANDARD))
			.isEqualTo("SELECT \"Name\", `id`, a$b FROM \"Owners\"");
		assertThat(StatementShapes.of("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')", Strings.STANDARD))
			.isEqualTo("INSERT INTO t VALUES (?)");
		assertThat(StatementShapes.of("SELECT $1, $2 FROM t", Strings.STANDARD)).isEqualTo("SELECT ?, ? FROM t");
	}

	@Property(tries = 500)
	void noPostgresLiteralReachesTheShapeAndValuesDoNotSplitIt(@ForAll("templates") String template,
			@ForAll("postgresLiterals") List<String> literals) {
		String shape = StatementShapes.of(fill(template, literals), Strings.STANDARD);

		assertThat(shape).isEqualTo(StatementShapes.of(fill(template, List.of()), Strings.STANDARD));
	}

	@Property(tries = 500)
	void noMysqlLiteralReachesTheShapeAndValuesDoNotSplitIt(@ForAll("templates") String template,
			@ForAll("mysqlLiterals") List<String> literals) {
		String shape = StatementShapes.of(fill(template, literals), Strings.BACKSLASH_ESCAPES);

		assertThat(shape).isEqualTo(StatementShapes.of(fill(template, List.of()), Strings.BACKSLASH_ESCAPES));
	}

	@Property(tries = 500)
	void withTheDatabaseNotKnownTheShapeIsAtMostThatOfItsOwnReading(@ForAll("templates") String template,
			@ForAll("postgresLiterals") List<String> postgres, @ForAll("mysqlLiterals") List<String> mysql) {
		assertPrefixOfOwnReading(template, postgres, Strings.STANDARD);
		assertPrefixOfOwnReading(template, mysql, Strings.BACKSLASH_ESCAPES);
	}

	private static void assertPrefixOfOwnReading(String template, List<String> literals, Strings strings) {
		String shape = StatementShapes.of(fill(template, literals));
		String known = StatementShapes.of(fill(template, List.of()), strings);
		assertThat(known).startsWith(shape.endsWith(" …") ? shape.substring(0, shape.length() - 2) : shape);
	}

	/** The template with its slots filled by the literals, or by {@code ?} where there is none. */
	private static String fill(String template, List<String> literals) {
		StringBuilder sql = new StringBuilder();
		int slot = 0;
		int from = 0;
		for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
			sql.append(template, from, at).append((slot < literals.size()) ? literals.get(slot) : "?");
			slot++;
			from = at + 2;
		}
		return sql.append(template.substring(from)).toString();
	}

	@Provide
	Arbitrary<String> templates() {
		return Arbitraries.of(TEMPLATES);
	}

	@Provide
	Arbitrary<List<String>> postgresLiterals() {
		Arbitrary<String> plain = text().map((text) -> "'" + text.replace("'", "''") + "'");
		Arbitrary<String> escaped = text()
			.map((text) -> "E'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'");
		Arbitrary<String> dollar = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(4), text())
			.filter((tag, text) -> !("$" + text + "$").contains("$" + tag + "$"))
			.as((tag, text) -> "$" + tag + "$" + text + "$" + tag + "$");
		Arbitrary<String> typed = Combinators.combine(Arbitraries.of("X", "x", "B", "N", "U&"), text())
			.as((prefix, text) -> prefix + "'" + text.replace("'", "''") + "'");
		return Arbitraries.oneOf(plain, escaped, dollar, typed, numbers()).list().ofSize(4);
	}

	@Provide
	Arbitrary<List<String>> mysqlLiterals() {
		Arbitrary<String> single = text()
			.map((text) -> "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'");
		Arbitrary<String> doubled = text().map((text) -> "'" + text.replace("\\", "\\\\").replace("'", "''") + "'");
		Arbitrary<String> quoted = text()
			.map((text) -> "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
		Arbitrary<String> introduced = text()
			.map((text) -> "_utf8mb4'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'");
		Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1)
			.ofMaxLength(16).map((digits) -> "X'" + digits + "'");
		return Arbitraries.oneOf(single, doubled, quoted, introduced, hex, numbers()).list().ofSize(4);
	}

	/** Any text, weighted towards the characters that end or escape literals and comments. */
	private static Arbitrary<String> text() {
		Arbitrary<Character> tricky = Arbitraries.of('\'', '"', '\\', '$', '-', '/', '*', '#', '\n', ' ', 'E', 'x', '0',
				'(', ',', ')', '?');
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, tricky), net.jqwik.api.Tuple.of(2, Arbitraries.chars()))
			.list()
			.ofMaxSize(24)
			.map((chars) -> {
				StringBuilder text = new StringBuilder();
				chars.forEach(text::append);
				return text.toString();
			});
	}

	private static Arbitrary<String> numbers() {
		Arbitrary<String> integers = Arbitraries.longs().greaterOrEqual(0).map(String::valueOf);
		Arbitrary<String> decimals = Arbitraries.doubles().greaterOrEqual(0).map(Object::toString);
		Arbitrary<String> hex = Arbitraries.longs().greaterOrEqual(0).map((value) -> "0x" + Long.toHexString(value));
		Arbitrary<String> scientific = Combinators.combine(Arbitraries.integers().between(0, 999),
				Arbitraries.of("e", "E", "e-", "e+"), Arbitraries.integers().between(0, 308))
			.as((mantissa, exponent, power) -> mantissa + exponent + power);
		return Arbitraries.oneOf(integers, decimals, hex, scientific, Arbitraries.of(".5", "1_000_000", "0b1010"));
	}

}
