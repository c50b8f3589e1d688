package de.rathaus.applications.catalog;

import java.util.List;

/** Form data that fails the service type's JSON Schema: one entry per failing field, by JSON pointer. */
public class FormInvalidException extends RuntimeException {

    /** {@code pointer} is the RFC 6901 pointer into the request body, {@code field} the same in dotted form. */
    public record FieldProblem(String field, String pointer, String message) {
    }

    private final List<FieldProblem> problems;

    public FormInvalidException(List<FieldProblem> problems) {
        super(problems.size() == 1
                ? "Invalid form: '%s' %s.".formatted(problems.get(0).pointer(), problems.get(0).message())
                : "Invalid form: %d fields are invalid.".formatted(problems.size()));
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
