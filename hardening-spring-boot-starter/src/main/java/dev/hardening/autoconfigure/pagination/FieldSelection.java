package dev.hardening.autoconfigure.pagination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A parsed {@code fields} selection, such as {@code id,name,owner.name}, that trims a JSON tree
 * to those members: in an object, its members; in an array, each element's. A member selected
 * whole ({@code owner}) stays whole whatever else is selected under it ({@code owner.name}), in
 * any order and across values, so selecting more never gives less. Members that the response
 * never had are reported, so a typo is an error rather than an empty answer.
 */
final class FieldSelection {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$@-]{1,64}");

	private static final int MAX_PATHS = 64;

	private static final int MAX_DEPTH = 8;

	private final Map<String, FieldSelection> members;

	/** Whether the path to this member was selected on its own, which keeps the member whole. */
	private boolean whole;

	private FieldSelection(Map<String, FieldSelection> members) {
		this.members = members;
	}

	/**
	 * Parses the parameter's values, each a comma-separated list of dotted paths.
	 * @throws ApiException {@code 400} {@code INVALID_PARAMETER} if malformed
	 */
	static FieldSelection parse(String parameter, List<String> values) {
		FieldSelection root = new FieldSelection(new LinkedHashMap<>());
		int paths = 0;
		for (String value : values) {
			for (String path : value.split(",", -1)) {
				String[] segments = path.strip().split("\\.", -1);
				if (++paths > MAX_PATHS || segments.length > MAX_DEPTH) {
					throw malformed(parameter);
				}
				FieldSelection member = root;
				for (String segment : segments) {
					if (!NAME.matcher(segment).matches()) {
						throw malformed(parameter);
					}
					member = member.members.computeIfAbsent(segment,
							(name) -> new FieldSelection(new LinkedHashMap<>()));
				}
				member.whole = true;
			}
		}
		return root;
	}

	/**
	 * Trims a tree in place. Under a member selected whole nothing is trimmed, but the paths
	 * selected there are still looked for, so that a typo in them is reported.
	 * @return the selected paths the tree does not have where it has objects to look in
	 */
	List<String> apply(JsonNode node) {
		Set<String> matched = new HashSet<>();
		Set<String> visited = new HashSet<>();
		prune(node, "", true, matched, visited);
		List<String> unknown = new ArrayList<>();
		collectUnknown("", matched, visited, unknown);
		return unknown;
	}

	private void prune(JsonNode node, String prefix, boolean trim, Set<String> matched, Set<String> visited) {
		if (node instanceof ArrayNode array) {
			for (JsonNode element : array) {
				prune(element, prefix, trim, matched, visited);
			}
			return;
		}
		if (!(node instanceof ObjectNode object)) {
			if (!node.isNull()) {
				// a string or number has no fields: whatever is asked of it is unknown
				visited.add(prefix);
			}
			return;
		}
		visited.add(prefix);
		for (Map.Entry<String, FieldSelection> member : this.members.entrySet()) {
			JsonNode child = object.get(member.getKey());
			if (child == null) {
				continue;
			}
			String path = prefix + member.getKey();
			matched.add(path);
			FieldSelection selection = member.getValue();
			if (!selection.members.isEmpty()) {
				// a null owner says nothing of an owner's fields: only objects count
				selection.prune(child, path + ".", trim && !selection.whole, matched, visited);
			}
		}
		if (trim) {
			object.retain(this.members.keySet());
		}
	}

	private void collectUnknown(String prefix, Set<String> matched, Set<String> visited, List<String> unknown) {
		for (Map.Entry<String, FieldSelection> member : this.members.entrySet()) {
			String path = prefix + member.getKey();
			if (!matched.contains(path)) {
				if (visited.contains(prefix)) {
					unknown.add(path);
				}
			}
			else {
				member.getValue().collectUnknown(path + ".", matched, visited, unknown);
			}
		}
	}

	private static ApiException malformed(String parameter) {
		return new ApiException(ErrorCode.INVALID_PARAMETER, "Parameter '" + parameter
				+ "' must be a comma-separated list of field names, such as id,name,owner.name.",
				Map.of("parameter", parameter));
	}

}
