package dev.hardening.autoconfigure.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.hardening.web.ForwardedHeader;
import dev.hardening.web.IpRange;
import dev.hardening.web.IpSpellings;
import dev.hardening.web.TrustedProxies;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClientAddressResolver} answers a request without forwarding headers from the request
 * itself, and every other as before: for any peer address (IPv4, IPv6 in any spelling, bracketed,
 * with a zone ID, IPv4-mapped, not an address at all), any {@code X-Forwarded-For},
 * {@code Forwarded}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code Host}, with
 * and without trusted proxies, its answers to any sequence of questions, and what it counts, are
 * those of {@link LegacyClientAddressResolver}, which worked every request out and kept it in an
 * attribute.
 */
class ClientAddressResolverPropertyTests {

	private static final List<String> RANGES = List.of("10.0.0.0/8", "2001:db8::/32", "::ffff:192.0.2.0/120");

	/** Trusted proxies as they may be configured. */
	private static final List<TrustedProxies> PROXIES = List.of(TrustedProxies.none(), TrustedProxies.of(RANGES),
			TrustedProxies.of(RANGES).withForwardedHost(true),
			TrustedProxies.of(RANGES).withHeader(ForwardedHeader.FORWARDED),
			TrustedProxies.of(RANGES).withHeader(ForwardedHeader.FORWARDED).withForwardedHost(true),
			TrustedProxies.of(List.of("127.0.0.1", "::1")));

	/** Addresses inside and outside the ranges, loopback and private ones among them. */
	private static final List<byte[]> ADDRESSES = List.of(new byte[] { 10, 1, 2, 3 }, new byte[] { 10, 0, 0, 1 },
			new byte[] { (byte) 203, 0, 113, 7 }, new byte[] { 127, 0, 0, 1 }, new byte[] { (byte) 192, (byte) 168, 1, 1 },
			new byte[] { (byte) 192, 0, 2, 9 }, v6(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42),
			v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), v6(0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5),
			v6(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
			v6(0x26, 0x06, 0x47, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0x11));

	private static final List<String> NOT_ADDRESSES = List.of("unknown", "", "localhost", "10.0.0.1:8080",
			"010.0.0.1", "_hidden", "[10.0.0.1]", "1.2.3", "::ffff:", "2001:db8::g", " 10.0.0.1");

	enum Question {

		RESOLVE, ADDRESS, SECURE, HOST

	}

	@Property(tries = 3000)
	void answersAndCountsAsWhenEveryRequestWasWorkedOut(@ForAll @IntRange(max = 5) int proxies, @ForAll long seed) {
		Random random = new Random(seed);
		String peer = peer(random);
		List<String[]> headers = headers(random);
		boolean secure = random.nextInt(4) == 0;
		List<Question> questions = new ArrayList<>();
		for (int i = 1 + random.nextInt(6); i > 0; i--) {
			questions.add(Question.values()[random.nextInt(Question.values().length)]);
		}
		ClientAddressResolver resolver = new ClientAddressResolver(PROXIES.get(proxies));
		LegacyClientAddressResolver legacy = new LegacyClientAddressResolver(PROXIES.get(proxies));
		MockHttpServletRequest request = request(peer, secure, headers);
		MockHttpServletRequest legacyRequest = request(peer, secure, headers);
		Statistics.label("forwarding header")
			.collect(request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null);

		for (Question question : questions) {
			assertThat(answer(question, resolver::resolve, resolver::resolveAddress, resolver::isSecure, resolver::host,
					request))
				.as("%s of %s with %s behind %s", question, peer, describe(headers), proxies)
				.isEqualTo(answer(question, legacy::resolve, legacy::resolveAddress, legacy::isSecure, legacy::host,
						legacyRequest));
		}
		assertThat(resolver.ignoredForwardedHeaders()).isEqualTo(legacy.ignoredForwardedHeaders());
		assertThat(resolver.ignoredFromPrivatePeers()).isEqualTo(legacy.ignoredFromPrivatePeers());
		assertThat(resolver.otherHeaderFromProxies()).isEqualTo(legacy.otherHeaderFromProxies());
		Statistics.label("forwarding header").coverage((coverage) -> {
			coverage.check(true).percentage((percentage) -> percentage > 20);
			coverage.check(false).percentage((percentage) -> percentage > 20);
		});
	}

	@Property(tries = 500)
	void aRequestWithoutForwardingHeadersFromAnUntrustedPeerIsAnsweredWithoutAnAttribute(@ForAll @IntRange(max = 5) int proxies,
			@ForAll long seed) {
		Random random = new Random(seed);
		TrustedProxies trusted = PROXIES.get(proxies);
		String peer = peer(random);
		MockHttpServletRequest request = request(peer, random.nextBoolean(), List.<String[]>of(new String[] { "Host", "api" }));
		ClientAddressResolver resolver = new ClientAddressResolver(trusted);

		resolver.host(request);
		resolver.isSecure(request);
		String client = resolver.resolve(request);
		InetAddress address = resolver.resolveAddress(request);

		if (!trusted.isTrusted(peer)) {
			assertThat(request.getAttributeNames().hasMoreElements()).as(peer).isFalse();
			assertThat(client).isEqualTo(peer);
			assertThat(address).isEqualTo(IpRange.parseAddress(peer).orElse(null));
		}
		else {
			// a trusted proxy's request is worked out once, and kept
			assertThat(request.getAttributeNames().hasMoreElements()).as(peer).isTrue();
		}
	}

	private static Object answer(Question question, Function<MockHttpServletRequest, String> resolve,
			Function<MockHttpServletRequest, InetAddress> address,
			Predicate<MockHttpServletRequest> secure,
			Function<MockHttpServletRequest, String> host, MockHttpServletRequest request) {
		Object answer = switch (question) {
			case RESOLVE -> resolve.apply(request);
			case ADDRESS -> address.apply(request);
			case SECURE -> secure.test(request);
			case HOST -> host.apply(request);
		};
		return Objects.requireNonNullElse(answer, "(null)");
	}

	private static MockHttpServletRequest request(String peer, boolean secure, List<String[]> headers) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items");
		request.setRemoteAddr(peer);
		request.setSecure(secure);
		for (String[] header : headers) {
			request.addHeader(header[0], header[1]);
		}
		return request;
	}

	private static String peer(Random random) {
		if (random.nextInt(8) == 0) {
			return NOT_ADDRESSES.get(random.nextInt(NOT_ADDRESSES.size()));
		}
		String spelled = IpSpellings.spell(ADDRESSES.get(random.nextInt(ADDRESSES.size())), random);
		if (spelled.indexOf(':') >= 0) {
			if (random.nextInt(6) == 0) {
				spelled += "%" + (random.nextBoolean() ? "eth0" : "2");
			}
			if (random.nextInt(4) == 0) {
				spelled = "[" + spelled + "]";
			}
		}
		return spelled;
	}

	/** Each forwarding header, one line or two, in about half the requests; a Host in most. */
	private static List<String[]> headers(Random random) {
		List<String[]> headers = new ArrayList<>();
		if (random.nextInt(3) > 0) {
			headers.add(new String[] { "Host", random.nextBoolean() ? "service.internal" : "api.example.com:8443" });
		}
		for (int line = lines(random); line > 0; line--) {
			List<String> hops = new ArrayList<>();
			for (int i = 1 + random.nextInt(4); i > 0; i--) {
				hops.add(hop(random, false));
			}
			headers.add(new String[] { random.nextBoolean() ? "X-Forwarded-For" : "x-forwarded-for",
					String.join(random.nextBoolean() ? ", " : ",", hops) });
		}
		for (int line = lines(random); line > 0; line--) {
			List<String> elements = new ArrayList<>();
			for (int i = 1 + random.nextInt(3); i > 0; i--) {
				String element = "for=" + hop(random, true);
				if (random.nextBoolean()) {
					element += ";proto=" + (random.nextBoolean() ? "https" : "http");
				}
				if (random.nextBoolean()) {
					element += ";host=" + (random.nextBoolean() ? "api.example.com" : "\"evil.example:80\"");
				}
				elements.add(random.nextInt(10) == 0 ? "for=unknown;;junk" : element);
			}
			headers.add(new String[] { "Forwarded", String.join(", ", elements) });
		}
		if (random.nextInt(3) == 0) {
			headers.add(new String[] { "X-Forwarded-Proto",
					List.of("https", "http", "HTTPS", "http, https", "https, http", "").get(random.nextInt(6)) });
		}
		if (random.nextInt(3) == 0) {
			headers.add(new String[] { "X-Forwarded-Host",
					List.of("api.example.com", "evil.example", "a.example, b.example", " ").get(random.nextInt(4)) });
		}
		return headers;
	}

	private static int lines(Random random) {
		int dice = random.nextInt(10);
		return (dice < 6) ? 0 : (dice < 9) ? 1 : 2;
	}

	private static String hop(Random random, boolean quoted) {
		if (random.nextInt(8) == 0) {
			return List.of("unknown", "_hidden", "", "garbage!", "1.2.3.4:99999").get(random.nextInt(5));
		}
		String spelled = IpSpellings.spell(ADDRESSES.get(random.nextInt(ADDRESSES.size())), random);
		if (spelled.indexOf(':') >= 0) {
			spelled = "[" + spelled + "]" + (random.nextBoolean() ? ":8080" : "");
			return quoted ? "\"" + spelled + "\"" : spelled;
		}
		return spelled + (random.nextInt(4) == 0 ? ":" + random.nextInt(70000) : "");
	}

	private static String describe(List<String[]> headers) {
		return headers.stream().map((header) -> header[0] + ": " + header[1]).toList().toString();
	}

	private static byte[] v6(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

}
