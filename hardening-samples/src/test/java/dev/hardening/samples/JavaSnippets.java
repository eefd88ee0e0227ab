package dev.hardening.samples;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the Java snippets of the docs, all in one {@link JavaCompiler} run against the test
 * class path, and keeps each snippet's errors.
 * <p>
 * A snippet is a whole compilation unit (package, imports, types), or, when its first line is
 * {@code // fragment: members} or {@code // fragment: statements}, the members of a class or the
 * statements of a method, which the test wraps in a class of package {@code com.example}. Import
 * lines of a fragment go above that class; {@code with T name; U other} at the end of the
 * fragment comment declares the fields the fragment uses. A method body written {@code { ... }}
 * compiles as one that throws, a type's as an empty one.
 */
final class JavaSnippets {

	private static final Pattern FRAGMENT = Pattern.compile("^//\\s*fragment:\\s*(members|statements)\\b(.*)$");

	private static final Pattern TYPE = Pattern
		.compile("(?m)^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

	private static final Pattern ELLIPSIS_TYPE_BODY = Pattern
		.compile("((?:class|interface|enum|record)\\s+\\w+[^{;]*)\\{\\s*\\.\\.\\.\\s*}");

	private static final Pattern ELLIPSIS_BODY = Pattern.compile("\\{\\s*\\.\\.\\.\\s*}");

	private final Map<Path, DocSnippet> sources = new LinkedHashMap<>();

	private final Map<DocSnippet, List<String>> errors = new LinkedHashMap<>();

	private JavaSnippets() {
	}

	/** Compiles the snippets, once, and keeps the errors of each. */
	static JavaSnippets compile(List<DocSnippet> snippets) {
		JavaSnippets compiled = new JavaSnippets();
		try {
			Path dir = Files.createTempDirectory("doc-snippets");
			int index = 0;
			for (DocSnippet snippet : snippets) {
				compiled.errors.put(snippet, new ArrayList<>());
				try {
					String unit = compilationUnit(snippet, "Snippet" + index);
					Matcher type = TYPE.matcher(unit);
					if (!type.find()) {
						compiled.errors.get(snippet).add("no type declared and no // fragment: first line");
						continue;
					}
					Path file = dir.resolve("src" + index).resolve(type.group(1) + ".java");
					Files.createDirectories(file.getParent());
					Files.writeString(file, unit);
					compiled.sources.put(file, snippet);
				}
				catch (IllegalArgumentException ex) {
					compiled.errors.get(snippet).add(ex.getMessage());
				}
				index++;
			}
			compiled.run(dir.resolve("classes"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return compiled;
	}

	/** The errors the compiler reported in the snippet, empty if it compiled. */
	List<String> errors(DocSnippet snippet) {
		return this.errors.getOrDefault(snippet, List.of());
	}

	static String compilationUnit(DocSnippet snippet, String className) {
		String code = ELLIPSIS_TYPE_BODY.matcher(snippet.code()).replaceAll("$1{ }");
		code = ELLIPSIS_BODY.matcher(code)
			.replaceAll("{ throw new UnsupportedOperationException(); }");
		String first = code.lines().findFirst().orElse("").strip();
		Matcher fragment = FRAGMENT.matcher(first);
		if (!fragment.matches()) {
			if (!code.strip().startsWith("package ")) {
				throw new IllegalArgumentException(
						"a whole-file snippet starts with its package (or its first line is // fragment: members|statements)");
			}
			return code;
		}
		StringBuilder imports = new StringBuilder();
		StringBuilder body = new StringBuilder();
		code.lines().skip(1).forEach((line) -> {
			if (line.startsWith("import ")) {
				imports.append(line).append('\n');
			}
			else {
				body.append(line).append('\n');
			}
		});
		StringBuilder fields = new StringBuilder();
		String rest = fragment.group(2);
		int with = rest.indexOf(" with ");
		String declarations = (with >= 0) ? rest.substring(with + " with ".length()) : "";
		declarations = declarations + ";" + snippet.given();
		for (String declaration : declarations.split(";")) {
			if (!declaration.isBlank()) {
				fields.append("\t").append(declaration.strip()).append(";\n");
			}
		}
		boolean statements = fragment.group(1).equals("statements");
		return "package com.example;\n\n" + imports + "\n@SuppressWarnings(\"all\")\nclass " + className + " {\n\n"
				+ fields + (statements ? "\tvoid snippet() throws Exception {\n" : "") + body
				+ (statements ? "\t}\n" : "") + "}\n";
	}

	private void run(Path classes) throws IOException {
		if (this.sources.isEmpty()) {
			return;
		}
		Files.createDirectories(classes);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
			Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(this.sources.keySet());
			List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d",
					classes.toString(), "-proc:none", "-parameters", "-Xlint:none", "-nowarn");
			StringWriter out = new StringWriter();
			compiler.getTask(out, files, diagnostics, options, null, units).call();
		}
		for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
			if (diagnostic.getKind() != Diagnostic.Kind.ERROR || diagnostic.getSource() == null) {
				continue;
			}
			DocSnippet snippet = this.sources.get(Path.of(diagnostic.getSource().toUri()));
			if (snippet != null) {
				this.errors.get(snippet)
					.add("line " + diagnostic.getLineNumber() + ": " + diagnostic.getMessage(Locale.ROOT));
			}
		}
	}

}
