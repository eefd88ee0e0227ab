package dev.hardening.samples.webapp.books;

import org.springframework.stereotype.Service;

/**
 * Exports the catalogue to the library network. No export target is set up in this
 * application, so every export fails: the pages and the API show what an unexpected failure
 * looks like to their users.
 */
@Service
public class CatalogueExport {

	public String export() {
		throw new IllegalStateException("No export target is configured");
	}

}
