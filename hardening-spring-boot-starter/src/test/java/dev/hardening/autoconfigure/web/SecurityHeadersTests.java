package dev.hardening.autoconfigure.web;

import java.util.Locale;
import java.util.Map;

import dev.hardening.autoconfigure.web.SecurityHeaders.Profile;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static dev.hardening.autoconfigure.web.SecurityHeaderProfilesTests.API_CSP;
import static dev.hardening.autoconfigure.web.SecurityHeaderProfilesTests.BROWSER_CSP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profiles built at startup: which Content-Types are API data, the headers of each profile,
 * and the Content-Security-Policy variants an application's X-Frame-Options calls for.
 */
class SecurityHeadersTests {

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "application/json;charset=UTF-8", " Application/JSON ; q=1",
			"application/problem+json", "application/hal+json", "application/vnd.api+json", "application/x-ndjson",
			"text/json", "application/xml", "text/xml; charset=utf-8", "application/atom+xml",
			"application/problem+xml", "text/plain", "text/plain;charset=UTF-8", "text/event-stream", "", "json",
			"/json", "application/", "application" })
	void apiDataAndWhatIsNoMediaTypeGetTheApiProfile(String contentType) {
		assertThat(SecurityHeaders.isApiData(contentType)).as(contentType).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/html", "text/html;charset=UTF-8", "TEXT/HTML", "application/xhtml+xml",
			"text/css", "text/javascript", "application/javascript", "image/png", "image/svg+xml", "font/woff2",
			"application/manifest+json", "application/octet-stream", "application/pdf", "application/wasm",
			"text/csv", "video/mp4", "image/x-icon", "application/jsonx", "text/xml-external-parsed-entity" })
	void everythingElseGetsTheBrowserProfile(String contentType) {
		assertThat(SecurityHeaders.isApiData(contentType)).as(contentType).isFalse();
	}

	@Property
	void parametersAndCaseNeverChangeTheProfile(@ForAll @Chars({ '/', '+', '-', '.', ' ' })
	@CharRange(from = 'a', to = 'z') String type, @ForAll @CharRange(from = ' ', to = '~') String parameters) {
		String mediaType = type.replace(";", "");
		boolean api = SecurityHeaders.isApiData(mediaType);

		assertThat(SecurityHeaders.isApiData(mediaType.toUpperCase(Locale.ROOT))).isEqualTo(api);
		assertThat(SecurityHeaders.isApiData(mediaType + ";" + parameters)).isEqualTo(api);
	}

	@Property
	void anyContentTypeIsClassifiedWithoutFailing(@ForAll String contentType) {
		SecurityHeaders.isApiData(contentType);
	}

	@Test
	void theDefaultProfiles() {
		SecurityHeaders headers = SecurityHeaders.of(new SecurityHeadersProperties());

		assertThat(headers.api().value("Content-Security-Policy")).isEqualTo(API_CSP);
		assertThat(headers.api().value("Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
		assertThat(headers.api().value("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(headers.browser().value("Content-Security-Policy")).isEqualTo(BROWSER_CSP);
		assertThat(headers.browser().value("Cross-Origin-Resource-Policy")).isNull();
		assertThat(headers.browser().value("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
		assertThat(headers.bodiless().names()).containsExactlyInAnyOrder("X-Content-Type-Options", "X-Frame-Options",
				"Cross-Origin-Opener-Policy", "Permissions-Policy", "X-Permitted-Cross-Domain-Policies");
		for (Profile profile : new Profile[] { headers.api(), headers.browser(), headers.bodiless() }) {
			assertThat(profile.value("X-Frame-Options")).isEqualTo("DENY");
			assertThat(profile.value("X-Content-Type-Options")).isEqualTo("nosniff");
			assertThat(profile.names()).doesNotContain("X-XSS-Protection", "Strict-Transport-Security");
		}
	}

	@Test
	void anOverrideReplacesTheHeaderInEveryProfileAndAnEmptyOneRemovesIt() {
		SecurityHeadersProperties properties = new SecurityHeadersProperties();
		properties.getOverrides().put("cross-origin-resource-policy", "same-site");
		properties.getOverrides().put("Referrer-Policy", "");
		properties.getOverrides().put("Cross-Origin-Embedder-Policy", "require-corp");

		SecurityHeaders headers = SecurityHeaders.of(properties);

		for (Profile profile : new Profile[] { headers.api(), headers.browser(), headers.bodiless() }) {
			assertThat(profile.value("Cross-Origin-Resource-Policy")).isEqualTo("same-site");
			assertThat(profile.value("Cross-Origin-Embedder-Policy")).isEqualTo("require-corp");
			assertThat(profile.value("Referrer-Policy")).isNull();
		}
	}

	@Test
	void theApplicationsFrameOptionsChooseAPolicyBuiltAtStartup() {
		Profile api = SecurityHeaders.of(new SecurityHeadersProperties()).api();

		assertThat(api.policyFor(null)).isSameAs(api.policyFor(null)).isEqualTo(API_CSP);
		assertThat(api.policyFor("SAMEORIGIN")).isSameAs(api.policyFor(" sameorigin "))
			.isEqualTo("default-src 'none'; frame-ancestors 'self'");
		assertThat(api.policyFor("DENY")).isSameAs(api.policyFor("deny")).isEqualTo(API_CSP);
		assertThat(api.policyFor("ALLOW-FROM https://partner.example")).isSameAs(api.policyFor("SAMEORIGIN, DENY"))
			.isEqualTo("default-src 'none'");
	}

	@Test
	void frameAncestorsFollowTheApplicationOnlyWhereFrameOptionsCouldSayTheSame() {
		String partners = "default-src 'self'; frame-ancestors https://partner.example";
		String none = "default-src 'self'; Frame-Ancestors 'NONE'; form-action 'self'";

		assertThat(Profile.withFrameAncestors(partners, "'self'")).isSameAs(partners);
		assertThat(Profile.withFrameAncestors(partners, null)).isSameAs(partners);
		assertThat(Profile.withFrameAncestors("default-src 'self'", "'none'")).isEqualTo("default-src 'self'");
		assertThat(Profile.withFrameAncestors(none, "'self'"))
			.isEqualTo("default-src 'self'; frame-ancestors 'self'; form-action 'self'");
		assertThat(Profile.withFrameAncestors(none, "'none'")).isSameAs(none);
		assertThat(Profile.withFrameAncestors(none, null)).isEqualTo("default-src 'self'; form-action 'self'");
		assertThat(Profile.withFrameAncestors("frame-ancestors 'self'", null)).isNull();
		assertThat(Profile.withFrameAncestors(null, "'self'")).isNull();
	}

	/** The yml of docs/web-security.md that lets a partner frame the pages. */
	@Test
	void aPartnerListedInTheBrowserPolicyMayFrameThePagesWhateverFrameOptionsTheApplicationSends() {
		String policy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
				+ "base-uri 'self'; form-action 'self'; frame-ancestors 'self' https://partner.example.com";
		SecurityHeadersProperties properties = bind(Map.of("hardening.web.headers.browser-content-security-policy",
				policy, "hardening.web.headers.overrides.X-Frame-Options", ""));

		SecurityHeaders headers = SecurityHeaders.of(properties);

		assertThat(properties.getOverrides()).containsOnlyKeys("X-Frame-Options");
		assertThat(headers.browser().value("X-Frame-Options")).isNull();
		assertThat(headers.browser().policyFor(null)).isEqualTo(policy);
		assertThat(headers.browser().policyFor("DENY")).isEqualTo(policy);
		assertThat(headers.browser().policyFor("SAMEORIGIN")).isEqualTo(policy);
		assertThat(headers.api().policyFor(null)).isEqualTo(API_CSP);
	}

	/** The yml of docs/web-security.md that sends Cross-Origin-Resource-Policy on pages too. */
	@Test
	void aResourcePolicyForPagesTooIsSentOnEveryProfileUnderTheNameAsWritten() {
		SecurityHeaders headers = SecurityHeaders.of(
				bind(Map.of("hardening.web.headers.overrides.Cross-Origin-Resource-Policy", "same-site")));

		assertThat(headers.browser().names()).contains("Cross-Origin-Resource-Policy");
		assertThat(headers.browser().value("Cross-Origin-Resource-Policy")).isEqualTo("same-site");
		assertThat(headers.api().value("Cross-Origin-Resource-Policy")).isEqualTo("same-site");
	}

	private static SecurityHeadersProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bind("hardening.web.headers", Bindable.ofInstance(new SecurityHeadersProperties()))
			.get();
	}

	@Test
	void aPolicyOverrideIsSharedByBothProfilesAndFollowsTheApplicationsFrameOptionsToo() {
		SecurityHeadersProperties properties = new SecurityHeadersProperties();
		properties.getOverrides().put("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");

		SecurityHeaders headers = SecurityHeaders.of(properties);

		assertThat(headers.bodiless().value("Content-Security-Policy"))
			.isEqualTo("default-src 'self'; frame-ancestors 'none'");
		assertThat(headers.browser().policyFor("SAMEORIGIN")).isEqualTo("default-src 'self'; frame-ancestors 'self'");
	}

}
