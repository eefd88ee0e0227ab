package dev.hardening.samples.webapp;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages render with the layout's stylesheet, script, logo and icon, and those files are
 * served.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PagesTests {

	@LocalServerPort
	private int port;

	private Site site;

	@BeforeEach
	void visit() {
		this.site = new Site(this.port);
	}

	@Test
	void theHomePageListsTheCatalogueWithTheLayout() {
		HttpResponse<String> home = this.site.page("/");

		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
		assertThat(home.body()).contains("<title>Catalogue · Library</title>")
			.contains("<link rel=\"stylesheet\" href=\"/css/app.css\">")
			.contains("<script src=\"/js/app.js\" defer></script>")
			.contains("href=\"/favicon.ico\"")
			.contains("src=\"/images/logo.png\"")
			.contains("Invisible Cities")
			.contains("href=\"/login\"");
	}

	@Test
	void theStaticFilesAreServed() {
		HttpResponse<byte[]> css = this.site.bytes("/css/app.css");
		HttpResponse<byte[]> js = this.site.bytes("/js/app.js");
		HttpResponse<byte[]> logo = this.site.bytes("/images/logo.png");
		HttpResponse<byte[]> icon = this.site.bytes("/favicon.ico");

		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.headers().firstValue("Content-Type")).get().asString().startsWith("text/css");
		assertThat(new String(css.body())).contains(".site-header");
		assertThat(js.statusCode()).isEqualTo(200);
		assertThat(js.headers().firstValue("Content-Type")).get().asString().contains("javascript");
		assertThat(new String(js.body())).contains("dataset.scripts = 'on'");
		assertThat(logo.statusCode()).isEqualTo(200);
		assertThat(logo.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(logo.body()).startsWith(0x89, 'P', 'N', 'G');
		assertThat(icon.statusCode()).isEqualTo(200);
		assertThat(icon.headers().firstValue("Content-Type")).get().asString().contains("icon");
		assertThat(icon.body()).startsWith(0, 0, 1, 0);
	}

	@Test
	void aBooksPageShowsTheBook() {
		HttpResponse<String> book = this.site.page("/books/2");

		assertThat(book.statusCode()).isEqualTo(200);
		assertThat(book.body()).contains("<title>Invisible Cities · Library</title>").contains("Italo Calvino");
	}

	@Test
	void theLoginPageCarriesACsrfToken() {
		HttpResponse<String> login = this.site.page("/login");

		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.body()).contains("<title>Sign in · Library</title>").contains("action=\"/login\"");
		assertThat(Site.csrfToken(login.body())).isNotBlank();
	}

}
