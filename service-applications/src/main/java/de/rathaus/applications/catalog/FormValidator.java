package de.rathaus.applications.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import de.rathaus.applications.catalog.FormInvalidException.FieldProblem;
import de.rathaus.platform.web.InvalidInputException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Validates form data against the JSON Schema (2020-12) of a service type version with networknt's
 * json-schema-validator; formats (date, …) are asserted. Compiled schemas are cached per (tenant, key, version):
 * a published version never changes.
 */
@Component
public class FormValidator {

    // networknt works on Jackson 2 trees; the web layer's Jackson 3 never sees them
    private static final ObjectMapper JACKSON2 = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .locale(Locale.ENGLISH)
            .build();

    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    /** Throws {@link FormInvalidException} listing every failing field (pointers relative to {@code /formData}). */
    public void validate(ServiceType type, Map<String, Object> formData) {
        JsonSchema schema = compiled.computeIfAbsent(type.tenant() + "/" + type.key() + "/" + type.version(),
                k -> FACTORY.getSchema(JACKSON2.valueToTree(type.formSchema()), CONFIG));
        Set<ValidationMessage> messages = schema.validate(JACKSON2.valueToTree(formData == null ? Map.of() : formData));
        if (!messages.isEmpty()) {
            throw new FormInvalidException(messages.stream()
                    .map(FormValidator::problem)
                    .sorted(Comparator.comparing(FieldProblem::pointer))
                    .toList());
        }
    }

    /** An admin's new form must itself be a valid JSON Schema 2020-12. */
    public void checkIsSchema(Map<String, Object> formSchema) {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
        JsonNode node = JACKSON2.valueToTree(formSchema);
        Set<ValidationMessage> messages = meta.validate(node);
        if (!messages.isEmpty()) {
            ValidationMessage first = messages.iterator().next();
            throw new InvalidInputException("formSchema", "is not a valid JSON Schema 2020-12: " + first.getMessage());
        }
        try {
            FACTORY.getSchema(node, CONFIG).validate("{}", InputFormat.JSON);
        } catch (RuntimeException e) {
            throw new InvalidInputException("formSchema", "cannot be used as a form schema: " + e.getMessage());
        }
    }

    private static FieldProblem problem(ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        if (location.equals("/") || location.equals("$")) {
            location = "";
        }
        // 'required' and 'additionalProperties' report the parent; the field itself is the named property
        String pointer = location;
        if (("required".equals(m.getType()) || "additionalProperties".equals(m.getType()) || "dependentRequired".equals(m.getType()))
                && m.getProperty() != null) {
            pointer = location + "/" + escape(m.getProperty());
        }
        String message = m.getMessage();
        int colon = message.indexOf(": ");
        if (colon >= 0 && message.substring(0, colon).equals(m.getInstanceLocation().toString())) {
            message = message.substring(colon + 2);
        }
        String bodyPointer = "/formData" + pointer;
        return new FieldProblem(bodyPointer.substring(1).replace('/', '.'), bodyPointer, message);
    }

    private static String escape(String property) {
        return property.replace("~", "~0").replace("/", "~1");
    }
}
