package dev.hardening.samples.webapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One visitor of the running application over real HTTP: keeps its cookies, follows no
 * redirects, and asks for pages the way a browser does.
 */
final class Site {

	static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	static final String USER = "reader";

	static final String PASSWORD = "open-sesame";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final int port;

	Site(int port) {
		this.port = port;
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	/** A GET as a browser sends it. */
	HttpResponse<String> page(String path) {
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", BROWSER_ACCEPT).build());
	}

	HttpResponse<byte[]> bytes(String path) {
		try {
			return this.client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A form POST as a browser sends it, fields in the order given. */
	HttpResponse<String> submit(String path, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri(path))
			.header("Accept", BROWSER_ACCEPT)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/** Signs in through the login form, as the demo reader. */
	void signIn() {
		String token = csrfToken(page("/login").body());
		HttpResponse<String> response = submit("/login",
				Map.of("username", USER, "password", PASSWORD, "_csrf", token));
		assertThat(response.statusCode()).as("sign-in").isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).as("sign-in").get().asString().doesNotContain("error");
	}

	/** A JSON API call, with the demo reader's HTTP Basic credentials when {@code signedIn}. */
	HttpResponse<String> api(HttpRequest.Builder request, boolean signedIn) {
		request.header("Accept", "application/json");
		if (signedIn) {
			request.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
		}
		return send(request.build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String csrfToken(String html) {
		Matcher matcher = CSRF.matcher(html);
		assertThat(matcher.find()).as("a _csrf field in the form").isTrue();
		return matcher.group(1);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
