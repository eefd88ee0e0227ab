package com.example;

import java.util.Optional;

/** Fixture of the docs' snippets (DocSnippetTests): a store of projects with versions. */
public interface ProjectStore {

	Optional<Project> find(long id);

	Optional<Long> version(long id);

	Optional<Project> rename(long id, long version, NewProject changes);

}
