package com.example;

/** Fixture of the docs' snippets (DocSnippetTests). */
public record PaymentRequest() {
}
