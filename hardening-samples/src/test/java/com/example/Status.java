package com.example;

/** Fixture of the docs' snippets (DocSnippetTests). */
public enum Status {

	ACTIVE, ARCHIVED

}
