package de.rathaus.platform.web;

import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Refuses the NUL character (U+0000, {@code \u0000} in JSON) in every text the service reads with its
 * {@code JsonMapper}: string values and property names, in typed fields, lists, maps and untyped content
 * ({@code Map<String, Object>}, {@code JsonNode}). PostgreSQL stores no NUL in {@code text} or {@code jsonb}, so
 * such input failed at the database as a 500; now reading fails with {@link NulCharacterException}, which names
 * the field and which {@link ProblemDetailsAdvice} answers with 400. Request bodies, provider notifications and
 * event payloads read with the same mapper are covered alike.
 * <p>
 * The checks wrap Jackson's own deserializers: String values (also inside untyped content, which then reads its
 * strings through the wrapped deserializer), map keys, and untyped values and trees, whose property names are
 * read without a key deserializer and which are checked once read.
 */
public final class NulCharacters extends SimpleModule {

    @SuppressWarnings({"unchecked", "rawtypes"})
    public NulCharacters() {
        super("rathaus-nul-characters");
        setDeserializerModifier(new Modifier());
        // trees are built by their own deserializers, which no modifier sees
        for (Class type : List.of(JsonNode.class, ObjectNode.class, ArrayNode.class)) {
            addDeserializer(type, new Untyped(JsonNodeDeserializer.getDeserializer(type)));
        }
    }

    /** A text with the NUL character; {@link #field()} names where, like {@code address.lines[1]}. */
    public static final class NulCharacterException extends MismatchedInputException {

        private final String field;
        private final String problem;

        NulCharacterException(JsonParser parser, String field, String problem) {
            super(parser, "'%s' %s".formatted(field, problem));
            this.field = field;
            this.problem = problem;
        }

        public String field() {
            return field;
        }

        /** What is wrong with the field, for the caller. */
        public String problem() {
            return problem;
        }
    }

    static final String IN_VALUE = "must not contain the NUL character (\\u0000)";
    static final String IN_NAME = "must not contain a property name with the NUL character (\\u0000)";

    private static boolean hasNul(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    /** The path of a parse position, e.g. {@code formData.children[0].name}; the root is "". */
    static String path(TokenStreamContext context) {
        if (context == null || context.inRoot()) {
            return "";
        }
        String parent = path(context.getParent());
        if (context.inArray()) {
            return parent + "[" + Math.max(0, context.getCurrentIndex()) + "]";
        }
        return child(parent, context.currentName());
    }

    private static String child(String parent, String name) {
        String safe = name == null ? "" : name.replace("\0", "\\u0000");
        return parent.isEmpty() ? safe : parent + "." + safe;
    }

    private static final class Modifier extends ValueDeserializerModifier {

        @Override
        public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
                                                       ValueDeserializer<?> deserializer) {
            Class<?> type = deserializer.handledType();
            if (type == String.class) {
                return new Strings(deserializer);
            }
            if (type == Object.class) {
                return new Untyped(deserializer);
            }
            return deserializer;
        }

        @Override
        public KeyDeserializer modifyKeyDeserializer(DeserializationConfig config, JavaType type, KeyDeserializer deserializer) {
            return new Keys(deserializer);
        }
    }

    /** String values: the parser stands on the value, so its context names the field. */
    private static final class Strings extends DelegatingDeserializer {

        Strings(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new Strings(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            Object value = super.deserialize(parser, context);
            if (value instanceof String text && hasNul(text)) {
                throw new NulCharacterException(parser, path(parser.streamReadContext()), IN_VALUE);
            }
            return value;
        }
    }

    /** Keys of typed maps: the parser stands on the property name, so the field is the map around it. */
    private static final class Keys extends KeyDeserializer {

        private final KeyDeserializer delegate;

        Keys(KeyDeserializer delegate) {
            this.delegate = delegate;
        }

        @Override
        public void resolve(DeserializationContext context) {
            delegate.resolve(context);
        }

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            if (hasNul(key)) {
                JsonParser parser = context.getParser();
                throw new NulCharacterException(parser, path(parser.streamReadContext().getParent()), IN_NAME);
            }
            return delegate.deserializeKey(key, context);
        }
    }

    /** Untyped values (maps, lists, strings) and JSON trees, checked once read, property names included. */
    private static final class Untyped extends DelegatingDeserializer {

        Untyped(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new Untyped(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            // on an object or array the parser has already entered it: the value's own position is the parent's
            TokenStreamContext position = parser.currentToken() == JsonToken.START_OBJECT
                    || parser.currentToken() == JsonToken.START_ARRAY
                    ? parser.streamReadContext().getParent()
                    : parser.streamReadContext();
            Object value = super.deserialize(parser, context);
            check(parser, path(position), value);
            return value;
        }

        private static void check(JsonParser parser, String field, Object value) {
            if (value instanceof String text) {
                if (hasNul(text)) {
                    throw new NulCharacterException(parser, field, IN_VALUE);
                }
            } else if (value instanceof Map<?, ?> map) {
                map.forEach((key, child) -> checkProperty(parser, field, String.valueOf(key), child));
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    check(parser, field + "[" + i + "]", list.get(i));
                }
            } else if (value instanceof JsonNode node) {
                if (node.isObject()) {
                    node.properties().forEach(property -> checkProperty(parser, field, property.getKey(), property.getValue()));
                } else if (node.isArray()) {
                    int i = 0;
                    for (JsonNode element : node.values()) {
                        check(parser, field + "[" + i++ + "]", element);
                    }
                } else if (node.isString()) {
                    check(parser, field, node.stringValue());
                }
            }
        }

        private static void checkProperty(JsonParser parser, String object, String name, Object value) {
            if (hasNul(name)) {
                throw new NulCharacterException(parser, object, IN_NAME);
            }
            check(parser, child(object, name), value);
        }
    }
}
