package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log's query redaction, which remembers its decision per parameter name, answers as
 * deciding every name afresh does, whichever names came before, and copies no query it leaves
 * alone.
 */
class QueryRedactorTests {

	private static final SecretNames SECRETS = SecretNames
		.of(new HardeningWebProperties().getAccessLog().getRedactedParameters());

	/** One redactor for every try: its table fills up, entries are replaced, names come back. */
	private final QueryRedactor redactor = new QueryRedactor(SECRETS);

	@Property(tries = 3000)
	void redactsAsDecidingEveryNameAfreshDoes(@ForAll("queries") String query) {
		assertThat(this.redactor.redact(query)).isEqualTo(afresh(query));
	}

	@Example
	void returnsAQueryWithoutSecretsAsItIs() {
		String query = "page=2&size=20&sort=name,asc&flag&=x&";

		assertThat(this.redactor.redact(query)).isSameAs(query);
		assertThat(this.redactor.redact(query)).isSameAs(query);
	}

	@Example
	void decidesEachTimeANameThatIsTooLongToRemember() {
		String name = "x".repeat(100) + "_token";

		assertThat(this.redactor.redact(name + "=a&page=1")).isEqualTo(name + "=[redacted]&page=1");
		assertThat(this.redactor.redact(name + "=b")).isEqualTo(name + "=[redacted]");
	}

	/**
	 * What the access log did before it remembered names: split, decode, decide, join (but for
	 * its loss of leading separators: {@code &page=1} was logged as {@code page=1}).
	 */
	private static String afresh(String query) {
		StringBuilder out = new StringBuilder(query.length());
		String[] pairs = query.split("&", -1);
		for (int i = 0; i < pairs.length; i++) {
			String pair = pairs[i];
			if (i > 0) {
				out.append('&');
			}
			int equals = pair.indexOf('=');
			if (equals >= 0 && SECRETS.matches(SecretNames.queryName(pair, equals))) {
				out.append(pair, 0, equals).append("=[redacted]");
			}
			else {
				out.append(pair);
			}
		}
		return out.toString();
	}

	@Provide
	Arbitrary<String> queries() {
		Arbitrary<String> name = Arbitraries.oneOf(
				Arbitraries.of("page", "size", "sort", "q", "token", "access_token", "api%5Fkey", "x+api+key", "pin",
						"shipping", "monkey", "userPin", "SSN", "%50IN", "%zz", "", "code", "zipcode", "sessionId"),
				Arbitraries.strings().withChars("abkeyp_%5F-+.=").ofMaxLength(12));
		Arbitrary<String> value = Arbitraries.of("", "1", "s3cr3t", "a=b", "%26", "x y");
		Arbitrary<String> pair = Arbitraries.oneOf(name.map((n) -> n),
				net.jqwik.api.Combinators.combine(name, value).as((n, v) -> n + "=" + v));
		return pair.list().ofMinSize(1).ofMaxSize(6).map((pairs) -> String.join("&", new ArrayList<>(pairs)));
	}

	@Example
	void keepsRepeatedAndEmptyPairsInPlace() {
		assertThat(this.redactor.redact("token=a&&token=b&page=&=c")).isEqualTo("token=[redacted]&&token=[redacted]&page=&=c");
		assertThat(this.redactor.redact("")).isEmpty();
		assertThat(List.of(this.redactor.redact("&"), this.redactor.redact("pin"))).containsExactly("&", "pin");
		assertThat(this.redactor.redact("&page=1&&pin=2")).isEqualTo("&page=1&&pin=[redacted]");
	}

}
