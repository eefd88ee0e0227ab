package dev.hardening.samples.webapp.api;

import java.util.Map;

/**
 * The API's error body.
 *
 * @param error a stable code clients can switch on
 * @param message what went wrong, for people
 * @param fields the message for each invalid field, empty when the request had none
 */
public record ApiError(String error, String message, Map<String, String> fields) {

	static ApiError of(String error, String message) {
		return new ApiError(error, message, Map.of());
	}

}
