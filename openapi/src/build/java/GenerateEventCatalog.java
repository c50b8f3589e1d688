import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Build step of the contracts module (run by exec-maven-plugin in generate-sources, as a single-file Java program):
 * reads the AsyncAPI catalog and writes {@code de.rathaus.contracts.events.Topics} (one constant per channel
 * address) and {@code EventTypes} (the CloudEvents type and the payload schema file of every message), so that
 * producers and listeners name topics and types by constant, and a renamed or removed event breaks the build of
 * every service that still uses it.
 * <p>
 * Usage: {@code java -cp snakeyaml.jar GenerateEventCatalog.java <asyncapi.yaml> <output source directory>}
 */
public class GenerateEventCatalog {

    private static final String PACKAGE = "de.rathaus.contracts.events";

    public static void main(String[] args) throws IOException {
        Path catalog = Path.of(args[0]);
        Path out = Path.of(args[1]).resolve(PACKAGE.replace('.', '/'));
        Map<String, Object> root;
        try (Reader reader = Files.newBufferedReader(catalog)) {
            root = new Yaml().load(reader);
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("Topics.java"), topics(map(root, "channels")));
        Files.writeString(out.resolve("EventTypes.java"), eventTypes(map(root, "channels"), map(map(root, "components"), "messages")));
    }

    static String topics(Map<String, Object> channels) {
        StringBuilder java = header("Topics", "The Kafka topics of the event catalog (AsyncAPI channels).");
        channels.forEach((name, value) -> {
            Map<String, Object> channel = cast(value);
            constant(java, doc(channel.get("description")), constantName(name), (String) channel.get("address"));
        });
        return java.append("}\n").toString();
    }

    static String eventTypes(Map<String, Object> channels, Map<String, Object> messages) {
        StringBuilder java = header("EventTypes",
                "The CloudEvents type of every message of the event catalog and the file of its payload schema.");
        List<String> all = new ArrayList<>();
        List<String> topicOf = new ArrayList<>();
        messages.forEach((name, value) -> {
            Map<String, Object> message = cast(value);
            String type = (String) message.get("name");
            String schema = Path.of((String) map(message, "payload").get("$ref")).getFileName().toString();
            String topic = channels.values().stream().map(GenerateEventCatalog::cast)
                    .filter(c -> c.get("messages") instanceof Map<?, ?> m && m.containsKey(name))
                    .map(c -> (String) c.get("address")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("message " + name + " is in no channel"));
            String constant = constantName(name);
            constant(java, message.get("title") + " on {@code " + topic + "}.", constant, type);
            constant(java, "Payload schema file of {@link #" + constant + "}.", constant + "_SCHEMA", schema);
            constant(java, "Topic of {@link #" + constant + "}.", constant + "_TOPIC", topic);
            all.add(constant);
            topicOf.add("java.util.Map.entry(" + constant + ", " + constant + "_TOPIC)");
        });
        java.append("\n    /** Every type of the catalog. */\n    public static final java.util.List<String> ALL = java.util.List.of(")
                .append(String.join(", ", all)).append(");\n");
        java.append("\n    /** The topic of every type of the catalog. */\n    public static final java.util.Map<String, String> TOPIC_OF = java.util.Map.ofEntries(\n            ")
                .append(String.join(",\n            ", topicOf)).append(");\n");
        return java.append("}\n").toString();
    }

    private static StringBuilder header(String className, String doc) {
        return new StringBuilder()
                .append("package ").append(PACKAGE).append(";\n\n")
                .append("/** ").append(doc).append(" Generated from contracts/asyncapi.yaml at build time: do not edit. */\n")
                .append("public final class ").append(className).append(" {\n\n")
                .append("    private ").append(className).append("() {\n    }\n");
    }

    private static void constant(StringBuilder java, String doc, String name, String value) {
        java.append("\n    /** ").append(doc.replace("*/", "*&#47;")).append(" */\n")
                .append("    public static final String ").append(name).append(" = \"").append(value).append("\";\n");
    }

    /** {@code ApplicationSubmitted} and {@code applications} become {@code APPLICATION_SUBMITTED}, {@code APPLICATIONS}. */
    static String constantName(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String doc(Object description) {
        return description == null ? "" : description.toString().strip();
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new IllegalStateException("asyncapi: '" + key + "' missing or not a map");
        }
        return cast(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
