package com.example;

/** Fixture of the docs' snippets (DocSnippetTests): a vendor's client. */
public interface FxClient {

	Rate latestRate(String from, String to);

}
