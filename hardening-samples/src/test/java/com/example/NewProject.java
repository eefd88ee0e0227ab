package com.example;

/** Fixture of the docs' snippets (DocSnippetTests). */
public record NewProject(String name) {
}
