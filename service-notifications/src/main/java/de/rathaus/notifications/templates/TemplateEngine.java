package de.rathaus.notifications.templates;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Renders notification templates with Apache FreeMarker. Text parts use the plain-text output format, HTML parts
 * the HTML output format, which escapes every interpolation (a payload value can never inject markup). Templates
 * are written by municipal administrators, so the dangerous built-ins are off ({@code ?new}, {@code ?api}) and only
 * safe members of the model are exposed. Compiled templates are cached by source.
 */
@Component
public class TemplateEngine {

    private static final String LAYOUT = "notification-templates/layout.ftlh";
    private final Configuration text = configuration(PlainTextOutputFormat.INSTANCE);
    private final Configuration html = configuration(HTMLOutputFormat.INSTANCE);
    private final Cache<String, Template> compiled = Caffeine.newBuilder().maximumSize(2_000).build();
    private final Template layout;

    public TemplateEngine() {
        try (InputStream in = TemplateEngine.class.getClassLoader().getResourceAsStream(LAYOUT)) {
            if (in == null) {
                throw new IllegalStateException(LAYOUT + " is missing");
            }
            layout = new Template("layout", new String(in.readAllBytes(), StandardCharsets.UTF_8), html);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Configuration configuration(freemarker.core.OutputFormat format) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_33);
        cfg.setOutputFormat(format);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setNumberFormat("computer");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        DefaultObjectWrapperBuilder wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_33);
        wrapper.setExposureLevel(freemarker.ext.beans.BeansWrapper.EXPOSE_SAFE);
        cfg.setObjectWrapper(wrapper.build());
        return cfg;
    }

    /** Parses every part; throws {@link TemplateRenderException} naming the first part that does not parse. */
    public void compile(TemplateContent content) {
        template("subject", content.subject(), false);
        template("text", content.text(), false);
        if (content.html() != null) {
            template("html", content.html(), true);
        }
        if (content.sms() != null) {
            template("sms", content.sms(), false);
        }
    }

    /**
     * Renders every part with the model: the payload's fields, {@code event} (id, type, subject, tenant, time) and
     * {@code fmt} ({@link Formats}) in the given language.
     */
    public Rendered render(TemplateContent content, Map<String, Object> data, Map<String, Object> event, String language,
                           Map<String, Object> extras) {
        Map<String, Object> model = new HashMap<>(data);
        model.put("event", event);
        model.put("fmt", new Formats(Languages.locale(language)));
        model.putAll(extras);
        String subject = process("subject", template("subject", content.subject(), false), model).strip();
        String body = process("text", template("text", content.text(), false), model).strip();
        String htmlBody;
        if (content.html() != null && !content.html().isBlank()) {
            htmlBody = process("html", template("html", content.html(), true), model);
        } else {
            Map<String, Object> layoutModel = new HashMap<>(extras);
            layoutModel.put("title", subject);
            layoutModel.put("paragraphs", paragraphs(body));
            layoutModel.put("language", language);
            htmlBody = process("html", layout, layoutModel);
        }
        String sms = content.sms() == null || content.sms().isBlank() ? null
                : process("sms", template("sms", content.sms(), false), model).strip();
        return new Rendered(subject, body, htmlBody, sms);
    }

    private static List<String> paragraphs(String text) {
        List<String> paragraphs = new ArrayList<>();
        for (String paragraph : text.split("\\R\\s*\\R")) {
            if (!paragraph.isBlank()) {
                paragraphs.add(paragraph.strip());
            }
        }
        return paragraphs;
    }

    private Template template(String part, String source, boolean isHtml) {
        if (source == null || source.isBlank()) {
            throw new TemplateRenderException(part, "'" + part + "' must not be empty", null);
        }
        String key = (isHtml ? "h:" : "t:") + source;
        Template cached = compiled.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        try {
            Template template = new Template(part, new StringReader(source), isHtml ? html : text);
            compiled.put(key, template);
            return template;
        } catch (IOException e) {
            throw new TemplateRenderException(part, "'" + part + "' is no valid template: " + firstLine(e.getMessage()), e);
        }
    }

    private static String process(String part, Template template, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        try {
            template.process(model, out);
            return out.toString();
        } catch (TemplateException e) {
            throw new TemplateRenderException(part, "'" + part + "' cannot be rendered: " + firstLine(e.getMessageWithoutStackTop()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        // FreeMarker puts the what on the first line and the where ("==> x [in template ... at line 1, column 9]") on the next
        String line = message.strip().lines().filter(l -> !l.isBlank()).limit(2).map(String::strip)
                .map(l -> l.startsWith("==>") ? l.substring(3).strip() : l)
                .reduce((a, b) -> a + " " + b).orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
