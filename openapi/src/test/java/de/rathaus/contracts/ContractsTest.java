package de.rathaus.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The build fails on an invalid contract: every document here is checked against its specification. */
class ContractsTest {

    private static final Path CONTRACTS = Path.of("src/main/resources/contracts");
    private static final Path EVENTS = Path.of("src/main/resources/events");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> openApiDocuments() {
        return Stream.of("applications.yaml", "appointments.yaml", "payments.yaml", "notifications.yaml");
    }

    @ParameterizedTest
    @MethodSource("openApiDocuments")
    void openApiDocumentIsValidOpenApi31(String file) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readLocation(CONTRACTS.resolve(file).toString(), null, options);

        assertThat(result.getMessages()).as("problems in %s", file).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1");
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
        result.getOpenAPI().getPaths().forEach((path, item) ->
                assertThat(path).as("every path sits under the gateway's prefix").startsWith("/api/v1/"));
    }

    @Test
    void asyncApiDocumentValidatesAgainstTheAsyncApi3Schema() throws IOException {
        JsonNode document = YAML.readTree(CONTRACTS.resolve("asyncapi.yaml").toFile());
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(document);

        assertThat(errors).isEmpty();
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
    }

    @Test
    void asyncApiValidationRejectsABrokenDocument() throws IOException {
        JsonNode document = YAML.readTree("asyncapi: 3.0.0\ninfo: {title: x}\nchannels: {a: {address: 42}}\n");
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }

        assertThat(schema.validate(document)).isNotEmpty();
    }

    @Test
    void everyMessagePayloadIsAnExistingValidJsonSchema() throws IOException {
        JsonNode messages = YAML.readTree(CONTRACTS.resolve("asyncapi.yaml").toFile()).path("components").path("messages");
        List<String> checked = new ArrayList<>();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        JsonSchema metaSchema = factory.getSchema(java.net.URI.create("https://json-schema.org/draft/2020-12/schema"));

        messages.properties().forEach(entry -> {
            String ref = entry.getValue().path("payload").path("$ref").asText();
            Path file = CONTRACTS.resolve(ref).normalize();
            assertThat(file).as("payload of %s", entry.getKey()).exists();
            try {
                JsonNode payloadSchema = JSON.readTree(file.toFile());
                assertThat(metaSchema.validate(payloadSchema)).as("schema %s", file).isEmpty();
                assertThat(payloadSchema.path("title").asText()).isEqualTo(entry.getKey());
                checked.add(entry.getKey());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        try (Stream<Path> files = Files.list(EVENTS)) {
            assertThat(checked).as("every event schema is in the catalog").hasSize((int) files.count());
        }
    }
}
