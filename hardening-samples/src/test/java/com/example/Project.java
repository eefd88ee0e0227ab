package com.example;

/** Fixture of the docs' snippets (DocSnippetTests). */
public record Project(long id, String name, Status status, long version) {
}
