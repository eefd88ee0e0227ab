package com.example;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

/** Fixture of the docs' snippets (DocSnippetTests): a Spring Data repository. */
public interface ProjectRepository {

	Page<Project> findByStatus(Status status, Pageable pageable);

}
